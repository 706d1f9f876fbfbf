// The option checks' per-block cache (schema/visit-cache.ts), by counting work (never by timing it): a
// keystroke re-checks the blocks around it and reuses the others' findings, which move with their text;
// cached and uncached analyses agree over fixed-seed edits that break and mend options everywhere.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crossFileIssues, documentIssues, sortFindings, tlsIssues } from '../../server/src/core/analyze';
import { reportedFile, toFinding } from '../../server/src/core/conf/issue';
import type { ConfigDoc } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { buildTlsModel, DEFAULT_SETTINGS, type EngineSettings } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { nodeHost } from '../../server/src/node-host';
import { rng } from '../fuzz/mutate';
import { openConf } from '../helpers/conf';

const FILE = '/nonexistent-nats-tls-test/option-cache.conf';
const settings: EngineSettings = { ...DEFAULT_SETTINGS, roots: [] };
const host = nodeHost({ NATS_TLS_NOW: '2026-06-01T12:00:00Z' });

const open = (text: string): ConfigDoc => openConf(FILE, text);

function uncached(text: string): Finding[] {
  const doc = open(text);
  const model = buildTlsModel(doc, settings, host);
  const issues = [...documentIssues(doc), ...tlsIssues(model, host), ...crossFileIssues([model])].filter(
    (i) => reportedFile(i.src) === FILE,
  );
  return sortFindings(issues.map(toFinding));
}

/** Blocks with option findings in most of them: unknown keys, wrong values, a deprecated key, missing ones. */
const CONFIG = `# options everywhere
server_nme: "x"
port: 4222
cluster {
  name: c1
  rotues: ["nats://a:6222"]
  authorization { user: a, password: b }
}
leafnodes {
  remotes: [
    { url: "nats://h1:7422", credentials: "a.creds" }
    { url: "nats://h2:7422", nkey: "SUABC", credentials: "b.creds" }
    { urls: ["nats://h3:7422"], account: "A" }
  ]
}
jetstream { store_dir: 5, max_mem: "1Q" }
accounts {
  A: { users: [ { user: u1, pasword: p1 }, { password: p2 } ] }
  B: { users: [ { user: u2, password: p2 } ], imports: [ { stream: { account: A } } ] }
  C: { mappings: { "a.>": [ { destination: "b.>" } ] } }
}
mqtt { port: 1883, consumer_replicas: 1 }
ping_interval: 120
# end
`;

describe('option checks, incremental', () => {
  test('a keystroke in one account re-checks the blocks around it alone; the others are reused', () => {
    const project = new Project(host, () => settings);
    project.set(open(CONFIG));
    project.findings(FILE);
    // The first version is checked plainly; blocks are kept from the second on (a comment edit would keep
    // the first version's findings whole: comment-edit.ts).
    const second = CONFIG.replace('ping_interval: 120', 'ping_interval:  120');
    project.set(open(second));
    assert.deepEqual(project.findings(FILE), uncached(second));
    const { analysed, reused } = project.visits;
    assert.ok(analysed > 20, `every block checked once (${analysed})`);
    const third = second.replace('pasword: p1', 'pasword: p9');
    project.set(open(third));
    assert.deepEqual(project.findings(FILE), uncached(third));
    // The blocks whose text changed: the user entry, account A, accounts and (a small file) the root. Three
    // checks look at all four; required-options only at the user entry and deprecated-option at none (each
    // looks only at the blocks that can hold what it seeks).
    assert.equal(project.visits.analysed - analysed, 3 * 4 + 1);
    assert.ok(project.visits.reused > reused + 15, 'the other blocks reused their findings');
  });

  test('a line added above every block: the reused findings move with their blocks', () => {
    const project = new Project(host, () => settings);
    project.set(open(CONFIG));
    project.findings(FILE);
    project.set(open(CONFIG + '\n'));
    project.findings(FILE);
    const moved = '# a new first line\n' + CONFIG + '\n';
    project.set(open(moved));
    const reused = project.visits.reused;
    const findings = project.findings(FILE);
    assert.ok(project.visits.reused > reused, 'findings reused');
    assert.deepEqual(findings, uncached(moved));
    assert.ok(
      findings.some((f) => f.code === 'unknown-field' && f.range.start.line === 18 && f.message.includes('Did you mean password?')),
    );
  });

  test('cached and uncached option-check findings agree over 150 fixed-seed edits', () => {
    const project = new Project(host, () => settings);
    const r = rng(7422);
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      ':',
      ',',
      '"',
      '#',
      '\n',
      ' ',
      'x',
      '1',
      '$X',
      'X: 1\n',
      'port: "abc"',
      'rotues',
      'user: z',
      'password: q',
      'nkey: UAB',
      'token: t',
      'users: [ { user: v } ]',
      'store_dir: "/d"',
      'weight: 50',
      'max_payload: 5ZB',
      'ping_interval: "2m"',
      'consumer_replicas: 2',
      'tls { verify: true }',
      'include "x.conf"',
      'accounts { D: {} }',
    ];
    let text = CONFIG;
    let kinds = new Set<string>();
    for (let i = 0; i < 150; i++) {
      const at = Math.floor(r() * (text.length + 1));
      const del = r() < 0.4 ? Math.floor(r() * 4) : 0;
      const ins = r() < 0.7 ? pieces[Math.floor(r() * pieces.length)]! : '';
      text = text.slice(0, at) + ins + text.slice(at + del);
      project.set(open(text));
      const findings = project.findings(FILE);
      assert.deepEqual(findings, uncached(text), `after edit ${i + 1}:\n${text}`);
      kinds = new Set([...kinds, ...findings.map((f) => f.code)]);
    }
    assert.ok(project.visits.reused > 500, `blocks were reused along the way (${project.visits.reused})`);
    for (const code of ['unknown-field', 'invalid-value', 'deprecated-field']) assert.ok(kinds.has(code), `${code} was among the findings`);
  });
});
