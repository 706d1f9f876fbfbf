// The formatter's two properties on a few hundred generated and mutated configs, with a fixed seed (the
// ≥ 10,000-input run is `npm run fuzz -- format`): parse(format(x)) means what parse(x) means, with every
// separator style, indentation and a random Format Selection; and format(format(x)) === format(x).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFormatFuzz } from '../fuzz/format';

const SEED = 20240601;
const PARSING = 300;

test(`formatter properties on generated configs (seed ${SEED}, until ${PARSING} parse)`, () => {
  const r = runFormatFuzz({ seed: SEED, parsing: PARSING });
  assert.equal(r.parsed, PARSING, `only ${r.parsed} of ${r.tried} inputs parsed`);
  // The generators must reach the formatter's work: most parsing inputs change.
  assert.ok(r.changed > PARSING / 2, `formatting changed only ${r.changed} of ${r.parsed} parsing inputs`);
  const shown = r.failures
    .slice(0, 5)
    .map((f) => `seed ${f.seed} (${f.generator}, ${JSON.stringify(f.options)}): ${f.property}: ${f.message}\n${f.text.slice(0, 400)}`);
  assert.equal(r.failures.length, 0, shown.join('\n---\n'));
});
