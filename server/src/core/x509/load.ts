// Loading certificate/key/CA files through EngineFs, with a cache so a re-check of unchanged files costs a
// stat per file (or nothing, when the caller already has the stat): a language server re-checks on each keystroke.
import { MAX_FILE_BYTES, type EngineFs, type FileStat } from '../types';
import type { FileFailure, PemFile } from './model';
import { parsePemFile } from './pem';

interface Cached {
  file: PemFile;
  ino: number | undefined;
  dev: number | undefined;
}

/**
 * Parsed files keyed by path, valid while the file's identity (inode, device), size and mtime are unchanged:
 * a file renamed over another (mtime kept by the rename) is a new file. Least recently used go first.
 * A rewrite within the same clock tick keeps all of these; the host's forget() covers that case.
 */
export class PemCache {
  private readonly entries = new Map<string, Cached>();
  hits = 0;
  misses = 0;

  constructor(readonly capacity = 512) {}

  get(path: string, size: number, mtimeMs: number, identity?: Pick<FileStat, 'ino' | 'dev'>): PemFile | undefined {
    const c = this.entries.get(path);
    const f = c?.file;
    if (!c || !f || f.size !== size || f.mtimeMs !== mtimeMs || c.ino !== identity?.ino || c.dev !== identity?.dev) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(path);
    this.entries.set(path, c);
    return f;
  }

  set(file: PemFile, identity?: Pick<FileStat, 'ino' | 'dev'>): void {
    this.entries.delete(file.path);
    this.entries.set(file.path, { file, ino: identity?.ino, dev: identity?.dev });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(path: string): void {
    this.entries.delete(path);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

export function isFileFailure(f: PemFile | FileFailure | undefined): f is FileFailure {
  return !!f && 'reason' in f;
}

/**
 * Reads and parses a certificate, key or CA file. Never reads more than MAX_FILE_BYTES: a larger file is
 * refused from its stat, before any read. `known` is a stat of `path` the caller just took (path resolution
 * does), so a warm load costs no system call at all.
 */
export function loadPemFile(path: string, fs: EngineFs, cache?: PemCache, known?: FileStat): PemFile | FileFailure {
  const st = known ?? fs.stat(path);
  if (st && st.type === 'file') {
    if (st.size > MAX_FILE_BYTES)
      return { path, reason: 'too-large', detail: `${path} is ${st.size} bytes, more than the ${MAX_FILE_BYTES}-byte limit` };
    const hit = cache?.get(path, st.size, st.mtimeMs, st);
    if (hit) {
      // chmod changes neither size nor mtime, and key-permission checks read the mode.
      if (hit.mode === st.mode) return hit;
      const updated = { ...hit, mode: st.mode };
      cache!.set(updated, st);
      return updated;
    }
  }
  const r = fs.readFile(path, MAX_FILE_BYTES);
  if (!r.ok) return { path, reason: r.reason, detail: r.detail };
  if (r.data.length > MAX_FILE_BYTES)
    return { path, reason: 'too-large', detail: `${path} is larger than the ${MAX_FILE_BYTES}-byte limit` };
  const file = parsePemFile(r.data, { path, size: r.stat.size, mtimeMs: r.stat.mtimeMs, mode: r.stat.mode });
  cache?.set(file, r.stat);
  return file;
}
