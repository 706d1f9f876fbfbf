// The formatter's two properties on ≥ 10,000 generated and mutated configs that parse, with fixed seeds (the
// run with random seeds is `npm run fuzz -- format`): parse(format(x)) means what parse(x) means, with every
// separator style, indentation and a random Format Selection; and format(format(x)) === format(x).
// Input k of base seed S uses seed S + k and mutates the corpus configs (../shared/corpus, or
// $NATS_TLS_CORPUS) as well as the built-in ones. A failure `npm run fuzz -- format` finds becomes a fixed
// case once fixed: add its seed to FORMAT_REGRESSIONS (`npm run fuzz -- format --replay <seed>` shows it).
// NATS_TLS_FUZZ_SEED runs another base seed by hand; NATS_TLS_FORMAT_COUNT changes the count (10,000).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORMAT_REGRESSIONS, FORMAT_SEEDS } from '../fuzz/fixed-seeds';
import { checkCase, formatCase, runFormatFuzz, type FormatFailure } from '../fuzz/format';
import { loadSources } from '../fuzz/robustness';
import { corpusTool, optional } from '../helpers/tools';

const PARSING = Number(process.env.NATS_TLS_FORMAT_COUNT ?? 10_000);

const show = (failures: FormatFailure[]): string =>
  failures
    .slice(0, 5)
    .map((f) => `seed ${f.seed} (${f.generator}, ${JSON.stringify(f.options)}): ${f.property}: ${f.message}\n${f.text.slice(0, 400)}`)
    .join('\n---\n');

test(
  `formatter properties: until ${PARSING} inputs parse per base seed ${FORMAT_SEEDS.join(', ')}, and ${FORMAT_REGRESSIONS.length} regression inputs`,
  { timeout: 600_000 },
  (t) => {
    const corpus = optional(t, corpusTool, 'mutating the built-in seed configs only');
    const failures: FormatFailure[] = [];
    for (const seed of FORMAT_SEEDS) {
      const r = runFormatFuzz({ seed, parsing: PARSING, corpus });
      assert.equal(r.parsed, PARSING, `seed ${seed}: only ${r.parsed} of ${r.tried} inputs parsed`);
      // The generators must reach the formatter's work: most parsing inputs change.
      assert.ok(r.changed > PARSING / 2, `seed ${seed}: formatting changed only ${r.changed} of ${r.parsed} parsing inputs`);
      console.log(
        `format fuzz: seed ${seed}: ${r.tried} inputs, ${r.parsed} parse, ${r.changed} of those changed, ${r.failures.length} failure(s)`,
      );
      failures.push(...r.failures);
    }
    const sources = loadSources(corpus);
    for (const { seed } of FORMAT_REGRESSIONS) failures.push(...checkCase(formatCase(seed, sources)).failures);
    assert.equal(
      failures.length,
      0,
      `${failures.length} failure(s) (replay one: npm run fuzz -- format --replay <seed>)\n${show(failures)}`,
    );
  },
);
