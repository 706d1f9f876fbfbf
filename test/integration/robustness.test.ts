// The robustness fuzzer's short subset with fixed seeds (the long run with random seeds is
// `npm run fuzz -- robustness`): generated and mutated configs through the parser, every check and the
// language server's handlers. No exception, every range inside its document, every text edit applicable.
// No clock decides anything here: the 1 s limit per input is applied by `npm run fuzz` and
// `npm run bench -- budgets`, and the watchdog below only turns a hang into a readable failure.
//
// Inputs are made from seeds: input k of a run from base seed S uses seed S + k, and mutates the corpus
// configs (../shared/corpus, or $NATS_TLS_CORPUS) as well as the built-in ones. A failure found by
// `npm run fuzz -- robustness` becomes a fixed regression case: once it is fixed, add the failing input's seed
// (the fuzz report lists it; `npm run fuzz -- robustness --replay <seed>` shows the input) to ROBUSTNESS_REGRESSIONS.
// NATS_TLS_FUZZ_SEED runs another base seed by hand; NATS_TLS_ROBUSTNESS_COUNT changes the count (2000).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROBUSTNESS_REGRESSIONS, ROBUSTNESS_SEEDS } from '../fuzz/fixed-seeds';
import { runRobustness, type RobustnessResult } from '../fuzz/robustness';
import { corpusTool, optional } from '../helpers/tools';

const COUNT = Number(process.env.NATS_TLS_ROBUSTNESS_COUNT ?? 2000);
/** A fail-safe for a hang (far above any input of these seeds), not a budget. */
const HANG_MS = 120_000;

test(
  `robustness fuzz: ${COUNT} inputs per base seed ${ROBUSTNESS_SEEDS.join(', ')}, and ${ROBUSTNESS_REGRESSIONS.length} regression inputs`,
  { timeout: 600_000 },
  async (t) => {
    const corpus = optional(t, corpusTool, 'mutating the built-in seed configs only');
    const runs = [
      ...ROBUSTNESS_SEEDS.map((seed) => ({ seed, count: COUNT })),
      ...ROBUSTNESS_REGRESSIONS.map(({ seed }) => ({ seed, count: 1 })),
    ];
    const failures: RobustnessResult['failures'] = [];
    let done = 0;
    let findings = 0;
    for (const { seed, count } of runs) {
      const r = await runRobustness({ seed, count, corpus, inputLimitMs: Infinity, hangMs: HANG_MS });
      assert.equal(r.done, count, `seed ${seed}: ${r.done} of ${count} inputs ran`);
      done += r.done;
      findings += r.findings;
      failures.push(...r.failures);
    }
    console.log(`robustness fuzz: ${done} inputs, ${findings} findings, ${failures.length} failure(s)`);
    const report = failures
      .slice(0, 5)
      .map(
        (f) =>
          `seed ${f.seed} (${f.generator}, ${path.basename(f.file)}): ${f.kind} in ${f.stage}: ${f.message}\n--- input\n${f.text.slice(0, 2000)}\n---`,
      )
      .join('\n');
    assert.equal(failures.length, 0, `${failures.length} failure(s) (replay one: npm run fuzz -- robustness --replay <seed>)\n${report}`);
  },
);
