// Parser-level test harness: parse a nats-server config the way the engine does (document, variables,
// includes) and return the findings owned by the parser work, plus helpers to read values out of the tree.
// Only the checks these tests are about run (unit-trap, byte-order-mark), so findings from other checks
// (TLS files, certificates …) never leak into parser assertions.
import * as assert from 'node:assert/strict';
import { checkByteOrderMark } from '../../server/src/core/checks/byte-order-mark';
import { checkUnitTraps } from '../../server/src/core/checks/unit-trap';
import type { MapNode, ValueNode } from '../../server/src/core/conf/ast';
import { toFinding } from '../../server/src/core/conf/issue';
import type { Dialect } from '../../server/src/core/conf/parser';
import { deref } from '../../server/src/core/conf/resolve';
import { openDocument, type ConfigDoc } from '../../server/src/core/document';
import type { Finding } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { fixture, rangeContains, showRange, type Fixture, type Range } from './fixture';

/** Codes that mean nats-server's parser stops (the config does not load). */
export const SYNTAX_CODES: readonly string[] = [
  'syntax-error',
  'yaml-style-block',
  'unquoted-dot-value',
  'undefined-variable',
  'include-not-found',
  'include-cycle',
];
/** Every code the parser work owns. */
export const OWNED_CODES: readonly string[] = [...SYNTAX_CODES, 'unit-trap', 'empty-config', 'byte-order-mark', 'key-without-value'];
export const DIALECTS: readonly Dialect[] = ['latest', '2.9.10'];

/** How the engine reads a config for the latest release, with no environment. */
export const LATEST_CTX = { env: {}, fs: nodeFs, dialect: 'latest' as const };

/** The engine's document for `text` at `file` (latest release, no environment); it must be a config. */
export function openConf(file: string, text: string): ConfigDoc {
  const doc = openDocument(file, text, { ctx: LATEST_CTX });
  assert.ok(doc, `${file} is a config`);
  return doc;
}

/** A file in a folder that does not exist: includes from it are never found. */
export const NOWHERE = '/nats-tls-test-nowhere/nats.conf';

export interface ConfOptions {
  file?: string;
  env?: Record<string, string | undefined>;
  dialect?: Dialect;
  languageId?: string;
}

export interface ConfResult {
  doc: ConfigDoc;
  root: MapNode;
  /** Findings with an owned code, sorted by position. */
  findings: Finding[];
  /** Findings that stop nats-server's parser (syntax codes at severity error). */
  errors: Finding[];
}

export function parse(text: string, opts: ConfOptions = {}): ConfResult {
  const file = opts.file ?? NOWHERE;
  const doc = openDocument(file, text, {
    languageId: opts.languageId ?? 'nats',
    ctx: { env: opts.env ?? {}, fs: nodeFs, dialect: opts.dialect ?? 'latest' },
  });
  assert.ok(doc, `openDocument returned nothing for ${file}`);
  const issues = [...doc.issues, ...checkUnitTraps(doc), ...checkByteOrderMark(doc)];
  const findings = issues
    .map(toFinding)
    .filter((f) => OWNED_CODES.includes(f.code))
    .sort(
      (a, b) =>
        a.file.localeCompare(b.file) ||
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character ||
        a.code.localeCompare(b.code),
    );
  return { doc, root: doc.root, findings, errors: findings.filter((f) => f.severity === 'error' && SYNTAX_CODES.includes(f.code)) };
}

export function show(findings: Finding[]): string {
  return findings.map((f) => `${f.code}/${f.severity}@${showRange(f.range)} ${f.message}`).join('\n') || '(none)';
}

/** Asserts the config parses: no finding that would stop nats-server's parser. */
export function assertAccepts(r: ConfResult, what = ''): void {
  assert.equal(r.errors.length, 0, `expected nats-server to accept ${what}, but we report:\n${show(r.errors)}`);
}

export interface ExpectedFinding {
  code: string;
  severity?: Finding['severity'];
  /** Text the message must contain (nats-server's reason). */
  reason?: string;
}

/**
 * Asserts that the findings of `r` (owned codes only; `only` narrows further) are exactly `expected`,
 * each at the corresponding ⟦range⟧ of `fx` (in order of position).
 */
export function assertFindings(
  r: ConfResult,
  fx: Fixture,
  expected: (ExpectedFinding | string)[],
  opts: { only?: readonly string[]; file?: string } = {},
): void {
  const file = opts.file ?? r.doc.file;
  const got = r.findings.filter((f) => f.file === file && (!opts.only || opts.only.includes(f.code)));
  const want = expected.map((e) => (typeof e === 'string' ? { code: e } : e));
  const context = `in ${JSON.stringify(fx.text)}\nwe report:\n${show(r.findings)}`;
  assert.equal(got.length, want.length, `expected ${want.length} finding(s) (${want.map((w) => w.code).join(', ')}) ${context}`);
  assert.equal(fx.ranges.length, want.length, `test bug: ${want.length} expected findings but ${fx.ranges.length} ⟦ranges⟧ in the fixture`);
  const ranges = [...fx.ranges].sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
  want.forEach((w, i) => {
    const f = got[i]!;
    assert.equal(f.code, w.code, `finding #${i} ${context}`);
    assert.equal(showRange(f.range), showRange(ranges[i]!), `range of ${w.code} ${context}`);
    if (w.severity) assert.equal(f.severity, w.severity, `severity of ${w.code} ${context}`);
    if (w.reason) assert.ok(f.message.includes(w.reason), `message of ${w.code} should contain ${JSON.stringify(w.reason)}: ${f.message}`);
  });
}

/** Parses a marked fixture and asserts its findings in one go; returns the result for further checks. */
export function expectFindings(
  marked: string,
  expected: (ExpectedFinding | string)[],
  opts: ConfOptions & { only?: readonly string[] } = {},
): ConfResult {
  const fx = fixture(marked, { cursor: false });
  const r = parse(fx.text, opts);
  assertFindings(r, fx, expected, opts.only ? { only: opts.only } : {});
  return r;
}

/** Every finding's range lies inside the document. */
export function assertRangesInside(r: ConfResult, text: string): void {
  const lines = text.split('\n');
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1]!.length } };
  for (const f of r.doc.issues.map(toFinding)) {
    if (f.file !== r.doc.file) continue;
    assert.ok(rangeContains(whole, f.range), `${f.code} at ${showRange(f.range)} lies outside the document (${showRange(whole)})`);
    const { start, end } = f.range;
    assert.ok(
      start.line < end.line || (start.line === end.line && start.character <= end.character),
      `${f.code} range ${showRange(f.range)} ends before it starts`,
    );
    assert.ok(
      start.character <= lines[start.line]!.length && end.character <= lines[end.line]!.length,
      `${f.code} range ${showRange(f.range)} runs past its line`,
    );
  }
}

// ------------------------------------------------------------------ values

/** What nats-server would store for a node, as plain JS (maps: last key wins; variables followed). */
export function plain(node: ValueNode | undefined): unknown {
  const n = deref(node);
  if (!n) return undefined;
  switch (n.kind) {
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of n.entries) {
        if (e.kind === 'include') {
          if (e.target) Object.assign(out, plain(e.target.root));
        } else if (e.value && !e.misfiled) {
          const v = plain(e.value);
          if (v !== undefined) out[e.key] = v; // an integer with an unknown suffix sets nothing
        }
      }
      for (const m of n.misfiled ?? []) out[m.key] = plain(m.value);
      return out;
    }
    case 'array':
      return n.items.map((i) => plain(i));
    case 'variable':
      return n.resolved?.from === 'bcrypt' ? n.resolved.value : undefined;
    case 'integer':
      return Number.isNaN(n.value) ? undefined : n.value;
    default:
      return n.value;
  }
}

/**
 * The value node at a dotted path (`tls.cert_file`, `users.0.user`), following variables and includes
 * as nats-server merges them (the last assignment wins). A root key containing dots can be given whole.
 */
export function nodeAt(root: MapNode, dotted: string): ValueNode | undefined {
  const whole = lookup(root, dotted);
  if (whole) return deref(whole);
  let cur: ValueNode | undefined = root;
  for (const part of dotted.split('.')) {
    cur = deref(cur);
    if (!cur) return undefined;
    if (cur.kind === 'array') cur = cur.items[Number(part)];
    else if (cur.kind === 'map') cur = lookup(cur, part);
    else return undefined;
  }
  return deref(cur);
}

/** The value stored under `key` in a map: entries and includes in order, then values filed under another key. */
function lookup(map: MapNode, key: string): ValueNode | undefined {
  let found: { node: ValueNode; at: number } | undefined;
  for (const e of map.entries) {
    if (e.kind === 'include') {
      const v = e.target ? lookup(e.target.root, key) : undefined;
      if (v) found = { node: v, at: e.end };
    } else if (e.key === key && e.value && !e.misfiled && !(e.value.kind === 'integer' && Number.isNaN(e.value.value))) {
      found = { node: e.value, at: e.end };
    }
  }
  for (const m of map.misfiled ?? []) if (m.key === key && (!found || m.at >= found.at)) found = { node: m.value, at: m.at };
  return found?.node;
}

export function valueAt(root: MapNode, dotted: string): unknown {
  return plain(nodeAt(root, dotted));
}
