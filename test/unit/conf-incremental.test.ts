// Incremental reparse (conf/incremental.ts) against a full parse: for many random edits (fixed seeds) on
// generated configs, on the large bench configs and on the shared corpus, the document reopened after the edit
// must equal the document parsed from scratch in every field ConfigDoc and ParsedConf expose (the tree with its
// offsets, sources and parents, issues, comments, variables, includes, suffixed integers, the text). Chains of
// edits are spliced onto spliced results. The splice counts show the fast paths were taken, not only the
// fallback.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AnyNode, MapNode } from '../../server/src/core/conf/ast';
import { spliceCounts, type TextEdit } from '../../server/src/core/conf/incremental';
import type { ParsedConf } from '../../server/src/core/conf/parser';
import { openDocument, reopenDocument, type ConfigDoc, type OpenOptions } from '../../server/src/core/document';
import { EditLog } from '../../server/src/lsp/edit-log';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { blocksConfig, flatConfig } from '../../scripts/bench/large';
import { corpusConfigs } from '../fuzz/differential';
import { rng } from '../fuzz/mutate';
import { corpusTool, optional } from '../helpers/tools';

const OPTS: OpenOptions = { languageId: 'nats', ctx: { env: { HOME: '/home/x' }, fs: undefined, dialect: 'latest' } };
const FILE = '/tmp/inc/nats.conf';

/** Every field of a node that a full parse sets, and its children, as plain data; checks src and parent links. */
function dumpNode(n: AnyNode | undefined, conf: ParsedConf, parent: unknown, path: string): unknown {
  if (!n) return undefined;
  assert.equal(n.src, conf.src, `${path}: node's source is the document's`);
  assert.equal(n.parent, parent, `${path}: parent link`);
  const base = { kind: n.kind, start: n.start, end: n.end };
  switch (n.kind) {
    case 'map':
      return {
        ...base,
        close: n.close,
        style: n.style,
        misfiled: n.misfiled?.map((m) => ({ key: m.key, at: m.at, value: m.value.start })),
        entries: n.entries.map((e, i) => dumpNode(e, conf, n, `${path}.${i}`)),
      };
    case 'array':
      return { ...base, close: n.close, items: n.items.map((v, i) => dumpNode(v, conf, n, `${path}[${i}]`)) };
    case 'entry':
      return {
        ...base,
        key: n.key,
        keyEnd: n.keyEnd,
        keyQuoted: n.keyQuoted,
        misfiled: n.misfiled,
        value: dumpNode(n.value, conf, n, `${path}.${n.key}`),
      };
    case 'include':
      return { ...base, path: n.path, pathStart: n.pathStart, pathEnd: n.pathEnd, target: n.target?.file };
    case 'string':
      return { ...base, value: n.value, style: n.style, inner: [n.innerStart, n.innerEnd] };
    case 'integer':
    case 'float':
      return { ...base, value: n.value, suffix: n.suffix, raw: n.raw };
    case 'bool':
      return { ...base, value: n.value, raw: n.raw };
    case 'datetime':
      return { ...base, value: n.value };
    case 'variable':
      return { ...base, name: n.name, resolved: n.resolved?.from };
  }
}

function dumpConf(c: ParsedConf): unknown {
  return {
    text: c.src.text,
    file: c.src.file,
    template: c.src.template,
    origin: c.src.origin,
    root: dumpNode(c.root, c, undefined, 'root'),
    issues: c.issues.map((i) => ({ ...i, node: i.node?.start })),
    comments: c.comments,
    variables: c.variables.map((v) => [v.start, v.name]),
    includes: c.includes.map((v) => [v.start, v.path]),
    suffixed: c.suffixed.map((v) => [v.start, v.raw]),
  };
}

function dumpDoc(d: ConfigDoc | undefined): unknown {
  if (!d) return undefined;
  assert.equal(d.root, d.conf?.root ?? d.root);
  assert.equal(d.src, d.conf?.src ?? d.src);
  return {
    file: d.file,
    format: d.format,
    role: d.role,
    issues: d.issues.map((i) => ({ ...i, src: i.src.file, related: i.related?.map((r) => ({ ...r, src: r.src.file })) })),
    includedFiles: d.includedFiles,
    conf: d.conf && dumpConf(d.conf),
  };
}

/** Characters edits insert: structure, quotes, comments, escapes, variables, template openers, line breaks. */
const PIECES = [
  'a',
  'b',
  'x1',
  '7',
  '0',
  ' ',
  ' ',
  '\t',
  '\n',
  '\r\n',
  ':',
  '=',
  ',',
  ';',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  '//',
  '/',
  '\\',
  '$',
  '$a',
  '(',
  ')',
  '{{',
  '<%',
  '.',
  '-',
  'k',
  'M',
  'true',
  'include x',
  '\0',
];

/** A random edit of `text`: mostly small ones (a keystroke, a deletion), sometimes a pasted piece. */
function randomEdit(r: () => number, text: string): { edit: TextEdit; next: string } {
  const start = Math.floor(r() * (text.length + 1));
  const del = r() < 0.5 ? 0 : Math.min(text.length - start, Math.floor(r() * (r() < 0.8 ? 3 : 40)));
  let ins = '';
  const n = r() < 0.3 ? 0 : 1 + Math.floor(r() * (r() < 0.8 ? 1 : 4));
  for (let i = 0; i < n; i++) ins += PIECES[Math.floor(r() * PIECES.length)]!;
  // Sometimes a plain letter: the edits of everyday typing, inside values and comments.
  if (r() < 0.4) ins = 'abcxyz0189 '[Math.floor(r() * 11)]!;
  const end = start + del;
  return { edit: { start, end, length: ins.length }, next: text.slice(0, start) + ins + text.slice(end) };
}

/** A random valid-looking config: nested maps and arrays, every scalar kind, comments of both kinds. */
function randomConfig(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const scalar = (): string =>
    pick([
      () => `"s${Math.floor(r() * 100)} x"`,
      () => `'q${Math.floor(r() * 9)}'`,
      () => `bare${Math.floor(r() * 9)}`,
      () => String(Math.floor(r() * 5000)),
      () => `${Math.floor(r() * 64)}${pick(['k', 'MB', 'GiB', 'kb'])}`,
      () => `${Math.floor(r() * 9)}.${Math.floor(r() * 9)}`,
      () => pick(['true', 'false', 'yes', 'off']),
      () => '2024-01-02T03:04:05Z',
      () => '"esc\\t\\"q\\""',
      () => '127.0.0.1:4222',
      () => '"tls://h:7422"',
    ])();
  const value = (depth: number, indent: string): string => {
    const x = r();
    if (depth < 4 && x < 0.2) return map(depth + 1, indent + '  ');
    if (depth < 4 && x < 0.35) {
      const items: string[] = [];
      for (let i = Math.floor(r() * 4); i > 0; i--) items.push(r() < 0.3 ? map(depth + 1, indent + '  ') : scalar());
      return r() < 0.5 ? `[ ${items.join(', ')} ]` : `[\n${items.map((i) => indent + '  ' + i).join('\n')}\n${indent}]`;
    }
    return scalar();
  };
  const entries = (depth: number, indent: string, n: number): string[] => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      if (r() < 0.15) out.push(`${indent}${pick(['#', '//', '# '])} note ${i} { [ "`);
      const key = pick(['port', 'tls', 'cert_file', 'users', 'a', 'b_c', '"quoted key"', 'remotes', 'x']);
      const sep = pick([': ', ' = ', ' ', ':']);
      const v = value(depth, indent);
      out.push(`${indent}${key}${v.startsWith('{') && r() < 0.5 ? ' ' : sep}${v}${r() < 0.1 ? ' # trailing' : ''}${r() < 0.1 ? ',' : ''}`);
    }
    return out;
  };
  const map = (depth: number, indent: string): string => {
    const es = entries(depth, indent, Math.floor(r() * 5));
    return r() < 0.3
      ? `{ ${es
          .map((e) => e.trim())
          .filter((e) => !/^(#|\/\/)/.test(e))
          .join(', ')} }`
      : `{\n${es.join('\n')}\n${indent.slice(2)}}`;
  };
  const lines = entries(0, '', 2 + Math.floor(r() * 8));
  if (r() < 0.5) lines.unshift('# header comment');
  if (r() < 0.05) lines.push('b: $a');
  return lines.join('\n') + (r() < 0.8 ? '\n' : '');
}

/**
 * Applies `edits` random edits in a chain, checking each spliced document against a full parse. Once an edit has
 * broken the syntax (nothing more is spliced then), the chain goes on from the original text, parsed again.
 */
function chain(r: () => number, text: string, edits: number, label: string): void {
  let doc = openDocument(FILE, text, OPTS);
  let cur = text;
  for (let k = 0; k < edits; k++) {
    if (doc && doc.issues.length > 0 && r() < 0.8) {
      doc = openDocument(FILE, text, OPTS);
      cur = text;
    }
    const { edit, next } = randomEdit(r, cur);
    const full = openDocument(FILE, next, OPTS);
    const spliced = doc ? reopenDocument(doc, next, edit, OPTS) : openDocument(FILE, next, OPTS);
    assert.deepEqual(
      dumpDoc(spliced),
      dumpDoc(full),
      `${label}, edit ${k}: ${JSON.stringify({ ...edit, text: next.slice(edit.start, edit.start + edit.length) })}`,
    );
    doc = spliced;
    cur = next;
  }
}

describe('incremental reparse equals a full parse', () => {
  test('random edits on generated configs (fixed seed)', () => {
    const before = { ...spliceCounts };
    const r = rng(4243);
    for (let i = 0; i < 300; i++) chain(r, randomConfig(r), 12, `config ${i}`);
    const comment = spliceCounts.comment - before.comment;
    const container = spliceCounts.container + spliceCounts.run - before.container - before.run;
    const run = spliceCounts.run - before.run;
    // Not only fallbacks: both fast paths carry a good share of the edits.
    assert.ok(comment >= 300, `comment splices: ${comment}`);
    assert.ok(container >= 400, `container splices: ${container}`);
    assert.ok(run >= 100, `splices of a run of children: ${run}`);
    assert.ok(spliceCounts.fallback - before.fallback >= 300, 'edits that change the structure fall back');
  });

  test('keystrokes in the large bench configs, in values and comments', () => {
    const r = rng(99);
    for (const [name, text] of [
      ['blocks', blocksConfig(300)],
      ['flat', flatConfig(60_000)],
    ] as const) {
      const before = spliceCounts.container + spliceCounts.run + spliceCounts.comment;
      chain(r, text, 40, name);
      // Typing in the middle and in the first comment, as the bench does.
      let doc = openDocument(FILE, text, OPTS)!;
      let cur = text;
      const lines = text.split('\n');
      const mid = Math.floor(lines.length / 2);
      const midAt = lines.slice(0, mid).join('\n').length + 1 + lines[mid]!.indexOf('"') + 2;
      for (let k = 0; k < 20; k++) {
        const at = k % 2 ? 2 : midAt;
        // The comment keeps its length, so the offset in the middle stays inside the same string value.
        const edit = { start: at, end: at + 1, length: k % 4 === 2 ? 2 : 1 };
        const next = cur.slice(0, at) + (edit.length === 1 ? 'q' : 'qz') + cur.slice(at + 1);
        const spliced = reopenDocument(doc, next, edit, OPTS)!;
        assert.deepEqual(dumpDoc(spliced), dumpDoc(openDocument(FILE, next, OPTS)), `${name} keystroke ${k}`);
        doc = spliced;
        cur = next;
      }
      assert.ok(spliceCounts.container + spliceCounts.run + spliceCounts.comment - before >= 20, `${name}: keystrokes were spliced`);
    }
  });

  test('a new account pasted, then its name typed, in the middle of a large accounts map', () => {
    const text = flatConfig(60_000);
    const lines = text.split('\n');
    const mid = Math.floor(lines.length / 2);
    const at = lines.slice(0, mid).join('\n').length + 1;
    const pasted = '  B7: { users: [ { user: "b", password: "c" } ] }\n';
    const steps: { edit: TextEdit; text: string }[] = [{ edit: { start: at, end: at, length: pasted.length }, text: pasted }];
    for (const [k, ch] of [...'xyz1'].entries()) steps.push({ edit: { start: at + 4 + k, end: at + 4 + k, length: 1 }, text: ch });
    let doc = openDocument(FILE, text, OPTS)!;
    let cur = text;
    const before = spliceCounts.run;
    for (const { edit, text: t } of steps) {
      const next = cur.slice(0, edit.start) + t + cur.slice(edit.end);
      doc = reopenDocument(doc, next, edit, OPTS)!;
      assert.deepEqual(dumpDoc(doc), dumpDoc(openDocument(FILE, next, OPTS)), `after ${JSON.stringify(t)}`);
      cur = next;
    }
    assert.match(cur, /\n {2}B7xyz1: \{ users/);
    // Each re-read a few accounts, not the whole map: a run of its entries was spliced.
    assert.equal(spliceCounts.run - before, steps.length);
  });

  test('random edits on the corpus configs (fixed seed)', (t) => {
    const corpus = optional(t, corpusTool, 'only generated configs are edited');
    if (!corpus) return;
    const configs = corpusConfigs(corpus, false).filter((c) => c.text.length < 200_000);
    assert.ok(configs.length > 20, `corpus configs: ${configs.length}`);
    const r = rng(7);
    const before = spliceCounts.container + spliceCounts.run + spliceCounts.comment;
    for (const c of configs) chain(r, c.text, 8, c.name);
    assert.ok(spliceCounts.container + spliceCounts.run + spliceCounts.comment - before >= configs.length, 'corpus edits were spliced');
  });

  test('the previous text stays readable, and a splice never crosses documents', () => {
    const text = 'a {\n  b: 1\n}\n# c\n';
    const prev = openDocument(FILE, text, OPTS)!;
    const next = 'a {\n  b: 2\n}\n# c\n';
    const doc = reopenDocument(prev, next, { start: 9, end: 10, length: 1 }, OPTS)!;
    assert.equal(prev.src.text, text);
    assert.equal(doc.src.text, next);
    assert.equal((doc.root.entries[0] as { value: MapNode }).value.entries[0]!.kind, 'entry');
    // An edit that does not describe the texts (wrong length) is parsed in full.
    const wrong = reopenDocument(doc, 'a {\n  b: 22\n}\n# c\n', { start: 9, end: 10, length: 1 }, OPTS)!;
    assert.deepEqual(dumpDoc(wrong), dumpDoc(openDocument(FILE, 'a {\n  b: 22\n}\n# c\n', OPTS)));
  });
});

describe('the language server notes edits as one edit per burst', () => {
  test('merged edits turn the parsed version into the current one (random bursts, fixed seed)', () => {
    const r = rng(12);
    for (let i = 0; i < 200; i++) {
      const log = new EditLog();
      const base = randomConfig(r);
      let doc = TextDocument.create('file:///x.conf', 'nats', 1, base);
      const changes = 1 + Math.floor(r() * 6);
      for (let k = 0; k < changes; k++) {
        const batch = Array.from({ length: 1 + Math.floor(r() * 2) }, () => {
          const text = doc.getText();
          const { edit, next } = randomEdit(r, text);
          return {
            range: { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) },
            text: next.slice(edit.start, edit.start + edit.length),
          };
        });
        doc = log.update(doc, batch, doc.version + 1);
      }
      const edit = log.since(doc.uri, 1, doc.version)!;
      const now = doc.getText();
      assert.equal(base.slice(0, edit.start) + now.slice(edit.start, edit.start + edit.length) + base.slice(edit.end), now, `burst ${i}`);
      log.parsed(doc.uri, doc.version);
      assert.equal(log.since(doc.uri, 1, doc.version), undefined, 'a parsed version starts a new burst');
    }
  });
});
