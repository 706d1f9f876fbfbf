// `npm run fuzz -- [mode] [options]`: large fuzz runs that are too slow for `npm test`.
//
// Modes (one entry each in MODES; add a mode by adding an entry):
//   differential (default)  mutate the corpus configs, ask nats-server 2.9.10 (`-t`) and our parser
//                           whether each mutant parses, and report every disagreement.
//   robustness              generated and mutated inputs through the parser, every check and the language
//                           server's handlers (test/fuzz/robustness.ts): no exception, no input over 1 s,
//                           every range inside its document.
//   storm                   random incremental edits against the real language server, interleaved with
//                           requests (test/fuzz/storm.ts): no crash, every response, and final diagnostics
//                           equal to a fresh check of the final text.
//   format                  generated and mutated configs through the formatter (test/fuzz/format.ts) until
//                           --count of them parse (default 10000): meaning kept, idempotent.
//
// Options:
//   --count N      inputs to run (differential: default 10000; robustness: default 100000)
//   --edits N      storm: edits to send (default 10000)
//   --seed S       first seed (default: random; printed so the run reproduces)
//   --parallel P   differential: nats-server processes at a time (default: CPUs + 2);
//                  robustness: worker threads (default 1, so the per-input times are not skewed)
//   --corpus DIR   configs to mutate (default ../shared/corpus next to the repository; without it, the
//                  built-in seed configs of test/fuzz/seeds.ts)
//   --out FILE     where failures go (default .test-output/fuzz/<mode>-<seed>.json)
//   --replay S     differential, robustness: run the single input for seed S and print it and its result
//   --pull/--push  storm: pull or push diagnostics (default: chosen by the seed)
//
// Every input k of a run uses seed S + k, so any failure reproduces with `--replay <its seed>` (robustness
// inputs that name the fixture folder by its absolute path differ in that path only; the failures file
// holds each failing input's exact text). A storm reproduces from its seed and edit count.
//
// Random seeds live here only: `npm test` fuzzes with the fixed seeds of test/fuzz/fixed-seeds.ts, so it gives
// the same verdict on every run. A failure found here becomes a fixed regression case:
//   1. reproduce it: `npm run fuzz -- <mode> --replay <seed>` (storm: `--seed S --edits N --push|--pull`);
//   2. fix the code, with a unit test for the root cause where one fits;
//   3. add the seed to the mode's regression list in test/fuzz/fixed-seeds.ts (ROBUSTNESS_REGRESSIONS,
//      DIFFERENTIAL_REGRESSIONS or STORM_REGRESSIONS, with the edit count), saying what it found: from then on
//      every `npm test` replays that exact input (robustness and differential inputs also depend on the corpus,
//      which `npm test` uses as this script does).
// Robustness's per-input time limit (INPUT_LIMIT_MS, 1 s) applies here and in `npm run bench -- budgets`, never
// in `npm test`: a slow input is a failure of the fuzz run, to be fixed like any other.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { makeFuzzDir, mutantFor, ourVerdict, runDifferential, theirVerdict } from '../test/fuzz/differential';
import { oracle } from '../test/helpers/oracles';
import { replayRobustness, runRobustness } from '../test/fuzz/robustness';
import { SEEDS } from '../test/fuzz/seeds';
import { runStorm } from '../test/fuzz/storm';
import { formatMode } from '../test/fuzz/format';

const repoRoot = path.resolve(__dirname, '..');

interface Options {
  /** --count as given (each mode has its own default). */
  count: number | undefined;
  edits: number;
  pull: boolean | undefined;
  seed: number;
  parallel: number | undefined;
  /** A folder of .conf files (plus the built-in seeds), or only the built-in seeds. */
  corpus: string | typeof SEEDS;
  out: string | undefined;
  replay: number | undefined;
}

interface Mode {
  describe: string;
  /** Returns the process exit code. */
  run(o: Options): Promise<number>;
}

const MODES: Record<string, Mode> = {
  differential: {
    describe: 'our parser vs the installed nats-server on mutated corpus configs (2.9.10 dialect)',
    async run(o) {
      // Our parser reads the 2.9.10 dialect here: the oracle must be that release (test/helpers/oracles.ts).
      const bin = oracle('2.9.10')?.path;
      if (!bin) {
        console.error(
          'fuzz: nats-server 2.9.10 is not installed (neither unpacked by scripts/install-nats-servers.sh nor the system nats-server); the differential mode needs it.',
        );
        return 2;
      }
      if (o.replay !== undefined) return replay(o.corpus, o.replay, bin);
      const count = o.count ?? 10000;
      const parallel = o.parallel ?? os.availableParallelism() + 2;
      console.log(
        `differential fuzz: ${count} mutants of ${typeof o.corpus === 'string' ? o.corpus : 'the built-in seed configs'}, seed ${o.seed}, ${parallel} in parallel, nats-server at ${bin}`,
      );
      const started = Date.now();
      const r = await withProgress(count, (onProgress) => runDifferential(o.corpus, o.seed, count, parallel, { bin, onProgress }));
      const secs = (Date.now() - started) / 1000;
      const pct = ((100 * r.agree) / r.total).toFixed(r.agree === r.total ? 0 : 3);
      console.log(
        `agreement: ${r.agree}/${r.total} (${pct}%), seed ${o.seed}, ${secs.toFixed(1)} s (${((1000 * secs) / r.total).toFixed(2)} ms per mutant)`,
      );
      if (r.disagreements.length === 0) return 0;
      writeReport(o, `${r.disagreements.length} disagreement(s)`, {
        mode: 'differential',
        seed: o.seed,
        count,
        agree: r.agree,
        disagreements: r.disagreements.map((d) => ({
          seed: d.seed,
          source: d.source,
          oursRejects: d.ours,
          natsServerRejects: d.theirs,
          natsServerOutput: d.output,
          mutant: d.text,
        })),
      });
      for (const d of r.disagreements.slice(0, 10)) {
        console.log(
          `  seed ${d.seed} (${d.source}): we ${d.ours ? 'reject' : 'accept'}, nats-server ${d.theirs ? 'rejects' : 'accepts'}: ${d.output.split('\n')[0]!.slice(0, 160)}`,
        );
      }
      console.log(`reproduce one with: npm run fuzz -- --replay <seed>`);
      return 1;
    },
  },

  robustness: {
    describe: 'generated and mutated inputs through the parser, every check and the LSP handlers (no exception, < 1 s, ranges inside)',
    async run(o) {
      const corpus = typeof o.corpus === 'string' ? o.corpus : undefined;
      if (o.replay !== undefined) {
        const { input, result } = await replayRobustness(o.replay, corpus);
        console.log(
          `seed ${o.replay}: ${input.generator} input, ${input.file} (${input.languageId ?? 'no language id'}), dialect ${input.dialect}, settings ${JSON.stringify(input.settings)}${input.forceRole ? `, read as ${input.forceRole}` : ''}`,
        );
        if (input.peer) console.log(`with ${input.peer.file}:\n${input.peer.text}\n${'-'.repeat(70)}`);
        console.log(`${'-'.repeat(70)}\n${input.text}\n${'-'.repeat(70)}`);
        console.log(`${result.ms.toFixed(1)} ms, ${result.findings} findings (${result.codes.join(', ')})`);
        for (const f of result.failures) console.log(`${f.kind} in ${f.stage}: ${f.message}`);
        return result.failures.length ? 1 : 0;
      }
      const count = o.count ?? 100000;
      const parallel = o.parallel ?? 1;
      console.log(
        `robustness fuzz: ${count} inputs (generated, and mutations of ${corpus ?? 'the built-in seed configs'}), seed ${o.seed}, ${parallel} worker(s)`,
      );
      const r = await withProgress(count, (onProgress) => runRobustness({ seed: o.seed, count, corpus, parallel, onProgress }));
      const figures = {
        mode: 'robustness',
        seed: o.seed,
        count: r.count,
        done: r.done,
        wallSeconds: +(r.wallMs / 1000).toFixed(1),
        meanMsPerInput: +(r.totalMs / Math.max(1, r.done)).toFixed(2),
        maxMsPerInput: +r.maxMs.toFixed(1),
        slowestSeed: r.maxSeed,
        findings: r.findings,
        inputsByGenerator: r.byGenerator,
        failures: r.failures.length,
      };
      console.log(
        `robustness: ${r.done}/${r.count} inputs, seed ${o.seed}, ${figures.wallSeconds} s wall, ${figures.meanMsPerInput} ms mean, max ${figures.maxMsPerInput} ms per input (seed ${r.maxSeed}), ${r.findings} findings, ${r.failures.length} failure(s)`,
      );
      writeReport(o, `figures${r.failures.length ? ' and failures' : ''}`, { ...figures, failures: r.failures });
      for (const f of r.failures.slice(0, 10))
        console.log(`  seed ${f.seed} (${f.generator}): ${f.kind} in ${f.stage}: ${f.message.split('\n')[0]!.slice(0, 200)}`);
      if (r.failures.length) console.log('reproduce one with: npm run fuzz -- robustness --replay <seed>');
      return r.failures.length || r.done < r.count ? 1 : 0;
    },
  },

  storm: {
    describe: 'random incremental edits and requests against the real language server; final diagnostics vs a fresh server',
    async run(o) {
      if (!fs.existsSync(path.join(repoRoot, 'server', 'out', 'server.js'))) {
        console.error('fuzz: server/out/server.js is missing; run `npm run build` first.');
        return 2;
      }
      console.log(`edit storm: ${o.edits} edits, seed ${o.seed}${o.pull === undefined ? '' : `, ${o.pull ? 'pull' : 'push'} diagnostics`}`);
      const r = await withProgress(o.edits, (onProgress) =>
        runStorm({ seed: o.seed, edits: o.edits, ...(o.pull !== undefined ? { pull: o.pull } : {}), onProgress }),
      );
      const figures = {
        mode: 'storm',
        seed: o.seed,
        diagnostics: r.mode,
        edits: r.edits,
        contentChanges: r.changes,
        requests: r.requests,
        responses: r.responses,
        wallSeconds: +(r.wallMs / 1000).toFixed(1),
        maxResponseMs: +r.maxResponseMs.toFixed(1),
        documents: r.docs,
        failures: r.failures.length,
      };
      console.log(
        `storm: ${r.edits} edits (${r.changes} content changes) over ${r.docs.length || '?'} document(s), ${r.mode} diagnostics, ${r.requests} requests / ${r.responses} responses, seed ${o.seed}, ${figures.wallSeconds} s, slowest response ${figures.maxResponseMs} ms, ${r.failures.length} failure(s)`,
      );
      for (const d of r.docs)
        console.log(
          `  ${d.file}: version ${d.version}, ${d.length} chars, ${d.diagnostics} diagnostics (equal to a fresh server's: ${r.failures.some((f) => f.kind === 'mismatch' && f.message.startsWith(path.basename(d.file))) ? 'NO' : 'yes'})`,
        );
      writeReport(o, `figures${r.failures.length ? ' and failures' : ''}`, {
        ...figures,
        failures: r.failures,
        ...(r.failures.length ? { finalTexts: r.finalTexts } : {}),
      });
      for (const f of r.failures.slice(0, 10))
        console.log(`  after edit ${f.atEdit}: ${f.kind}: ${f.message.split('\n')[0]!.slice(0, 200)}`);
      if (r.failures.length) console.log(`reproduce with: npm run fuzz -- storm --seed ${o.seed} --edits ${o.edits}`);
      return r.failures.length ? 1 : 0;
    },
  },

  format: {
    describe: 'the formatter on generated and mutated configs until --count parse: meaning kept, idempotent',
    run: (o) => formatMode(o, writeReport),
  },
};

/**
 * Runs `run` with a progress line for a terminal, at most once a second ("done/total"), and returns the
 * cursor to the line's start when it ends; silent when output is redirected.
 */
async function withProgress<T>(total: number, run: (onProgress: (done: number) => void) => Promise<T>): Promise<T> {
  let last = Date.now();
  const r = await run((done) => {
    const now = Date.now();
    if (process.stdout.isTTY && now - last > 1000) {
      last = now;
      process.stdout.write(`\r  ${done}/${total}`);
    }
  });
  if (process.stdout.isTTY) process.stdout.write('\r');
  return r;
}

/** Writes a run's JSON report to --out (default .test-output/fuzz/<mode>-<seed>.json) and says where. */
function writeReport(o: Options, what: string, report: { mode: string; [field: string]: unknown }): void {
  const out = o.out ?? path.join(repoRoot, '.test-output', 'fuzz', `${report.mode}-${o.seed}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2));
  console.log(`${what} written to ${path.relative(process.cwd(), out)}`);
}

async function replay(corpus: string | typeof SEEDS, seed: number, bin: string): Promise<number> {
  const { source, text } = mutantFor(corpus, seed);
  const dir = makeFuzzDir();
  try {
    const ours = ourVerdict(text, dir);
    const theirs = await theirVerdict(text, dir, bin);
    console.log(`seed ${seed}, mutant of ${source}`);
    console.log(`ours:        ${ours ? 'rejects' : 'accepts'}`);
    console.log(`nats-server: ${theirs.rejects ? 'rejects' : 'accepts'}: ${theirs.output}`);
    console.log('--- mutant ' + '-'.repeat(60));
    console.log(text);
    return ours === theirs.rejects ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function usage(): string {
  return [
    'usage: npm run fuzz -- [mode] [--count N] [--edits N] [--seed S] [--parallel P] [--corpus DIR] [--out FILE] [--replay S] [--pull|--push]',
    'modes:',
    ...Object.entries(MODES).map(([name, m]) => `  ${name.padEnd(14)} ${m.describe}`),
  ].join('\n');
}

function int(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        count: { type: 'string' },
        edits: { type: 'string' },
        pull: { type: 'boolean' },
        push: { type: 'boolean' },
        seed: { type: 'string' },
        parallel: { type: 'string' },
        corpus: { type: 'string' },
        out: { type: 'string' },
        replay: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage()}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage());
    return 0;
  }
  const modeName = positionals[0] ?? 'differential';
  const mode = MODES[modeName];
  if (!mode || positionals.length > 1) {
    console.error(`unknown mode ${JSON.stringify(positionals.join(' '))}\n${usage()}`);
    return 2;
  }
  let o: Options;
  try {
    o = {
      count: values.count !== undefined ? int('count', values.count, 0) : undefined,
      edits: int('edits', values.edits, 10000),
      pull: values.pull ? true : values.push ? false : undefined,
      seed: int('seed', values.seed, randomInt(1, 2 ** 31)),
      parallel: values.parallel !== undefined ? Math.max(1, int('parallel', values.parallel, 1)) : undefined,
      corpus: path.resolve(values.corpus ?? path.resolve(repoRoot, '..', 'shared', 'corpus')) as string | typeof SEEDS,
      out: values.out !== undefined ? path.resolve(values.out) : undefined,
      replay: values.replay !== undefined ? int('replay', values.replay, 0) : undefined,
    };
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (typeof o.corpus === 'string' && !fs.existsSync(o.corpus)) {
    if (values.corpus !== undefined) {
      console.error(`fuzz: corpus not found at ${o.corpus}`);
      return 2;
    }
    console.warn(`fuzz: no corpus at ${o.corpus}; mutating the ${SEEDS.length} built-in seed configs only (use --corpus DIR).`);
    o.corpus = SEEDS;
  }
  return mode.run(o);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
