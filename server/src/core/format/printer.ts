// Lays out a parsed nats-server config by rewriting only the gaps between its tokens. Every key, value,
// include path and comment is kept byte for byte (a value's quoting or escapes can change what it means);
// only indentation, blank lines, spacing and the key/value separator change.
//
// Layout: a map or array written on one line stays on one line (`{ a: 1, b: 2 }`, `[a, b]`); one written on
// several lines gets one indented line per item, except items the user put on one line, which stay
// together. Terminators (`,` `;`) stay where they were written. Comments keep their line; blank lines
// shrink to one. A container whose gaps hold something unusual is kept exactly as written.
import type { ArrayNode, Entry, IncludeNode, MapNode, ValueNode } from '../conf/ast';
import { digitAt, isSpace } from '../conf/chars';
import type { OffsetEdit } from '../edits/text-edit';
import { GapReader } from './gaps';

/** How to write the separator between a key and its value. `preserve`: as each entry has it. */
export type SeparatorStyle = 'preserve' | 'colon' | 'equals' | 'space';

export interface FormatOptions {
  /** One level of indentation: some spaces, or a tab. */
  indent: string;
  separator: SeparatorStyle;
}

/** Deeper containers are kept as written (and the walk stays shallow on hostile input). */
const MAX_DEPTH = 200;

/** put()'s heads besides plain strings: the gap's terminator and trailing comment, or the comment alone. */
const GAP = 1;
const TRAIL = 2;

type Sep = '' | ':' | '=';

/** A layout's edits, packed (see Printer); toEdits() makes them objects. */
export interface PackedEdits {
  offsets: Int32Array;
  ids: Int32Array;
  texts: string[];
}

/** The edits as objects, in document order: call it once the parse they came from can be collected. */
export function toEdits(p: PackedEdits): OffsetEdit[] {
  const out: OffsetEdit[] = [];
  for (let i = 0; i < p.ids.length; i++) out.push({ start: p.offsets[2 * i]!, end: p.offsets[2 * i + 1]!, newText: p.texts[p.ids[i]!]! });
  return out;
}

/** A printer not in use. One is reused for every file (see layOut), as the parser is. */
let spare: Printer | undefined;

/**
 * Lays out a parsed file; undefined when it must stay as written. `finalBreak`: the line break that ends
 * the file (a prefix formatted before a syntax error ends with the one it had).
 *
 * V8 ties the optimised code of the printer's methods to the object they ran on: a printer per file would
 * have that code thrown away whenever the last printer is collected (measured: laying out 3–5× slower after
 * a collection). So one printer serves every file; a nested call (re-entrancy) gets a fresh one.
 */
export function layOut(text: string, opts: FormatOptions, root: MapNode, finalBreak?: string): PackedEdits | undefined {
  const p = spare ?? new Printer();
  spare = undefined;
  try {
    p.reset(text, opts, finalBreak);
    return p.root(root) ? p.packed() : undefined;
  } finally {
    p.reset('', p.opts, undefined);
    spare = p;
  }
}

class Printer {
  /**
   * The edits, packed: offsets in pairs and the index of each text in a table of distinct texts, in arrays
   * that live outside the JavaScript heap. They become objects in toEdits(), once the caller can let the
   * parse go: laying out a large file must allocate next to nothing while its tree is alive, as each
   * young-generation collection would copy the whole tree.
   */
  private offsets = new Int32Array(256);
  private textIds = new Int32Array(128);
  private count = 0;
  private texts: string[] = [];
  private readonly textId = new Map<string, number>();
  /** A line break followed by an indentation, per indentation (the commonest replacement). */
  private readonly breakThen = new Map<string, string>();
  /** The gap's planned comment lines (see plan). */
  private readonly segments: number[] = [];
  private segmentCount = 0;
  private segmentDepth = 0;
  private readonly gap = new GapReader();
  private indents: string[] = [''];
  /** The line break the formatter writes, once known (see eol). */
  private lineBreak = '';
  private hasCR = false;
  /** The first line break at or after breakFrom (Infinity: none), see breakIn. */
  private nextBreak = -1;
  private breakFrom = Infinity;
  private text = '';
  opts: FormatOptions = { indent: '  ', separator: 'preserve' };
  private finalBreak: string | undefined = undefined;

  reset(text: string, opts: FormatOptions, finalBreak: string | undefined): void {
    this.text = text;
    this.opts = opts;
    this.finalBreak = finalBreak;
    this.gap.reset(text);
    this.hasCR = text.indexOf('\r') !== -1;
    this.lineBreak = '';
    this.nextBreak = -1;
    this.breakFrom = Infinity;
    this.count = 0;
    this.texts = [];
    this.textId.clear();
    this.breakThen.clear();
    this.segmentCount = 0;
    this.indents = [''];
  }

  /** Lays out the whole file; false (and no edits) when it must stay as written. */
  root(root: MapNode): boolean {
    const ok = this.rootLayout(root);
    if (!ok) this.truncate(0);
    return ok;
  }

  packed(): PackedEdits {
    return { offsets: this.offsets.slice(0, 2 * this.count), ids: this.textIds.slice(0, this.count), texts: this.texts };
  }

  private edit(start: number, end: number, newText: string): void {
    if (this.count === this.textIds.length) {
      const offsets = new Int32Array(this.offsets.length * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const ids = new Int32Array(this.textIds.length * 2);
      ids.set(this.textIds);
      this.textIds = ids;
    }
    let id = this.textId.get(newText);
    if (id === undefined) {
      id = this.texts.push(newText) - 1;
      this.textId.set(newText, id);
    }
    this.offsets[2 * this.count] = start;
    this.offsets[2 * this.count + 1] = end;
    this.textIds[this.count++] = id;
  }

  private truncate(n: number): void {
    this.count = n;
  }

  // ---------------------------------------------------------------- the file

  private rootLayout(root: MapNode): boolean {
    const t = this.text;
    const len = t.length;
    const g = this.gap;
    const items = root.entries;
    if (items.length === 0) {
      if (!g.read(0, len, false)) return false;
      g.trailingAsLine();
      this.plan(0, true, true);
      this.put(0, len, '', '', true, '');
      return true;
    }
    const first = items[0]!;
    if (!g.read(0, first.start, false, 123)) return false;
    g.trailingAsLine();
    let depth = 0;
    if (g.end < first.start) {
      // JSON style: the whole file in braces.
      const open = g.end;
      this.plan(0, true, false);
      this.put(0, open, '', '', true, '');
      if (!g.read(open + 1, first.start, false)) return false;
      this.afterOpen(open + 1, first.start, 1);
      depth = 1;
    } else {
      this.plan(0, true, false);
      this.put(0, first.start, '', '', true, '');
    }
    let prevEnd = this.entryOrInclude(first, depth);
    if (prevEnd < 0) return false;
    const inner = this.ind(depth);
    for (let i = 1; i < items.length; i++) {
      const it = items[i]!;
      const start = it.start;
      const laidOut =
        this.lineBreak === '\n' && start - prevEnd === inner.length + 1 && t.charCodeAt(prevEnd) === 10 && same(t, prevEnd + 1, inner) >= 0;
      if (!laidOut && (!g.read(prevEnd, start, true) || !this.between(prevEnd, start, depth))) return false;
      prevEnd = this.entryOrInclude(it, depth);
      if (prevEnd < 0) return false;
    }
    if (!g.read(prevEnd, len, true, depth ? 125 : -1)) return false;
    if (depth) {
      const close = g.end;
      if (close >= len) return false;
      this.beforeClose(prevEnd, close, 1, 0);
      if (!g.read(close + 1, len, false)) return false;
      const nl = this.eol;
      this.plan(0, false, true);
      this.put(close + 1, len, TRAIL, nl, true, '');
    } else if (prevEnd < len || !openAtEnd(this.text, items[items.length - 1]!)) {
      const nl = this.finalBreak ?? this.eol;
      this.plan(0, false, true);
      this.put(prevEnd, len, GAP, nl, true, '');
    }
    return true;
  }

  // ---------------------------------------------------------------- items

  /** Lays out a map's entry or include; returns where it ends, or -1 when the map must stay as written. */
  private entryOrInclude(it: Entry | IncludeNode, depth: number): number {
    return it.kind === 'entry' ? this.entry(it, depth) : this.include(it);
  }

  // Large files have hundreds of thousands of values of seven classes: reading as few of their fields as
  // possible (the entry's end, the first character) keeps this walk cheaper than the parse it follows.

  private arrayItem(v: ValueNode, depth: number): number {
    const t = this.text;
    const c = t.charCodeAt(v.start);
    // "{" and "[" start a map and an array, and nothing else.
    if (c === 123 || c === 91) this.container(v as MapNode | ArrayNode, depth);
    const end = v.end;
    return t.charCodeAt(end) === 39 ? tokenEnd(t, v) : end;
  }

  private entry(e: Entry, depth: number): number {
    const v = e.value;
    if (!v) return -1;
    const t = this.text;
    const keyEnd = e.keyEnd;
    const start = valueStart(t, keyEnd, v);
    // The entry ends where its value does (an unquoted string's swallowed quote included, see tokenEnd).
    let end = e.end;
    if (t.charCodeAt(end) === 39) end = tokenEnd(t, v);
    // An empty value (a key at the very end of the file) has no token to keep a separator away from.
    if (start < keyEnd || end === start) return -1;
    let sep: Sep = '';
    for (let i = keyEnd; i < start; i++) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      if ((c === 58 || c === 61) && sep === '') sep = c === 58 ? ':' : '=';
      else return -1;
    }
    const first = t.charCodeAt(start);
    const written = this.separator(e, first === 123, first, sep);
    if (start - keyEnd !== written.length || same(t, keyEnd, written) < 0) this.put(keyEnd, start, written, '', false, '');
    if (first === 123 || first === 91) this.container(v as MapNode | ArrayNode, depth);
    return end;
  }

  /** The separator to write, and the spaces around it; `first`: the value's first character. */
  private separator(e: Entry, isMap: boolean, first: number, written: Sep): string {
    const style = this.opts.separator;
    let sep: Sep = style === 'preserve' ? written : style === 'colon' ? ':' : style === 'equals' ? '=' : '';
    // `tls { … }` keeps its bare form whatever the style: that is how nats-server's docs write blocks.
    if (isMap && written === '') sep = '';
    // Without a separator, a value starting with ':' or '=' would be read as the separator, and one
    // starting with a space character other than a blank (a form feed) would lose it.
    if (sep === '' && (first === 58 || first === 61 || isSpace(first))) sep = written || ':';
    // `include` followed by a space is the include directive, not a key.
    if (e.keyEnd - e.start === 7 && (this.text.charCodeAt(e.start) | 0x20) === 105 && e.key.toLowerCase() === 'include')
      return (sep || written || ':') + ' ';
    return sep === ':' ? ': ' : sep === '=' ? ' = ' : ' ';
  }

  private include(inc: IncludeNode): number {
    const t = this.text;
    const kw = inc.start + 7;
    const q = t.charCodeAt(inc.pathStart - 1);
    const pathToken = inc.pathStart - 1 >= kw && (q === 34 || q === 39) ? inc.pathStart - 1 : inc.pathStart;
    // `include` at the very end of the file, with no path: a line break after it would be an error.
    if (inc.end === pathToken) return -1;
    for (let i = kw; i < pathToken; i++) {
      const c = t.charCodeAt(i);
      if (c !== 32 && c !== 9) return -1;
    }
    this.put(kw, pathToken, ' ', '', false, '');
    return inc.end;
  }

  // ---------------------------------------------------------------- containers

  /** Lays out a map or array; one that cannot be is kept as written (its parent still is laid out). */
  private container(node: MapNode | ArrayNode, depth: number): void {
    const mark = this.count;
    if (!this.layout(node, depth)) this.truncate(mark);
  }

  /** `depth`: the indentation of the line the container opens on. */
  private layout(node: MapNode | ArrayNode, depth: number): boolean {
    if (depth >= MAX_DEPTH || node.close < 0) return false;
    const isMap = node.kind === 'map';
    // A key without a value (nats-server then files later values under other keys) makes entry() keep its map.
    if (isMap && node.style !== 'braces') return false;
    const g = this.gap;
    const t = this.text;
    const open = node.start + 1;
    const close = node.close;
    const items: readonly (Entry | IncludeNode | ValueNode)[] = isMap ? node.entries : node.items;
    const multi = this.breakIn(open, close);
    if (items.length === 0) {
      if (!g.read(open, close, false)) return false;
      if (!g.hasTrailing && !g.comments) this.put(open, close, '', '', false, '');
      else {
        const nl = this.eol;
        this.plan(depth + 1, true, true);
        this.put(open, close, TRAIL, nl, true, this.ind(depth));
      }
      return true;
    }
    let prevEnd = open;
    const inner = this.ind(depth + 1);
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      const start = it.start;
      // Most gaps of a laid-out file are a line break and the indentation: nothing to read or change.
      if (
        multi &&
        this.lineBreak === '\n' &&
        start - prevEnd === inner.length + 1 &&
        t.charCodeAt(prevEnd) === 10 &&
        same(t, prevEnd + 1, inner) >= 0
      ) {
        prevEnd = isMap ? this.entryOrInclude(it as Entry | IncludeNode, depth + 1) : this.arrayItem(it as ValueNode, depth + 1);
        if (prevEnd < 0) return false;
        continue;
      }
      if (!g.read(prevEnd, start, i > 0)) return false;
      if (multi) {
        if (i === 0) this.afterOpen(prevEnd, start, depth + 1);
        else if (!this.between(prevEnd, start, depth + 1)) return false;
      } else if (g.newline || g.hasTrailing) return false;
      else if (i === 0) this.put(prevEnd, start, isMap ? ' ' : '', '', false, '');
      else if (g.term) this.put(prevEnd, start, g.term === ',' ? ', ' : '; ', '', false, '');
      else return false;
      prevEnd = isMap ? this.entryOrInclude(it as Entry | IncludeNode, depth + 1) : this.arrayItem(it as ValueNode, depth + 1);
      if (prevEnd < 0) return false;
    }
    if (!g.read(prevEnd, close, true)) return false;
    // `[10m]`: the "]" ends the text "10m"; with a space before it, `10m` would be the integer 10,000,000.
    const last = items[items.length - 1]!;
    if (prevEnd === close && last.kind === 'string' && last.style === 'bare' && numberLike(this.text, last.start)) return false;
    if (multi) this.beforeClose(prevEnd, close, depth + 1, depth);
    else if (g.newline || g.hasTrailing) return false;
    // An integer directly followed by "]" is read as text (`[1, 2]` never closes): keep a space there.
    else if (isMap || (!g.term && last.kind === 'integer'))
      this.put(prevEnd, close, g.term === ',' ? ', ' : g.term === ';' ? '; ' : ' ', '', false, '');
    else this.put(prevEnd, close, g.term, '', false, '');
    return true;
  }

  /** A line break in text[a, b)? Containers are asked in document order, so the text is scanned once. */
  private breakIn(a: number, b: number): boolean {
    if (a < this.breakFrom || this.nextBreak < a) {
      const t = this.text;
      let n = t.indexOf('\n', a);
      if (this.hasCR) {
        const r = t.indexOf('\r', a);
        if (r !== -1 && (n === -1 || r < n)) n = r;
      }
      this.nextBreak = n === -1 ? Infinity : n;
      this.breakFrom = a;
    }
    return this.nextBreak < b;
  }

  // ---------------------------------------------------------------- gaps in a multi-line container (just read)

  private afterOpen(a: number, b: number, depth: number): void {
    const nl = this.eol;
    this.plan(depth, true, false);
    this.put(a, b, TRAIL, nl, true, this.ind(depth));
  }

  private between(a: number, b: number, depth: number): boolean {
    const g = this.gap;
    if (!g.newline) {
      if (!g.term || g.hasTrailing) return false;
      this.put(a, b, g.term === ',' ? ', ' : '; ', '', false, '');
      return true;
    }
    const nl = this.eol;
    this.plan(depth, false, false);
    this.put(a, b, GAP, nl, true, this.ind(depth));
    return true;
  }

  private beforeClose(a: number, b: number, depth: number, closeDepth: number): void {
    const nl = this.eol;
    this.plan(depth, false, true);
    this.put(a, b, GAP, nl, true, this.ind(closeDepth));
  }

  /**
   * Plans the gap's comment lines at `depth` (at most one blank line in a row; leading or trailing blank
   * lines dropped on request) as segments: -1 a line break, -2 the indentation, i ≥ 0 the gap's line i.
   * Planned, not written: put() compares them with the text in place and writes them only on a change.
   */
  private plan(depth: number, dropLeading: boolean, dropTrailing: boolean): void {
    const g = this.gap;
    const seg = this.segments;
    let n = 0;
    this.segmentDepth = depth;
    if (g.lineCount > 0 && !g.comments) {
      if (!dropLeading && !dropTrailing) seg[n++] = -1;
    } else if (g.lineCount > 0) {
      let blank = false;
      let any = false;
      for (let i = 0; i < g.lineCount; i++) {
        if (g.lineStart[i]! < 0) {
          if (any || !dropLeading) blank = true;
          continue;
        }
        if (blank) seg[n++] = -1;
        blank = false;
        seg[n++] = -2;
        seg[n++] = i;
        seg[n++] = -1;
        any = true;
      }
      if (blank && !dropTrailing) seg[n++] = -1;
    }
    this.segmentCount = n;
  }

  /**
   * The line break to write: the one the first gap that gets a line break was written with. Formatting
   * keeps that gap's break, so a second run decides the same (a choice by majority could flip once blank
   * lines are gone). A gap without one falls back to the file's most common break.
   */
  private get eol(): string {
    if (this.lineBreak) return this.lineBreak;
    const t = this.text;
    const g = this.gap;
    // A block's ")" must be followed by "\n" whatever the file's style: that break decides nothing.
    const afterBlock = t.charCodeAt(g.from - 1) === 41 && t.charCodeAt(g.from) === 10;
    for (let i = afterBlock ? g.from + 1 : g.from; i < g.end; i++) {
      const c = t.charCodeAt(i);
      if (c === 10 || c === 13) return (this.lineBreak = c === 10 ? '\n' : t.charCodeAt(i + 1) === 10 ? '\r\n' : '\r');
    }
    if (afterBlock) return '\n';
    return (this.lineBreak = lineEnding(t));
  }

  private ind(depth: number): string {
    return (this.indents[depth] ??= this.opts.indent.repeat(depth));
  }

  /**
   * Replaces text[a, b) with head + nl + body + indent when that differs. `head` is a string, or GAP (the
   * gap's terminator and trailing comment) or TRAIL (its trailing comment); `body`: the planned comment
   * lines. Compared in place, so the common case (a gap already laid out) allocates nothing. A gap that
   * spans lines becomes two edits, one for what stays on the previous token's line and one from the line
   * break on, so Format Selection can take the edits that end on the selected lines (each is safe alone).
   */
  private put(a: number, b: number, head: string | typeof GAP | typeof TRAIL, nl: string, body: boolean, indent: string): void {
    const t = this.text;
    const g = this.gap;
    const noHead = head === '' || (head === TRAIL && !g.hasTrailing) || (head === GAP && !g.term && !g.hasTrailing);
    // A ( … ) block ends only at a ")" directly followed by "\n" (not "\r\n" or "\r"): the gap after one keeps it.
    if (noHead && nl !== '' && nl !== '\n' && t.charCodeAt(a - 1) === 41 && t.charCodeAt(a) === 10) nl = '\n';
    const h = this.matchHead(a, head);
    if (h >= 0 && this.matchRest(h, nl, body, indent) === b) return;
    let br = -1;
    if (nl) for (let i = a; i < b && br < 0; i++) if (t.charCodeAt(i) === 10 || t.charCodeAt(i) === 13) br = i;
    if (br < 0) {
      this.edit(a, b, noHead ? this.restText(nl, body, indent) : this.headText(head) + this.restText(nl, body, indent));
      return;
    }
    if (h !== br) this.edit(a, br, this.headText(head));
    if (this.matchRest(br, nl, body, indent) !== b) this.edit(br, b, this.restText(nl, body, indent));
  }

  /** Where the head ends if the text at `p` is it, else -1. */
  private matchHead(p: number, head: string | typeof GAP | typeof TRAIL): number {
    if (typeof head === 'string') return same(this.text, p, head);
    const g = this.gap;
    if (head === GAP) p = same(this.text, p, g.term);
    if (p < 0 || !g.hasTrailing) return p;
    if (this.text.charCodeAt(p) !== 32) return -1;
    return sameRange(this.text, p + 1, g.trailStart, g.trailEnd);
  }

  /** Where nl + body + indent ends if the text at `p` is it, else -1. */
  private matchRest(p: number, nl: string, body: boolean, indent: string): number {
    const t = this.text;
    p = same(t, p, nl);
    if (body) {
      const g = this.gap;
      for (let i = 0; i < this.segmentCount && p >= 0; i++) {
        const s = this.segments[i]!;
        p =
          s === -1
            ? same(t, p, this.eol)
            : s === -2
              ? same(t, p, this.ind(this.segmentDepth))
              : sameRange(t, p, g.lineStart[s]!, g.lineEnd[s]!);
      }
    }
    return p < 0 ? -1 : same(t, p, indent);
  }

  private headText(head: string | typeof GAP | typeof TRAIL): string {
    if (typeof head === 'string') return head;
    const g = this.gap;
    const trailing = g.hasTrailing ? ' ' + g.trailing() : '';
    return head === GAP ? g.term + trailing : trailing;
  }

  private restText(nl: string, body: boolean, indent: string): string {
    if (!body || this.segmentCount === 0) return this.lineThen(nl, indent);
    const g = this.gap;
    let out = nl;
    for (let i = 0; i < this.segmentCount; i++) {
      const s = this.segments[i]!;
      out += s === -1 ? this.eol : s === -2 ? this.ind(this.segmentDepth) : this.text.slice(g.lineStart[s]!, g.lineEnd[s]!);
    }
    return out + indent;
  }

  /** `nl + indent`, made once per indentation for the file's line break. */
  private lineThen(nl: string, indent: string): string {
    if (nl !== this.lineBreak || indent === '') return nl + indent;
    let s = this.breakThen.get(indent);
    if (s === undefined) this.breakThen.set(indent, (s = nl + indent));
    return s;
  }
}

/**
 * Where an entry's value starts: after blanks and line breaks, at most one separator, and blanks and line
 * breaks again, as nats-server's lexer reads it. Found in the text, so laying out a scalar entry never
 * touches the value's node (walking a large tree is mostly waiting for memory); where the scan stops at
 * anything but a printable ASCII character, the node says.
 */
function valueStart(t: string, keyEnd: number, v: ValueNode): number {
  let i = keyEnd;
  let c = t.charCodeAt(i);
  while (c === 32 || c === 9 || c === 10 || c === 13) c = t.charCodeAt(++i);
  if (c === 58 || c === 61) {
    c = t.charCodeAt(++i);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = t.charCodeAt(++i);
  }
  return c > 32 && c < 127 ? i : v.start;
}

/** Whether text continues with `s` at `at`: the offset after it, or -1 (short strings: a loop beats startsWith). */
function same(text: string, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) if (text.charCodeAt(at + i) !== s.charCodeAt(i)) return -1;
  return at + s.length;
}

/** Whether text continues at `at` with its own text[from, to): the offset after it, or -1. */
function sameRange(text: string, at: number, from: number, to: number): number {
  if (at === from) return to;
  for (let i = from; i < to; i++) if (text.charCodeAt(at + i - from) !== text.charCodeAt(i)) return -1;
  return at + to - from;
}

/** The line break most lines end with: '\n', '\r\n' or (old Mac files) '\r'. */
function lineEnding(text: string): string {
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  for (let i = 0, seen = 0; i < text.length && seen < 1000; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lf++;
      seen++;
    } else if (c === 13) {
      seen++;
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    }
  }
  return crlf > lf && crlf >= cr ? '\r\n' : cr > lf && cr > crlf ? '\r' : '\n';
}

/** A character that starts nats-server's number lexer (a digit, or "-"). */
function numberLike(text: string, i: number): boolean {
  return text.charCodeAt(i) === 45 || digitAt(text, i) > 0;
}

/**
 * The file's last token would change with a line break after it: a quote opened right at the end of the
 * file (nats-server reads it as the end of input), a container left open by one, or a ( … ) block whose
 * ")" is the file's last character.
 */
function openAtEnd(text: string, last: Entry | IncludeNode | ValueNode): boolean {
  let n: Entry | IncludeNode | ValueNode | undefined = last;
  for (let i = 0; n && i < MAX_DEPTH; i++) {
    if (n.kind === 'include') return false;
    if (n.kind === 'entry') n = n.value;
    else if (n.kind === 'map' || n.kind === 'array') {
      if (n.close < 0) return true;
      const children: readonly (Entry | IncludeNode | ValueNode)[] = n.kind === 'map' ? n.entries : n.items;
      n = children[children.length - 1];
    } else {
      if (n.kind !== 'string' || n.end < text.length) return false;
      // A ( … ) block closed by the file's last ")" keeps that ")" in its value: a line break would drop it.
      return n.style === 'block' || (n.style !== 'bare' && n.innerEnd === n.end);
    }
  }
  return false;
}

/**
 * Where a value's token ends in the text. An unquoted string ends at a quote, which nats-server's lexer
 * swallows (`abc'` is "abc", and `$X'` is the text "$X", not a variable): the quote belongs to the token.
 */
export function tokenEnd(text: string, v: ValueNode): number {
  if (v.kind === 'string' && v.style === 'bare' && text.charCodeAt(v.end) === 39) return v.end + 1;
  return v.end;
}
