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
import type { Finding } from '../core/types';
import { nodeFs } from '../node-fs';
import { nodeConfContext, nodeHost } from '../node-host';
import { commandUsage, parseCommand, UsageError, type Io } from './args';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
const CONFIG_EXT = /\.(conf|ya?ml|json)$/i;

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
  /** Files found in folders that are not NATS configs (protocol/sniff.ts sniffNatsFile), with why. */
  skipped: { file: string; message: string }[];
}

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
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Files to check under `roots`: every *.conf; YAML/JSON only when they look like NATS configs (decided when opened). */
export function collectFiles(roots: string[]): string[] {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p);
      } else if (e.isFile() && CONFIG_EXT.test(e.name)) out.add(p);
    }
  };
  for (const root of roots) {
    const st = fs.statSync(root);
    if (st.isDirectory()) walk(root);
    else out.add(root);
  }
  return [...out].sort();
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
  const explicit = new Set(roots);
  const ctx = nodeConfContext(opts.env);
  const project = new Project(opts.host, () => opts.settings);
  const findings: Finding[] = [];
  const skipped: CheckResult['skipped'] = [];
  for (const file of collectFiles(roots)) {
    const read = nodeFs.readFile(file, MAX_CONFIG_BYTES);
    if (!read.ok) {
      if (explicit.has(file)) findings.push(fileProblem(file, read.detail));
      continue;
    }
    // A file named on the command line is checked whatever it looks like; in folders, only NATS configs.
    const text = decodeConfig(read.data);
    const sniffed = explicit.has(file) ? undefined : sniffNatsFile(file, text);
    if (sniffed && !sniffed.nats) {
      skipped.push({ file, message: sniffed.reason });
      continue;
    }
    const doc = openDocument(file, text, explicit.has(file) ? { ctx, forceRole: 'client' } : { ctx });
    if (doc) project.set(doc);
  }
  findings.push(...project.allFindings());
  return { files: project.files(), findings: sortFindings(findings), skipped };
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

export function formatText(result: CheckResult, cwd: string): string {
  const lines = result.findings.map((f) => {
    const file = path.relative(cwd, f.file) || f.file;
    return `${file.startsWith('..') ? f.file : file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code}: ${f.message}`;
  });
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.filter((f) => f.severity === 'warning').length;
  for (const s of result.skipped) lines.push(`${path.relative(cwd, s.file) || s.file}: skipped: ${s.message}`);
  lines.push(
    `${result.files.length} file${result.files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  );
  return lines.join('\n');
}

export function formatJson(result: CheckResult): string {
  return JSON.stringify(
    {
      files: result.files,
      skipped: result.skipped,
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
