// Data-driven test fixtures: text with inline markers, and multi-file fixtures on disk.
//
// Inline markers (stripped from the text; positions are 0-based LSP line/character in UTF-16 units,
// where only "\n" ends a line, as in nats-server and LSP):
//   ⟦ … ⟧   a range; several are allowed and may nest; `ranges` lists them in the order they open
//   ⟦⟧      an empty range (a position)
//   $0      the cursor (at most one). Pass { cursor: false } when "$0" is real text.
//
// Multi-file fixtures: sections introduced by a line `//- /path/to/file`; everything up to the next
// such line is that file's text (markers allowed in each file; the line break before the next header
// belongs to the header, so only the last file ends with the spec's final new line):
//   //- /nats.conf
//   include "tls.conf"
//   //- /tls.conf
//   tls { cert_file: ⟦"missing.pem"⟧ }
// `materialize` writes them into a fresh temporary folder (`/` is that folder) and `cleanup` removes it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position, Range } from '../../server/src/core/types';

const RANGE_OPEN = '⟦';
const RANGE_CLOSE = '⟧';
const CURSOR = '$0';

export type { Position, Range };

export interface Span {
  start: number;
  end: number;
}

export interface Fixture {
  /** The text with every marker removed. */
  text: string;
  /** Each ⟦…⟧, in the order the ranges open. */
  ranges: Range[];
  /** The same ranges as UTF-16 offsets into `text`. */
  spans: Span[];
  cursor: Position | undefined;
  cursorOffset: number | undefined;
  /** The i-th range; throws (a broken test) when there is none. */
  range(i?: number): Range;
}

export interface FixtureOptions {
  /** Recognise `$0` as the cursor (default true). */
  cursor?: boolean;
}

/** Strips the markers from `marked` and returns the text with the ranges and cursor they stood for. */
export function fixture(marked: string, opts: FixtureOptions = {}): Fixture {
  const useCursor = opts.cursor !== false;
  let text = '';
  const open: number[] = [];
  const spans: (Span | undefined)[] = [];
  const openIndex: number[] = [];
  let cursorOffset: number | undefined;
  let i = 0;
  while (i < marked.length) {
    if (marked.startsWith(RANGE_OPEN, i)) {
      open.push(text.length);
      openIndex.push(spans.length);
      spans.push(undefined);
      i += RANGE_OPEN.length;
    } else if (marked.startsWith(RANGE_CLOSE, i)) {
      const start = open.pop();
      const at = openIndex.pop();
      if (start === undefined || at === undefined)
        throw new Error(`fixture: "${RANGE_CLOSE}" without "${RANGE_OPEN}" at offset ${i} in ${JSON.stringify(marked)}`);
      spans[at] = { start, end: text.length };
      i += RANGE_CLOSE.length;
    } else if (useCursor && marked.startsWith(CURSOR, i)) {
      if (cursorOffset !== undefined) throw new Error(`fixture: more than one cursor "${CURSOR}" in ${JSON.stringify(marked)}`);
      cursorOffset = text.length;
      i += CURSOR.length;
    } else {
      text += marked[i];
      i++;
    }
  }
  if (open.length) throw new Error(`fixture: "${RANGE_OPEN}" without "${RANGE_CLOSE}" in ${JSON.stringify(marked)}`);
  const done = spans as Span[];
  const ranges = done.map((s) => ({ start: positionAt(text, s.start), end: positionAt(text, s.end) }));
  return {
    text,
    ranges,
    spans: done,
    cursor: cursorOffset === undefined ? undefined : positionAt(text, cursorOffset),
    cursorOffset,
    range(k = 0) {
      const r = ranges[k];
      if (!r) throw new Error(`fixture: no range #${k} in ${JSON.stringify(marked)} (it has ${ranges.length})`);
      return r;
    },
  };
}

/** LSP position of a UTF-16 offset (only "\n" ends a line). Offsets past the end clamp to it. */
export function positionAt(text: string, offset: number): Position {
  const o = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < o; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: o - lineStart };
}

/** UTF-16 offset of an LSP position (clamped to its line, as LSP does). */
export function offsetAt(text: string, pos: Position): number {
  let lineStart = 0;
  for (let l = 0; l < pos.line; l++) {
    const nl = text.indexOf('\n', lineStart);
    if (nl === -1) return text.length;
    lineStart = nl + 1;
  }
  const nl = text.indexOf('\n', lineStart);
  const lineEnd = nl === -1 ? text.length : nl;
  return Math.min(lineStart + Math.max(0, pos.character), lineEnd);
}

/** The text a range covers. */
export function textOf(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** Shows a range as `line:char-line:char`, for readable assertion messages. */
export function showRange(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** True when `inner` lies within `outer` (ends inclusive). */
export function rangeContains(outer: Range, inner: Range): boolean {
  const le = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

const HEADER = /^\/\/- (\/\S*)[ \t]*$/;

export interface FixtureFile {
  /** The path as written in the header, e.g. "/conf/nats.conf". */
  path: string;
  fixture: Fixture;
}

/** Splits a multi-file fixture into its files. Text before the first header must be blank. */
export function parseFiles(spec: string, opts: FixtureOptions = {}): FixtureFile[] {
  const out: FixtureFile[] = [];
  const lines = spec.split('\n');
  let current: { path: string; lines: string[] } | undefined;
  const flush = (): void => {
    if (current) out.push({ path: current.path, fixture: fixture(current.lines.join('\n'), opts) });
  };
  for (const line of lines) {
    const m = HEADER.exec(line);
    if (m) {
      flush();
      if (out.some((f) => f.path === m[1])) throw new Error(`fixture: ${m[1]} appears twice`);
      current = { path: m[1]!, lines: [] };
      continue;
    }
    if (!current) {
      if (line.trim() !== '') throw new Error(`fixture: text before the first "//- /file" header: ${JSON.stringify(line)}`);
      continue;
    }
    current.lines.push(line);
  }
  flush();
  if (out.length === 0) throw new Error('fixture: no "//- /file" sections');
  return out;
}

export interface Workspace {
  /** The temporary folder standing for "/". */
  dir: string;
  /** Fixture path ("/a/nats.conf") → absolute path on disk. */
  path(p: string): string;
  uri(p: string): string;
  /** The parsed fixture (text without markers, ranges, cursor) of one file. */
  file(p: string): Fixture;
  files: FixtureFile[];
  /** Removes the folder. Safe to call twice. */
  cleanup(): void;
}

/**
 * Writes a multi-file fixture (a `//- /file` spec, or a map from path to marked text) into a new
 * temporary folder. Call `cleanup` when done (or use `withWorkspace`).
 */
export function materialize(spec: string | Record<string, string>, opts: FixtureOptions = {}): Workspace {
  const files: FixtureFile[] =
    typeof spec === 'string'
      ? parseFiles(spec, opts)
      : Object.entries(spec).map(([p, text]) => ({ path: p.startsWith('/') ? p : `/${p}`, fixture: fixture(text, opts) }));
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-fixture-')));
  const abs = (p: string): string => {
    const rel = p.replace(/^\/+/, '');
    const out = path.resolve(dir, rel);
    if (out !== dir && !out.startsWith(dir + path.sep)) throw new Error(`fixture: ${p} escapes the fixture folder`);
    return out;
  };
  try {
    for (const f of files) {
      const target = abs(f.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.fixture.text);
    }
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const byPath = new Map(files.map((f) => [f.path, f.fixture]));
  return {
    dir,
    path: abs,
    uri: (p) => pathToFileURL(abs(p)).href,
    file(p) {
      const f = byPath.get(p.startsWith('/') ? p : `/${p}`);
      if (!f) throw new Error(`fixture: no file ${p} (have ${[...byPath.keys()].join(', ')})`);
      return f;
    },
    files,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Materializes `spec`, runs `fn`, and always removes the folder afterwards. */
export async function withWorkspace<T>(
  spec: string | Record<string, string>,
  fn: (ws: Workspace) => T | Promise<T>,
  opts: FixtureOptions = {},
): Promise<T> {
  const ws = materialize(spec, opts);
  try {
    return await fn(ws);
  } finally {
    ws.cleanup();
  }
}

/** Removes the common leading indentation of a template literal and its first and last blank lines. */
export function dedent(text: string): string {
  const lines = text
    .replace(/^[ \t]*\n/, '')
    .replace(/\n[ \t]*$/, '')
    .split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}
