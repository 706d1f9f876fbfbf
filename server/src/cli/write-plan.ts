// Writes a certificate file plan to disk: nothing is overwritten without `force`, and modes are exact.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { FOLDER_MODE, folderModes } from '../core/ca/folder-modes';
import type { PlannedFile } from '../core/ca/scaffold';

export class OverwriteRefused extends Error {
  constructor(readonly existing: string[]) {
    super(`refusing to overwrite ${existing.join(', ')} (use --force to replace ${existing.length === 1 ? 'it' : 'them'})`);
  }
}

/** Writes every file under `dir` (created if missing) and returns their absolute paths, in plan order. */
export function writePlan(dir: string, files: readonly PlannedFile[], opts: { force: boolean }): string[] {
  const targets = files.map((f) => path.resolve(dir, ...f.relativePath.split('/')));
  for (const t of targets) {
    if (path.relative(path.resolve(dir), t).startsWith('..')) throw new Error(`${t} is outside ${dir}`);
  }
  if (!opts.force) {
    // Checked up front so a refusal leaves the folder as it was, not half-written.
    const existing = targets.filter((t) => fs.existsSync(t) || isSymlink(t));
    if (existing.length) throw new OverwriteRefused(existing);
  }
  // Folders get explicit modes (0755, 0700 where a CA key goes), never whatever the umask allows.
  for (const [sub, mode] of folderModes(files)) makeFolder(path.resolve(dir, ...(sub ? sub.split('/') : [])), mode);
  files.forEach((f, i) => {
    const target = targets[i]!;
    if (opts.force) {
      // A new file renamed into place: replaces read-only files (the 0400 CA key) and symlinks themselves,
      // never writes through a link, and never shows a key with looser permissions for a moment.
      const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      writeNew(tmp, f);
      try {
        fs.renameSync(tmp, target);
      } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw e;
      }
    } else {
      writeNew(target, f);
    }
  });
  return targets;
}

/** Creates the file exclusively ('wx' fails if anything appeared meanwhile), then sets the exact mode (umask aside). */
function writeNew(file: string, f: PlannedFile): void {
  const fd = fs.openSync(file, 'wx', f.mode);
  try {
    fs.writeFileSync(fd, f.contents);
    fs.fchmodSync(fd, f.mode);
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates `folder` with `mode` (and its missing parents with FOLDER_MODE); existing folders are left as they are. */
function makeFolder(folder: string, mode: number): void {
  const missing: string[] = [];
  for (let d = folder; !fs.existsSync(d); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d, { mode: d === folder ? mode : FOLDER_MODE });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
