// Writes what the language server planned: nothing is overwritten unless the user confirmed it, symlinks are
// never followed, and files get their modes (keys 0600, the CA key 0400: protocol/files.ts). No vscode import:
// the editor glue passes its own file system for folders that are not on this machine's disk, and the unit
// tests run this directly.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FOLDER_MODE, folderModes, type PlannedFile } from '../../server/src/protocol/files';

export class OverwriteRefused extends Error {
  constructor(readonly existing: string[]) {
    super(`refusing to overwrite ${existing.join(', ')}`);
  }
}

/** Files of a plan that go into one folder (a plan may span two: a renewed certificate and its key's folder). */
export interface FileBatch {
  /** Absolute folder (a file-system path for local folders, the URI path otherwise). */
  dir: string;
  files: readonly PlannedFile[];
}

export interface WriteTarget {
  path: string;
  file: PlannedFile;
}

/** A file system that is not the local disk (workspace.fs over a remote or virtual folder). Modes cannot be set. */
export interface PlainFs {
  exists(target: string): Promise<boolean>;
  mkdirp(dir: string): Promise<void>;
  writeFile(target: string, data: Uint8Array): Promise<void>;
}

export interface WriteResult {
  written: string[];
  /** Set when modes could not be applied (PlainFs): the keys' intended modes, for the warning. */
  modesNotSet?: { path: string; mode: number }[];
}

/** Where each planned file lands; refuses paths that climb out of their folder. */
export function targetsOf(batches: readonly FileBatch[], p: typeof path.posix | typeof path = path): WriteTarget[] {
  const out: WriteTarget[] = [];
  for (const b of batches) {
    for (const f of b.files) {
      const target = p.resolve(b.dir, ...f.relativePath.split('/'));
      const rel = p.relative(p.resolve(b.dir), target);
      if (rel === '' || rel.startsWith('..') || p.isAbsolute(rel)) throw new Error(`${f.relativePath} is outside ${b.dir}`);
      out.push({ path: target, file: f });
    }
  }
  const seen = new Set<string>();
  for (const t of out) {
    if (seen.has(t.path)) throw new Error(`the plan writes ${t.path} twice`);
    seen.add(t.path);
  }
  return out;
}

function existsLocal(p: string): boolean {
  try {
    fs.lstatSync(p); // a dangling symlink counts: writing would follow or replace it
    return true;
  } catch {
    return false;
  }
}

/** Planned files that already exist on the local disk: these need the user's "Overwrite". */
export function existingLocal(batches: readonly FileBatch[]): string[] {
  return targetsOf(batches)
    .filter((t) => existsLocal(t.path))
    .map((t) => t.path);
}

export async function existingWith(batches: readonly FileBatch[], pfs: PlainFs): Promise<string[]> {
  const out: string[] = [];
  for (const t of targetsOf(batches, path.posix)) if (await pfs.exists(t.path)) out.push(t.path);
  return out;
}

/** Whether existing files may be replaced, and which (`confirmed`, default: all that exist now). */
export interface OverwriteOptions {
  overwrite: boolean;
  confirmed?: readonly string[];
}

/** The existing targets the write may replace; throws OverwriteRefused when any other one exists. */
function replaceable(existing: readonly string[], opts: OverwriteOptions): Set<string> {
  const allowed = new Set(opts.overwrite ? (opts.confirmed ?? existing) : []);
  const unconfirmed = existing.filter((e) => !allowed.has(e));
  if (unconfirmed.length) throw new OverwriteRefused(unconfirmed);
  return allowed;
}

/** Creates the file exclusively ('wx' fails on anything there, a symlink too), then sets the exact mode (umask aside). */
function writeNew(file: string, f: PlannedFile): void {
  const fd = fs.openSync(file, 'wx', f.mode);
  try {
    fs.writeFileSync(fd, f.contents);
    fs.fchmodSync(fd, f.mode);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A confirmed replacement: a new file renamed into place. Replaces read-only files (the 0400 CA key) and
 * symlinks themselves, never writes through a link, and never shows a key with looser permissions for a moment.
 */
function replace(file: string, f: PlannedFile): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeNew(tmp, f);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes to the local disk: exclusive creates with exact modes, or, for files the user agreed to replace,
 * new files renamed into place. Any other existing target refuses the whole write up front (OverwriteRefused),
 * so nothing is half-written. `confirmed` defaults to what exists now.
 */
export function writeLocal(batches: readonly FileBatch[], opts: OverwriteOptions): WriteResult {
  const allowed = replaceable(existingLocal(batches), opts);
  const written: string[] = [];
  // Folders with explicit modes (0755, 0700 where a CA key goes), as `gen` creates them, never the umask's.
  for (const b of batches)
    for (const [sub, mode] of folderModes(b.files)) makeFolder(path.resolve(b.dir, ...(sub ? sub.split('/') : [])), mode);
  // File by file: only the confirmed ones are replaced; a file that appeared since is refused ('wx').
  for (const t of targetsOf(batches)) {
    if (allowed.has(t.path)) replace(t.path, t.file);
    else writeNew(t.path, t.file);
    written.push(t.path);
  }
  return { written };
}

/**
 * Creates `folder` with `mode` and its missing parents with FOLDER_MODE (the umask can only take bits away);
 * folders that exist are left as they are.
 */
function makeFolder(folder: string, mode: number): void {
  const missing: string[] = [];
  for (let d = folder; !existsLocal(d); d = path.dirname(d)) {
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

/** Writes through a PlainFs (no modes); same refusal rules as writeLocal. */
export async function writeWith(batches: readonly FileBatch[], pfs: PlainFs, opts: OverwriteOptions): Promise<WriteResult> {
  replaceable(await existingWith(batches, pfs), opts);
  const written: string[] = [];
  const modesNotSet: { path: string; mode: number }[] = [];
  for (const t of targetsOf(batches, path.posix)) {
    await pfs.mkdirp(path.posix.dirname(t.path));
    await pfs.writeFile(t.path, new TextEncoder().encode(t.file.contents));
    written.push(t.path);
    if (t.file.kind === 'key' || t.file.kind === 'ca-key') modesNotSet.push({ path: t.path, mode: t.file.mode });
  }
  return { written, modesNotSet };
}

/** Renames planned files (`<name>.pem` and `<name>-key.pem`) to the paths a config already names. */
export function renamePlanned(files: readonly PlannedFile[], names: Partial<Record<'certificate' | 'key', string>>): PlannedFile[] {
  return files.map((f) => {
    const to = f.kind === 'certificate' ? names.certificate : f.kind === 'key' ? names.key : undefined;
    return to ? { ...f, relativePath: to } : f;
  });
}
