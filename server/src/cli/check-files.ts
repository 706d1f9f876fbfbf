// Which files `nats-tls check` reads under the paths it is given, and every file it could not check, with the
// reason. In CI a file skipped in silence is a gate that passes without looking, so nothing is skipped silently.
import * as fs from 'node:fs';
import * as path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
export const CONFIG_EXT = /\.(conf|ya?ml|json)$/i;

export type SkipReason =
  /** A FIFO, socket or device: never opened (reading a FIFO blocks until someone writes). */
  | 'not-regular'
  /** Permission denied, or another read error. */
  | 'unreadable'
  /** A YAML or JSON file over the size limit: too large to tell whether it is a NATS config. */
  | 'too-large'
  /** A symbolic link to nothing, or a loop of links. */
  | 'broken-link'
  /** A second name (a symbolic or hard link) of a file checked under its first name. */
  | 'same-file'
  /** A symbolic link to a folder outside the checked paths: not followed. */
  | 'link-outside'
  /** Another program's config (protocol/sniff.ts sniffNatsFile says why). */
  | 'not-nats'
  /** A folder that could not be listed. */
  | 'folder-unreadable';

export interface Skipped {
  file: string;
  reason: SkipReason;
  /** Why, in words; the path itself is not repeated. */
  message: string;
}

export interface Candidate {
  file: string;
  /** The folder given on the command line it was found in; undefined for a file named on the command line. */
  root: string | undefined;
}

export interface Collected {
  candidates: Candidate[];
  skipped: Skipped[];
}

/** The real path, or undefined when it cannot be resolved. */
function real(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

function inside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/**
 * Files to check under `roots`: every *.conf, *.yaml, *.yml and *.json (YAML and JSON are checked when they look
 * like NATS configs, which is decided once read). Symbolic links to files are followed, as nats-server follows
 * them; links to folders only within the checked folders (each real folder is read once, so a loop of links
 * ends). A file reached under two names is checked once. Everything not checked is in `skipped`.
 */
export function collectFiles(roots: string[]): Collected {
  const candidates: Candidate[] = [];
  const skipped: Skipped[] = [];
  const realRoots = roots.map((r) => real(r) ?? r);
  const seenDirs = new Set<string>();
  const walk = (dir: string, root: string): void => {
    const r = real(dir) ?? dir;
    if (seenDirs.has(r)) return;
    seenDirs.add(r);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ file: dir, reason: 'folder-unreadable', message: `cannot list this folder: ${errorText(e)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p, root);
        continue;
      }
      if (e.isSymbolicLink()) {
        let st: fs.Stats;
        try {
          st = fs.statSync(p);
        } catch (err) {
          if (CONFIG_EXT.test(e.name))
            skipped.push({ file: p, reason: 'broken-link', message: `a symbolic link that leads nowhere: ${errorText(err)}` });
          continue;
        }
        if (st.isDirectory()) {
          if (SKIP_DIRS.has(e.name)) continue;
          const target = real(p);
          if (target && realRoots.some((rr) => inside(target, rr))) walk(p, root);
          else
            skipped.push({
              file: p,
              reason: 'link-outside',
              message: 'a symbolic link to a folder outside the checked paths: not followed (name that folder to check it)',
            });
          continue;
        }
      }
      // Files, links to files, FIFOs, sockets, devices: whatever bears a config's name is a candidate; reading
      // decides (a FIFO or device is refused without being opened, and said so).
      if (CONFIG_EXT.test(e.name)) candidates.push({ file: p, root });
    }
  };
  for (const root of roots) {
    const st = fs.statSync(root);
    if (st.isDirectory()) walk(root, root);
    else candidates.push({ file: root, root: undefined });
  }
  return dedupe(candidates, skipped);
}

/** The first name (in path order) of each real file is checked; the others are said to be the same file. */
function dedupe(candidates: Candidate[], skipped: Skipped[]): Collected {
  const byFile = new Map<string, Candidate>();
  for (const c of candidates) if (!byFile.has(c.file) || c.root === undefined) byFile.set(c.file, c);
  const sorted = [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const firstName = new Map<string, string>();
  const out: Candidate[] = [];
  for (const c of sorted) {
    const r = real(c.file);
    const first = r === undefined ? undefined : firstName.get(r);
    if (first !== undefined && c.root !== undefined) {
      skipped.push({ file: c.file, reason: 'same-file', message: `the same file as ${first}, which is checked` });
      continue;
    }
    if (r !== undefined && first === undefined) firstName.set(r, c.file);
    out.push(c);
  }
  return { candidates: out, skipped };
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return err?.code ?? String(e);
  }
}
