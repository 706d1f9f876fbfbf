// A keystroke inside a comment keeps the document's findings whole (core/comment-edit.ts, Project.set): what
// counts as such an edit, and proof by counting (never by timing) that it is taken, and that whatever it keeps
// equals a check from scratch, over fixed-seed edits, files changed on disk and a clock that moves on.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { commentOnlyEdit } from '../../server/src/core/comment-edit';
import { spliceCounts, spliceOf } from '../../server/src/core/conf/incremental';
import { openDocument, reopenDocument, type ConfigDoc } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS, type EngineHost, type EngineSettings } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { loadPemFile, PemCache } from '../../server/src/core/x509/load';
import { CertFactory, DAY, privateKeys, writeFixtureDir, type FixtureDir } from '../helpers/certs';
import { rng } from '../fuzz/mutate';

const NOW = new Date('2026-06-01T12:00:00Z');
const ctx = { env: {}, fs: nodeFs, dialect: 'latest' as const };

let dir: FixtureDir;
before(async () => {
  const f = new CertFactory(NOW);
  const ca = await f.ca({ cn: 'Test Root CA' });
  const expiring = await f.leaf(ca, {
    cn: 'expiring',
    notBefore: new Date(NOW.getTime() - 355 * DAY),
    notAfter: new Date(NOW.getTime() + 10 * DAY),
  });
  dir = writeFixtureDir(
    { 'certs/ca.pem': ca.pem, 'certs/expiring.pem': expiring.pem, 'certs/expiring-key.pem': expiring.keyPem },
    { prefix: 'nats-tls-comment-edit-', mode: privateKeys },
  );
});
after(() => dir.cleanup());

function open(file: string, text: string, languageId?: string): ConfigDoc {
  const doc = openDocument(file, text, { ctx, ...(languageId ? { languageId } : {}) });
  assert.ok(doc, `${file} is a config`);
  return doc;
}

function setup(): { project: Project; host: EngineHost; settings: EngineSettings; setNow(d: Date): void } {
  let now = NOW;
  const cache = new PemCache();
  const host: EngineHost = {
    fs: nodeFs,
    clock: { now: () => new Date(now) },
    loadPem: (p, st) => loadPemFile(p, nodeFs, cache, st),
    platform: 'linux',
    forget: (p) => cache.delete(p),
  };
  const settings: EngineSettings = { ...DEFAULT_SETTINGS, roots: [dir.dir] };
  return { project: new Project(host, () => settings), host, settings, setNow: (d) => (now = d) };
}

/** The document's findings checked from scratch: a new project, no earlier version, nothing cached. */
function uncached(doc: ConfigDoc, host: EngineHost, settings: EngineSettings): Finding[] {
  const fresh = new Project(host, () => settings);
  fresh.set(doc);
  return fresh.findings(doc.file);
}

describe('comment-only edits', () => {
  // `before` → `after`: whether the edit lies inside one comment (and where it starts).
  const cases: [string, string, string, { line: number; character: number } | undefined][] = [
    ['a letter in a # comment', 'port: 4222 # the port\n', 'port: 4222 # the Port\n', { line: 0, character: 17 }],
    ['typed at the end of a comment', 'port: 4222\n# end', 'port: 4222\n# end.', { line: 1, character: 5 }],
    ['a letter in a // comment', '// top\nport: 4222\n', '// tip\nport: 4222\n', { line: 0, character: 4 }],
    ['text deleted from a comment', '# a long comment\nport: 4222\n', '# a comment\nport: 4222\n', { line: 0, character: 4 }],
    ['the # itself', 'port: 4222\n# x\n', 'port: 4222\n; x\n', undefined],
    ['a # typed before a value', 'port: 4222\n', 'port: #4222\n', undefined],
    ['the second / of //', '// top\nport: 4222\n', '/x top\nport: 4222\n', undefined],
    ['a line break in a comment', '# a b\nport: 4222\n', '# a\nb\nport: 4222\n', undefined],
    ['a carriage return in a comment', '# a b\nport: 4222\n', '# a\rb\nport: 4222\n', undefined],
    ['a NUL in a comment (it ends the comment)', '# a b\nport: 4222\n', '# a\0b\nport: 4222\n', undefined],
    ['a # inside a string', 'name: "a#b"\n', 'name: "a#c"\n', undefined],
    ['a value', 'port: 4222 # p\n', 'port: 4223 # p\n', undefined],
    ['whitespace outside a comment', 'port: 4222 # p\n', 'port:  4222 # p\n', undefined],
    ['from a comment into the next line', '# ab\nport: 4222\n', '# ac\nport: 4223\n', undefined],
  ];
  for (const [name, a, b, want] of cases)
    test(name, () => {
      assert.deepEqual(commentOnlyEdit(open('/x/a.conf', a), open('/x/a.conf', b)), want);
    });

  test('a long text: the edit is found wherever it lies, also across the compare’s 1 KiB chunks', () => {
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) lines.push(i % 2 ? `# comment number ${i} of the long text` : `key_${i}: ${i}`);
    const text = `${lines.join('\n')}\n`;
    const a = open('/x/long.conf', text);
    let found = 0;
    for (const at of [1023, 1024, 1025, 2047, 2048, 4096, 8191, text.length - 2, text.length - 1]) {
      const inComment = /#[^\n]*$/.test(text.slice(text.lastIndexOf('\n', at - 1) + 1, at));
      const b = open('/x/long.conf', `${text.slice(0, at)}Z${text.slice(at)}`);
      const want = inComment ? a.src.lines.position(at) : undefined;
      assert.deepEqual(commentOnlyEdit(a, b), want, `insertion at ${at}`);
      const c = open('/x/long.conf', `${text.slice(0, at)}${text.slice(at + 1)}`);
      if (inComment && text[at] !== '\n') assert.deepEqual(commentOnlyEdit(a, c), want, `deletion at ${at}`);
      if (want) found++;
    }
    assert.ok(found >= 4, `edits inside comments among them (${found})`);
  });

  test('an edit spliced into a comment is known as one without comparing texts, and agrees with the comparison', () => {
    const text = 'port: 4222 # the port\ntls { cert_file: "a.pem" } # tls\n';
    const next = 'port: 4222 # the Port\ntls { cert_file: "a.pem" } # tls\n';
    const compared = commentOnlyEdit(open('/x/s.conf', text), open('/x/s.conf', next));
    const before = open('/x/s.conf', text);
    const comments = spliceCounts.comment;
    const after = reopenDocument(before, next, { start: 17, end: 18, length: 1 }, { ctx });
    assert.equal(spliceCounts.comment, comments + 1, 'spliced as a comment edit');
    assert.equal(spliceOf(after!.conf!)?.from, before.conf, 'the splice says which parse it came from');
    assert.deepEqual(commentOnlyEdit(before, after!), compared);
    assert.deepEqual(compared, { line: 0, character: 17 });
  });

  test('a YAML client config is not read this way (its comments are not the conf parser’s)', () => {
    const a = open('/x/c.yaml', 'servers: ["tls://a:4222"] # x\ntls:\n  ca_file: ca.pem\n');
    const b = open('/x/c.yaml', 'servers: ["tls://a:4222"] # y\ntls:\n  ca_file: ca.pem\n');
    assert.equal(commentOnlyEdit(a, b), undefined);
  });

  const CONFIG = `# A node
listen: 127.0.0.1:4222 # clients
tls {
  cert_file: "certs/expiring.pem" // the leaf
  key_file: "certs/expiring-key.pem"
  ca_file: "certs/ca.pem"
  timeout: "1x"   # a bad value
}
server_nme: x # a typo
accounts { A: { users: [ { user: a, password: "p#1" } ] } }
# the end
`;

  test('a keystroke in a comment keeps every finding, checks nothing, and equals a check from scratch', () => {
    const s = setup();
    const file = dir.path('kept.conf');
    s.project.set(open(file, CONFIG));
    const first = s.project.findings(file);
    assert.deepEqual(first.map((f) => f.code).sort(), ['ca-file-unused', 'cert-expiring', 'invalid-value', 'unknown-field']);
    s.project.takeChanged();
    const { analysed } = s.project.blocks;
    const checked = s.project.visits.analysed + s.project.visits.reused;
    let text = CONFIG;
    for (const [comment, ch] of [
      ['# the end', '!'],
      ['// the leaf', '?'],
      ['# a typo', '.'],
    ] as const) {
      text = text.replace(comment, `${comment}${ch}`);
      s.project.set(open(file, text));
      assert.deepEqual(s.project.takeChanged(), [], 'no findings changed');
      assert.deepEqual(s.project.findings(file), uncached(open(file, text), s.host, s.settings));
    }
    assert.equal(s.project.counters.commentEdits, 3);
    assert.equal(s.project.blocks.analysed, analysed, 'no TLS block checked');
    assert.equal(s.project.visits.analysed + s.project.visits.reused, checked, 'no option check ran');
    // Requests read the new text: the model is rebuilt from it.
    assert.equal(s.project.model(file)!.doc.src.text, text);
  });

  test('a finding that ends at the end of the file, on the comment’s line, is checked again', () => {
    const s = setup();
    const file = dir.path('eof.conf');
    const text = 'port: 4222\ntls { cert_file: "a.pem" # unclosed';
    s.project.set(open(file, text));
    const first = s.project.findings(file);
    assert.ok(first.some((f) => f.range.end.line === 1));
    const next = `${text}!`;
    s.project.set(open(file, next));
    assert.deepEqual(s.project.findings(file), uncached(open(file, next), s.host, s.settings));
    assert.equal(s.project.counters.commentEdits, 0);
  });

  test('the clock passing a certificate date, or a file changing on disk unannounced, is seen on the next keystroke', () => {
    const s = setup();
    const file = dir.path('fresh.conf');
    let text = `${CONFIG}operator: "op.jwt"\n`;
    s.project.set(open(file, text));
    assert.match(s.project.findings(file).find((f) => f.code === 'cert-expiring')!.message, /in 10 days/);
    assert.ok(s.project.findings(file).some((f) => f.code === 'file-not-found'));
    // An hour later "in 10 days" reads "in 9 days": checked again.
    s.setNow(new Date(NOW.getTime() + 3_600_000));
    text = text.replace('# the end', '# the end1');
    s.project.set(open(file, text));
    assert.equal(s.project.counters.commentEdits, 0);
    assert.match(s.project.findings(file).find((f) => f.code === 'cert-expiring')!.message, /in 9 days/);
    // Within that day: kept.
    s.setNow(new Date(NOW.getTime() + 7_200_000));
    text = text.replace('# the end1', '# the end2');
    s.project.set(open(file, text));
    assert.equal(s.project.counters.commentEdits, 1);
    // The operator JWT appears (no notification): checked again.
    dir.write('op.jwt', 'not a jwt, but a file\n');
    text = text.replace('# the end2', '# the end3');
    s.project.set(open(file, text));
    assert.equal(s.project.counters.commentEdits, 1);
    const findings = s.project.findings(file);
    assert.ok(!findings.some((f) => f.code === 'file-not-found'));
    assert.deepEqual(findings, uncached(open(file, text), s.host, s.settings));
    // Nothing changed since: kept again.
    text = text.replace('# the end3', '# the end4');
    s.project.set(open(file, text));
    assert.equal(s.project.counters.commentEdits, 2);
  });

  test('fileChanged() after a kept comment edit still finds the documents naming the file', () => {
    const s = setup();
    const file = dir.path('watched.conf');
    s.project.set(open(file, CONFIG));
    s.project.findings(file);
    s.project.set(open(file, CONFIG.replace('# the end', '# the end!')));
    assert.equal(s.project.counters.commentEdits, 1);
    s.project.takeChanged();
    assert.equal(s.project.fileChanged(dir.path('certs/expiring.pem')), true);
    assert.deepEqual(s.project.takeChanged(), [file]);
  });

  test('kept and fresh findings agree over 300 fixed-seed edits, most of them in comments', () => {
    const s = setup();
    const file = dir.path('fuzzed.conf');
    const r = rng(20261207);
    const pieces = ['x', '#', '/', '\n', ' ', '"', '}', 'é', 'a b', ''];
    let text = CONFIG;
    for (let i = 0; i < 300; i++) {
      // Aim at a comment three times in four (after a marker), anywhere otherwise.
      const marks = [...text.matchAll(/#|\/\//g)].map((m) => m.index + m[0].length);
      const aim = r() < 0.75 && marks.length > 0;
      const base = aim ? marks[Math.floor(r() * marks.length)]! : 0;
      const at = Math.min(text.length, aim ? base + Math.floor(r() * 6) : Math.floor(r() * (text.length + 1)));
      const del = r() < 0.4 ? Math.floor(r() * 3) : 0;
      const ins = pieces[Math.floor(r() * pieces.length)]!;
      text = text.slice(0, at) + ins + text.slice(at + del);
      s.project.set(open(file, text));
      assert.deepEqual(s.project.findings(file), uncached(open(file, text), s.host, s.settings), `after edit ${i + 1}:\n${text}`);
    }
    assert.ok(s.project.counters.commentEdits > 50, `comment edits kept findings (${s.project.counters.commentEdits})`);
  });
});
