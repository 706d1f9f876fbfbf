import type { Entry, ValueNode } from '../conf/ast';
import type { SourceIssue } from '../conf/issue';
import type { Severity } from '../types';
import type { Anchor } from './blocks';

/** A finding at an anchor (a key, a value, a path). */
export function issueAt(at: Anchor, code: string, severity: Severity, message: string, data?: Record<string, unknown>): SourceIssue {
  const issue: SourceIssue = { code, severity, message, src: at.src, start: at.start, end: at.end };
  if (data) issue.data = data;
  return issue;
}

export function keyOf(e: Entry): Anchor {
  return { src: e.src, start: e.keyStart, end: e.keyEnd };
}

/** The value as written at its use site (a `$VAR` reference stays the reference). */
export function valueAt(e: Entry): Anchor {
  const v = e.value;
  return v ? { src: v.src, start: v.start, end: v.end } : keyOf(e);
}

export function nodeAt(n: ValueNode): Anchor {
  return { src: n.src, start: n.start, end: n.end };
}
