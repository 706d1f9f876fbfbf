// Stats of the files the client watches for us, kept until it says they changed. A re-check after a keystroke
// then asks the file system nothing: the 150 certificate paths of a large config cost 150 stat calls (about
// as much as parsing it) on every keystroke otherwise. Only what the client's watchers cover is kept: an
// existing file (a missing one may appear inside a folder moved in, which no watcher reports per file)
// inside a workspace folder, with an extension the server watches, outside the folders editors do not
// watch, and reached without symbolic links (a link's target changes without an event for the link).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineFs, FileStat } from '../core/types';

/** The extensions of the server's file watcher (server.ts registers them). */
export const WATCHED_EXTENSIONS = ['pem', 'crt', 'cer', 'key', 'der', 'p8', 'conf', 'yaml', 'yml', 'json'];
const WATCHED = new RegExp(`\\.(${WATCHED_EXTENSIONS.join('|')})$`, 'i');
/** Folders VS Code does not watch by default (files.watcherExclude), and dot-folders of tools. */
const UNWATCHED_DIR = /[\\/](node_modules|\.git|\.hg)[\\/]/;

export class WatchedStats {
  private readonly stats = new Map<string, FileStat>();
  /** Whether the client watches files for us (it supports dynamic registration of file watchers, and accepted ours). */
  private enabled = false;
  readonly fs: EngineFs;
  /** Work done, for tests: stats answered from memory, and stats that asked the file system. */
  hits = 0;
  misses = 0;

  constructor(
    private readonly inner: EngineFs,
    private readonly roots: () => readonly string[],
  ) {
    this.fs = { readFile: (p, limit) => inner.readFile(p, limit), stat: (p) => this.stat(p) };
    if (inner.readDir) this.fs.readDir = (p, limit) => inner.readDir!(p, limit);
  }

  /** The client now reports changes to watched files (or no longer does: everything is asked again). */
  trustWatcher(on: boolean): void {
    this.enabled = on;
    if (!on) this.stats.clear();
  }

  stat(p: string): FileStat | undefined {
    const hit = this.stats.get(p);
    if (hit) {
      this.hits++;
      return hit;
    }
    this.misses++;
    const st = this.inner.stat(p);
    if (st?.type === 'file' && this.enabled && this.covered(p)) this.stats.set(p, st);
    return st;
  }

  private covered(p: string): boolean {
    if (!WATCHED.test(p) || UNWATCHED_DIR.test(p)) return false;
    if (!this.roots().some((r) => p.startsWith(r.endsWith(path.sep) ? r : r + path.sep))) return false;
    try {
      return fs.realpathSync.native(p) === p;
    } catch {
      return false;
    }
  }

  /** A file or folder changed, was created or deleted: forget it and everything under it. */
  forget(p: string): void {
    this.stats.delete(p);
    const prefix = p.endsWith(path.sep) ? p : p + path.sep;
    for (const k of this.stats.keys()) if (k.startsWith(prefix)) this.stats.delete(k);
  }

  clear(): void {
    this.stats.clear();
  }
}
