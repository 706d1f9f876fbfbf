// Format Document / Format Selection / `nats-tls fmt` for nats-server configs.
//
// The formatter never changes what a config means: it rewrites only the gaps between tokens (printer.ts),
// and only where the file parses. A file with a syntax error is formatted up to the last top-level entry
// before the error; everything from there on stays as written (nats-server stops at the error anyway, and
// a guess at the rest could change it).
import { Source } from '../conf/ast';
import { parseConf, type ParsedConf } from '../conf/parser';
import type { OffsetEdit } from '../edits/text-edit';
import { layOut, toEdits, tokenEnd, type FormatOptions, type PackedEdits, type SeparatorStyle } from './printer';

export type { FormatOptions, SeparatorStyle };

export const SEPARATOR_STYLES: readonly SeparatorStyle[] = ['preserve', 'colon', 'equals', 'space'];

export const DEFAULT_FORMAT_OPTIONS: FormatOptions = { indent: '  ', separator: 'preserve' };

export interface FormatResult {
  /** Replacements of gaps between tokens, in document order, none overlapping (made on first use). */
  readonly edits: OffsetEdit[];
  /** The formatted text (the input itself when nothing changes). */
  text: string;
  /** Why part or all of the file was left as written; undefined when all of it was formatted. */
  kept: string | undefined;
}

/**
 * Formats a nats-server config. With `range` (offsets), only the selected lines change (Format Selection).
 * Never throws.
 */
export function formatConf(
  text: string,
  options: Partial<FormatOptions> = {},
  range?: { start: number; end: number },
  /** The text's parse in the latest dialect, when the caller has it (the editor's open document). */
  parsed?: ParsedConf,
): FormatResult {
  const opts: FormatOptions = { ...DEFAULT_FORMAT_OPTIONS, ...options };
  let packed: PackedEdits | undefined;
  let kept: string | undefined;
  try {
    ({ packed, kept } = formatEdits(text, opts, parsed?.src.text === text ? parsed : undefined));
  } catch {
    // A bug here must not cost the user their file: format nothing.
    return { edits: [], text, kept: 'internal error' };
  }
  if (!packed || packed.ids.length === 0) return { edits: [], text, kept };
  if (range) {
    // The edits that end on the selected lines: they lay out those lines, indentation included.
    const from = text.lastIndexOf('\n', range.start - 1) + 1;
    const nl = text.indexOf('\n', range.end);
    packed = selectEdits(packed, from, nl === -1 ? text.length : nl);
  }
  // The text now (the parse formatEdits made can be collected); the edits as objects only if asked for:
  // a restyled large file has 100,000 of them.
  const p = packed;
  let edits: OffsetEdit[] | undefined;
  return {
    text: apply(text, p),
    kept,
    get edits(): OffsetEdit[] {
      return (edits ??= toEdits(p));
    },
  };
}

/** The edits that end in [from, to]. */
function selectEdits(p: PackedEdits, from: number, to: number): PackedEdits {
  const keep: number[] = [];
  for (let i = 0; i < p.ids.length; i++) {
    const end = p.offsets[2 * i + 1]!;
    if (end >= from && end <= to) keep.push(i);
  }
  return {
    offsets: Int32Array.from(keep.flatMap((i) => [p.offsets[2 * i]!, p.offsets[2 * i + 1]!])),
    ids: Int32Array.from(keep.map((i) => p.ids[i]!)),
    texts: p.texts,
  };
}

function formatEdits(text: string, opts: FormatOptions, given: ParsedConf | undefined): { packed?: PackedEdits; kept: string | undefined } {
  // nats-server stops reading at a NUL byte; a file holding one is not laid out at all.
  if (text.indexOf('\0') !== -1) return { kept: 'the file holds a NUL byte' };
  const parsed = given ?? parseConf(new Source('', text));
  const firstError = firstErrorAt(parsed);
  if (firstError < 0) {
    const packed = layOut(text, opts, parsed.root);
    return packed ? { packed, kept: undefined } : { kept: 'the file has a construct kept as written' };
  }
  // Format the top-level entries before the first error, as a file of their own; keep the rest.
  const end = safePrefixEnd(text, parsed, firstError);
  const reason = 'a syntax error follows';
  if (end <= 0) return { kept: reason };
  const prefix = text.slice(0, end);
  const head = parseConf(new Source('', prefix));
  if (firstErrorAt(head) >= 0) return { kept: reason };
  // The prefix keeps the line break it ends with: the rest of the file is read after it as before.
  const packed = layOut(prefix, opts, head.root, prefix.endsWith('\r\n') ? '\r\n' : prefix.endsWith('\r') ? '\r' : '\n');
  return { ...(packed ? { packed } : {}), kept: reason };
}

/** Where the first error, or the construct it belongs to (an unclosed quote, map or block), starts; -1 for none. */
function firstErrorAt(parsed: ParsedConf): number {
  let at = -1;
  for (const i of parsed.issues) {
    if (i.severity !== 'error') continue;
    const opened = typeof i.data?.openedAt === 'number' ? i.data.openedAt : i.start;
    const s = Math.min(i.start, opened);
    if (at < 0 || s < at) at = s;
  }
  return at;
}

/**
 * The end of the line of the last top-level entry that ends before `limit` and is followed only by a
 * terminator and a comment on its line: a point where nats-server's lexer is back at the top level.
 */
function safePrefixEnd(text: string, parsed: ParsedConf, limit: number): number {
  const entries = parsed.root.entries;
  for (let k = entries.length - 1; k >= 0; k--) {
    const e = entries[k]!;
    const end = e.kind === 'include' ? e.end : e.value ? tokenEnd(text, e.value) : -1;
    if (end < 0 || end > limit) continue;
    let i = end;
    let c = text.charCodeAt(i);
    while (c === 32 || c === 9) c = text.charCodeAt(++i);
    if (c === 44 || c === 59) c = text.charCodeAt(++i);
    while (c === 32 || c === 9) c = text.charCodeAt(++i);
    if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
      while (i < text.length && c !== 10 && c !== 13) c = text.charCodeAt(++i);
    }
    if (c === 13 && text.charCodeAt(i + 1) === 10) c = text.charCodeAt(++i);
    if ((c !== 10 && c !== 13) || i >= limit) continue;
    return i + 1;
  }
  return -1;
}

/**
 * UTF-16 code units decode as themselves where the platform is little-endian (all but a few); a BOM is kept (it
 * is part of the first key). Made on first use: the decoder loads ICU's converter, about 1.5 MB of resident
 * memory that a server formatting only ASCII configs never needs.
 */
let utf16: InstanceType<typeof TextDecoder> | null | undefined;
const utf16Decoder = (): InstanceType<typeof TextDecoder> | null =>
  (utf16 ??= new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? new TextDecoder('utf-16le', { ignoreBOM: true }) : null);

/** A character a Latin-1 byte cannot hold. */
const WIDE = /[^\x00-\xff]/;
/** Runs longer than this are copied by Buffer.write; shorter ones a character at a time (a call costs more). */
const LONG = 16;

/**
 * Applies packed edits. Text that is all Latin-1 (most configs: ASCII) is assembled as bytes and read back
 * as one string (on the 2 MB bench config as is, 5 ms less than as code units). Other well-formed text (no
 * lone surrogate, which a decoder would replace) is assembled as code units in one typed array and decoded
 * once; the rest is appended to one string. All measured faster than joining parts.
 */
function apply(text: string, p: PackedEdits): string {
  const wide = WIDE.test(text) || p.texts.some((t) => WIDE.test(t));
  const decoder = wide && (text as { isWellFormed?: () => boolean }).isWellFormed?.() ? utf16Decoder() : null;
  if (wide && !decoder) {
    let joined = '';
    eachPiece(text, p, (s, from, to) => {
      joined += s.slice(from, to);
    });
    return joined;
  }
  let length = text.length;
  for (let i = 0; i < p.ids.length; i++) length += p.texts[p.ids[i]!]!.length - (p.offsets[2 * i + 1]! - p.offsets[2 * i]!);
  let o = 0;
  if (decoder) {
    const units = new Uint16Array(length);
    eachPiece(text, p, (s, from, to) => {
      for (let j = from; j < to; j++) units[o++] = s.charCodeAt(j);
    });
    return decoder.decode(units);
  }
  const bytes = Buffer.allocUnsafe(length);
  eachPiece(text, p, (s, from, to) => {
    if (to - from > LONG) o += bytes.write(from === 0 && to === s.length ? s : s.slice(from, to), o, 'latin1');
    else for (let j = from; j < to; j++) bytes[o++] = s.charCodeAt(j);
  });
  return bytes.toString('latin1', 0, o);
}

/** The formatted text piece by piece, in order: the runs of `text` kept as written, and the edits' texts. */
function eachPiece(text: string, p: PackedEdits, put: (s: string, from: number, to: number) => void): void {
  let at = 0;
  for (let i = 0; i < p.ids.length; i++) {
    put(text, at, p.offsets[2 * i]!);
    const t = p.texts[p.ids[i]!]!;
    put(t, 0, t.length);
    at = p.offsets[2 * i + 1]!;
  }
  put(text, at, text.length);
}
