// The files a document's checks consulted (stat, read, listed), each with what stat said of it then. While
// every one of them is unchanged on disk, checking the same text again would find the same: Project keeps a
// document's findings over a comment edit only after this says so (certificates rewritten without a file
// watcher noticing are still caught on the next keystroke).
import { fileStamp } from './tls/block-cache';
import type { EngineFs } from './types';

export class FileReads {
  private readonly seen = new Map<string, string>();
  /** The file system to check through: it records what it is asked. */
  readonly fs: EngineFs;

  constructor(private readonly base: EngineFs) {
    this.fs = {
      stat: (p) => {
        const st = base.stat(p);
        this.seen.set(p, fileStamp(st));
        return st;
      },
      readFile: (p, limit) => {
        this.note(p);
        return base.readFile(p, limit);
      },
    };
    if (base.readDir)
      this.fs.readDir = (p, limit) => {
        this.note(p);
        return base.readDir!(p, limit);
      };
  }

  private note(p: string): void {
    if (!this.seen.has(p)) this.seen.set(p, fileStamp(this.base.stat(p)));
  }

  /** Adds what another recording saw (the model's build and the checks record separately). */
  merge(other: FileReads | undefined): this {
    if (other) for (const [p, s] of other.seen) if (!this.seen.has(p)) this.seen.set(p, s);
    return this;
  }

  /** Whether `test` holds for one of the paths consulted. */
  some(test: (path: string) => boolean): boolean {
    for (const p of this.seen.keys()) if (test(p)) return true;
    return false;
  }

  /** Every file consulted is as it was (one stat each). */
  unchanged(fs: EngineFs): boolean {
    for (const [p, s] of this.seen) if (fileStamp(fs.stat(p)) !== s) return false;
    return true;
  }
}
