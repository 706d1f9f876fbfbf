// The robustness fuzzer's short, seeded subset (the long run is `npm run fuzz -- robustness`): generated and
// mutated configs through the parser, every check and the language server's handlers. No exception, no
// input over 1 s, every range inside its document, every text edit applicable.
// The seed is random unless NATS_TLS_FUZZ_SEED is set, and is printed, so a failure reproduces (also with
// `npm run fuzz -- robustness --replay <seed of the failing input>`); NATS_TLS_ROBUSTNESS_COUNT changes the
// number of inputs (2000).
import * as assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import * as path from 'node:path';
import { test } from 'node:test';
import { runRobustness } from '../fuzz/robustness';

const corpus = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');
const COUNT = Number(process.env.NATS_TLS_ROBUSTNESS_COUNT ?? 2000);

test(`robustness fuzz: ${COUNT} generated and mutated inputs`, { timeout: 300_000 }, async () => {
  const seed = process.env.NATS_TLS_FUZZ_SEED !== undefined ? Number(process.env.NATS_TLS_FUZZ_SEED) : randomInt(1, 2 ** 31);
  assert.ok(Number.isSafeInteger(seed), `NATS_TLS_FUZZ_SEED must be an integer, got ${process.env.NATS_TLS_FUZZ_SEED}`);
  console.log(
    `robustness fuzz: seed ${seed} (reproduce: NATS_TLS_FUZZ_SEED=${seed} npm test -- integration/robustness, or npm run fuzz -- robustness --replay <seed of a failing input>)`,
  );
  const r = await runRobustness({ seed, count: COUNT, corpus });
  console.log(
    `robustness fuzz: ${r.done}/${r.count} inputs, seed ${seed}, ${(r.wallMs / 1000).toFixed(1)} s, max ${r.maxMs.toFixed(0)} ms per input (seed ${r.maxSeed}), ${r.findings} findings, ${r.failures.length} failure(s)`,
  );
  const report = r.failures
    .slice(0, 5)
    .map(
      (f) =>
        `seed ${f.seed} (${f.generator}, ${path.basename(f.file)}): ${f.kind} in ${f.stage}: ${f.message}\n--- input\n${f.text.slice(0, 2000)}\n---`,
    )
    .join('\n');
  assert.equal(r.done, COUNT);
  assert.equal(r.failures.length, 0, `seed ${seed}: ${r.failures.length} failure(s)\n${report}`);
});
