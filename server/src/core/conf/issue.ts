import * as path from 'node:path';
import type { Source } from './ast';
import { capMessage, excerptPath } from './excerpt';
import { isOpaque, redact, redactData, redactionNote, secretsOf, type Secret } from './secrets';
import { stageOf, type Stage } from '../codes';
import type { Finding, Severity } from '../types';

/** A problem located by offsets in one source; converted to a line/character Finding at the edge. */
export interface SourceIssue {
  code: string;
  severity: Severity;
  message: string;
  src: Source;
  start: number;
  end: number;
  data?: Record<string, unknown>;
  related?: { src: Source; start: number; end: number; message: string }[];
  /** Overrides the code's stage (core/codes.ts) for this finding. */
  stage?: Stage;
}

/** A finding kept with its block across document versions: offsets relative to the block's text, which may move. */
export interface RelativeIssue {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  data: Record<string, unknown> | undefined;
  stage: Stage | undefined;
}

/**
 * `issues` relative to the block at [base, end) of `src`, or false when one of them cannot be kept with it: it
 * lies outside, has related information elsewhere, or is an internal error (reported at the top of the file).
 */
export function relativeIssues(issues: readonly SourceIssue[], src: Source, base: number, end: number): RelativeIssue[] | false {
  const out: RelativeIssue[] = [];
  for (const i of issues) {
    if (i.code === 'internal-error' || i.src !== src || i.start < base || i.end > end || i.related?.length) return false;
    out.push({
      code: i.code,
      severity: i.severity,
      message: i.message,
      start: i.start - base,
      end: i.end - base,
      data: i.data,
      stage: i.stage,
    });
  }
  return out;
}

/** A kept finding, placed in its block's text as it is now (starting at `base` of `src`). */
export function placeIssue(r: RelativeIssue, src: Source, base: number): SourceIssue {
  const i: SourceIssue = { code: r.code, severity: r.severity, message: r.message, src, start: base + r.start, end: base + r.end };
  if (r.data) i.data = r.data;
  if (r.stage) i.stage = r.stage;
  return i;
}

/**
 * The message for an error nats-server itself raises. The consequence and the fix come first, since editors
 * show a message's start (the Problems panel cuts it at the window's edge); nats-server's own words, which
 * people grep logs for, come last.
 */
export function rejects(reason: string, fix: string): string {
  return quoteLast('nats-server rejects this config.', fix, `nats-server says: "${reason}"`);
}

/** A message that leads with what happens and how to fix it, and ends with the quote of what a program says. */
export function quoteLast(consequence: string, fix: string, quote: string): string {
  return [consequence, fix.trim(), quote].filter(Boolean).join(' ');
}

const MAX_ORIGIN_DEPTH = 32;

/**
 * Where a span is reported: the span itself, or, inside an environment variable's value (a Source of its
 * own, named `$NAME`), the `$NAME` reference in the config that uses it (the outermost, for nested values).
 */
export function reportedAt(src: Source, start: number, end: number): { src: Source; start: number; end: number } {
  let at = { src, start, end };
  for (let i = 0; i < MAX_ORIGIN_DEPTH && at.src.origin; i++) at = { ...at.src.origin };
  return at;
}

/** The file a finding in `src` is reported in (a config, never an environment variable's value). */
export function reportedFile(src: Source): string {
  return reportedAt(src, 0, 0).src.file;
}

export function toFinding(issue: SourceIssue): Finding {
  const at = reportedAt(issue.src, issue.start, issue.end);
  const fromEnv = at.src !== issue.src ? issue.src.file : undefined;
  const range = at.src.lines.range(at.start, at.end);
  if (isOpaque(at.src)) return opaqueFinding(issue, at.src, range);
  let message = issue.message;
  let data = issue.data;
  // Values from the environment (or from a file that is not a config) appear as their `$NAME`.
  const secrets = secretsOf(at.src, issue.src, ...(issue.related ?? []).map((r) => reportedAt(r.src, r.start, r.end).src));
  if (secrets.length) {
    const used = new Set<Secret>();
    message = redact(message, secrets, used);
    if (data) data = redactData(data, secrets, used);
    if (used.size) message = `${message.trimEnd()} ${redactionNote(used)}`;
  }
  // A value written in an environment variable is reported at its `$NAME`; say so, since the text is not there.
  if (fromEnv) message = `${message.trimEnd()} The problem is in the value of the environment variable ${fromEnv.slice(1)}.`;
  const f: Finding = {
    code: issue.code,
    severity: issue.severity,
    message: capMessage(message),
    file: at.src.file,
    range,
    stage: issue.stage ?? stageOf(issue.code),
  };
  if (data) f.data = data;
  // Quick fixes edit the config's text, which does not hold this value: they key on this to offer none.
  if (fromEnv) f.data = { ...f.data, fromEnv };
  if (issue.related?.length) {
    f.related = issue.related.map((r) => {
      const rat = reportedAt(r.src, r.start, r.end);
      return { file: rat.src.file, range: rat.src.lines.range(rat.start, rat.end), message: capMessage(redact(r.message, secrets)) };
    });
  }
  return f;
}

/**
 * A finding inside an included file that is not a nats-server config: where it is and what kind it is, but
 * nothing of the text (the file may be a token or a password file) and no data taken from it.
 */
function opaqueFinding(issue: SourceIssue, src: Source, range: Finding['range']): Finding {
  const name = excerptPath(path.basename(src.file));
  const what =
    issue.severity === 'error' ? `nats-server fails on the text here (${issue.code})` : `nats-tls found a problem here (${issue.code})`;
  return {
    code: issue.code,
    severity: issue.severity,
    message: `${what}. ${name} does not look like a nats-server config, so nats-tls does not quote it: check that it is the file you meant to include.`,
    file: src.file,
    range,
    data: { opaque: true },
  };
}
