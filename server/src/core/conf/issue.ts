import type { Source } from './ast';
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

/** The message for an error nats-server itself raises: its own words first (people grep logs for them), then the fix. */
export function rejects(reason: string, fix: string): string {
  return `nats-server rejects this: "${reason}". ${fix}`;
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
  const f: Finding = {
    code: issue.code,
    severity: issue.severity,
    // A value written in an environment variable is reported at its `$NAME`; say so, since the text is not there.
    message: fromEnv
      ? `${issue.message.trimEnd()} The problem is in the value of the environment variable ${fromEnv.slice(1)}.`
      : issue.message,
    file: at.src.file,
    range: at.src.lines.range(at.start, at.end),
    stage: issue.stage ?? stageOf(issue.code),
  };
  if (issue.data) f.data = issue.data;
  // Quick fixes edit the config's text, which does not hold this value: they key on this to offer none.
  if (fromEnv) f.data = { ...f.data, fromEnv };
  if (issue.related?.length) {
    f.related = issue.related.map((r) => {
      const rat = reportedAt(r.src, r.start, r.end);
      return { file: rat.src.file, range: rat.src.lines.range(rat.start, rat.end), message: r.message };
    });
  }
  return f;
}
