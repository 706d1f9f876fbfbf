// The edit storm's short subset with fixed seeds (the long run with random seeds is `npm run fuzz -- storm`):
// random incremental edits against the real language server, interleaved with hover, completion, code-action,
// inlay-hint, link, symbol and folding requests, once with pushed and once with pulled diagnostics. The server
// must not crash or log an error, every request must be answered, and the final diagnostics must equal a fresh
// server's on the final text. The seeds are in test/fuzz/fixed-seeds.ts (a storm `npm run fuzz` found failing
// becomes a regression case there once fixed); NATS_TLS_STORM_EDITS changes the number of edits per storm (500).
// No clock decides anything: the response watchdog only turns a lost response into a readable failure.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STORM_REGRESSIONS, STORM_SEEDS } from '../fuzz/fixed-seeds';
import { makeFixtures, type Fixtures } from '../fuzz/robustness';
import { runStorm, type StormResult } from '../fuzz/storm';

const EDITS = Number(process.env.NATS_TLS_STORM_EDITS ?? 500);
/** A fail-safe for a response that never comes (far above any response of these storms), not a budget. */
const WATCHDOG_MS = 240_000;

function report(r: StormResult): string {
  const failures = r.failures.slice(0, 10).map((f) => `after edit ${f.atEdit}: ${f.kind}: ${f.message}`);
  const texts = Object.entries(r.finalTexts).map(([file, text]) => `--- ${file}\n${text.slice(0, 3000)}`);
  return [...failures, ...texts].join('\n');
}

const storms = [...STORM_SEEDS.map((seed) => ({ seed, edits: EDITS })), ...STORM_REGRESSIONS.map(({ seed, edits }) => ({ seed, edits }))];

describe('edit storm', { timeout: 600_000 }, () => {
  let fx: Fixtures;
  before(async () => {
    fx = await makeFixtures();
  });
  after(() => fx.cleanup());

  for (const { seed, edits } of storms) {
    for (const pull of [false, true]) {
      test(`seed ${seed}: ${edits} edits with ${pull ? 'pulled' : 'pushed'} diagnostics`, async () => {
        const r = await runStorm({ seed, edits, pull, timeoutMs: WATCHDOG_MS }, fx);
        console.log(
          `edit storm (${r.mode}): ${r.edits} edits, ${r.requests} requests, ${r.responses} responses, seed ${seed} (replay: npm run fuzz -- storm --seed ${seed} --edits ${edits} --${r.mode})`,
        );
        assert.equal(r.failures.length, 0, `seed ${seed} (${r.mode}): ${r.failures.length} failure(s)\n${report(r)}`);
        assert.equal(r.edits, edits);
        assert.equal(r.responses, r.requests);
        assert.ok(r.docs.length >= 1, 'the final diagnostics were compared');
      });
    }
  }
});
