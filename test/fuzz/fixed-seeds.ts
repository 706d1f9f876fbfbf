// The fixed seeds `npm test` fuzzes with: every run asks the same questions, so its verdict is the same
// every time. Random seeds belong to `npm run fuzz` (scripts/fuzz.ts), which prints every failing input's
// seed. Once such a failure is fixed, its seed goes into the REGRESSION list of its mode here, with a word on
// what it found: from then on `npm test` replays that exact input on every run.
//
// Input k of a run from base seed S uses seed S + k (robustness, differential); a storm is one seed.
// NATS_TLS_FUZZ_SEED overrides the base seeds by hand (to replay a run), never in CI.

function fromEnv(): number[] | undefined {
  const v = process.env.NATS_TLS_FUZZ_SEED;
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`NATS_TLS_FUZZ_SEED must be an integer, got ${v}`);
  return [n];
}

export interface Regression {
  seed: number;
  /** What the input found, and where it was fixed. */
  found: string;
}

/** test/integration/robustness.test.ts: base seeds (each runs NATS_TLS_ROBUSTNESS_COUNT inputs, 2000). */
export const ROBUSTNESS_SEEDS: number[] = fromEnv() ?? [20260601];
/** Robustness inputs `npm run fuzz -- robustness` found failing, each replayed alone. */
export const ROBUSTNESS_REGRESSIONS: Regression[] = [];

/** test/integration/differential.test.ts: base seeds (each runs NATS_TLS_FUZZ_COUNT mutants, 500). */
export const DIFFERENTIAL_SEEDS: number[] = fromEnv() ?? [20260901];
/** Mutants `npm run fuzz` found disagreeing with nats-server, each replayed alone. */
export const DIFFERENTIAL_REGRESSIONS: Regression[] = [];

/** test/lsp/storm.test.ts: one storm per seed, with pushed and with pulled diagnostics. */
export const STORM_SEEDS: number[] = fromEnv() ?? [20260702];
/** Storms `npm run fuzz -- storm` found failing (seed and edit count), each replayed in both modes. */
export const STORM_REGRESSIONS: (Regression & { edits: number })[] = [];

/** test/integration/format-properties.test.ts: base seeds (each runs until NATS_TLS_FORMAT_COUNT inputs parse, 10,000). */
export const FORMAT_SEEDS: number[] = fromEnv() ?? [20240601];
/** Inputs `npm run fuzz -- format` found failing (meaning or idempotence), each replayed alone. */
export const FORMAT_REGRESSIONS: Regression[] = [];
