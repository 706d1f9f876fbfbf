// Incremental analysis: what a TLS block's checks found, and the files it names, reused while nothing they
// depend on changed. A block's checks depend only on the block itself (its text and where it sits), the
// settings, the platform, the clock and the files it names (analyze.ts keeps them that way), so the key is
// all of these: the block's text, its location, and for each file reference the path as written (in the
// text), where it resolved and that file's identity, size, mtime and mode. A keystroke in a comment or in another
// block leaves the key unchanged, and the block costs a stat per file it names instead of a load and ten checks.
//
// Only blocks written in one piece in one file are cached: a block with an `include` or a `$VARIABLE`
// depends on text elsewhere, and is simply checked again each time (so are YAML client configs, whose
// anchors and aliases do the same; they are small).
import * as path from 'node:path';
import type { Source } from '../conf/ast';
import { placeIssue, relativeIssues, type RelativeIssue, type SourceIssue } from '../conf/issue';
import type { EngineFs, FileStat } from '../types';
import type { FileFailure, PemFile } from '../x509/model';
import type { TlsBlock } from './blocks';

/** Blocks larger than this are checked each time rather than kept (a hostile one-line block of 5,000 keys). */
const MAX_CACHED_BLOCK_CHARS = 64 * 1024;
/** The most blocks kept, however large the documents (a key is a block's text: a few hundred bytes each). */
const MAX_CAPACITY = 200_000;
const DAY = 86_400_000;
/** Text that makes a block depend on text elsewhere: a `$VARIABLE`, an `include`. */
const DEPENDS_ELSEWHERE = /\$|include/i;
/** Between the `tls` key and its map: a separator, not a `$VARIABLE` holding the map. */
const KEY_TO_MAP = /^["']?\s*[:=]?\s*$/;

type Loaded = PemFile | FileFailure | undefined;

/** What a block's findings depend on besides its text: the model's settings, its location, its file, its files. */
export interface BlockContext {
  prefix: string;
  location: string;
  file: string;
  refs: readonly { tried: number; stamp: string }[];
}

function sameContext(a: BlockContext, b: BlockContext): boolean {
  if (a.prefix !== b.prefix || a.location !== b.location || a.file !== b.file || a.refs.length !== b.refs.length) return false;
  for (let i = 0; i < a.refs.length; i++) if (a.refs[i]!.tried !== b.refs[i]!.tried || a.refs[i]!.stamp !== b.refs[i]!.stamp) return false;
  return true;
}

/** Identical blocks in different files (or under different settings) share a slot of this many. */
const PER_TEXT = 4;

export interface CachedBlock {
  context: BlockContext;
  /** Every path the block's references depend on (resolved files and candidates tried), for forget(). */
  paths: string[];
  /** Each file reference's loaded file, in the block's reference order. */
  files: Loaded[];
  /** The checks' findings, valid while the clock reads [validFrom, validUntil). */
  issues: RelativeIssue[] | undefined;
  validFrom: number;
  validUntil: number;
}

/**
 * A block's cache key (its text, and its context), where its text starts in this version (cached offsets
 * are relative to it), and its entry. The text is the map's key and the context is compared field by field:
 * no key string is built per block (10,000 blocks made 10,000 long strings to hash on every keystroke).
 */
export interface BlockStamp {
  key: string;
  context: BlockContext;
  src: Source;
  base: number;
  end: number;
  entry: CachedBlock | undefined;
}

/** Memoises stat() for the length of one model build: path resolution and loading ask about the same files. */
export class StatMemo {
  private readonly stats = new Map<string, FileStat | null>();
  readonly fs: EngineFs;
  constructor(private readonly base: EngineFs) {
    this.fs = { readFile: (p, limit) => base.readFile(p, limit), stat: (p) => this.stat(p) };
    if (base.readDir) this.fs.readDir = (p, limit) => base.readDir!(p, limit);
  }
  stat(p: string): FileStat | undefined {
    let s = this.stats.get(p);
    if (s === undefined) {
      s = this.base.stat(p) ?? null;
      this.stats.set(p, s);
    }
    return s ?? undefined;
  }
}

/**
 * Per-block results. Two generations instead of a strict LRU order (no reordering on every hit): a block
 * used since the last turnover is kept, one unused for two turnovers is dropped. Counters say how much work
 * was done and how much was saved.
 */
export class BlockCache {
  private young = new Map<string, CachedBlock[]>();
  private old = new Map<string, CachedBlock[]>();
  /** Blocks whose checks ran, and blocks whose findings were reused. */
  analysed = 0;
  reused = 0;

  constructor(private capacity = 2048) {}

  /**
   * Room for a model of `blocks` blocks: a document with more blocks than the cache holds would push its own
   * blocks out on every pass and check them all again on every keystroke (10,000 TLS blocks took 2 s an edit).
   */
  reserve(blocks: number): void {
    this.capacity = Math.max(this.capacity, Math.min(MAX_CAPACITY, 4 * blocks));
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private put(key: string, list: CachedBlock[]): void {
    this.young.set(key, list);
    if (this.young.size >= this.capacity / 2) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  /** The entries kept for a block text (young or old generation; an old one moves to the young). */
  private slot(key: string): CachedBlock[] | undefined {
    const e = this.young.get(key);
    if (e) return e;
    const o = this.old.get(key);
    if (o) {
      this.old.delete(key);
      this.put(key, o);
    }
    return o;
  }

  /** What is kept for this block text in this context, if anything. */
  lookup(key: string, context: BlockContext): CachedBlock | undefined {
    const list = this.slot(key);
    if (!list) return undefined;
    for (const e of list) if (sameContext(e.context, context)) return e;
    return undefined;
  }

  /** Remembers a block's loaded files under its (new) key; its findings follow with setIssues(). */
  store(stamp: BlockStamp, files: Loaded[], paths: string[]): void {
    stamp.entry = { context: stamp.context, paths, files, issues: undefined, validFrom: 0, validUntil: 0 };
    const list = this.slot(stamp.key);
    if (list) {
      list.unshift(stamp.entry);
      if (list.length > PER_TEXT) list.length = PER_TEXT;
    } else this.put(stamp.key, [stamp.entry]);
  }

  /** The block's findings, placed in its current text, when they are known and still hold at `now`. */
  issues(stamp: BlockStamp, now: Date): SourceIssue[] | undefined {
    const e = stamp.entry;
    const t = now.getTime();
    if (!e?.issues || t < e.validFrom || t >= e.validUntil) return undefined;
    this.reused++;
    return e.issues.map((r) => placeIssue(r, stamp.src, stamp.base));
  }

  /**
   * Keeps a block's findings, when all of them lie inside the block's own text (an internal error, reported
   * at the top of the file, is not kept). `validUntil` is the first moment the clock could change them.
   */
  setIssues(stamp: BlockStamp, issues: SourceIssue[], now: Date, validUntil: number): void {
    const e = stamp.entry;
    if (!e) return;
    const rel = relativeIssues(issues, stamp.src, stamp.base, stamp.end);
    if (!rel) return;
    e.issues = rel;
    e.validFrom = now.getTime();
    e.validUntil = validUntil;
  }

  /** A file changed on disk (or was created or deleted, or a folder holding it): drop every block that names it. */
  forget(changed: string): void {
    const folder = changed.endsWith(path.sep) ? changed : changed + path.sep;
    for (const m of [this.young, this.old])
      for (const [k, list] of m) {
        const kept = list.filter((e) => !e.paths.some((p) => p === changed || p.startsWith(folder)));
        if (kept.length === 0) m.delete(k);
        else if (kept.length < list.length) m.set(k, kept);
      }
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}

/**
 * The first moment after `now` at which a check could say something different about these certificates:
 * one becomes valid or expires, crosses its expiry-warning threshold, or a day count in a message ticks.
 */
export function validUntil(files: readonly Loaded[], now: Date, warningDays: number): number {
  const t = now.getTime();
  let next = Number.POSITIVE_INFINITY;
  // The checks compare with < and >: a change happens at an instant or one millisecond after it.
  const consider = (x: number): void => {
    for (const y of [Math.floor(x), Math.floor(x) + 1]) if (y > t && y < next) next = y;
  };
  for (const f of files) {
    if (!f || 'reason' in f) continue;
    for (const c of f.certs) {
      const nb = c.notBefore.getTime();
      const na = c.notAfter.getTime();
      const warnFrom = na - Math.max(warningDays * DAY, (na - nb) / 3);
      consider(nb);
      consider(na);
      consider(warnFrom);
      // Messages count whole days: "in N days" (to notAfter) while warning, "N days ago" once expired.
      if (t > na) consider(na + (Math.floor((t - na) / DAY) + 1) * DAY);
      else if (t >= warnFrom) consider(na - Math.floor((na - t) / DAY) * DAY);
    }
  }
  return next;
}

const stampText = new WeakMap<FileStat, string>();

/** A file's identity and state, as a key part (the same stat object gives the same string without rebuilding it). */
export function fileStamp(st: FileStat | undefined): string {
  if (!st) return '-';
  let s = stampText.get(st);
  if (s === undefined) {
    s = `${st.type}:${st.size}:${st.mtimeMs}:${st.mode ?? ''}:${st.ino ?? ''}:${st.dev ?? ''}`;
    stampText.set(st, s);
  }
  return s;
}

/** What a block's findings depend on besides its own text and files: the same for every block of a model. */
export function modelKeyPrefix(parts: (string | number)[]): string {
  return parts.join('\u0001');
}

/**
 * The block's cache key, or undefined when the block cannot be cached: not written in one piece in one file.
 * The key holds the block's text from its `tls` key (from the start of its line for a YAML-style block, whose
 * indentation shapes it), its location and file, and for each file reference (in order; the paths as written are in the
 * text, and the candidates they resolve against follow from the file and the prefix) how many candidates
 * were tried and the found file's stamp.
 */
export function blockStamp(
  block: TlsBlock,
  prefix: string,
  refs: readonly { tried: number; stamp: string }[],
  cache: BlockCache,
): BlockStamp | undefined {
  const { anchor, map } = block;
  const src = anchor.src;
  if (block.location.id === 'context' || block.doc.format === 'yaml' || map.src !== src || map.start < anchor.end) return undefined;
  const text = src.text;
  // A block in braces is keyed from its `tls` key: what precedes it on its line (a remote's url) is not the
  // block's, so identical blocks share their results. An indented YAML-style block keeps its line start,
  // since indentation is what shapes it.
  const base = map.style === 'braces' ? anchor.start : text.lastIndexOf('\n', anchor.start - 1) + 1;
  if (map.end - base > MAX_CACHED_BLOCK_CHARS || !KEY_TO_MAP.test(text.slice(anchor.end, map.start))) return undefined;
  const key = text.slice(base, map.end);
  if (DEPENDS_ELSEWHERE.test(key)) return undefined;
  const context: BlockContext = { prefix, location: block.location.id, file: src.file, refs };
  return { key, context, src, base, end: map.end, entry: cache.lookup(key, context) };
}
