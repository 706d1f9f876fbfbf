// What `nats-server -t -c FILE` printed, as problems with files and positions: the "Check with nats-server"
// command shows them next to the engine's own findings. Pure: the caller runs the process and reads files.
//
// Formats (observed on nats-server 2.9.10; see docs/reference §1.8):
//   nats-server: configuration file X is valid[ (sha256:…)]        success (exit 0)
//   nats-server: FILE:LINE:COL: message                            option errors; more follow one per line
//   FILE:LINE:COL: invalid use of field "x": …                     warnings (`-t` fails on them too)
//   nats-server: Parse error on line N: '…'                        lexer errors: line only, no file
//   nats-server: error parsing include file 'A', <inner>           nested for includes of includes
//   nats-server: variable reference for 'X' on line N can not be found
//   nats-server: config is invalid (FILE:LINE:COL)                 newer servers: a bare key at EOF
//   nats-server: open FILE: no such file or directory              the config itself is missing
// FILE is as nats-server opened it: relative to its working directory unless the path given was absolute.
// Columns count bytes from the start of the line including its preceding newline: 0-based on line 1 and
// 1-based on every other line (the "column quirk").
import * as path from 'node:path';
import { LineIndex } from './text/line-index';
import type { Range } from './types';

export interface NatsServerProblem {
  /** Absolute path of the file the problem is in (the config itself when the output names none). */
  file: string;
  /** 0-based line, when the output gives one. */
  line?: number;
  /** 0-based UTF-8 byte column in that line (quirk undone), when the output gives one. */
  byteColumn?: number;
  message: string;
  severity: 'error' | 'warning';
  /** An include that failed to load: the path as written in `include` in `file`. */
  include?: string;
  /** `$NAME` a variable error is about: ranges point at its reference. */
  variable?: string;
  /** The output line this came from (without the `nats-server: ` prefix). */
  raw: string;
}

export interface NatsServerReport {
  /** nats-server said "configuration file … is valid". */
  valid: boolean;
  /** The digest newer servers print with "is valid". */
  digest?: string;
  problems: NatsServerProblem[];
}

export interface OutputContext {
  /** The config passed with -c, absolute. */
  configFile: string;
  /** The working directory nats-server ran in: relative file names in its output resolve against it. */
  cwd: string;
}

const PREFIX = /^nats-server: /;
const VALID = /^configuration file (.+) is valid(?: \(sha256:([0-9a-fA-F]+)\))?\s*$/;
const INCLUDE = /^error parsing include file '([^']*)', (.*)$/;
const PARSE_ERROR = /^Parse error on line (\d+): '(.*)'\s*$/;
const INVALID = /^config is invalid \((.+):(\d+):(\d+)\)\s*$/;
const POSITIONED = /^(.+?):(\d+):(\d+): (.*)$/;
const VARIABLE = /^variable reference for '([^']*)' on line (\d+)/;
const OPEN = /^open (.+): no such file or directory$/;

/** Undoes the column quirk: line 1 counts from 0, every other line from 1. Lines are 1-based here. */
export function quirkColumnToByte(line1: number, column: number): number {
  return Math.max(0, line1 === 1 ? column : column - 1);
}

/** Parses everything nats-server printed (stdout and stderr together). Never throws. */
export function parseNatsServerOutput(output: string, ctx: OutputContext): NatsServerReport {
  const report: NatsServerReport = { valid: false, problems: [] };
  const abs = (f: string): string => path.resolve(ctx.cwd, f);
  for (const rawLine of output.split(/\r?\n/)) {
    const text = rawLine.replace(PREFIX, '').trimEnd();
    if (!text.trim()) continue;
    const valid = VALID.exec(text);
    if (valid) {
      report.valid = true;
      if (valid[2]) report.digest = valid[2].toLowerCase();
      continue;
    }
    // Include chains: each path is joined onto the folder of the file that includes it (Go's filepath.Join,
    // which also glues absolute paths on, as nats-server does).
    let file = ctx.configFile;
    let parent: string | undefined;
    let written: string | undefined;
    let rest = text;
    for (let m = INCLUDE.exec(rest); m; m = INCLUDE.exec(rest)) {
      parent = file;
      written = m[1]!;
      file = path.join(path.dirname(file), written);
      rest = m[2]!;
    }
    const problem = (p: Omit<NatsServerProblem, 'severity' | 'raw'>): void => {
      report.problems.push({ ...p, severity: /^invalid use of field /.test(p.message) ? 'warning' : 'error', raw: text });
    };
    let m: RegExpExecArray | null;
    if ((m = PARSE_ERROR.exec(rest))) {
      problem({ file, line: Number(m[1]) - 1, message: `Parse error: ${m[2]}` });
    } else if ((m = INVALID.exec(rest))) {
      const line = Number(m[2]);
      problem({ file: abs(m[1]!), line: line - 1, byteColumn: quirkColumnToByte(line, Number(m[3])), message: 'config is invalid' });
    } else if ((m = POSITIONED.exec(rest))) {
      const line = Number(m[2]);
      problem({ file: abs(m[1]!), line: line - 1, byteColumn: quirkColumnToByte(line, Number(m[3])), message: m[4]!.trim() });
    } else if ((m = VARIABLE.exec(rest))) {
      problem({ file, line: Number(m[2]) - 1, message: rest, variable: m[1]! });
    } else if (parent !== undefined && OPEN.test(rest)) {
      // The included file is missing: the problem is the `include` line of the file that names it.
      problem({ file: parent, include: written!, message: `include ${written}: ${rest}` });
    } else {
      problem({ file, message: rest });
    }
  }
  return report;
}

// ------------------------------------------------------------------------------------------------ ranges

function lineText(lines: LineIndex, line: number): string {
  const e = line + 1 < lines.lineCount ? lines.lineStart(line + 1) - 1 : lines.text.length;
  return lines.text.slice(lines.lineStart(line), e).replace(/\r$/, '');
}

/** The UTF-16 index of a UTF-8 byte column in a line (nats-server counts bytes, editors UTF-16 units). */
export function byteColumnToIndex(line: string, byteColumn: number): number {
  let bytes = 0;
  let i = 0;
  while (i < line.length && bytes < byteColumn) {
    const cp = line.codePointAt(i)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** The extent of the token at `at`: a quoted string, or a run up to a separator. */
function tokenEnd(line: string, at: number): number {
  const q = line[at];
  if (q === '"' || q === "'") {
    const close = line.indexOf(q, at + 1);
    return close === -1 ? line.length : close + 1;
  }
  const m = /^[^\s:=,;{}[\]"']+/.exec(line.slice(at));
  return m ? at + m[0].length : at;
}

function wholeLine(line: number, t: string): Range {
  const start = t.length - t.trimStart().length;
  return { start: { line, character: start }, end: { line, character: Math.max(start, t.trimEnd().length) } };
}

/**
 * Where to show a problem in its file's text: the token at the reported column, the `$VAR` or the include
 * on the reported line, a quoted value the message names, or else the whole line (line 1 when unknown).
 */
export function problemRange(text: string, p: NatsServerProblem): Range {
  const lines = new LineIndex(text);
  const last = lines.lineCount - 1;
  if (p.include !== undefined) {
    for (let l = 0; l <= last; l++) {
      const t = lineText(lines, l);
      const i = /\binclude\b/.test(t) ? t.indexOf(p.include) : -1;
      if (i !== -1) return { start: { line: l, character: i }, end: { line: l, character: i + p.include.length } };
    }
  }
  if (p.line !== undefined) {
    // EOF-type parse errors may name the line after the last one.
    const line = Math.min(Math.max(0, p.line), last);
    const t = lineText(lines, line);
    if (p.byteColumn !== undefined) {
      const at = byteColumnToIndex(t, p.byteColumn);
      const end = tokenEnd(t, at);
      if (at < t.length && end > at) return { start: { line, character: at }, end: { line, character: end } };
    }
    if (p.variable !== undefined) {
      const i = t.indexOf(`$${p.variable}`);
      if (i !== -1) return { start: { line, character: i }, end: { line, character: i + p.variable.length + 1 } };
    }
    return wholeLine(line, t);
  }
  // No position at all: a value the message quotes ('…' or "…"), where the file has it.
  const quoted = /'([^']+)'|"([^"]+)"/.exec(p.message);
  const needle = quoted ? (quoted[1] ?? quoted[2])! : undefined;
  if (needle) {
    const at = text.indexOf(needle);
    if (at !== -1) {
      const { line, character } = lines.position(at);
      return { start: { line, character }, end: { line, character: character + needle.length } };
    }
  }
  return wholeLine(0, lineText(lines, 0));
}

/** One line for a message box: "valid", or how many problems in which files. */
export function summarizeReport(report: NatsServerReport, exitCode: number | null, shown: (file: string) => string): string {
  if (report.valid && report.problems.length === 0) return 'nats-server accepts the configuration';
  if (report.problems.length === 0) return `nats-server exited with ${exitCode ?? 'a signal'} and printed nothing it could be matched to`;
  const files = [...new Set(report.problems.map((p) => shown(p.file)))];
  const n = report.problems.length;
  const warnings = report.problems.filter((p) => p.severity === 'warning').length;
  const kinds = warnings === n ? `${n} warning${n === 1 ? '' : 's'}` : `${n} problem${n === 1 ? '' : 's'}`;
  return `nats-server reports ${kinds} in ${files.join(', ')}`;
}
