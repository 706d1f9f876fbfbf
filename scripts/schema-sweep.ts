// `node --import tsx scripts/schema-sweep.ts [VERSION-PREFIX]`: every option of the schema table against every
// installed nats-server release (the README's figures). Per option: a valid value, a wrong type, every other
// value shape, a bad value of the right type, a misspelt and an upper-cased key, an unused and a used variable
// in its block, a value out of range, and the option itself on releases older than it. Prints each
// disagreement (nats-server -t fails ⇔ nats-tls reports an error at the load stage) and the agreement per release.
// About 10,000 nats-server runs: tens of minutes. The test suite runs a fixed-seed sample
// (test/integration/schema-oracles.test.ts).
import { mutants, targets } from '../test/helpers/schema-mutants';
import { oracles as installedOracles } from '../test/helpers/oracles';
import { verdict } from '../test/helpers/schema-verdict';

const only = process.argv[2];
const oracles = installedOracles();
if (oracles.length === 0) {
  console.error('no nats-server releases installed (scripts/install-nats-servers.sh)');
  process.exit(2);
}
for (const { version, path: bin } of oracles) {
  if (only && !version.startsWith(only)) continue;
  let agree = 0;
  let total = 0;
  const byKind = new Map<string, [number, number]>();
  for (const [i, t] of targets().entries()) {
    for (const m of mutants(t, version, i, true)) {
      const v = verdict(m.text, version, bin);
      const predicted = v.loadErrors.length > 0;
      const ok = predicted === !v.oracleOk;
      total++;
      if (ok) agree++;
      const k = byKind.get(m.kind) ?? [0, 0];
      byKind.set(m.kind, [k[0] + (ok ? 1 : 0), k[1] + 1]);
      if (ok) continue;
      console.log(
        `\n${version} ${m.kind} ${m.block}.${m.option}: nats-server ${v.oracleOk ? 'accepts' : 'rejects'}, nats-tls ${predicted ? 'reports a load error' : 'does not'}`,
      );
      console.log(m.text.replace(/^/gm, '  | ').trimEnd());
      console.log(`  nats-server: ${v.oracleOutput.replace(/\n/g, ' ')}`);
      for (const f of v.findings) console.log(`  nats-tls: ${f.severity}/${f.stage} ${f.code}: ${f.message}`);
    }
  }
  const kinds = [...byKind].map(([k, [a, n]]) => `${k} ${a}/${n}`).join(', ');
  console.log(`\n${version}: ${agree}/${total} agree (${((100 * agree) / total).toFixed(2)}%): ${kinds}`);
}
