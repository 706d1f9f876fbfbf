// The schema walk of a spliced version takes over the visits of the maps the splice did not change
// (schema/walk.ts), with the per-block findings kept on them (schema/visit-cache.ts eachKept). Proved by
// counting (never by timing) that a keystroke in one account of many walks and checks only the blocks around
// it, and by comparing, over fixed-seed edits, every spliced version's walk and findings with those of the same
// text parsed and checked from scratch.
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, test } from 'node:test';
import { reopenDocument, type ConfigDoc } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { schemaWalk, visitsOf, type SchemaWalk } from '../../server/src/core/schema/walk';
import { DEFAULT_SETTINGS, type EngineSettings } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { nodeHost } from '../../server/src/node-host';
import { rng } from '../fuzz/mutate';
import { LATEST_CTX, openConf } from '../helpers/conf';

const FILE = '/nonexistent-nats-tls-test/walk-takeover.conf';
const settings: EngineSettings = { ...DEFAULT_SETTINGS, roots: [] };
const host = nodeHost({ NATS_TLS_NOW: '2026-06-01T12:00:00Z' });

const open = (text: string): ConfigDoc => openConf(FILE, text);

/** The document's text after replacing [start, end) with `insert`, as the editor sends it. */
function edited(doc: ConfigDoc, start: number, end: number, insert: string): ConfigDoc {
  const text = doc.src.text.slice(0, start) + insert + doc.src.text.slice(end);
  const next = reopenDocument(doc, text, { start, end, length: insert.length }, { ctx: LATEST_CTX });
  assert.ok(next);
  return next;
}

function uncached(text: string): Finding[] {
  const p = new Project(host, () => settings);
  p.set(open(text));
  return p.findings(FILE);
}

/** Everything a check reads of a walk, in order, with paths spelt out. */
function shape(w: SchemaWalk | undefined): unknown {
  if (!w) return undefined;
  const ids = [...new Set(w.visits.map((v) => v.block.id))].sort();
  return {
    visits: w.visits.map((v, i) => ({
      at: v.at === i,
      block: v.block.id,
      path: v.path,
      account: v.account,
      owner: v.owner?.name,
      settled: v.settled ?? 0,
      entries: v.entries.map((e) => e.key),
      processed: v.processed.map((e) => e.key),
      options: v.options.map((o) => o?.name),
      byMap: w.byMap.get(v.map) === v,
    })),
    byBlock: Object.fromEntries(ids.map((id) => [id, visitsOf(w, id).map((v) => v.path)])),
    tails: w.valuelessTails.map((t) => [t.visit.path, t.owner.key, t.last.key]),
  };
}

/** Accounts with users, permissions, imports and exports; some blocks have findings of their own. */
function accounts(n: number): string {
  const lines = ['# accounts', 'port: 4222', 'accounts {'];
  for (let a = 0; a < n; a++) {
    const extra = a % 7 === 3 ? ' max_connectons: 5,' : '';
    const imp = a > 0 && a % 5 === 0 ? `, imports: [ { stream: { account: A${a - 1}, subject: "a${a - 1}.>" } } ]` : '';
    const exp = a % 5 === 4 ? `, exports: [ { stream: "a${a}.>" } ]` : '';
    lines.push(
      `  A${a}: {${extra} users: [ { user: "u${a}", password: "p${a}-secret", permissions: { publish: { allow: [ "a${a}.>" ] }, subscribe: { deny: [ "a${a}.admin.>" ] } } } ]${imp}${exp} }`,
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

const MIXED = `# every kind of block the walk follows
server_nme: "x"
port: 4222
authorization {
  users: [
    { user: alice, password: "a-secret", permissions: { publish: [ "orders.>" ], subscribe: { allow: [ "x" ] } } }
    { user: bob, password: "b-secret" }
  ]
}
cluster {
  name: c1
  rotues: [ "nats://a:6222" ]
  authorization { user: r, password: s, timeout: 2 }
}
leafnodes {
  port: 7422
  remotes: [
    { url: "tls://h1:7422", account: A, tls { cert_file: "n1.pem", key_file: "n1-key.pem" } }
    { urls: [ "tls://h2:7422" ], credentials: "c.creds", nkey: "UABC" }
    { url: "tls://h3:7422", hub: yes }
  ]
}
jetstream { store_dir: "/data", max_mem: 1G, domain: hub }
mappings { "foo.*": "bar.$1", "baz": [ { destination: "q", weight: 50% } ] }
accounts {
  A: { users: [ { user: u1, password: p1 }, { user: bob, password: p2 } ], exports: [ { service: "svc.>", accounts: [ B, Z ] } ] }
  B: { jetstream: { max_mem: 1G }, imports: [ { service: { account: A, subject: "svc.x" }, to: "local" }, { stream: { account: Q, subject: "s" } } ] }
  C: { mappings: { "a": "b" }, users: [ { nkey: UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4 } ] }
}
websocket { port: 8080, no_tls: true, compression: yes }
mqtt { port: 1883, ack_wait: "1m" }
`;

describe('schema walk: a spliced version takes over unchanged blocks', () => {
  test('a keystroke in one account of 400 walks and checks a handful of blocks', () => {
    const project = new Project(host, () => settings);
    let doc = open(accounts(400));
    project.set(doc);
    project.findings(FILE);
    const at = doc.src.text.indexOf('"p200-secret"') + 3;
    // The first spliced version takes over the walk; its checks run on every block once, and keep what they found.
    doc = edited(doc, at, at + 1, '7');
    project.set(doc);
    project.findings(FILE);
    const w1 = schemaWalk(doc)!;
    assert.ok(w1.reused > w1.visits.length - 20, `visits taken over (${w1.reused} of ${w1.visits.length})`);
    // From then on, a keystroke checks the blocks it touched, not the 2,000 others.
    for (const ch of ['8', '9']) {
      const analysed = project.visits.analysed;
      const accountsBefore = visitsOf(schemaWalk(doc)!, 'accounts')[0]!;
      doc = edited(doc, at, at + 1, ch);
      project.set(doc);
      assert.deepEqual(project.findings(FILE), uncached(doc.src.text));
      const w = schemaWalk(doc)!;
      // The accounts map changed below its entries only: its 400 entries are not read again.
      const accounts = visitsOf(w, 'accounts')[0]!;
      assert.notEqual(accounts, accountsBefore, 'a changed map gets a visit of its own');
      assert.equal(accounts.options, accountsBefore.options, 'its entries read as before');
      assert.ok(w.reused > w.visits.length - 20, `visits taken over (${w.reused} of ${w.visits.length})`);
      const checked = project.visits.analysed - analysed;
      assert.ok(checked > 0 && checked <= 5 * 20, `blocks checked after one keystroke: ${checked}`);
      assert.deepEqual(shape(w), shape(schemaWalk(open(doc.src.text))));
    }
  });

  test('an account added among the others: later blocks keep their findings, which move with them', () => {
    const project = new Project(host, () => settings);
    let doc = open(accounts(60));
    project.set(doc);
    project.findings(FILE);
    for (const insert of ['  N1: { users: [ { user: "n1", password: "x" } ] }\n', '  N2: { max_payloda: 1 }\n']) {
      const at = doc.src.text.indexOf('  A30:');
      doc = edited(doc, at, at, insert);
      project.set(doc);
      assert.deepEqual(project.findings(FILE), uncached(doc.src.text));
      assert.deepEqual(shape(schemaWalk(doc)), shape(schemaWalk(open(doc.src.text))));
      assert.ok(schemaWalk(doc)!.reused > 0, 'visits taken over');
    }
  });

  test('a large map read from its earlier visit: keys renamed onto others and back, accounts removed and added', () => {
    const project = new Project(host, () => settings);
    let doc = open(accounts(40));
    project.set(doc);
    project.findings(FILE);
    const at = (needle: string): number => {
      const i = doc.src.text.indexOf(needle);
      assert.ok(i >= 0, needle);
      return i;
    };
    const steps: [string, () => ConfigDoc][] = [
      ['A5 renamed A6 (two A6: the first is not processed)', () => edited(doc, at('  A5:') + 3, at('  A5:') + 4, '6')],
      ['an edit elsewhere, with the duplicate kept', () => edited(doc, at('"p30-secret"') + 2, at('"p30-secret"') + 3, 'q')],
      ['the first A6 renamed A5 again', () => edited(doc, at('  A6:') + 3, at('  A6:') + 4, '5')],
      ['A7 removed', () => edited(doc, at('  A7:'), doc.src.text.indexOf('\n', at('  A7:')) + 1, '')],
      ['A77 added', () => edited(doc, at('  A8:'), at('  A8:'), '  A77: { users: [ { user: "u77", password: "x" } ] }\n')],
      [
        'A9 renamed A77, then A8 renamed A9',
        () => edited(edited(doc, at('  A9:') + 3, at('  A9:') + 4, '77'), at('  A8:') + 3, at('  A8:') + 4, '9'),
      ],
      ['an edit in A1, with every key unique again', () => edited(doc, at('"p1-secret"') + 2, at('"p1-secret"') + 3, 'z')],
    ];
    for (const [what, step] of steps) {
      doc = step();
      project.set(doc);
      assert.deepEqual(project.findings(FILE), uncached(doc.src.text), what);
      assert.deepEqual(shape(schemaWalk(doc)), shape(schemaWalk(open(doc.src.text))), what);
    }
  });

  test('spliced walks and their findings equal fresh ones over 400 fixed-seed edits', () => {
    const r = rng(20261208);
    const letters = 'abeiuxAZ019_';
    for (const base of [MIXED, accounts(25)]) {
      const project = new Project(host, () => settings);
      let doc = open(base);
      assert.equal(doc.issues.length, 0, 'the base config parses cleanly (spliceable)');
      project.set(doc);
      project.findings(FILE);
      let takenOver = 0;
      for (let i = 0; i < 200; i++) {
        const text = doc.src.text;
        // Mostly a keystroke in a key or a value (a letter or digit replaced, inserted or deleted): the grammar
        // holds, so it is spliced. Now and then a quote typed and taken back: a parse in full, twice.
        const words = [...text.matchAll(/[A-Za-z0-9]/g)];
        const at = words[Math.floor(r() * words.length)]!.index;
        const ch = letters[Math.floor(r() * letters.length)]!;
        const roll = r();
        if (roll < 0.05) {
          doc = edited(doc, at, at, '"');
          project.set(doc);
          assert.deepEqual(project.findings(FILE), uncached(doc.src.text), `findings after a quote at ${at}`);
          doc = edited(doc, at, at + 1, '');
        } else if (roll < 0.15) doc = edited(doc, at, at + 1, '');
        else if (roll < 0.5) doc = edited(doc, at, at, ch);
        else doc = edited(doc, at, at + 1, ch);
        project.set(doc);
        const got = project.findings(FILE);
        assert.deepEqual(got, uncached(doc.src.text), `findings after edit ${i + 1}:\n${doc.src.text}`);
        assert.deepEqual(shape(schemaWalk(doc)), shape(schemaWalk(open(doc.src.text))), `walk after edit ${i + 1}:\n${doc.src.text}`);
        if ((schemaWalk(doc)?.reused ?? 0) > 0) takenOver++;
      }
      assert.ok(takenOver > 100, `walks took over visits (${takenOver} of 200)`);
    }
  });

  for (const where of ['values', 'comments'] as const)
    test(`a run of edits in ${where} keeps no chain of earlier versions alive: neither their texts, nor their walks`, async () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const project = new Project(host, () => settings);
      // server_nme at the top: the root block, changed by every edit in a value, has findings (the checks note it).
      let doc = open(MIXED);
      project.set(doc);
      project.findings(FILE);
      const versions: { src: WeakRef<object>; walk: WeakRef<object> }[] = [];
      for (let i = 0; i < 8; i++) {
        // Each edit in a job of its own, as the language server gets them (a WeakRef holds its target to the job's end).
        await new Promise((resolve) => setImmediate(resolve));
        const text = doc.src.text;
        // The first character of alice's or bob's password, or of the first comment.
        const at = where === 'comments' ? 3 : text.indexOf('password: "', text.indexOf(i % 2 ? 'alice' : 'bob')) + 11;
        doc = edited(doc, at, at + 1, String(i));
        project.set(doc);
        project.findings(FILE);
        versions.push({ src: new WeakRef(doc.src), walk: new WeakRef(schemaWalk(doc)!) });
      }
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      // At most one: topology/build.ts keeps the models of the topology it built last (one version, not a chain).
      const alive = versions.slice(0, -1).filter((v) => v.src.deref() || v.walk.deref()).length;
      assert.ok(alive <= 1, `earlier versions still alive: ${alive} of ${versions.length - 1}`);
      assert.ok(versions.at(-1)!.walk.deref(), 'the current version is kept');
    });
});
