import type { Source } from './ast';
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
}

/** The message for an error nats-server itself raises: its own words first (people grep logs for them), then the fix. */
export function rejects(reason: string, fix: string): string {
  return `nats-server rejects this: "${reason}". ${fix}`;
}

export function toFinding(issue: SourceIssue): Finding {
  const f: Finding = {
    code: issue.code,
    severity: issue.severity,
    message: issue.message,
    file: issue.src.file,
    range: issue.src.lines.range(issue.start, issue.end),
  };
  if (issue.data) f.data = issue.data;
  if (issue.related?.length) {
    f.related = issue.related.map((r) => ({ file: r.src.file, range: r.src.lines.range(r.start, r.end), message: r.message }));
  }
  return f;
}
