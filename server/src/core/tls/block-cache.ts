// Incremental analysis: what a TLS block's checks found, and the files it names, reused while nothing they
// depend on changed. A block's checks depend only on the block itself (its text and where it sits), the
// settings, the platform, the clock and the files it names (analyze.ts keeps them that way), so the key is
// all of these: the block's text and shape, its location, and for each file reference the path as written,
// where it resolved and that file's identity, size, mtime and mode. A keystroke in a comment or in another
// block leaves the key unchanged, and the block costs a stat per file it names instead of a load and ten checks.
//
// Only blocks written in one piece in one file are cached: a block with an `include` or a `$VARIABLE`
// depends on text elsewhere, and is simply checked again each time.
import * as path from 'node:path';
import type { Entry, MapNode, Source, ValueNode } from '../conf/ast';
import type { SourceIssue } from '../conf/issue';
import type { EngineFs, FileStat } from '../types';
import type { FileFailure, PemFile } from '../x509/model';
import type { TlsBlock } from './blocks';

/** Blocks larger than this are checked each time rather than kept (a hostile one-line block of 5,000 keys). */
const MAX_CACHED_BLOCK_CHARS = 64 * 1024;
const DAY = 86_400_000;

/** A block's cache key and where its text starts (cached offsets are relative to it). */
export interface BlockStamp {
  key: string;
  src: Source;
  base: number;
  end: number;
  /** Every path the key depends on (resolved files and candidates tried), for forget(). */
  paths: string[];
}

/** A finding of a cached block, with offsets relative to the block's start. */
interface RelIssue {
  code: string;
  severity: SourceIssue['severity'];
  message: string;
  start: number;
  end: number;
  data: Record<string, unknown> | undefined;
}

interface CachedBlock {
  paths: string[];
  /** Each file reference's loaded file, in the block's reference order. */
  files: (PemFile | FileFailure | undefined)[];
  /** The checks' findings, valid while the clock reads [validFrom, validUntil). */
  issues?: RelIssue[];
  validFrom: number;
  validUntil: number;
}

/** Memoises stat() for the length of one model build: path resolution and loading ask about the same files. */
export class StatMemo {
  private readonly stats = new Map<string, FileStat | null>();
  readonly fs: EngineFs;
  constructor(private readonly base: EngineFs) {
    this.fs = { readFile: (p, limit) => base.readFile(p, limit), stat: (p) => this.stat(p) };
    if (base.readDir) this.fs.readDir = (p) => base.readDir!(p);
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

/** Per-block results, least recently used first out; counters say how much work was done and saved. */
export class BlockCache {
  private readonly entries = new Map<string, CachedBlock>();
  /** Blocks whose checks ran, and blocks whose findings were reused. */
  analysed = 0;
  reused = 0;

  constructor(readonly capacity = 2048) {}

  get size(): number {
    return this.entries.size;
  }

  /** The files a block with this key loaded last time. */
  files(key: string): CachedBlock['files'] | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.files;
  }

  /** Remembers a block's loaded files (a new key: its findings are not known yet). */
  setFiles(stamp: BlockStamp, files: CachedBlock['files']): void {
    const old = this.entries.get(stamp.key);
    this.entries.delete(stamp.key);
    this.entries.set(stamp.key, {
      paths: stamp.paths,
      files,
      issues: old?.issues,
      validFrom: old?.validFrom ?? 0,
      validUntil: old?.validUntil ?? 0,
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The block's findings, placed in its current text, when they are known and still hold at `now`. */
  issues(stamp: BlockStamp, now: Date): SourceIssue[] | undefined {
    const e = this.entries.get(stamp.key);
    const t = now.getTime();
    if (!e?.issues || t < e.validFrom || t >= e.validUntil) return undefined;
    this.reused++;
    return e.issues.map((r) => {
      const i: SourceIssue = {
        code: r.code,
        severity: r.severity,
        message: r.message,
        src: stamp.src,
        start: stamp.base + r.start,
        end: stamp.base + r.end,
      };
      if (r.data) i.data = r.data;
      return i;
    });
  }

  /**
   * Keeps a block's findings, when all of them lie inside the block's own text (an internal error, reported
   * at the top of the file, is not kept). `validUntil` is the first moment the clock could change them.
   */
  setIssues(stamp: BlockStamp, issues: SourceIssue[], now: Date, validUntil: number): void {
    const e = this.entries.get(stamp.key);
    if (!e) return;
    const rel: RelIssue[] = [];
    for (const i of issues) {
      if (i.code === 'internal-error' || i.src !== stamp.src || i.start < stamp.base || i.end > stamp.end || i.related?.length) return;
      rel.push({
        code: i.code,
        severity: i.severity,
        message: i.message,
        start: i.start - stamp.base,
        end: i.end - stamp.base,
        data: i.data,
      });
    }
    e.issues = rel;
    e.validFrom = now.getTime();
    e.validUntil = validUntil;
  }

  /** A file changed on disk (or was created or deleted, or a folder holding it): drop every block that names it. */
  forget(changed: string): void {
    const folder = changed.endsWith(path.sep) ? changed : changed + path.sep;
    for (const [k, e] of this.entries) if (e.paths.some((p) => p === changed || p.startsWith(folder))) this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * The first moment after `now` at which a check could say something different about these certificates:
 * one becomes valid or expires, crosses its expiry-warning threshold, or a day count in a message ticks.
 */
export function validUntil(files: readonly (PemFile | FileFailure | undefined)[], now: Date, warningDays: number): number {
  const t = now.getTime();
  let next = Number.POSITIVE_INFINITY;
  const consider = (x: number): void => {
    if (x > t && x < next) next = x;
  };
  for (const f of files) {
    if (!f || 'reason' in f) continue;
    for (const c of f.certs) {
      const nb = c.notBefore.getTime();
      const na = c.notAfter.getTime();
      consider(nb);
      consider(na + 1);
      consider(na - Math.max(warningDays * DAY, (na - nb) / 3));
      // "in N days" / "N days ago" change every DAY counted from notAfter.
      consider(na + (Math.floor((t - na) / DAY) + 1) * DAY);
    }
  }
  return next;
}

function fileStamp(st: FileStat | undefined): string {
  return st ? `${st.type}:${st.size}:${st.mtimeMs}:${st.mode ?? ''}:${st.ino ?? ''}:${st.dev ?? ''}` : '-';
}

/**
 * Appends the shape of a value (kinds, offsets relative to `base`, scalar values) to `out`; false when some
 * part of it is not written in `src` between the block's braces: an include, a variable, another file.
 */
function shape(v: ValueNode, src: Source, base: number, out: string[]): boolean {
  if (v.src !== src) return false;
  switch (v.kind) {
    case 'map':
      if (v.misfiled?.length) return false;
      out.push(`{${v.start - base},${v.end - base},${v.close - base}`);
      for (const e of v.entries) {
        if (e.kind !== 'entry' || !entryShape(e, src, base, out)) return false;
      }
      out.push('}');
      return true;
    case 'array':
      out.push(`[${v.start - base},${v.end - base},${v.close - base}`);
      for (const i of v.items) if (!shape(i, src, base, out)) return false;
      out.push(']');
      return true;
    case 'variable':
      return false;
    case 'string':
      out.push(`s${v.style}${v.start - base},${v.end - base}=${v.value}`);
      return true;
    case 'integer':
    case 'float':
      out.push(`n${v.start - base},${v.end - base}=${v.value}${v.suffix}`);
      return true;
    default:
      out.push(`${v.kind}${v.start - base},${v.end - base}=${String(v.value)}`);
      return true;
  }
}

function entryShape(e: Entry, src: Source, base: number, out: string[]): boolean {
  if (e.src !== src || e.misfiled) return false;
  out.push(`${e.start - base},${e.keyEnd - base},${e.end - base}:${e.key}`);
  return !e.value || shape(e.value, src, base, out);
}

/** What a block's findings depend on besides its own text and files: the same for every block of a model. */
export function modelKeyPrefix(parts: (string | number)[]): string {
  return parts.join('\u0001');
}

/**
 * The block's cache key, or undefined when the block cannot be cached (not written in one piece). `refs`
 * are the block's file references in order: the path as written, and how it resolved.
 */
export function blockStamp(
  block: TlsBlock,
  prefix: string,
  refs: readonly { field: string; pair: number | undefined; raw: string; resolved: string | undefined; tried: string[] }[],
  stat: (path: string) => FileStat | undefined,
): BlockStamp | undefined {
  const { anchor, map } = block;
  const src = anchor.src;
  if (block.location.id === 'context' || map.src !== src || map.start < anchor.end || map.end - anchor.start > MAX_CACHED_BLOCK_CHARS)
    return undefined;
  // Only `tls {`, `tls: {`, `tls = {` between the key and its map: not a `$VARIABLE` holding the map.
  if (!/^["']?\s*[:=]?\s*$/.test(src.text.slice(anchor.end, map.start))) return undefined;
  const out: string[] = [prefix, block.location.id, src.file, src.text.slice(anchor.start, map.end)];
  if (!shape(map as MapNode, src, anchor.start, out)) return undefined;
  const paths: string[] = [];
  for (const r of refs) {
    out.push(
      `${r.field}|${r.pair ?? ''}|${r.raw}|${r.resolved ?? ''}|${r.resolved ? fileStamp(stat(r.resolved)) : ''}|${r.tried.join('|')}`,
    );
    for (const p of r.tried) if (!paths.includes(p)) paths.push(p);
  }
  return { key: out.join('\u0000'), src, base: anchor.start, end: map.end, paths };
}
