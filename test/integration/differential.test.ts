// Our parser against the real nats-server 2.9.10 (the oracle release, test/helpers/oracles.ts):
//  1. every case of the grammar tables (test/unit/conf-grammar.cases.ts) that holds for 2.9.10: nats-server
//     must accept exactly the cases we accept, so the tables themselves are checked against the oracle, and
//     where it says "Parse error on line N" one of our errors is on line N or names it in related information;
//  2. a fast differential fuzz: mutants of the corpus (or, outside CI without it, of the built-in seed configs).
// The fuzz uses fixed seeds (test/fuzz/fixed-seeds.ts, with the mutants `npm run fuzz` once found as regression
// cases), so every run asks the same questions; random seeds belong to `npm run fuzz`. NATS_TLS_FUZZ_SEED runs
// another base seed by hand; NATS_TLS_FUZZ_COUNT changes the number of mutants per base seed (500).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { corpusConfigs, runDifferential, theirVerdict } from '../fuzz/differential';
import { DIFFERENTIAL_REGRESSIONS, DIFFERENTIAL_SEEDS } from '../fuzz/fixed-seeds';
import { SEEDS } from '../fuzz/seeds';
import { parse, SYNTAX_CODES } from '../helpers/conf';
import { fixture, materialize } from '../helpers/fixture';
import { corpusTool, describeWith, find, optional, oracleTool } from '../helpers/tools';
import { TABLES } from '../unit/conf-grammar.cases';

const FAST_COUNT = Number(process.env.NATS_TLS_FUZZ_COUNT ?? 500);
const nats2910 = oracleTool('2.9.10');
const natsServerBin = (): string => find(nats2910)!;

function expectRejects(findings: { code: string; severity?: string }[] | undefined): boolean {
  return (findings ?? []).some((f) => SYNTAX_CODES.includes(f.code) && (f.severity ?? 'error') === 'error');
}

describeWith([nats2910], 'differential: grammar tables vs nats-server 2.9.10', () => {
  test('nats-server accepts exactly the table cases we accept', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-oracle-'));
    const wrong: string[] = [];
    let checked = 0;
    let lines = 0;
    try {
      const cases = TABLES.flatMap((t) => t.cases.map((c) => ({ area: t.area, c })));
      const jobs = cases.filter(({ c }) => c.oracle !== false && (c.dialects ?? ['2.9.10']).includes('2.9.10'));
      let next = 0;
      const worker = async (k: number): Promise<void> => {
        const sub = path.join(dir, String(k));
        fs.mkdirSync(sub);
        while (next < jobs.length) {
          const { area, c } = jobs[next++]!;
          const fx = fixture(c.text, { cursor: false });
          const normalized = c.findings?.map((f) => (typeof f === 'string' ? { code: f } : f));
          const ours = expectRejects(normalized);
          // The table's expectation must also be what our parser does (conf-grammar.test.ts checks that in detail).
          const errors = parse(fx.text, { dialect: '2.9.10', ...(c.env ? { env: c.env } : {}) }).errors;
          const actual = errors.length > 0;
          const theirs = await theirVerdict(fx.text, sub, natsServerBin(), c.env ?? {});
          checked++;
          if (ours !== theirs.rejects || actual !== ours) {
            wrong.push(
              `[${area}] ${JSON.stringify(fx.text)}: table says ${ours ? 'reject' : 'accept'}, parser ${actual ? 'rejects' : 'accepts'}, nats-server ${theirs.rejects ? 'rejects' : 'accepts'}: ${theirs.output}`,
            );
          }
          // The README's claim: an error on the line nats-server names, or related information pointing at it.
          const named = /Parse error on line (\d+)/.exec(theirs.output);
          if (named) {
            lines++;
            const n = Number(named[1]) - 1;
            const on = (r: { start: { line: number }; end: { line: number } }): boolean => r.start.line <= n && n <= r.end.line;
            if (!errors.some((f) => on(f.range) || f.related?.some((r) => r.range.start.line === n)))
              wrong.push(
                `[${area}] ${JSON.stringify(fx.text)}: nats-server names line ${n + 1} (${theirs.output.trim()}), we report ${errors.map((f) => `${f.code} at lines ${f.range.start.line + 1}-${f.range.end.line + 1}`).join(', ')}`,
              );
          }
        }
      };
      await Promise.all([0, 1, 2, 3].map(worker));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    console.log(`grammar tables vs nats-server 2.9.10: ${checked - wrong.length}/${checked} cases agree (${lines} parse errors by line)`);
    assert.ok(checked > 200, `only ${checked} cases were checked`);
    assert.ok(lines > 100, `only ${lines} cases had a parse error with a line`);
    assert.deepEqual(wrong, [], `${wrong.length} of ${checked} table cases disagree with nats-server:\n${wrong.join('\n')}`);
  });

  test('include fixtures: the same verdict as nats-server, run from the config folder', async () => {
    const specs: { spec: string; rejects: boolean }[] = [
      {
        spec: '//- /nats.conf\ninclude "conf/a.conf"\nport: $A\n//- /conf/a.conf\nA: 4222\ninclude sub/b.conf\n//- /conf/sub/b.conf\nB: 1\n',
        rejects: false,
      },
      { spec: '//- /nats.conf\ninclude "conf/a.conf"\n//- /conf/a.conf\ninclude conf/b.conf\n//- /conf/b.conf\nB: 1\n', rejects: true },
      { spec: '//- /nats.conf\ninclude "/sub/x.conf"\n//- /sub/x.conf\nx: 1\n', rejects: false },
      { spec: '//- /nats.conf\na: $P\ninclude vars.conf\n//- /vars.conf\nP: 1\n', rejects: true },
      { spec: '//- /nats.conf\ninclude vars.conf\na: $P\n//- /vars.conf\nP: 1\n', rejects: false },
      { spec: '//- /nats.conf\ntls { include tls.conf}\n//- /tls.conf\ncert_file: "a.pem"\n', rejects: false },
      { spec: '//- /nats.conf\ninclude bad.conf\n//- /bad.conf\nb: [1, , 2 ]\n', rejects: true },
      { spec: '//- /nats.conf\ninclude: "x.conf"\n//- /x.conf\nx: 1\n', rejects: false },
      { spec: '//- /nats.conf\nINCLUDE x.conf\n//- /x.conf\nx: 1\n', rejects: false },
      { spec: '//- /nats.conf\ninclude missing.conf\n', rejects: true },
      { spec: '//- /nats.conf\ninclude x.conf\n//- /x.conf\nx: 1kbi\ny: $x\n', rejects: true },
    ];
    const wrong: string[] = [];
    for (const { spec, rejects } of specs) {
      const ws = materialize(spec);
      try {
        const text = ws.file('/nats.conf').text;
        const ours = parse(text, { file: ws.path('/nats.conf'), dialect: '2.9.10' }).errors.length > 0;
        // nats-server is given the file by relative name: its include base is then "." (the cwd).
        const theirs = await theirVerdict(text, ws.dir, natsServerBin(), {});
        if (ours !== rejects || theirs.rejects !== rejects)
          wrong.push(`${JSON.stringify(spec)}: expected ${rejects}, ours ${ours}, nats-server ${theirs.rejects}: ${theirs.output}`);
      } finally {
        ws.cleanup();
      }
    }
    assert.deepEqual(wrong, []);
  });
});

describeWith([nats2910], 'differential: fuzz (fast subset)', () => {
  test(`${FAST_COUNT} mutants per seed ${DIFFERENTIAL_SEEDS.join(', ')} and ${DIFFERENTIAL_REGRESSIONS.length} regression mutants agree with nats-server`, async (t) => {
    const corpus = optional(t, corpusTool, `fuzzing the ${SEEDS.length} built-in seed configs only`);
    const sources: string | typeof SEEDS = corpus ?? SEEDS;
    if (corpus) assert.ok(corpusConfigs(corpus, false).length > 100, `expected the corpus at ${corpus} to hold its configs`);
    const runs = [
      ...DIFFERENTIAL_SEEDS.map((seed) => ({ seed, count: FAST_COUNT })),
      ...DIFFERENTIAL_REGRESSIONS.map(({ seed }) => ({ seed, count: 1 })),
    ];
    const disagreements: Awaited<ReturnType<typeof runDifferential>>['disagreements'] = [];
    let agree = 0;
    let total = 0;
    for (const { seed, count } of runs) {
      const r = await runDifferential(sources, seed, count, 4, { bin: natsServerBin() });
      agree += r.agree;
      total += r.total;
      disagreements.push(...r.disagreements);
    }
    console.log(
      `differential fuzz: ${agree}/${total} agree (seeds ${DIFFERENTIAL_SEEDS.join(', ')}; reproduce one: npm run fuzz -- --replay <seed>)`,
    );
    const report = disagreements
      .slice(0, 5)
      .map(
        (d) =>
          `seed ${d.seed} (${d.source}): we ${d.ours ? 'reject' : 'accept'}, nats-server ${d.theirs ? 'rejects' : 'accepts'}: ${d.output}\n--- mutant\n${d.text}\n---`,
      )
      .join('\n');
    assert.equal(agree, total, `${disagreements.length} disagreement(s)\n${report}`);
  });
});
