// `nats-tls fmt`: formats nats-server configs in place (the editor's Format Document), or with --check lists
// the ones that are not formatted and exits 1, for CI. In folders it takes only the `.conf` files that are
// nats-server configs (the sniffer the extension uses); a file named on the command line is always taken.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_CONFIG_BYTES } from '../core/conf/resolve';
import { formatConf, SEPARATOR_STYLES, type FormatOptions, type SeparatorStyle } from '../core/format/format';
import { looksLikeNatsServerConf } from '../core/sniff';
import { decodeConfig } from '../core/text/decode';
import { nodeFs } from '../node-fs';
import { commandUsage, parseCommand, UsageError, type Io } from './args';

export const FMT_USAGE = `  fmt [--check] [--separator preserve|colon|equals|space] [--indent N|tab] PATH...
        Format nats-server configs in place (in folders: the *.conf files that are nats-server configs).
        --check changes nothing: it lists the files that are not formatted and exits 1 if there are any.`;

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
const MAX_FILES = 10000;

const USAGE = commandUsage(
  FMT_USAGE,
  `Options:
  --check                                  change nothing; list the files that are not formatted
  --separator preserve|colon|equals|space  between a key and its value (default preserve: as each entry has it)
  --indent N|tab                           spaces per level (default 2), or a tab

Exit status: 0 when every file is formatted (or was rewritten), 1 when a file cannot be read or, with --check,
is not formatted, 2 on bad usage.`,
);

const FMT_OPTIONS = {
  check: { type: 'boolean' },
  separator: { type: 'string' },
  indent: { type: 'string' },
} as const;

export function runFmt(args: string[], io: Io): number {
  const parsed = parseCommand(args, { name: 'fmt', usage: USAGE, options: FMT_OPTIONS, positionals: true }, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const usage = (message: string): UsageError => new UsageError(message, USAGE);
  if (positionals.length === 0) throw usage('fmt needs at least one PATH');
  const separator = (values.separator ?? 'preserve') as SeparatorStyle;
  if (!SEPARATOR_STYLES.includes(separator)) throw usage(`--separator must be one of ${SEPARATOR_STYLES.join(', ')}, not "${separator}"`);
  const options: FormatOptions = { separator, indent: indentOf(values.indent ?? '2', usage) };
  const roots = positionals.map((p) => path.resolve(io.cwd, p));
  for (const r of roots) if (!fs.existsSync(r)) throw usage(`no such file or folder: ${r}`);
  const show = (file: string): string => {
    const rel = path.relative(io.cwd, file);
    return rel && !rel.startsWith('..') ? rel : file;
  };
  let unformatted = 0;
  let failed = 0;
  for (const { file, explicit } of configFiles(roots)) {
    const read = nodeFs.readFile(file, MAX_CONFIG_BYTES);
    if (!read.ok) {
      if (explicit) {
        io.err(`${show(file)}: cannot read it: ${read.detail}`);
        failed++;
      }
      continue;
    }
    const text = decodeConfig(read.data);
    if (!explicit && !looksLikeNatsServerConf(text)) continue;
    // Bytes that are not UTF-8 decode to U+FFFD: writing the text back would change them.
    if (!sameBytes(new TextEncoder().encode(text), read.data)) {
      io.err(`${show(file)}: not UTF-8 text; left as it is`);
      continue;
    }
    const r = formatConf(text, options);
    if (r.kept) io.err(`${show(file)}: ${r.kept}; that part is left as written`);
    if (r.text === text) continue;
    unformatted++;
    if (values.check) io.out(show(file));
    else {
      fs.writeFileSync(file, r.text);
      io.out(`formatted ${show(file)}`);
    }
  }
  if (failed) return 1;
  return values.check && unformatted ? 1 : 0;
}

function indentOf(v: string, usage: (message: string) => UsageError): string {
  if (v === 'tab') return '\t';
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw usage(`--indent must be a number of spaces (1-16) or "tab", not "${v}"`);
  return ' '.repeat(n);
}

/** Files to look at: each file named, and every *.conf under each folder named (sorted, bounded). */
function configFiles(roots: string[]): { file: string; explicit: boolean }[] {
  const out = new Map<string, boolean>();
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.size >= MAX_FILES) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p);
      } else if (e.isFile() && e.name.endsWith('.conf') && !out.has(p)) out.set(p, false);
    }
  };
  for (const root of roots) {
    if (fs.statSync(root).isDirectory()) walk(root);
    else out.set(root, true);
  }
  return [...out].map(([file, explicit]) => ({ file, explicit })).sort((a, b) => a.file.localeCompare(b.file));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
