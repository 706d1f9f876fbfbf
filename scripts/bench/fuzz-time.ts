// The robustness fuzzer's limit per input (INPUT_LIMIT_MS, 1 s: parse, every check and every LSP handler for
// it), on the fixed seeds `npm test` runs (test/fuzz/fixed-seeds.ts), which asserts everything but the time.
// A slow input is timed again before it counts (a collection or a busy moment can stall any one run).
import { ROBUSTNESS_REGRESSIONS, ROBUSTNESS_SEEDS } from '../../test/fuzz/fixed-seeds';
import { INPUT_LIMIT_MS, runRobustness } from '../../test/fuzz/robustness';
import { corpusTool, find } from '../../test/helpers/tools';
import type { Section } from './timing';

const COUNT = 2000;

export const fuzzTimeSection: Section = {
  describe: `every robustness input of npm test's fixed seeds within ${INPUT_LIMIT_MS} ms`,
  async run() {
    const corpus = find(corpusTool);
    if (!corpus) console.warn('  no corpus: mutating the built-in seed configs only (as npm test does without it)');
    const runs = [
      ...ROBUSTNESS_SEEDS.map((seed) => ({ seed, count: COUNT })),
      ...ROBUSTNESS_REGRESSIONS.map(({ seed }) => ({ seed, count: 1 })),
    ];
    let maxMs = 0;
    let maxSeed = 0;
    let done = 0;
    let totalMs = 0;
    const slow: string[] = [];
    for (const { seed, count } of runs) {
      const r = await runRobustness({ seed, count, corpus });
      done += r.done;
      totalMs += r.totalMs;
      if (r.maxMs > maxMs) ({ maxMs, maxSeed } = r);
      for (const f of r.failures.filter((x) => x.kind === 'slow')) slow.push(`seed ${f.seed}: ${f.message}`);
    }
    console.log(`  ${done} inputs: mean ${(totalMs / Math.max(1, done)).toFixed(2)} ms, max ${maxMs.toFixed(1)} ms (seed ${maxSeed})`);
    for (const s of slow.slice(0, 10)) console.log(`  slow: ${s}`);
    return {
      timings: [],
      figures: { inputs: done, meanMs: totalMs / Math.max(1, done), maxMs, maxSeed, slow: slow.length },
      targets: [{ name: `every input within ${INPUT_LIMIT_MS} ms (${slow.length} over)`, ok: slow.length === 0 }],
    };
  },
};
