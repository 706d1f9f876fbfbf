// `node --import tsx scripts/differential.ts [VERSION-PREFIX] [--corpus-mutants N] [--jobs J]`: the whole
// config against every installed nats-server release (the README's figures). Per release:
//   - every option of the schema table mutated (the schema sweep's kinds: valid, wrong type, other shapes, bad
//     value, misspelt, upper-cased, unused/used variable, out of range, newer than the release), each inside a
//     base config that uses every block (test/helpers/release-differential.ts);
//   - every nats-server config of the shared corpus as it is (corpus parity) and N single-mistake mutants of
//     each (misspelt key, value of another type, entry removed, grammar edit), fixed seeds.
// Prints each disagreement, then per release: verdict agreement (nats-server -t fails exactly when nats-tls
// reports an error at the load stage), line agreement (of the cases where both fail and nats-server names a
// line, a load error of nats-tls covers it), counts by kind, and corpus parity. nats-server runs with at most
// J (default 2) processes at once. About 14,000 runs: most of an hour on two cores.
import { corpusPath } from '../test/helpers/tools';
import { oracles as installedOracles } from '../test/helpers/oracles';
import {
  baseCases,
  corpusCases,
  describeOutcome,
  judgeAll,
  namesTlsLine,
  pct,
  tally,
  type Outcome,
} from '../test/helpers/release-differential';
import * as fs from 'node:fs';

const args = process.argv.slice(2);
const flag = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const only = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const perConfig = flag('--corpus-mutants', 3);
const jobs = flag('--jobs', 2);
const SEED = 20261207;

const oracles = installedOracles();
if (oracles.length === 0) {
  console.error('no nats-server releases installed (scripts/install-nats-servers.sh)');
  process.exit(2);
}
const corpus = corpusPath();
const haveCorpus = fs.existsSync(corpus);
if (!haveCorpus) console.error(`no corpus at ${corpus}: base-config mutants only`);

void (async () => {
  const summary: string[] = [];
  for (const { version, path: bin } of oracles) {
    if (only && !version.startsWith(only)) continue;
    const cases = [...baseCases(version), ...(haveCorpus ? corpusCases(corpus, perConfig, SEED) : [])];
    const started = Date.now();
    const outcomes = await judgeAll(cases, version, bin, jobs, (o, done) => {
      if (!o.agree) console.log(`\n${describeOutcome(o, version)}`);
      if (done % 500 === 0) console.error(`${version}: ${done}/${cases.length} (${Math.round((Date.now() - started) / 1000)} s)`);
    });
    summary.push(report(version, outcomes));
    console.log(summary.at(-1));
  }
  console.log(`\n${summary.join('\n')}`);
})();

function report(version: string, outcomes: Outcome[]): string {
  const all = tally(outcomes);
  const parity = tally(outcomes.filter((o) => o.c.kind === 'original'));
  const lines = tally(outcomes.filter((o) => !namesTlsLine(o)));
  const misses = outcomes.filter((o) => o.lineMatch === false && !namesTlsLine(o)).slice(0, 10);
  for (const o of misses) console.log(`\nline miss: ${describeOutcome(o, version)}`);
  const kinds = [...all.byKind].map(([k, [a, n]]) => `${k} ${a}/${n}`).join(', ');
  return [
    `${version}: verdict ${all.agree}/${all.total} agree (${pct(all.agree, all.total)}); line ${all.lineMatch}/${all.lineCases} (${pct(all.lineMatch, all.lineCases)}), ` +
      `without errors nats-server names on the tls line (§4) ${lines.lineMatch}/${lines.lineCases} (${pct(lines.lineMatch, lines.lineCases)})`,
    `  corpus parity: verdict ${parity.agree}/${parity.total} (${pct(parity.agree, parity.total)}), line ${parity.lineMatch}/${parity.lineCases} (${pct(parity.lineMatch, parity.lineCases)})`,
    `  by kind: ${kinds}`,
  ].join('\n');
}
