// Incremental analysis, by counting work (never by timing it): a keystroke in a comment re-analyses no TLS block
// and loads no certificate file; an edit in one block re-checks that block alone; files changed on disk, the
// clock and pairing are followed; cached and uncached analyses agree; one failing document does not silence
// the others; takeChanged() names exactly the documents whose findings may have changed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { crossFileIssues, documentIssues, sortFindings, tlsIssues } from '../../server/src/core/analyze';
import { reportedFile, toFinding } from '../../server/src/core/conf/issue';
import { openDocument, type ConfigDoc } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { buildTlsModel, DEFAULT_SETTINGS, type EngineHost, type EngineSettings } from '../../server/src/core/tls/model';
import type { EngineFs, Finding } from '../../server/src/core/types';
import { loadPemFile, PemCache } from '../../server/src/core/x509/load';
import { nodeFs } from '../../server/src/node-fs';
import { CertFactory, DAY, privateKeys, writeFixtureDir, type FixtureDir } from '../helpers/certs';
import { rng } from '../fuzz/mutate';

const NOW = new Date('2026-06-01T12:00:00Z');

/** A host over the real file system that counts what it is asked: loadPem calls, file reads, stats. */
function countingHost(throwOn?: RegExp): {
  host: EngineHost;
  counts: { loads: number; reads: number; stats: number };
  setNow(d: Date): void;
} {
  const counts = { loads: 0, reads: 0, stats: 0 };
  let now = NOW;
  const cache = new PemCache();
  const fsys: EngineFs = {
    stat: (p) => {
      counts.stats++;
      if (throwOn?.test(p)) throw new Error(`stat ${p} failed`);
      return nodeFs.stat(p);
    },
    readFile: (p, limit) => {
      counts.reads++;
      return nodeFs.readFile(p, limit);
    },
    readDir: (p) => nodeFs.readDir!(p),
  };
  const host: EngineHost = {
    fs: fsys,
    clock: { now: () => new Date(now) },
    loadPem: (p, st) => {
      counts.loads++;
      return loadPemFile(p, fsys, cache, st);
    },
    platform: 'linux',
    forget: (p) => cache.delete(p),
  };
  return { host, counts, setNow: (d) => (now = d) };
}

const ctx = { env: {}, fs: nodeFs, dialect: 'latest' as const };

function open(file: string, text: string): ConfigDoc {
  const doc = openDocument(file, text, { ctx });
  assert.ok(doc, `${file} is a config`);
  return doc;
}

/** The findings of `file` computed from scratch, without any cache: what the project must agree with. */
function uncached(docs: ConfigDoc[], file: string, host: EngineHost, settings: EngineSettings): Finding[] {
  const models = docs.map((d) => buildTlsModel(d, settings, host));
  const doc = docs.find((d) => d.file === file)!;
  const model = models[docs.indexOf(doc)]!;
  const issues = [...documentIssues(doc), ...tlsIssues(model, host), ...crossFileIssues(models)].filter(
    (i) => reportedFile(i.src) === file,
  );
  return sortFindings(issues.map(toFinding));
}

/** Three TLS blocks with findings in each (an invalid timeout, an expiring certificate, an unknown field). */
const CONFIG = `# A node with three TLS blocks
listen: 127.0.0.1:4222
tls {
  cert_file: "certs/server.pem"
  key_file: "certs/server-key.pem"
  ca_file: "certs/ca.pem"
  verify: true
  timeout: "1x"
}
cluster {
  routes: [ "nats-route://127.0.0.1:6223" ]
  tls {
    cert_file: "certs/expiring.pem"
    key_file: "certs/expiring-key.pem"
    ca_file: "certs/ca.pem"
  }
}
leafnodes {
  tls {
    cert_fil: "certs/server.pem"
    key_file: "certs/server-key.pem"
  }
}
# the end
`;

let dir: FixtureDir;
let files: Record<string, string>;

before(async () => {
  const f = new CertFactory(NOW);
  const ca = await f.ca({ cn: 'Test Root CA' });
  const otherCa = await f.ca({ cn: 'Other CA' });
  const server = await f.leaf(ca, { cn: 'server-main' });
  const other = await f.leaf(otherCa, { cn: 'server-other' });
  const expiring = await f.leaf(ca, {
    cn: 'expiring',
    notBefore: new Date(NOW.getTime() - 355 * DAY),
    notAfter: new Date(NOW.getTime() + 10 * DAY),
  });
  files = {
    'certs/ca.pem': ca.pem,
    'certs/other-ca.pem': otherCa.pem,
    'certs/server.pem': server.pem,
    'certs/server-key.pem': server.keyPem,
    'certs/other.pem': other.pem,
    'certs/other-key.pem': other.keyPem,
    'certs/expiring.pem': expiring.pem,
    'certs/expiring-key.pem': expiring.keyPem,
  };
  dir = writeFixtureDir(files, { prefix: 'nats-tls-incremental-', mode: privateKeys });
});
after(() => dir.cleanup());

function setup(throwOn?: RegExp): ReturnType<typeof countingHost> & { project: Project; settings: EngineSettings } {
  const h = countingHost(throwOn);
  const settings: EngineSettings = { ...DEFAULT_SETTINGS, roots: [dir.dir] };
  return { ...h, settings, project: new Project(h.host, () => settings) };
}

/** Replaces the last `n` characters before the final newline: a keystroke in the closing comment. */
function typeInLastComment(text: string, ch: string): string {
  return text.slice(0, -2) + ch + '\n';
}

describe('incremental analysis', () => {
  test('a keystroke in a comment re-analyses no TLS block and loads no certificate file', () => {
    const s = setup();
    const file = dir.path('nats.conf');
    s.project.set(open(file, CONFIG));
    const first = s.project.findings(file);
    assert.deepEqual(first.map((f) => f.code).sort(), [
      'cert-expiring',
      'invalid-value',
      'missing-cert-file',
      'no-certificate',
      'unknown-field',
    ]);
    assert.equal(s.project.blocks.analysed, 3, 'three blocks checked once');
    assert.ok(s.counts.loads > 0 && s.counts.reads > 0);

    let text = CONFIG;
    for (const ch of ['D', 'd', 'x']) {
      text = typeInLastComment(text, ch);
      const { loads, reads } = s.counts;
      s.project.set(open(file, text));
      const findings = s.project.findings(file);
      assert.deepEqual([s.counts.loads - loads, s.counts.reads - reads], [0, 0], 'no certificate file loaded or read');
      assert.deepEqual(findings, uncached([open(file, text)], file, s.host, s.settings));
    }
    assert.equal(s.project.blocks.analysed, 3, 'no block checked again');
    // Not even looked up: a comment edit keeps the document's findings whole (comment-edit.ts).
    assert.equal(s.project.blocks.reused, 0);
    assert.equal(s.project.counters.commentEdits, 3);
  });

  test('a reused block keeps what its findings say of their stage (cert_store off Windows fails to load)', () => {
    const s = setup();
    const file = dir.path('stage.conf');
    const text = `${CONFIG}websocket {\n  port: 8443\n  tls { cert_store: "WindowsCurrentUser" }\n}\n`;
    s.project.set(open(file, text));
    const stageOf = (fs: Finding[]): (string | undefined)[] => fs.filter((f) => f.code === 'field-not-allowed-here').map((f) => f.stage);
    assert.deepEqual(stageOf(s.project.findings(file)), ['load']);
    const next = text.replace('port: 8443', 'port: 8444');
    s.project.set(open(file, next));
    const findings = s.project.findings(file);
    assert.ok(s.project.blocks.reused > 0, 'the websocket block was reused');
    assert.deepEqual(stageOf(findings), ['load']);
    assert.deepEqual(findings, uncached([open(file, next)], file, s.host, s.settings));
  });

  test('a line added above every block: the reused findings move with their blocks', () => {
    const s = setup();
    const file = dir.path('nats.conf');
    s.project.set(open(file, CONFIG));
    const before = s.project.findings(file);
    const loads = s.counts.loads;
    const text = `# a new first line\n${CONFIG}`;
    s.project.set(open(file, text));
    const moved = s.project.findings(file);
    assert.equal(s.project.blocks.analysed, 3);
    assert.equal(s.counts.loads, loads);
    assert.deepEqual(moved, uncached([open(file, text)], file, s.host, s.settings));
    assert.deepEqual(
      moved.map((f) => f.range.start.line),
      before.map((f) => f.range.start.line + 1),
    );
  });

  test('an edit inside one block re-checks that block alone, with its files from the PEM cache', () => {
    const s = setup();
    const file = dir.path('nats.conf');
    s.project.set(open(file, CONFIG));
    s.project.findings(file);
    const reads = s.counts.reads;
    const text = CONFIG.replace('timeout: "1x"', 'timeout: 2');
    s.project.set(open(file, text));
    const findings = s.project.findings(file);
    assert.equal(s.project.blocks.analysed, 4, 'one more block checked');
    assert.equal(s.counts.reads, reads, 'its files were not read again');
    assert.ok(!findings.some((f) => f.code === 'invalid-value'));
    assert.deepEqual(findings, uncached([open(file, text)], file, s.host, s.settings));
  });

  test('a certificate rewritten on disk: the block naming it is checked again on the next keystroke, the others are not', async () => {
    const s = setup();
    const file = dir.path('rewrite.conf');
    dir.write('rw/expiring.pem', files['certs/expiring.pem']!);
    const text = CONFIG.replaceAll('certs/expiring.pem', 'rw/expiring.pem');
    s.project.set(open(file, text));
    assert.ok(s.project.findings(file).some((f) => f.code === 'cert-expiring'));
    // Another certificate, no notification: the file's stat (size, mtime, inode) is part of the block's key.
    dir.write('rw/expiring.pem', files['certs/server.pem']!);
    const next = typeInLastComment(text, 'Z');
    s.project.set(open(file, next));
    const findings = s.project.findings(file);
    assert.equal(s.project.blocks.analysed, 4, 'the cluster block alone is checked again');
    assert.ok(!findings.some((f) => f.code === 'cert-expiring'));
    assert.deepEqual(findings, uncached([open(file, next)], file, s.host, s.settings));
  });

  test('fileChanged() rebuilds only the models that name the file (or a folder holding it)', () => {
    const s = setup();
    const a = dir.path('a.conf');
    const b = dir.path('b.conf');
    s.project.set(open(a, CONFIG));
    s.project.set(open(b, 'listen: 127.0.0.1:4333\ntls {\n  cert_file: "certs/other.pem"\n  key_file: "certs/other-key.pem"\n}\n'));
    s.project.findings(a);
    s.project.findings(b);
    s.project.takeChanged();
    const builds = s.project.counters.modelBuilds;
    assert.equal(s.project.fileChanged(dir.path('certs/expiring.pem')), true);
    assert.deepEqual(s.project.takeChanged(), [a]);
    s.project.findings(a);
    s.project.findings(b);
    assert.equal(s.project.counters.modelBuilds, builds + 1, 'a.conf rebuilt, b.conf kept');
    assert.equal(s.project.fileChanged(dir.path('unrelated.pem')), false);
    assert.equal(s.project.fileChanged(dir.path('certs')), true, 'a folder holding the files of both');
    assert.deepEqual(s.project.takeChanged().sort(), [a, b].sort());
  });

  test('the clock passing a certificate date re-checks the block; within the day the findings are reused', () => {
    const s = setup();
    const file = dir.path('nats.conf');
    s.project.set(open(file, CONFIG));
    const message = (): string => s.project.findings(file).find((f) => f.code === 'cert-expiring')!.message;
    let text = CONFIG;
    const at = (ms: number, ch: string): void => {
      s.setNow(new Date(NOW.getTime() + ms));
      text = typeInLastComment(text, ch);
      s.project.set(open(file, text));
    };
    assert.match(message(), /in 10 days/);
    const analysed = s.project.blocks.analysed;
    at(3_600_000, 'a');
    assert.match(message(), /in 9 days/);
    assert.equal(s.project.blocks.analysed, analysed + 1, 'the block with the expiring certificate, alone');
    at(7_200_000, 'b');
    assert.match(message(), /in 9 days/);
    assert.equal(s.project.blocks.analysed, analysed + 1, 'the same day count: reused');
    at(3 * DAY, 'c');
    assert.match(message(), /in 7 days/);
    assert.equal(s.project.blocks.analysed, analysed + 2);
    at(11 * DAY, 'd');
    s.project.set(open(file, text));
    const findings = s.project.findings(file);
    assert.ok(findings.some((f) => f.code === 'cert-expired'));
    assert.deepEqual(findings, uncached([open(file, text)], file, s.host, s.settings));
  });

  test('cached and uncached analyses agree over 150 fixed-seed edits', () => {
    const s = setup();
    const file = dir.path('fuzzed.conf');
    const r = rng(4222);
    const pieces = ['{', '}', '[', ']', ':', ',', '"', '#', '\n', ' ', 'tls', 'cert_file: "certs/ca.pem"', 'verify: true', '$X', 'x', '1'];
    let text = CONFIG;
    for (let i = 0; i < 150; i++) {
      const at = Math.floor(r() * (text.length + 1));
      const del = r() < 0.4 ? Math.floor(r() * 4) : 0;
      const ins = r() < 0.7 ? pieces[Math.floor(r() * pieces.length)]! : '';
      text = text.slice(0, at) + ins + text.slice(at + del);
      s.project.set(open(file, text));
      assert.deepEqual(s.project.findings(file), uncached([open(file, text)], file, s.host, s.settings), `after edit ${i + 1}:\n${text}`);
    }
    assert.ok(s.project.blocks.reused > 0, 'blocks were reused along the way');
  });

  test('a certificate renamed over another (same size, same mtime) is told apart by its identity', async () => {
    const f = new CertFactory(NOW);
    const a = (await f.leaf(undefined, { cn: 'aaaa' })).pem;
    const b = (await f.leaf(undefined, { cn: 'bbbb' })).pem;
    // Same size: pad the shorter one after its END line (PEM readers skip what follows).
    const size = Math.max(a.length, b.length);
    dir.write('same/a.pem', a.padEnd(size, '\n'));
    dir.write('same/b.pem', b.padEnd(size, '\n'));
    const t = new Date('2026-01-01T00:00:00Z');
    fs.utimesSync(dir.path('same/a.pem'), t, t);
    fs.utimesSync(dir.path('same/b.pem'), t, t);
    const cache = new PemCache();
    const first = loadPemFile(dir.path('same/a.pem'), nodeFs, cache);
    assert.ok(!('reason' in first) && first.certs[0]!.subjectCN === 'aaaa');
    fs.renameSync(dir.path('same/b.pem'), dir.path('same/a.pem'));
    const st = nodeFs.stat(dir.path('same/a.pem'))!;
    assert.deepEqual([st.size, st.mtimeMs], [first.size, first.mtimeMs], 'size and mtime alone cannot tell');
    const second = loadPemFile(dir.path('same/a.pem'), nodeFs, cache);
    assert.ok(!('reason' in second) && second.certs[0]!.subjectCN === 'bbbb');
  });

  test('one document whose analysis throws gets an internal-error finding; the others are still checked and paired', () => {
    const s = setup(/boom/);
    const bad = dir.path('bad.conf');
    const good = dir.path('good.conf');
    s.project.set(open(bad, 'listen: 127.0.0.1:4444\ntls {\n  cert_file: "certs/boom.pem"\n  key_file: "certs/server-key.pem"\n}\n'));
    s.project.set(open(good, CONFIG));
    assert.deepEqual(
      s.project.findings(bad).map((f) => [f.code, f.range.start.line]),
      [['internal-error', 0]],
    );
    assert.match(s.project.findings(bad)[0]!.message, /stat .*boom\.pem failed/);
    const alone = setup();
    alone.project.set(open(good, CONFIG));
    assert.deepEqual(s.project.findings(good), alone.project.findings(good));
    assert.ok(s.project.allFindings().some((f) => f.file === good && f.code === 'cert-expiring'));
  });

  test('takeChanged() names the edited document and the documents whose pairing it changes, not the others', () => {
    const s = setup();
    const server = dir.path('pair/server.conf');
    const client = dir.path('pair/client.yaml');
    const other = dir.path('pair/other.conf');
    const serverConf = (cert: string): string =>
      `# server\nlisten: localhost:4222\ntls {\n  cert_file: "../certs/${cert}.pem"\n  key_file: "../certs/${cert}-key.pem"\n}\n`;
    s.project.set(open(server, serverConf('server')));
    s.project.set(open(client, 'servers: ["nats://localhost:4222"]\ntls:\n  ca_file: ../certs/ca.pem\n'));
    s.project.set(open(other, CONFIG.replace('4222', '4333')));
    for (const f of [server, client, other]) s.project.findings(f);
    s.project.takeChanged();
    assert.ok(!s.project.findings(client).some((f) => f.code === 'peer-untrusted'));

    // A comment in the server config: nobody's findings change.
    s.project.set(open(server, serverConf('server').replace('# server', '# server!')));
    assert.deepEqual(s.project.takeChanged(), []);
    // A value in it: its own findings may change, its client's do not.
    s.project.set(open(server, serverConf('server').replace('listen: ', 'listen:  ')));
    assert.deepEqual(s.project.takeChanged(), [server]);
    const stamp = s.project.stamp(client);

    // Another CA's certificate: the client config's findings change with it.
    s.project.set(open(server, serverConf('other')));
    assert.deepEqual(s.project.takeChanged().sort(), [client, server].sort());
    assert.notEqual(s.project.stamp(client), stamp);
    assert.ok(s.project.findings(client).some((f) => f.code === 'peer-untrusted'));
    assert.equal(s.project.stamp(other), s.project.stamp(other));
  });
});
