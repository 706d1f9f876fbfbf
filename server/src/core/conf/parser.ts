// A parser for nats-server's configuration format that accepts and rejects exactly what nats-server's
// lexer and parser (conf/lex.go, conf/parse.go) do, while building a full syntax tree with offsets.
//
// nats-server lexes with a state machine and a stack of return states; this parser runs the same states
// in one loop, with an explicit stack, so that 100,000 nested maps do not overflow the call stack.
// Unlike nats-server it does not stop at the first error: it reports it, skips to a safe point and goes
// on, so one typo does not hide the rest of the file.
import * as ast from './ast';
import type { ArrayNode, Entry, IncludeNode, MapNode, NumberNode, Source, StringNode, ValueNode, VariableNode } from './ast';
import * as chars from './chars';
import { isHex, isNumberSuffix, showChar } from './chars';
import { excerpt } from './excerpt';
import * as scalars from './scalars';
import { findTemplates } from './template';

// Local constants for what runs once per character or per node: they make direct calls even where
// modules are compiled to CommonJS (tsx, tests), which otherwise read a getter on every use.
const isBlank = chars.isBlank;
const isNL = chars.isNL;
const isSpace = chars.isSpace;
const digitAt = chars.digitAt;
const { boolValue, checkDatetime, convertFloat, convertInteger } = scalars;
const {
  ArrayNode: ArrayNodeC,
  BoolNode: BoolNodeC,
  DatetimeNode: DatetimeNodeC,
  Entry: EntryC,
  IncludeNode: IncludeNodeC,
  MapNode: MapNodeC,
  NumberNode: NumberNodeC,
  StringNode: StringNodeC,
  VariableNode: VariableNodeC,
} = ast;

/**
 * Arrays and maps nest at most this deep. nats-server has no limit (it keeps every open level on its parser's
 * stacks), but a node per level made 4 MB of "[" cost 1.1 GB here; no real config comes near this.
 */
export const MAX_NESTING = 1000;

/** Which nats-server's grammar to follow where they differ (top-level braces, bare key at end of file). */
export type Dialect = 'latest' | '2.9.10';

export interface SyntaxIssue {
  code: 'syntax-error' | 'yaml-style-block' | 'unquoted-dot-value' | 'empty-config' | 'key-without-value' | 'too-deep';
  severity: 'error' | 'warning';
  /** nats-server's own words, when it has them. */
  reason: string;
  /** One plain sentence on how to fix it. */
  fix: string;
  start: number;
  end: number;
  data?: Record<string, unknown>;
  /** The map or list a yaml-style-block recovered, so a quick fix can rewrite it. */
  node?: MapNode | ArrayNode;
  /** Where nats-server reports the error, when the range is elsewhere (where the fix goes). */
  serverAt?: { start: number; end: number };
}

export interface ParsedConf {
  src: Source;
  root: MapNode;
  issues: SyntaxIssue[];
  /** Every `$NAME` reference, in document order, for the resolver. */
  variables: VariableNode[];
  includes: IncludeNode[];
  /** Integers written with a unit suffix, for the unit-trap check. */
  suffixed: NumberNode[];
  /** Comment spans as [start, end) offset pairs, for folding. */
  comments: number[];
}

const enum S {
  Top,
  TopValueEnd,
  BlockStart,
  BlockValueEnd,
  BlockEnd,
  KeyStart,
  KeyEnd,
  MapKeyStart,
  MapKeyEnd,
  MapValue,
  MapValueEnd,
  Value,
  ArrayValue,
  ArrayValueEnd,
  ListItem,
  ListItemEnd,
  Done,
}

interface Frame {
  node: MapNode | ArrayNode;
  /** Where this container's entries or items start on the parser's item stack. */
  from: number;
  /** Depth of the return stack when the container opened; recovery truncates to it. */
  retDepth: number;
  /** For maps and lists recovered from YAML-style indentation: lines indented this much or less close it. */
  indentLimit: number;
}

/** Texts from this length have their keys interned (ConfParser.keyTable), in a table of this many slots. */
const INTERN_FROM = 256 * 1024;
const KEY_SLOTS = 4096;

/** First letters (lower-cased) of true, false, yes, no, on, off. */
const BOOL_FIRST = new Set([116, 102, 121, 110, 111]);
const NUL_FIX = 'nats-server reads a NUL byte as the end of the file; remove it.';
const KEYLIKE = /^[ \t]*(?:"[^"\n]*"|'[^'\n]*'|[^\s:=#{}[\]"',;]+)[ \t]*[:=](?:[ \t]|\r?$)/;
const LISTLIKE = /^[ \t]*-[ \t]/;

/**
 * The parser's state for one run. One instance is reused for every parse (see parseConf): V8 ties the
 * optimised code of these methods to the object they ran on, so a fresh instance per parse would make it
 * throw that code away and recompile it every time the previous instance is collected.
 */
class ConfParser {
  private src!: Source;
  private dialect: Dialect = 'latest';
  private text = '';
  private len = 0;
  /** Offset of the first NUL byte (nats-server reads it as end of input), or -1: most texts have none. */
  private firstNul = -1;
  /** The next backslash at or after bsFrom (-1: none), see backslashBefore. */
  private nextBs = -1;
  private bsFrom = Infinity;
  private pos = 0;
  private state = S.Top;
  private readonly ret: S[] = [];
  private readonly frames: Frame[] = [];
  private pending: Entry | undefined = undefined;
  /** The last item nats-server's parser would have seen was a key (for "config is invalid"). */
  private lastWasKey: Entry | undefined = undefined;
  private blockDepth = 0;
  /** nats-server's parser stack of keys awaiting a value; a key without a value shifts what later values are stored as. */
  private readonly goKeys: Entry[] = [];
  /**
   * Entries and items of the open containers, innermost last. A container gets its own array, of exactly
   * the right size, when it closes (growing one array per container would allocate several times more).
   */
  private readonly items: (Entry | IncludeNode | ValueNode | undefined)[] = [];
  /** How many of `items` are in use (the array is not shortened: setting an array's length is slow). */
  private itemsTop = 0;
  /** Set while an escape inside a double-quoted string is read, so recovery skips the rest of the string. */
  private inQuote = 0;
  /** Nesting past MAX_NESTING is reported once per file. */
  private tooDeepReported = false;
  /**
   * A large text's unquoted keys, by a hash of their characters (see keyOf): most keys of a large config are
   * the same few written again and again, and one string per entry was a tenth of its tree. Small texts (and
   * the splices of a keystroke) cut each key: a table would cost them more than it saves.
   */
  private keyTable: (string | undefined)[] | undefined = undefined;
  private out!: ParsedConf;

  run(src: Source, dialect: Dialect, text: string): ParsedConf {
    this.src = src;
    this.dialect = dialect;
    this.text = text;
    this.len = text.length;
    this.firstNul = text.indexOf('\0');
    this.nextBs = -1;
    this.bsFrom = Infinity;
    this.pos = 0;
    this.state = S.Top;
    // The same arrays every time (optimised code may hold on to them, as to the parser).
    this.ret.length = 0;
    this.frames.length = 0;
    this.pending = undefined;
    this.lastWasKey = undefined;
    this.blockDepth = 0;
    this.goKeys.length = 0;
    this.itemsTop = 0;
    this.inQuote = 0;
    this.tooDeepReported = false;
    this.keyTable = this.len >= INTERN_FROM ? new Array<string | undefined>(KEY_SLOTS).fill(undefined) : undefined;
    const root = new MapNodeC(src, 0, this.len, 'root');
    this.frames.push({ node: root, from: 0, retDepth: 0, indentLimit: -1 });
    const out: ParsedConf = { src, root, issues: [], variables: [], includes: [], suffixed: [], comments: [] };
    this.out = out;
    try {
      while ((this.state as S) !== S.Done) this.step();
      this.finish();
    } finally {
      // Let go of the document: the parser object outlives it.
      this.src = undefined!;
      this.out = undefined!;
      this.text = '';
      this.ret.length = 0;
      this.frames.length = 0;
      this.goKeys.length = 0;
      this.items.length = 0;
      this.itemsTop = 0;
      this.pending = undefined;
      this.lastWasKey = undefined;
      this.keyTable = undefined;
    }
    return out;
  }

  // ---------------------------------------------------------------- states

  private step(): void {
    const t = this.text;
    switch (this.state) {
      case S.Top: {
        const c = t.charCodeAt(this.pos);
        if (isSpace(c)) return void (this.pos = this.skipSpace(this.pos + 1));
        if (c === 123 /* { */) {
          this.pos++;
          if (this.dialect === 'latest') {
            bracedParses.add(this.out);
            this.ret.push(S.Top);
            this.blockDepth++;
            this.state = S.BlockStart;
          }
          return;
        }
        if (this.commentAt(S.Top)) return;
        if (c === 47 /* lone / */)
          return this.fail(this.pos, this.pos + 1, 'Unexpected EOF.', 'Remove the stray "/"; comments start with "#" or "//".');
        if (c === 0) return this.fail(this.pos, this.pos + 1, 'Unexpected EOF.', NUL_FIX);
        if (this.pos >= this.len) return this.done();
        this.ret.push(S.TopValueEnd);
        this.state = S.KeyStart;
        return;
      }
      case S.TopValueEnd: {
        const c = t.charCodeAt(this.pos);
        if (this.commentAt(S.Top)) return;
        if (c === 47 || isBlank(c)) return void this.pos++; // a lone '/' is skipped like a blank
        if (isNL(c) || this.pos >= this.len || c === 0 || c === 59 || c === 44 || c === 125) {
          if (this.pos < this.len) this.pos++;
          this.state = S.Top;
          return;
        }
        return this.failToken(
          `Expected a top-level value to end with a new line, comment or EOF, but got '${showChar(t, this.pos)}' instead.`,
          'Put each setting on its own line, or separate settings with ";" or ",". Quote values that contain spaces.',
        );
      }
      case S.BlockStart: {
        const c = t.charCodeAt(this.pos);
        if (isSpace(c)) return void (this.pos = this.skipSpace(this.pos + 1));
        if (c === 123) {
          this.pos++;
          this.ret.push(S.BlockEnd);
          this.blockDepth++;
          return;
        }
        if (c === 125) {
          this.pos++;
          this.blockDepth--;
          this.state = this.ret.pop() ?? S.Top;
          return;
        }
        if (this.commentAt(S.BlockStart)) return;
        if (c === 47) return this.fail(this.pos, this.pos + 1, 'Unexpected EOF.', 'Remove the stray "/"; comments start with "#" or "//".');
        if (c === 0) return this.fail(this.pos, this.pos + 1, 'Unexpected EOF.', NUL_FIX);
        if (this.pos >= this.len) return this.done();
        this.ret.push(S.BlockValueEnd);
        this.state = S.KeyStart;
        return;
      }
      case S.BlockValueEnd: {
        const c = t.charCodeAt(this.pos);
        if (this.commentAt(S.BlockValueEnd)) return;
        if (c === 47 || isBlank(c)) return void this.pos++;
        if (isNL(c) || c === 59 || c === 44) {
          this.pos++;
          this.state = S.BlockStart;
          return;
        }
        if (c === 125) {
          this.state = S.BlockEnd;
          return;
        }
        return this.failToken(
          `Expected a block-level value to end with a new line, comment or EOF, but got '${showChar(t, this.pos)}' instead.`,
          'Put each setting on its own line, or separate settings with ";" or ",".',
        );
      }
      case S.BlockEnd: {
        const c = t.charCodeAt(this.pos);
        if (this.commentAt(S.BlockStart)) return;
        if (c === 47 || isNL(c) || isBlank(c)) return void this.pos++;
        if (c === 59 || c === 44) {
          this.pos++;
          this.state = S.BlockStart;
          return;
        }
        if (c === 125) {
          this.pos++;
          this.blockDepth--;
          this.state = this.ret.pop() ?? S.Top;
          return;
        }
        return this.failToken(
          `Expected a block-level to end with a '}', but got '${showChar(t, this.pos)}' instead.`,
          'Close the braces that wrap the file with "}".',
        );
      }
      case S.KeyStart:
        return this.keyStart();
      case S.KeyEnd: {
        const c = t.charCodeAt(this.pos);
        if (isSpace(c)) return void (this.pos = this.skipSpace(this.pos + 1));
        if (c === 61 || c === 58) {
          this.pos++;
          this.state = S.Value;
          return;
        }
        if (this.pos >= this.len || c === 0) return this.stopAt(this.pos);
        this.state = S.Value;
        return;
      }
      case S.MapKeyStart:
        return this.mapKeyStart();
      case S.MapKeyEnd: {
        const c = t.charCodeAt(this.pos);
        if (isSpace(c)) return void (this.pos = this.skipSpace(this.pos + 1));
        if (c === 61 || c === 58) this.pos++;
        this.state = S.MapValue;
        return;
      }
      case S.MapValue: {
        const c = t.charCodeAt(this.pos);
        if (isSpace(c)) {
          if (c === 10 && this.yamlBlockAfter(this.pos)) return;
          // Skip to the next new line (which may start a YAML-style block) or the value.
          let i = this.pos + 1;
          for (let d = t.charCodeAt(i); isSpace(d) && d !== 10; d = t.charCodeAt(++i));
          return void (this.pos = i);
        }
        if (c === 44)
          return this.fail(this.pos, this.pos + 1, 'Unexpected map value terminator ",".', 'Give the key a value before the ",".');
        if (c === 125) {
          const e = this.pending;
          const owner = this.top().node.parent;
          if (e) {
            this.out.issues.push({
              code: 'key-without-value',
              severity: 'warning',
              reason: `"${excerpt(e.key)}" has no value`,
              fix: `nats-server accepts it, but then files this map under "${excerpt(e.key)}"${owner?.kind === 'entry' ? ` instead of "${excerpt(owner.key)}"` : ''}. Give "${excerpt(e.key)}" a value or remove it.`,
              start: e.keyStart,
              end: e.keyEnd,
            });
          }
          this.pos++;
          this.closeContainer(this.pos - 1);
          return;
        }
        this.ret.push(S.MapValueEnd);
        this.state = S.Value;
        return;
      }
      case S.MapValueEnd: {
        const c = t.charCodeAt(this.pos);
        if (isBlank(c)) return void (this.pos = this.skipBlank(this.pos + 1));
        if (this.commentAt(S.MapValueEnd)) return;
        if (c === 47 || c === 59 || c === 44 || isNL(c)) {
          this.pos++;
          this.state = S.MapKeyStart;
          return;
        }
        if (c === 125) {
          this.pos++;
          this.closeContainer(this.pos - 1);
          return;
        }
        if (this.pos >= this.len && this.top().indentLimit >= 0) {
          this.state = S.MapKeyStart; // a recovered YAML-style map ends quietly at end of file
          return;
        }
        return this.failToken(
          `Expected a map value terminator "," or a map terminator "}", but got '${showChar(t, this.pos)}' instead.`,
          this.pos >= this.len
            ? 'Close the map with "}".'
            : 'Put each setting on its own line, or separate settings with "," or ";". Quote values that contain spaces.',
        );
      }
      case S.Value:
        return this.value();
      case S.ArrayValue: {
        const c = t.charCodeAt(this.pos);
        if (isSpace(c)) return void (this.pos = this.skipSpace(this.pos + 1));
        if (this.commentAt(S.ArrayValue)) return;
        if (c === 44 || c === 47)
          return this.fail(
            this.pos,
            this.pos + 1,
            "Unexpected array value terminator ','.",
            'Remove the extra "," (an array cannot start with one or hold an empty element).',
          );
        if (c === 93) {
          this.pos++;
          this.closeContainer(this.pos - 1);
          return;
        }
        this.ret.push(S.ArrayValueEnd);
        this.state = S.Value;
        return;
      }
      case S.ArrayValueEnd: {
        const c = t.charCodeAt(this.pos);
        if (isBlank(c)) return void (this.pos = this.skipBlank(this.pos + 1));
        if (this.commentAt(S.ArrayValueEnd)) return;
        if (c === 47 || c === 44 || isNL(c)) {
          this.pos++;
          this.state = S.ArrayValue;
          return;
        }
        if (c === 93) {
          this.pos++;
          this.closeContainer(this.pos - 1);
          return;
        }
        return this.failToken(
          `Expected an array value terminator "," or an array terminator "]", but got '${showChar(t, this.pos)}' instead.`,
          this.pos >= this.len
            ? 'Close the array with "]".'
            : 'Separate array elements with "," and quote values that contain spaces or "]".',
        );
      }
      case S.ListItem:
        return this.listItem();
      case S.ListItemEnd: {
        const c = t.charCodeAt(this.pos);
        if (isBlank(c)) return void (this.pos = this.skipBlank(this.pos + 1));
        if (this.commentAt(S.ListItemEnd)) return;
        if (isNL(c) || this.pos >= this.len) {
          if (this.pos < this.len) this.pos++;
          this.state = S.ListItem;
          return;
        }
        return this.failToken(
          `Expected the list item to end with a new line, but got '${showChar(t, this.pos)}' instead.`,
          'Write one item per line.',
        );
      }
      case S.Done:
        return;
    }
  }

  // ---------------------------------------------------------------- keys

  /** Top-level and block-level keys (nats-server's lexKeyStart / lexKey). */
  private keyStart(): void {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 61 || c === 58)
      return this.fail(this.pos, this.pos + 1, `Unexpected key separator '${showChar(t, this.pos)}'`, 'Write a key before the separator.');
    if (isSpace(c)) return void (this.pos = this.skipSpace(this.pos + 1));
    if (c === 34 || c === 39) {
      const close = this.closingQuote(this.pos + 1, c);
      if (close >= this.len || t.charCodeAt(close) === 0) {
        // nats-server treats an opening quote followed directly by end of input as end of input.
        if (close > this.pos + 1)
          return this.fail(
            close,
            Math.min(close + 1, this.len),
            'Unexpected EOF.',
            close < this.len ? NUL_FIX : 'Close the quoted key.',
            this.pos,
          );
        return this.stopAt(close);
      }
      this.addKey(this.pos + 1, close, true, this.pos, close + 1);
      this.pos = close + 1;
      this.state = S.KeyEnd;
      return;
    }
    const start = this.pos;
    let i = start + 1;
    // The key's hash for the key table (keyOf), taken while its characters are read.
    let hash = t.charCodeAt(start);
    for (;;) {
      const d = t.charCodeAt(i);
      if (i >= this.len || d === 61 || d === 58 || d === 0) break;
      if (isSpace(d)) {
        if (this.keywordInclude(start, i)) return;
        break;
      }
      hash = (hash * 31 + d) | 0;
      i++;
    }
    this.addKey(start, i, false, start, i, hash);
    this.pos = i;
    this.state = S.KeyEnd;
  }

  /** Keys inside `{ }` (nats-server's lexMapKeyStart / lexMapKey). */
  private mapKeyStart(): void {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    const frame = this.top();
    if (frame.indentLimit >= 0 && !isSpace(c) && !this.atComment() && this.endsIndentedBlock(this.pos)) return this.closeContainer(-1);
    if (c === 61 || c === 58)
      return this.fail(this.pos, this.pos + 1, `Unexpected key separator '${showChar(t, this.pos)}'.`, 'Write a key before the separator.');
    if (c === 93)
      return this.fail(this.pos, this.pos + 1, `Unexpected array end ']' processing map.`, 'Close the map with "}" before the "]".');
    if (isSpace(c)) return void (this.pos = this.skipSpace(this.pos + 1));
    if (c === 125) {
      this.pos++;
      this.closeContainer(this.pos - 1);
      return;
    }
    if (this.commentAt(S.MapKeyStart)) return;
    if (c === 34 || c === 39) {
      const close = this.closingQuote(this.pos + 1, c);
      if (close >= this.len || t.charCodeAt(close) === 0) {
        const what = c === 34 ? 'double quoted map key' : 'quoted map key';
        return this.fail(
          close,
          Math.min(close + 1, this.len),
          `Unexpected EOF processing ${what}.`,
          close < this.len ? NUL_FIX : 'Close the quoted key.',
          this.pos,
        );
      }
      this.addKey(this.pos + 1, close, true, this.pos, close + 1);
      return this.afterMapKey(close + 1);
    }
    if (this.pos >= this.len || c === 0)
      return this.fail(
        this.pos,
        Math.min(this.pos + 1, this.len),
        'Unexpected EOF processing map.',
        c === 0 ? NUL_FIX : 'Close the map with "}".',
        this.top().node.start,
      );
    // A lone '/' is dropped and the key starts after it (nats-server quirk).
    const start = c === 47 ? this.pos + 1 : this.pos;
    let i = start + 1;
    if (start >= this.len)
      return this.fail(this.len, this.len, 'Unexpected EOF processing map key.', 'Close the map with "}".', this.top().node.start);
    // The key's hash for the key table (keyOf), taken while its characters are read.
    let hash = t.charCodeAt(start);
    for (;;) {
      const d = t.charCodeAt(i);
      if (i >= this.len || d === 0)
        return this.fail(
          i,
          Math.min(i + 1, this.len),
          'Unexpected EOF processing map key.',
          d === 0 ? NUL_FIX : 'Give the key a value and close the map with "}".',
          this.top().node.start,
        );
      if (d === 61 || d === 58) break;
      if (isSpace(d)) {
        if (this.keywordInclude(start, i, S.MapValueEnd)) return;
        break;
      }
      hash = (hash * 31 + d) | 0;
      i++;
    }
    this.addKey(start, i, false, start, i, hash);
    this.afterMapKey(i);
  }

  /**
   * After a map key ending at i. Fast path for the usual `key: value` on one line: what MapKeyEnd and
   * MapValue would do, without going through them (blanks, one separator, blanks, a plain value character).
   */
  private afterMapKey(i: number): void {
    const t = this.text;
    let j = i;
    let d = t.charCodeAt(j);
    while (d === 32 || d === 9) d = t.charCodeAt(++j);
    if (d === 58 || d === 61) {
      d = t.charCodeAt(++j);
      while (d === 32 || d === 9) d = t.charCodeAt(++j);
    }
    if (d > 32 && d < 127 && d !== 44 && d !== 125) {
      this.pos = j;
      this.ret.push(S.MapValueEnd);
      this.state = S.Value;
      return;
    }
    this.pos = i;
    this.state = S.MapKeyEnd;
  }

  /** `hash`: of an unquoted key's characters, as its reader took it (a quoted key is cut, never looked up). */
  private addKey(textStart: number, textEnd: number, quoted: boolean, start: number, end: number, hash = 0): void {
    const frame = this.top();
    const table = this.keyTable;
    const key = table && !quoted ? this.keyOf(table, textStart, textEnd, hash) : this.text.slice(textStart, textEnd);
    const entry = new EntryC(this.src, start, end, key, start, end, quoted);
    entry.parent = frame.node;
    if (frame.node.kind === 'map') this.items[this.itemsTop++] = entry;
    this.pending = entry;
    this.lastWasKey = entry;
    this.goKeys.push(entry);
  }

  /** The key [from, to) of the text, the string seen before for the same characters where the table has it. */
  private keyOf(table: (string | undefined)[], from: number, to: number, hash: number): string {
    const slot = (hash ^ (to - from)) & (KEY_SLOTS - 1);
    const seen = table[slot];
    const t = this.text;
    // Compared in place: no string is cut for a key seen before.
    if (seen !== undefined && seen.length === to - from) {
      let i = 0;
      while (i < seen.length && seen.charCodeAt(i) === t.charCodeAt(from + i)) i++;
      if (i === seen.length) return seen;
    }
    const key = t.slice(from, to);
    table[slot] = key;
    return key;
  }

  /** nats-server's setValue in a map: the value goes under the key on top of its key stack. */
  private store(node: ValueNode, map: MapNode): void {
    const key = this.goKeys.pop();
    const owner = node.parent?.kind === 'entry' ? node.parent : undefined;
    if (!key || key === owner) return;
    misfiledParses.add(this.out);
    (map.misfiled ??= []).push({ key: key.key, value: node, at: node.end });
    if (owner) owner.misfiled = true;
  }

  // ---------------------------------------------------------------- include

  /** `include` followed by a space is a directive (nats-server's keyCheckKeyword). */
  private keywordInclude(start: number, end: number, push?: S): boolean {
    if (end - start !== 7 || this.text.slice(start, end).toLowerCase() !== 'include') return false;
    if (push !== undefined) this.ret.push(push);
    const t = this.text;
    let i = end;
    while (isBlank(t.charCodeAt(i))) i++;
    const c = t.charCodeAt(i);
    const bad = (what: string): void =>
      this.fail(
        i,
        Math.min(i + 1, this.len),
        `Expected include value but found ${what}`,
        'Write the file to include right after "include", e.g. include "tls.conf".',
      );
    let pathStart = i;
    let pathEnd: number;
    let next: number;
    if (c === 39 || c === 34) {
      const close = this.closingQuote(i + 1, c);
      if (close >= this.len || t.charCodeAt(close) === 0) {
        this.fail(
          close,
          Math.min(close + 1, this.len),
          c === 39 ? 'Unexpected EOF in quoted include' : 'Unexpected EOF in double quoted include',
          'Close the quoted include path.',
          i,
        );
        return true;
      }
      pathStart = i + 1;
      pathEnd = close;
      next = close + 1;
    } else if (c === 91) return (bad('start of an array'), true);
    else if (c === 123) return (bad('start of a map'), true);
    else if (c === 40) return (bad('start of a block'), true);
    else if (digitAt(t, i) || c === 45) return (bad('start of a number'), true);
    else if (c === 92) return (bad('escape sequence'), true);
    else if (isNL(c)) return (bad('new line'), true);
    else {
      let j = i;
      for (;;) {
        const d = t.charCodeAt(j);
        if (j >= this.len || d === 0 || isNL(d) || d === 59 || d === 125 || isBlank(d) || d === 39) break;
        j++;
      }
      pathEnd = j;
      next = t.charCodeAt(j) === 39 ? j + 1 : j;
    }
    const node = new IncludeNodeC(this.src, start, next, t.slice(pathStart, pathEnd), pathStart, pathEnd);
    const frame = this.top();
    node.parent = frame.node;
    if (frame.node.kind === 'map') this.items[this.itemsTop++] = node;
    this.out.includes.push(node);
    this.lastWasKey = undefined;
    this.pending = undefined;
    this.pos = next;
    this.state = this.ret.pop() ?? S.TopValueEnd;
    return true;
  }

  // ---------------------------------------------------------------- values

  private value(): void {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (isBlank(c)) return void (this.pos = this.skipBlank(this.pos + 1));
    const start = this.pos;
    switch (c) {
      case 91: {
        if (this.frames.length > MAX_NESTING) return this.tooDeep(start);
        const node = new ArrayNodeC(this.src, start, start + 1);
        this.openContainer(node);
        this.pos++;
        this.state = S.ArrayValue;
        return;
      }
      case 123: {
        if (this.frames.length > MAX_NESTING) return this.tooDeep(start);
        const node = new MapNodeC(this.src, start, start + 1);
        this.openContainer(node);
        this.pos++;
        this.state = S.MapKeyStart;
        return;
      }
      case 39: {
        const close = this.closingQuote(start + 1, 39);
        if (close < this.len && t.charCodeAt(close) === 0) return this.fail(close, close + 1, 'Unexpected EOF.', NUL_FIX, start);
        if (close >= this.len) return this.unterminated(start);
        this.emitValue(new StringNodeC(this.src, start, close + 1, undefined, 'single'));
        this.pos = close + 1;
        return;
      }
      case 34:
        return this.doubleQuoted(start);
      case 45:
        return this.negativeNumber(start);
      case 40:
        return this.blockString(start);
      case 46: {
        const end = this.bareEnd(start);
        return this.fail(
          start,
          end,
          'Floats must start with a digit',
          'Quote the value: nats-server reads an unquoted value that starts with "." as a number.',
          undefined,
          'unquoted-dot-value',
          {
            value: t.slice(start, end),
          },
        );
      }
      case 10:
      case 13:
        if (this.yamlBlockAfter(start)) return;
        return this.fail(start, start + 1, 'Expected value but found new line', 'Put the value on the same line as its key.');
    }
    if (digitAt(t, start)) return this.number(start);
    this.bare(start, start);
  }

  /**
   * An array or map opening past MAX_NESTING: reported once, then skipped to its closing bracket (or the end)
   * without building anything, and kept as one empty node, so the rest of the file is read as usual.
   */
  private tooDeep(start: number): void {
    const close = this.skipNested(start);
    const end = close === -1 ? this.len : close;
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      this.out.issues.push({
        code: 'too-deep',
        // nats-server reads such nesting (it only fails where brackets stay open): a warning, not an error.
        severity: 'warning',
        reason: `Arrays and maps nest more than ${MAX_NESTING.toLocaleString('en-US')} levels deep here`,
        fix:
          'nats-server has no such limit: it keeps every open level in memory (4 MB of "[" take it about 370 MB) and fails only where brackets are left open. ' +
          'nats-tls does not read what is nested deeper, so it is not checked. No real config nests like this: flatten it.',
        start,
        end: start + 1,
      });
    }
    const node = this.text.charCodeAt(start) === 91 ? new ArrayNodeC(this.src, start, end) : new MapNodeC(this.src, start, end);
    if (close !== -1) node.close = close - 1;
    this.emitValue(node);
    this.pos = end;
  }

  /**
   * Just past the bracket that closes the one at `start`, or -1 when none does, counting brackets outside
   * quoted strings and comments. One linear scan; nothing is allocated per level.
   */
  private skipNested(start: number): number {
    const t = this.text;
    let depth = 0;
    for (let i = start; i < this.len; i++) {
      const c = t.charCodeAt(i);
      if (c === 91 || c === 123) depth++;
      else if (c === 93 || c === 125) {
        if (--depth === 0) return i + 1;
      } else if (c === 34 || c === 39) {
        // A quoted string: its brackets are text. An unclosed one ends at the end of its line.
        for (i++; i < this.len; i++) {
          const d = t.charCodeAt(i);
          if (d === c || d === 10) break;
          if (d === 92 && c === 34) i++;
        }
      } else if (c === 35 || (c === 47 && t.charCodeAt(i + 1) === 47)) {
        const nl = t.indexOf('\n', i);
        if (nl === -1) return -1;
        i = nl;
      }
    }
    return -1;
  }

  /** Where an unquoted run ends, for ranges of errors about it. */
  private bareEnd(from: number): number {
    let i = from;
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(i);
      if (i >= this.len || c === 0 || isNL(c) || isBlank(c) || c === 59 || c === 44 || c === 93 || c === 125) return i;
      i++;
    }
  }

  /** An unquoted string, boolean or variable (nats-server's lexString), from `start`, scanning from `from`. */
  private bare(start: number, from: number): void {
    const t = this.text;
    let i = from;
    let parts: string[] | undefined;
    let segment = start;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 92 /* \ */) {
        (parts ??= []).push(t.slice(segment, i));
        const esc = this.escape(i);
        if (esc === undefined) return;
        parts.push(esc.text);
        i = segment = esc.next;
        continue;
      }
      if (i >= this.len || c === 0 || isNL(c) || isBlank(c) || c === 59 || c === 44 || c === 93 || c === 125) break;
      if (c === 39) {
        // A quote ends an unquoted string and is swallowed; the token is then always a string, never a
        // boolean or a variable (lexString emits it with emitString): `$X'` is the text "$X".
        const value = parts ? parts.join('') + t.slice(segment, i) : undefined;
        this.emitValue(new StringNodeC(this.src, start, i, value, 'bare'));
        this.pos = i + 1;
        return;
      }
      i++;
    }
    this.emitValue(this.bareNode(start, i, parts, segment));
    this.pos = i;
  }

  private bareNode(start: number, end: number, parts: string[] | undefined, segment: number): ValueNode {
    const t = this.text;
    if (parts) return new StringNodeC(this.src, start, end, parts.join('') + t.slice(segment, end), 'bare');
    // true/false/yes/no/on/off, any case: two to five letters starting with one of t f y n o.
    const n = end - start;
    if (n >= 2 && n <= 5 && BOOL_FIRST.has(t.charCodeAt(start) | 0x20)) {
      const raw = t.slice(start, end);
      const b = boolValue(raw);
      if (b !== undefined) return new BoolNodeC(this.src, start, end, b, raw);
    }
    if (t.charCodeAt(start) === 36 /* $ */) {
      const v = new VariableNodeC(this.src, start, end, t.slice(start + 1, end));
      this.out.variables.push(v);
      return v;
    }
    return new StringNodeC(this.src, start, end, undefined, 'bare');
  }

  private doubleQuoted(start: number): void {
    const t = this.text;
    let i = start + 1;
    // Fast path: no backslash and no NUL before the closing quote (indexOf is vectorised).
    const close = t.indexOf('"', i);
    if (close !== -1 && !this.backslashBefore(i, close) && this.nulIn(i, close) === -1) {
      this.emitValue(new StringNodeC(this.src, start, close + 1, undefined, 'double'));
      this.pos = close + 1;
      return;
    }
    let segment = i;
    let parts: string[] | undefined;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 92) {
        (parts ??= []).push(t.slice(segment, i));
        this.inQuote = 34;
        const esc = this.escape(i);
        this.inQuote = 0;
        if (esc === undefined) return;
        parts.push(esc.text);
        i = segment = esc.next;
        continue;
      }
      if (c === 34) {
        const value = parts ? parts.join('') + t.slice(segment, i) : undefined;
        this.emitValue(new StringNodeC(this.src, start, i + 1, value, 'double'));
        this.pos = i + 1;
        return;
      }
      if (c === 0 && i < this.len) return this.fail(i, i + 1, 'Unexpected EOF.', NUL_FIX, start);
      if (i >= this.len) {
        if (i > segment) return this.fail(this.len, this.len, 'Unexpected EOF.', 'Close the string with a double quote.', start);
        // Nothing after the opening quote (or the last escape): nats-server sees plain end of input.
        return this.dangling(new StringNodeC(this.src, start, this.len, parts ? parts.join('') : '', 'double'));
      }
      i++;
    }
  }

  /** A backslash escape at i. Returns the decoded text, or undefined after reporting an error. */
  private escape(i: number): { text: string; next: number } | undefined {
    const t = this.text;
    const c = t.charCodeAt(i + 1);
    switch (c) {
      case 116:
        return { text: '\t', next: i + 2 };
      case 110:
        return { text: '\n', next: i + 2 };
      case 114:
        return { text: '\r', next: i + 2 };
      case 34:
        return { text: '"', next: i + 2 };
      case 92:
        return { text: '\\', next: i + 2 };
      case 120: {
        const a = t.charCodeAt(i + 2);
        const b = t.charCodeAt(i + 3);
        if (isNL(a) || isNL(b)) {
          this.fail(
            i,
            i + 2,
            "Expected two hexadecimal digits after '\\x', but hit end of line",
            'Write \\x followed by two hexadecimal digits, or use single quotes for literal text.',
          );
          // nats-server has read the line break when it fails: past a "\n" its line count names the next line.
          const nl = isNL(a) ? i + 2 : i + 3;
          if (t.charCodeAt(nl) === 10) this.out.issues[this.out.issues.length - 1]!.serverAt = { start: nl + 1, end: lineEnd(t, nl + 1) };
          return undefined;
        }
        if (!isHex(a) || !isHex(b)) {
          this.fail(
            i,
            Math.min(i + 4, this.len),
            `Expected two hexadecimal digits after '\\x', but got '${t.slice(i + 2, i + 4)}'`,
            'Write \\x followed by two hexadecimal digits, or use single quotes for literal text.',
          );
          return undefined;
        }
        return { text: String.fromCharCode(parseInt(t.slice(i + 2, i + 4), 16)), next: i + 4 };
      }
    }
    const shown = i + 1 >= this.len ? '' : showChar(t, i + 1);
    this.fail(
      i,
      Math.min(i + 2, this.len),
      `Invalid escape character '${shown}'. Only the following escape characters are allowed: \\xXX, \\t, \\n, \\r, \\", \\\\.`,
      'nats-server reads "\\" as an escape in unquoted and double-quoted values: use single quotes (\'C:\\certs\\a.pem\'), forward slashes, or "\\\\".',
    );
    return undefined;
  }

  /** A `( … )` block string: it ends only at a ')' alone at the start of a line. */
  private blockString(start: number): void {
    const t = this.text;
    // nats-server reads a NUL byte as end of input, which fails inside a block.
    const nul = t.indexOf('\0', start + 1);
    const close = this.blockClose(start + 1);
    if (close !== -1 && (nul === -1 || close - 1 < nul)) {
      const valueEnd = close >= this.len ? close : close - 1;
      this.emitValue(new StringNodeC(this.src, start, close, t.slice(start + 1, valueEnd), 'block'));
      this.pos = close;
      return;
    }
    if (nul !== -1) {
      this.fail(nul, nul + 1, 'Unexpected EOF processing block.', NUL_FIX, start);
      // Go on after the block's closing line rather than reading its remaining lines as keys (no closing
      // line comes before the NUL, so `close` is the first one after it).
      if (close !== -1 && this.state !== S.Done && this.pos < close) this.pos = close;
      return;
    }
    this.fail(
      this.len,
      this.len,
      'Unexpected EOF processing block.',
      'End the ( … ) block with a ")" alone at the start of a line.',
      start,
    );
  }

  /** Offset just past the first `)` from `from` on that starts a line and ends it (or the input), or -1. */
  private blockClose(from: number): number {
    const t = this.text;
    for (let j = t.indexOf(')', from); j !== -1; j = t.indexOf(')', j + 1)) {
      const after = t.charCodeAt(j + 1);
      if (t.charCodeAt(j - 1) === 10 && (after === 10 || after === 0 || j + 1 >= this.len)) return j + 1;
    }
    return -1;
  }

  private unterminated(start: number): void {
    if (start + 1 < this.len) return this.fail(this.len, this.len, 'Unexpected EOF.', 'Close the string with a single quote.', start);
    this.dangling(new StringNodeC(this.src, start, this.len, '', 'single'));
  }

  /**
   * A quote opened right at the end of input: nats-server treats it as plain end of input, so the key
   * before it is left without a value (which the newest nats-server rejects).
   */
  private dangling(node: StringNode): void {
    const key = this.lastWasKey;
    this.attach(node);
    this.lastWasKey = key;
    this.pos = this.len;
    this.done('Close the quoted string.');
  }

  /** A value starting with a digit: integer, float, IP-like string, datetime or string (lexNumberOrDateOrStringOrIP). */
  private number(start: number): void {
    const t = this.text;
    let i = start + digitAt(t, start);
    for (;;) {
      const c = t.charCodeAt(i);
      const dw = digitAt(t, i);
      if (dw) {
        i += dw;
        continue;
      }
      if (c === 45 /* - */) {
        // nats-server counts bytes here: "YYYY-" is five bytes, whatever digits spell it.
        if (utf8Length(t, start, i) + 1 !== 5)
          return this.fail(
            i,
            i + 1,
            'All ISO8601 dates must be in full Zulu form.',
            'Quote the value; nats-server reads digits followed by "-" as a date (YYYY-MM-DDTHH:MM:SSZ).',
          );
        return this.datetime(start, i + 1);
      }
      if (c === 46) return this.float(start, i + 1);
      if (isNumberSuffix(c)) return this.suffixed(start, i + 1);
      if (i >= this.len || c === 0 || isNL(c) || c === 125 || c === 59 || c === 44 || isBlank(c)) return this.integer(start, i);
      // Any other character turns the token into a string; that character is taken literally.
      return this.bare(start, i + 1);
    }
  }

  private suffixed(start: number, from: number): void {
    const t = this.text;
    let i = from;
    for (;;) {
      const c = t.charCodeAt(i) | 0x20;
      if (c === 98 || c === 105)
        i++; // b, i
      else break;
    }
    const c = t.charCodeAt(i);
    if (i >= this.len || c === 0 || isNL(c) || c === 125 || c === 59 || c === 44 || isBlank(c) || digitAt(t, i))
      return this.integer(start, i);
    this.bare(start, i);
  }

  private negativeNumber(start: number): void {
    const t = this.text;
    const first = digitAt(t, start + 1);
    if (!first) {
      const c = t.charCodeAt(start + 1);
      if (c === 46)
        return this.fail(
          start,
          this.bareEnd(start),
          "Floats must start with a digit, not '.'.",
          'Write -0.5 instead of -.5, or quote the value.',
        );
      return this.fail(
        start,
        Math.min(start + 2, this.len),
        `Expected a digit but got '${showChar(t, start + 1)}'.`,
        'Quote the value: nats-server reads an unquoted value that starts with "-" as a number.',
      );
    }
    let i = start + 1 + first;
    for (;;) {
      const dw = digitAt(t, i);
      if (dw) {
        i += dw;
        continue;
      }
      const c = t.charCodeAt(i);
      if (c === 46) return this.float(start, i + 1);
      if (isNumberSuffix(c)) return this.suffixed(start, i + 1);
      return this.integer(start, i);
    }
  }

  private integer(start: number, end: number): void {
    // Fast path: up to 15 ASCII digits, no suffix (exact in a double, no string to cut).
    const t = this.text;
    const neg = t.charCodeAt(start) === 45;
    if (end - start <= 15 && end > start + (neg ? 1 : 0)) {
      let v = 0;
      let i = neg ? start + 1 : start;
      for (; i < end; i++) {
        const d = t.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (i === end) {
        // nats-server reads "-0" as 0, not -0.
        this.emitValue(new NumberNodeC(this.src, start, end, 'integer', neg && v !== 0 ? -v : v, '', ''));
        this.pos = end;
        return;
      }
    }
    const raw = this.text.slice(start, end);
    const r = convertInteger(raw);
    if (r.ok === false) {
      return this.fail(
        start,
        end,
        r.error,
        r.error.startsWith('expected')
          ? 'Write the number with the digits 0-9, or quote it if it is text.'
          : 'Write a number between -9223372036854775808 and 9223372036854775807.',
      );
    }
    const node = new NumberNodeC(this.src, start, end, 'integer', r.ok === true ? r.value : NaN, raw, r.suffix);
    if (r.suffix) this.out.suffixed.push(node);
    this.emitValue(node);
    this.pos = end;
  }

  private float(start: number, afterDot: number): void {
    const t = this.text;
    if (!digitAt(t, afterDot)) {
      return this.fail(
        afterDot,
        Math.min(afterDot + 1, this.len),
        `Floats must have a digit after the '.', but got '${showChar(t, afterDot)}' instead.`,
        'Quote the value if it is not a number.',
      );
    }
    let i = afterDot;
    for (;;) {
      const dw = digitAt(t, i);
      if (!dw) break;
      i += dw;
    }
    if (t.charCodeAt(i) === 46) {
      // Not a float after all: an IP-like string such as 127.0.0.1:4222.
      let j = i + 1;
      for (;;) {
        const dw = digitAt(t, j);
        if (dw) {
          j += dw;
          continue;
        }
        const c = t.charCodeAt(j);
        if (c === 46 || c === 58 || c === 45) j++;
        else break;
      }
      this.emitValue(new StringNodeC(this.src, start, j, undefined, 'bare'));
      this.pos = j;
      return;
    }
    const raw = t.slice(start, i);
    const r = convertFloat(raw);
    if (!r.ok)
      return this.fail(
        start,
        i,
        r.error,
        r.error.startsWith('expected') ? 'Write the number with the digits 0-9, or quote it if it is text.' : 'Write a smaller number.',
      );
    this.emitValue(new NumberNodeC(this.src, start, i, 'float', r.value, raw, ''));
    this.pos = i;
  }

  private datetime(start: number, from: number): void {
    const t = this.text;
    const shape = '00-00T00:00:00Z';
    let i = from;
    for (let k = 0; k < shape.length; k++) {
      const want = shape.charCodeAt(k);
      if (want === 48) {
        const dw = digitAt(t, i);
        if (!dw)
          return this.fail(
            i,
            Math.min(i + 1, this.len),
            `Expected digit in ISO8601 datetime, but found '${showChar(t, i)}' instead.`,
            'Quote the value, or write a full date such as 2024-01-01T00:00:00Z.',
          );
        i += dw;
      } else {
        if (t.charCodeAt(i) !== want)
          return this.fail(
            i,
            Math.min(i + 1, this.len),
            `Expected '${shape[k]}' in ISO8601 datetime, but found '${showChar(t, i)}' instead.`,
            'Quote the value, or write a full date such as 2024-01-01T00:00:00Z.',
          );
        i++;
      }
    }
    const raw = t.slice(start, i);
    const bad = checkDatetime(raw);
    if (bad) return this.fail(start, i, bad, 'Write a real date and time, e.g. 2024-01-01T00:00:00Z.');
    this.emitValue(new DatetimeNodeC(this.src, start, i, raw));
    this.pos = i;
  }

  // ---------------------------------------------------------------- YAML-style recovery

  /**
   * At a new line where a value should be: if the next lines are an indented YAML-style block
   * (`key: value` or `- item`), report it once and parse the block as a map or list, so that checks
   * still see its fields (nats-server itself stops here with "Expected value but found new line").
   */
  private yamlBlockAfter(nl: number): boolean {
    const entry = this.pending;
    // Past the nesting cap, the plain error (what nats-server says) instead of another recovered level.
    if (!entry || this.frames.length > MAX_NESTING) return false;
    const t = this.text;
    const keyIndent = this.columnOf(entry.keyStart);
    const container = this.top().node;
    // Inside braces nats-server takes whatever comes next as the value, a `#…` line included.
    const inBraces = container.kind === 'map' && container.style === 'braces';
    let line = nl + 1;
    while (line < this.len) {
      const eol = t.indexOf('\n', line);
      const text = t.slice(line, eol === -1 ? this.len : eol);
      const body = text.trimStart();
      if (inBraces && (body.startsWith('#') || body.startsWith('//'))) return false;
      if (body === '' || body === '\r' || body.startsWith('#') || body.startsWith('//')) {
        if (eol === -1) return false;
        line = eol + 1;
        continue;
      }
      const indent = text.length - body.length;
      if (indent <= keyIndent) return false;
      const list = LISTLIKE.test(text);
      if (!list && !KEYLIKE.test(text)) return false;
      // Inside braces nats-server reads the next line as this key's value, which only fails when more
      // follows on that line; report YAML style only where nats-server really fails.
      // What nats-server says, and where: outside braces it stops at the line break after the key (its line
      // count has passed a "\n" there, not a "\r"); inside braces at what follows the next line's first token.
      const fails = inBraces ? braceValueFailure(text) : { reason: 'Expected value but found new line', at: -1 };
      if (!fails) return false;
      const serverAt =
        fails.at >= 0
          ? { start: line + fails.at, end: line + fails.at + (text.codePointAt(fails.at)! > 0xffff ? 2 : 1) }
          : t.charCodeAt(nl) === 10
            ? { start: skipBlanks(t, nl + 1), end: lineEnd(t, nl + 1) }
            : { start: nl, end: nl + 1 };
      const node = list ? new ArrayNodeC(this.src, nl, nl + 1) : new MapNodeC(this.src, nl, nl + 1, 'yaml-block');
      this.out.issues.push({
        code: 'yaml-style-block',
        severity: 'error',
        reason: fails.reason,
        fix: `Write ${excerpt(entry.key)} ${list ? '[ … ]' : '{ … }'} with the ${list ? 'items' : 'fields'} inside ${list ? 'brackets' : 'braces'}: nats-server config is not YAML.`,
        // The key's line, up to (not including) its line break: where the fix goes.
        start: entry.keyStart,
        end: t.charCodeAt(nl - 1) === 13 && t.charCodeAt(nl) === 10 ? nl - 1 : nl,
        data: { key: entry.key, kind: list ? 'list' : 'map' },
        node,
        serverAt,
      });
      // Where the lexer would have returned after a value, it now returns after the recovered block.
      if (this.state === S.MapValue) this.ret.push(S.MapValueEnd);
      this.openContainer(node, keyIndent);
      this.pos = nl + 1;
      this.state = list ? S.ListItem : S.MapKeyStart;
      return true;
    }
    return false;
  }

  private listItem(): void {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (isSpace(c)) return void (this.pos = this.skipSpace(this.pos + 1));
    if (this.commentAt(S.ListItem)) return;
    if (this.pos >= this.len || c === 125 || c === 93 || (!this.atComment() && this.endsIndentedBlock(this.pos)))
      return this.closeContainer(-1);
    if (c === 45 && isBlank(t.charCodeAt(this.pos + 1))) {
      this.pos += 2;
      this.ret.push(S.ListItemEnd);
      this.state = S.Value;
      return;
    }
    this.failToken(
      `Expected a list item starting with '- ', but got '${showChar(t, this.pos)}' instead.`,
      'Write one "- item" per line, or better, an array in brackets.',
    );
  }

  /** True when `at` is the first non-blank character of its line and that line is not indented past the open block. */
  private endsIndentedBlock(at: number): boolean {
    const frame = this.top();
    if (frame.indentLimit < 0) return false;
    const lineStart = this.lineStartOf(at);
    for (let i = lineStart; i < at; i++) if (!isBlank(this.text.charCodeAt(i))) return false;
    return at - lineStart <= frame.indentLimit;
  }

  private lineStartOf(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  private columnOf(at: number): number {
    return at - this.lineStartOf(at);
  }

  // ---------------------------------------------------------------- tree building

  private top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  private attach(node: ValueNode): void {
    const frame = this.top();
    if (frame.node.kind === 'array') {
      node.parent = frame.node;
      this.items[this.itemsTop++] = node;
      return;
    }
    const entry = this.pending;
    if (entry) {
      entry.value = node;
      node.parent = entry;
      entry.end = node.end;
      this.pending = undefined;
    }
  }

  private emitValue(node: ValueNode): void {
    this.attach(node);
    const into = this.top().node;
    // nats-server sets no value for an integer whose suffix it does not know.
    if (into.kind === 'map' && !(node.kind === 'integer' && Number.isNaN(node.value))) this.store(node, into);
    this.lastWasKey = undefined;
    this.state = this.ret.pop() ?? S.TopValueEnd;
  }

  private openContainer(node: MapNode | ArrayNode, indentLimit = -1): void {
    this.attach(node);
    this.lastWasKey = undefined;
    this.frames.push({ node, from: this.itemsTop, retDepth: this.ret.length, indentLimit });
  }

  /** Closes the innermost map or array; `close` is the offset of its bracket, or -1 for a recovered block. */
  private closeContainer(close: number): void {
    const frame = this.frames.pop()!;
    const node = frame.node;
    const last = this.take(frame);
    if (close >= 0) {
      node.close = close;
      node.end = close + 1;
    } else {
      node.end = last ? last.end : node.start;
    }
    if (node.parent?.kind === 'entry') node.parent.end = node.end;
    const into = this.top().node;
    if (into.kind === 'map') this.store(node, into);
    if (this.ret.length > frame.retDepth) this.ret.length = frame.retDepth;
    this.lastWasKey = undefined;
    this.pending = undefined;
    const back = this.ret.pop() ?? S.TopValueEnd;
    // A recovered block ends at the start of the next line's key, past the new line its parent expects.
    this.state = close >= 0 ? back : afterLine(back);
  }

  /** Offset of the quote `q` that closes a quoted token, or of a NUL or the end of input before it. */
  /**
   * Whether a backslash occurs in [from, to). The next backslash is remembered, so asking this for every
   * string of a text stays linear in the text's length.
   */
  private backslashBefore(from: number, to: number): boolean {
    if (from < this.bsFrom || (this.nextBs !== -1 && this.nextBs < from)) {
      this.nextBs = this.text.indexOf('\\', from);
      this.bsFrom = from;
    }
    return this.nextBs !== -1 && this.nextBs < to;
  }

  private closingQuote(from: number, q: number): number {
    const t = this.text;
    // indexOf is vectorised; a NUL before the quote (rare: most texts have none) ends the token there.
    let close = t.indexOf(q === 34 ? '"' : "'", from);
    if (close === -1) close = this.len;
    const nul = this.nulIn(from, close);
    return nul === -1 ? close : nul;
  }

  /** The first NUL byte (nats-server's end of input) in [from, to), or -1; free when the text has none. */
  private nulIn(from: number, to: number): number {
    if (this.firstNul === -1 || this.firstNul >= to) return -1;
    const nul = this.text.indexOf('\0', from);
    return nul !== -1 && nul < to ? nul : -1;
  }

  /**
   * nats-server's lexer stops where it expects a key's end or a key and meets end of input; a NUL byte
   * counts as end of input there, so everything after it is ignored.
   */
  private stopAt(at: number): void {
    if (at < this.len) {
      this.out.issues.push({
        code: 'syntax-error',
        severity: 'warning',
        reason: 'NUL byte',
        fix: 'nats-server stops reading at this NUL byte and ignores the rest of the file; remove it.',
        start: at,
        end: at + 1,
      });
    }
    this.pos = this.len;
    this.done();
  }

  /** The first offset from i that is not a space (Go's unicode.IsSpace), or the end. */
  private skipSpace(i: number): number {
    const t = this.text;
    while (isSpace(t.charCodeAt(i))) i++;
    return i;
  }

  /** The first offset from i that is not a blank (space or tab), or the end. */
  private skipBlank(i: number): number {
    const t = this.text;
    for (let c = t.charCodeAt(i); c === 32 || c === 9; c = t.charCodeAt(++i));
    return i;
  }

  private atComment(): boolean {
    const c = this.text.charCodeAt(this.pos);
    return c === 35 || (c === 47 && this.text.charCodeAt(this.pos + 1) === 47);
  }

  /** Skips a `#` or `//` comment at pos, then continues in `then`. */
  private commentAt(then: S): boolean {
    const t = this.text;
    if (!this.atComment()) return false;
    let e = this.pos;
    while (e < this.len && !isNL(t.charCodeAt(e)) && t.charCodeAt(e) !== 0) e++;
    this.out.comments.push(this.pos, e);
    this.pos = e;
    this.state = then;
    this.lastWasKey = undefined;
    return true;
  }

  // ---------------------------------------------------------------- errors and recovery

  private failToken(reason: string, fix: string): void {
    const start = this.pos;
    const end = start >= this.len ? start : Math.max(this.bareEnd(start), start + 1);
    this.fail(start, end, reason, fix);
  }

  private fail(
    start: number,
    end: number,
    reason: string,
    fix: string,
    openedAt?: number,
    code: SyntaxIssue['code'] = 'syntax-error',
    data?: Record<string, unknown>,
  ): void {
    this.lastWasKey = undefined;
    const issue: SyntaxIssue = { code, severity: 'error', reason, fix, start, end };
    if (data) issue.data = data;
    if (openedAt !== undefined) issue.data = { ...issue.data, openedAt };
    const glued = this.gluedBracket();
    if (glued) {
      // `[1, 2]`: nats-server reads `2]` as text, so the array never closes and the error shows up later.
      issue.fix = `nats-server read "${excerpt(glued.value)}" as text, so the array never closed: a number directly followed by "]" does not end an array. Put a space or a comma before the "]" ([1, 2 ]).`;
      issue.data = { ...issue.data, gluedBracket: glued.start };
    }
    this.out.issues.push(issue);
    this.recover(Math.max(start, this.pos), end);
  }

  /** An item of the innermost array that is a number glued to `]` (the array's intended end). */
  private gluedBracket(): StringNode | undefined {
    const frame = this.top();
    if (frame.node.kind !== 'array') return undefined;
    // Items of an open container are still on the item stack.
    for (let i = frame.from; i < this.itemsTop; i++) {
      const item = this.items[i];
      if (item?.kind === 'string' && item.style === 'bare' && /^-?\d[\d.]*\]$/.test(item.value)) return item;
    }
    return undefined;
  }

  /** After an error: skip to a safe point (end of line, or a closing bracket) and go on in the innermost container. */
  private recover(from: number, errEnd: number): void {
    const t = this.text;
    if (from >= this.len || errEnd >= this.len) return this.done();
    let i = Math.max(from, errEnd);
    // Brackets the bad token opened (`{c:` in `[{b: 1} {c: 2}]`) are skipped with the rest of it.
    let depth = 0;
    for (let k = from; k < i; k++) {
      const c = t.charCodeAt(k);
      if (c === 123 || c === 91) depth++;
      else if ((c === 125 || c === 93) && depth > 0) depth--;
    }
    // An error inside a double-quoted string: skip to its closing quote first.
    let quote = this.inQuote;
    this.inQuote = 0;
    while (i < this.len) {
      const c = t.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
        else if (c === 10) break;
        else if (c === 92 && quote === 34 && i + 2 <= this.len) i++;
        i++;
        continue;
      }
      if (c === 10) break;
      if (c === 34 || c === 39) quote = c;
      else if (c === 123 || c === 91) depth++;
      else if ((c === 125 || c === 93) && depth > 0) depth--;
      else if ((c === 125 || c === 93) && this.frames.length > 1) break;
      else if ((c === 59 || c === 44) && depth === 0) {
        i++;
        break;
      }
      i++;
    }
    this.pos = Math.min(i, this.len);
    this.pending = undefined;
    this.lastWasKey = undefined;
    this.goKeys.length = 0;
    for (const f of this.frames) if (f.node.parent?.kind === 'entry') this.goKeys.push(f.node.parent);
    const frame = this.top();
    this.ret.length = frame.retDepth;
    if (frame.node.kind === 'array') this.state = frame.indentLimit >= 0 ? S.ListItem : S.ArrayValue;
    else if (this.frames.length > 1) this.state = S.MapKeyStart;
    else if (this.blockDepth > 0) {
      this.ret.length = 0;
      this.ret.push(S.Top);
      for (let k = 1; k < this.blockDepth; k++) this.ret.push(S.BlockEnd);
      this.state = S.BlockStart;
    } else this.state = S.Top;
  }

  /** End of input: the newest nats-server rejects a key left without a value there. */
  private done(fix?: string): void {
    if (this.state === S.Done) return;
    const e = this.lastWasKey;
    if (this.dialect === 'latest' && e && e.key !== '}') {
      this.out.issues.push({
        code: 'syntax-error',
        severity: 'error',
        reason: 'config is invalid',
        fix: fix ?? `"${excerpt(e.key)}" has no value at the end of the file; give it one or remove it.`,
        start: e.keyStart,
        end: fix ? this.len : e.keyEnd,
      });
    }
    this.state = S.Done;
  }

  private finish(): void {
    // Containers still open at the end were reported (or are recovered blocks); give them an end.
    while (this.frames.length > 1) {
      const frame = this.frames.pop()!;
      const last = this.take(frame);
      if (frame.indentLimit >= 0) {
        const node = frame.node;
        node.end = last ? last.end : node.start;
      } else frame.node.end = this.len;
      if (frame.node.parent?.kind === 'entry') frame.node.parent.end = frame.node.end;
    }
    this.take(this.frames[0]!);
  }

  /** Moves a closing container's entries or items off the item stack into it; returns the last one. */
  private take(frame: Frame): Entry | IncludeNode | ValueNode | undefined {
    const n = this.itemsTop - frame.from;
    if (n <= 0) return undefined;
    const own = this.items.slice(frame.from, this.itemsTop);
    this.itemsTop = frame.from;
    if (frame.node.kind === 'map') (frame.node as { entries: (Entry | IncludeNode)[] }).entries = own as (Entry | IncludeNode)[];
    else (frame.node as { items: ValueNode[] }).items = own as ValueNode[];
    return own[n - 1];
  }
}

/**
 * Inside braces nats-server reads the next line of a YAML-style block as the key's value (lexMapValue skips
 * line breaks): what it then says, and at which character of `line`, mirroring its lexer for the lines a
 * YAML-style block starts with. Undefined when nats-server reads on without an error, or where its lexer
 * takes another path (numbers, variables, escapes): the parser then follows nats-server itself.
 */
function braceValueFailure(line: string): { reason: string; at: number } | undefined {
  let i = 0;
  while (line[i] === ' ' || line[i] === '\t') i++;
  const c = line[i];
  if (c === '-') {
    // lexNegNumberStart: a digit must follow the "-" of "- item".
    const n = line[i + 1];
    return n === ' ' || n === '\t' ? { reason: `Expected a digit but got '${n}'.`, at: i + 1 } : undefined;
  }
  let j: number;
  if (c === '"' || c === "'") {
    const close = line.indexOf(c, i + 1);
    // Escapes in a double-quoted key have errors of their own: let the parser say what nats-server says.
    if (close < 0 || (c === '"' && line.slice(i + 1, close).includes('\\'))) return undefined;
    j = close + 1;
  } else {
    // Numbers, dates, blocks and variables lex (or fail) otherwise: the parser follows nats-server there.
    if (c === undefined || /[0-9.($]/.test(c)) return undefined;
    // lexString: an unquoted value runs to a blank, a line break, ",", "]" or "}" (":" and "=" included).
    j = i;
    while (j < line.length && !/[ \t\r\n,\]}'\\]/.test(line[j]!)) j++;
    if (line[j] === "'" || line[j] === '\\') return undefined;
  }
  // lexMapValueEnd: blanks, then a terminator, a comment or "}" (nats-server reads on), or anything else fails.
  while (line[j] === ' ' || line[j] === '\t') j++;
  const d = line.codePointAt(j);
  if (d === undefined || /[\r\n,;}#/]/.test(String.fromCodePoint(d))) return undefined;
  return { reason: `Expected a map value terminator "," or a map terminator "}", but got '${String.fromCodePoint(d)}' instead.`, at: j };
}

/** The first offset from `i` that is not a space or a tab. */
function skipBlanks(t: string, i: number): number {
  while (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9) i++;
  return i;
}

/** The end of the line that starts at `start`, before its line break. */
function lineEnd(t: string, start: number): number {
  const nl = t.indexOf('\n', start);
  const end = nl === -1 ? t.length : nl;
  return end > start && t.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/** UTF-8 length of text[start, end) (nats-server measures positions in bytes). */
function utf8Length(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The state that follows a parent's value end once a new line has already been consumed. */
function afterLine(s: S): S {
  switch (s) {
    case S.TopValueEnd:
      return S.Top;
    case S.BlockValueEnd:
      return S.BlockStart;
    case S.MapValueEnd:
      return S.MapKeyStart;
    case S.ArrayValueEnd:
      return S.ArrayValue;
    case S.ListItemEnd:
      return S.ListItem;
    default:
      return s;
  }
}

/** Parses in which some value is filed under another key than its own (MapNode.misfiled), for splicing. */
const misfiledParses = new WeakSet<ParsedConf>();
/** Parses with top-level braces around some of their entries (`{ port: 4222 }`), for splicing. */
const bracedParses = new WeakSet<ParsedConf>();
/** The dialect each parse followed, for splicing (conf/incremental.ts). */
const dialects = new WeakMap<ParsedConf, Dialect>();

/** How `conf` was parsed, as conf/incremental.ts needs to know; undefined for a parse it did not make. */
export function parseFacts(conf: ParsedConf): { dialect: Dialect; misfiled: boolean; braced: boolean } | undefined {
  const dialect = dialects.get(conf);
  return dialect && { dialect, misfiled: misfiledParses.has(conf), braced: bracedParses.has(conf) };
}

/** A parser object not in use (parseConf may be re-entered, e.g. from a callback, so it is taken, not shared). */
let spare: ConfParser | undefined;

export function parseConf(src: Source, dialect: Dialect = 'latest'): ParsedConf {
  const parser = spare ?? new ConfParser();
  spare = undefined;
  let out: ParsedConf;
  // A template's regions are masked (same offsets) so the grammar reads the config text around them.
  const template = findTemplates(src.text);
  src.template = template;
  try {
    out = parser.run(src, dialect, template ? template.masked : src.text);
  } finally {
    spare = parser;
  }
  dialects.set(out, dialect);
  if (dialect === 'latest' && out.root.entries.length === 0 && !out.issues.some((i) => i.severity === 'error')) {
    out.issues.push({
      code: 'empty-config',
      severity: 'warning',
      reason: 'config has no values or is empty',
      fix: 'nats-server -t fails on an empty config; add a setting such as port: 4222.',
      start: 0,
      end: 0,
    });
  }
  return out;
}
