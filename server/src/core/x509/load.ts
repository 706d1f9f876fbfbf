// Loading certificate/key/CA files through EngineFs, with a cache so a re-check of unchanged files costs a
// stat per file: a language server re-runs every check on each keystroke.
import { MAX_FILE_BYTES, type EngineFs } from '../types';
import type { FileFailure, PemFile } from './model';
import { parsePemFile } from './pem';

/** Parsed files keyed by path, valid while size and mtime are unchanged; least recently used go first. */
export class PemCache {
  private readonly entries = new Map<string, PemFile>();
  hits = 0;
  misses = 0;

  constructor(readonly capacity = 512) {}

  get(path: string, size: number, mtimeMs: number): PemFile | undefined {
    const f = this.entries.get(path);
    if (!f || f.size !== size || f.mtimeMs !== mtimeMs) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(path);
    this.entries.set(path, f);
    return f;
  }

  set(file: PemFile): void {
    this.entries.delete(file.path);
    this.entries.set(file.path, file);
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
 * refused from its stat, before any read.
 */
export function loadPemFile(path: string, fs: EngineFs, cache?: PemCache): PemFile | FileFailure {
  const st = fs.stat(path);
  if (st && st.type === 'file') {
    if (st.size > MAX_FILE_BYTES)
      return { path, reason: 'too-large', detail: `${path} is ${st.size} bytes, more than the ${MAX_FILE_BYTES}-byte limit` };
    const hit = cache?.get(path, st.size, st.mtimeMs);
    if (hit) {
      // chmod changes neither size nor mtime, and key-permission checks read the mode.
      if (hit.mode === st.mode) return hit;
      const updated = { ...hit, mode: st.mode };
      cache!.set(updated);
      return updated;
    }
  }
  const r = fs.readFile(path, MAX_FILE_BYTES);
  if (!r.ok) return { path, reason: r.reason, detail: r.detail };
  if (r.data.length > MAX_FILE_BYTES)
    return { path, reason: 'too-large', detail: `${path} is larger than the ${MAX_FILE_BYTES}-byte limit` };
  const file = parsePemFile(r.data, { path, size: r.stat.size, mtimeMs: r.stat.mtimeMs, mode: r.stat.mode });
  cache?.set(file);
  return file;
}
