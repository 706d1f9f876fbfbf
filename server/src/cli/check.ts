// `nats-tls check`: every config under the given paths, reported like a compiler.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sortFindings } from '../core/analyze';
import { stageOf } from '../core/codes';
import { MAX_CONFIG_BYTES } from '../core/conf/resolve';
import { openDocument } from '../core/document';
import { Project } from '../core/project';
import { sniffNatsFile } from '../core/sniff';
import { decodeConfig } from '../core/text/decode';
import { DEFAULT_SETTINGS, type EngineHost, type EngineSettings } from '../core/tls/model';
import { parseVersion } from '../core/tls/versions';
import { escapeControls } from '../core/text/controls';
import type { Finding } from '../core/types';
import { nodeFs } from '../node-fs';
import { nodeConfContext, nodeHost } from '../node-host';
import { commandUsage, parseCommand, UsageError, type Io } from './args';
import { collectFiles, type Skipped, type SkipReason } from './check-files';

export { collectFiles } from './check-files';

export const CHECK_USAGE = `  check [--format text|json] [--base auto|config|DIR] [--server-version V] PATH...
        Check nats-server configs (*.conf) and NATS client configs (YAML/JSON) in files or folders.`;

const USAGE = commandUsage(
  CHECK_USAGE,
  `Options:
  --format text|json      text (default) reads like a compiler: file:line:col: severity code: message
  --base auto|config|DIR  where relative certificate paths point (default auto: the config's folder, then up)
  --server-version V      the nats-server release to check against, e.g. 2.10.24 (default latest)

Exit status: 0 when there are no errors, 1 when there are errors, 2 on bad usage.`,
);

const CHECK_OPTIONS = {
  format: { type: 'string' },
  base: { type: 'string' },
  'server-version': { type: 'string' },
} as const;

export interface CheckResult {
  files: string[];
  findings: Finding[];
  /** Every file found that may be a config and was not checked, with the reason. */
  skipped: Skipped[];
  /** Folders given that hold files that may be configs, none of which could be checked: the gate fails. */
  unchecked: { folder: string; files: number }[];
}

/** nats-server has no size limit on configs; the releases we tried read a 17 MB config with `-t`. */
const ORACLE_RELEASES = '2.9.10, 2.10.27 and 2.15.1';

export function runCheck(args: string[], io: Io): number {
  const parsed = parseCommand(args, { name: 'check', usage: USAGE, options: CHECK_OPTIONS, positionals: true }, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const usage = (message: string): UsageError => new UsageError(message, USAGE);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw usage(`--format must be text or json, not "${format}"`);
  if (positionals.length === 0) throw usage('check needs at least one PATH');
  const roots = positionals.map((p) => path.resolve(io.cwd, p));
  for (const r of roots) if (!fs.existsSync(r)) throw usage(`no such file or folder: ${r}`);
  const base = values.base ?? DEFAULT_SETTINGS.base;
  const version = values['server-version'] ?? DEFAULT_SETTINGS.serverVersion;
  if (!parseVersion(version)) throw usage(`--server-version must be "latest" or a version such as 2.10.24, not "${version}"`);
  const settings: EngineSettings = {
    ...DEFAULT_SETTINGS,
    base: base === 'auto' || base === 'config' ? base : path.resolve(io.cwd, base),
    serverVersion: version,
    roots: checkedRoots(roots, io.cwd),
  };
  const result = checkPaths(roots, { env: process.env, settings, host: nodeHost() });
  io.out(format === 'json' ? formatJson(result) : formatText(result, io.cwd));
  return result.findings.some((f) => f.severity === 'error') || result.unchecked.length > 0 ? 1 : 0;
}

/** The folders `--base auto` may climb to: each folder given, and the working directory for files under it. */
export function checkedRoots(paths: string[], cwd: string): string[] {
  return paths.map((p) => {
    if (fs.statSync(p).isDirectory()) return p;
    return p.startsWith(cwd + path.sep) ? cwd : path.dirname(p);
  });
}

export interface CheckOptions {
  env: Record<string, string | undefined>;
  settings: EngineSettings;
  host: EngineHost;
}

export function checkPaths(roots: string[], opts: CheckOptions): CheckResult {
  const ctx = nodeConfContext(opts.env);
  const project = new Project(opts.host, () => opts.settings);
  const findings: Finding[] = [];
  const { candidates, skipped } = collectFiles(roots);
  /** Files that may be configs and were not checked, whatever the reason (for the per-folder verdict). */
  const notChecked: string[] = skipped.filter((s) => s.reason !== 'same-file' && s.reason !== 'link-outside').map((s) => s.file);
  for (const { file, root } of candidates) {
    const explicit = root === undefined;
    const read = nodeFs.readFile(file, MAX_CONFIG_BYTES);
    if (!read.ok) {
      notChecked.push(file);
      // A config too large to read is a finding (it would pass unchecked otherwise); so is any file named
      // on the command line. In folders, a file that may be a config is listed with the reason.
      if (read.reason === 'too-large' && (explicit || /\.conf$/i.test(file))) findings.push(tooLarge(file, read.stat?.size));
      else if (explicit) findings.push(fileProblem(file, read.detail));
      else skipped.push({ file, reason: skipReason(read.reason), message: skipMessage(read.reason, read.detail, read.stat?.size) });
      continue;
    }
    // A file named on the command line is checked whatever it looks like; in folders, only NATS configs.
    const text = decodeConfig(read.data);
    // In folders, only NATS files: another program's .conf, or YAML/JSON without NATS markers, is listed, not
    // checked (and is not a config the folder's verdict waits for).
    const sniffed = explicit ? undefined : sniffNatsFile(file, text);
    if (sniffed && !sniffed.nats) {
      skipped.push({ file, reason: 'not-nats', message: sniffed.reason });
      continue;
    }
    const doc = openDocument(file, text, explicit ? { ctx, forceRole: 'client' } : { ctx });
    if (doc) project.set(doc);
  }
  findings.push(...project.allFindings());
  const files = project.files();
  const unchecked = roots
    .filter((r) => fs.statSync(r).isDirectory())
    .map((folder) => ({
      folder,
      checked: files.filter((f) => inside(f, folder)).length,
      files: notChecked.filter((f) => inside(f, folder)).length,
    }))
    .filter((u) => u.files > 0 && u.checked === 0)
    .map(({ folder, files: n }) => ({ folder, files: n }));
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, findings: sortFindings(findings), skipped, unchecked };
}

function inside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

function skipReason(r: Extract<ReturnType<typeof nodeFs.readFile>, { ok: false }>['reason']): SkipReason {
  switch (r) {
    case 'not-regular':
      return 'not-regular';
    case 'too-large':
      return 'too-large';
    case 'not-found':
    case 'loop':
      return 'broken-link';
    default:
      return 'unreadable';
  }
}

function skipMessage(r: Extract<ReturnType<typeof nodeFs.readFile>, { ok: false }>['reason'], detail: string, size?: number): string {
  switch (r) {
    case 'not-regular':
      return 'not a regular file (a FIFO, socket or device): nats-tls never opens one for reading';
    case 'too-large':
      return `${size === undefined ? 'more' : `${size.toLocaleString('en-US')} bytes,`} more than the 16 MiB nats-tls reads: too large to tell whether it is a NATS config`;
    case 'not-found':
    case 'loop':
      return 'a symbolic link that leads nowhere';
    case 'permission':
      return 'cannot be read: permission denied';
    default:
      return `cannot be read: ${detail}`;
  }
}

function tooLarge(file: string, size: number | undefined): Finding {
  const bytes = size === undefined ? 'larger than' : `${size.toLocaleString('en-US')} bytes, more than`;
  return {
    code: 'config-too-large',
    severity: 'error',
    message:
      `This config is ${bytes} the 16 MiB (${MAX_CONFIG_BYTES.toLocaleString('en-US')} bytes) nats-tls reads, so nats-tls did not check it. ` +
      `nats-server has no such limit and reads it (${ORACLE_RELEASES} accept a 17 MB config). ` +
      'Move parts of it into files it includes (up to 16 MiB each) to have it checked.',
    file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}

function fileProblem(file: string, detail: string): Finding {
  return {
    code: 'file-unreadable',
    severity: 'error',
    stage: 'load',
    message: `Cannot read this config: ${detail}.`,
    file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}

/** A path as the user typed it (relative to the working directory when under it), on one line. */
function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file) || file;
  return escapeControls(rel.startsWith('..') ? file : rel);
}

export function formatText(result: CheckResult, cwd: string): string {
  const lines = result.findings.map(
    (f) =>
      `${shownPath(f.file, cwd)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code}: ${escapeControls(f.message)}`,
  );
  for (const s of result.skipped) lines.push(`${shownPath(s.file, cwd)}: skipped: ${escapeControls(s.message)}.`);
  for (const u of result.unchecked)
    lines.push(
      `${shownPath(u.folder, cwd)}: not checked: it holds ${u.files} file${u.files === 1 ? '' : 's'} that may be NATS configs, and none could be checked.`,
    );
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.filter((f) => f.severity === 'warning').length;
  const skipped = result.skipped.length ? `, ${result.skipped.length} skipped` : '';
  lines.push(
    `${result.files.length} file${result.files.length === 1 ? '' : 's'} checked${skipped}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  );
  return lines.join('\n');
}

export function formatJson(result: CheckResult): string {
  return JSON.stringify(
    {
      files: result.files,
      skipped: result.skipped.map((s) => ({ file: s.file, reason: s.reason, message: s.message })),
      unchecked: result.unchecked,
      diagnostics: result.findings.map((f) => ({
        file: f.file,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        severity: f.severity,
        stage: f.stage ?? stageOf(f.code),
        code: f.code,
        message: f.message,
      })),
    },
    null,
    2,
  );
}
