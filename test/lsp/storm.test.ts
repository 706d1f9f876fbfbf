// The edit storm's short, seeded subset (the long run is `npm run fuzz -- storm`): random incremental edits
// against the real language server, interleaved with hover, completion, code-action, inlay-hint, link,
// symbol and folding requests, once with pushed and once with pulled diagnostics. The server must not crash
// or log an error, every request must be answered, and the final diagnostics must equal a fresh server's
// on the final text. The seed is random unless NATS_TLS_FUZZ_SEED is set, and is printed;
// NATS_TLS_STORM_EDITS changes the number of edits per storm (500).
import * as assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { makeFixtures, type Fixtures } from '../fuzz/robustness';
import { runStorm, type StormResult } from '../fuzz/storm';

const EDITS = Number(process.env.NATS_TLS_STORM_EDITS ?? 500);
const seed = process.env.NATS_TLS_FUZZ_SEED !== undefined ? Number(process.env.NATS_TLS_FUZZ_SEED) : randomInt(1, 2 ** 31);

function report(r: StormResult): string {
  const failures = r.failures.slice(0, 10).map((f) => `after edit ${f.atEdit}: ${f.kind}: ${f.message}`);
  const texts = Object.entries(r.finalTexts).map(([file, text]) => `--- ${file}\n${text.slice(0, 3000)}`);
  return [...failures, ...texts].join('\n');
}

describe('edit storm', { timeout: 120_000 }, () => {
  let fx: Fixtures;
  before(async () => {
    assert.ok(Number.isSafeInteger(seed), `NATS_TLS_FUZZ_SEED must be an integer, got ${process.env.NATS_TLS_FUZZ_SEED}`);
    console.log(
      `edit storm: seed ${seed} (reproduce: NATS_TLS_FUZZ_SEED=${seed} npm test -- lsp/storm, or npm run fuzz -- storm --seed ${seed} --edits ${EDITS} --push|--pull)`,
    );
    fx = await makeFixtures();
  });
  after(() => fx.cleanup());

  for (const pull of [false, true]) {
    test(`${EDITS} edits with ${pull ? 'pulled' : 'pushed'} diagnostics`, async () => {
      const r = await runStorm({ seed, edits: EDITS, pull }, fx);
      console.log(
        `edit storm (${r.mode}): ${r.edits} edits, ${r.requests} requests, ${r.responses} responses, ${(r.wallMs / 1000).toFixed(1)} s, slowest response ${r.maxResponseMs.toFixed(0)} ms, seed ${seed}`,
      );
      assert.equal(r.failures.length, 0, `seed ${seed} (${r.mode}): ${r.failures.length} failure(s)\n${report(r)}`);
      assert.equal(r.edits, EDITS);
      assert.equal(r.responses, r.requests);
      assert.ok(r.docs.length >= 1, 'the final diagnostics were compared');
    });
  }
});
