// The schema table against real nats-server releases: for a fixed-seed sample of options, each installed
// release checks (with -t) a valid value, a value of a wrong type, a misspelt key, a value out of range, and —
// for releases that predate the option — the option itself. nats-tls, targeting that release, must report an
// error at the load stage exactly when nats-server -t fails. Agreement is printed per release.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rng } from '../fuzz/mutate';
import { mutants, targets, type Mutant } from '../helpers/schema-mutants';
import { oracles } from '../helpers/oracles';
import { verdict } from '../helpers/schema-verdict';
import { inCI } from '../helpers/tools';

const SEED = 20261207;
/** Options sampled per release (each gives up to four configs): a few hundred nats-server runs in all. */
const SAMPLE = 25;

const found = oracles();
if (found.length === 0) {
  if (inCI()) throw new Error('schema-oracles: no nats-server releases installed (run scripts/install-nats-servers.sh)');
  console.warn('\n*** schema-oracles: SKIPPED: no nats-server releases installed (run the oracle installer) ***\n');
}

/** The sampled options, the same for every run (fixed seed), spread over every block. */
function sample(): ReturnType<typeof targets> {
  const all = targets();
  const next = rng(SEED);
  const picked = new Set<number>();
  while (picked.size < Math.min(SAMPLE, all.length)) picked.add(Math.floor(next() * all.length));
  return [...picked].sort((a, b) => a - b).map((i) => all[i]!);
}

describe('schema table vs nats-server -t', { skip: found.length === 0 }, () => {
  for (const oracle of found) {
    test(`nats-server ${oracle.version}: an error at the load stage exactly when -t fails`, () => {
      const cases: Mutant[] = sample().flatMap((t, i) => mutants(t, oracle.version, SEED + i));
      const disagreements: string[] = [];
      const kinds = new Map<string, [number, number]>();
      for (const m of cases) {
        const v = verdict(m.text, oracle.version, oracle.path);
        const predicted = v.loadErrors.length > 0;
        const agree = predicted === !v.oracleOk;
        const k = kinds.get(m.kind) ?? [0, 0];
        kinds.set(m.kind, [k[0] + (agree ? 1 : 0), k[1] + 1]);
        if (!agree)
          disagreements.push(
            `${m.kind} ${m.block}.${m.option}: nats-server ${v.oracleOk ? 'accepts' : 'rejects'}, nats-tls ${predicted ? 'reports a load error' : 'does not'}\n${m.text}${v.oracleOutput}\n${v.findings.map((f) => `  ${f.code}/${f.severity}/${f.stage}: ${f.message}`).join('\n')}`,
          );
      }
      const agreed = cases.length - disagreements.length;
      console.log(
        `schema-oracles ${oracle.version}: ${agreed}/${cases.length} agree (${((100 * agreed) / cases.length).toFixed(1)}%) — ${[...kinds]
          .map(([k, [a, n]]) => `${k} ${a}/${n}`)
          .join(', ')}`,
      );
      assert.ok(cases.length >= SAMPLE * 2, `only ${cases.length} cases`);
      assert.deepEqual(disagreements, []);
    });
  }
});
