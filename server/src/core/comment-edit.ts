// An edit confined to the text of one comment: no line break added or removed, the `#` or `//` that opens
// the comment intact. nats-server reads nothing of such a text, so every finding of the version before still
// holds, at the same line and column (whatever follows the edit on its line is the same comment). Project
// reuses those findings instead of checking the new version again: a keystroke in a comment costs a parse
// and a text compare.
import type { ConfigDoc } from './document';
import type { Position } from './types';

const CHUNK = 1024;

/**
 * Where `after` differs from `before` when the only difference lies inside one comment of each, else
 * undefined (a different format or role, a template, a change in parse issues, or any change outside a comment).
 */
export function commentOnlyEdit(before: ConfigDoc, after: ConfigDoc): Position | undefined {
  if (before.format !== after.format || before.role !== after.role || !before.conf || !after.conf) return undefined;
  // A template's comments are read in its masked text, which is not the text compared here.
  if (before.src.template || after.src.template) return undefined;
  if (!sameParseIssues(before, after)) return undefined;
  const a = before.src.text;
  const b = after.src.text;
  if (a === b) return undefined;
  const shorter = Math.min(a.length, b.length);
  // Whole chunks first (a string compare is a memory compare), then character by character.
  let start = 0;
  while (start + CHUNK <= shorter && a.slice(start, start + CHUNK) === b.slice(start, start + CHUNK)) start += CHUNK;
  while (start < shorter && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA - CHUNK >= start && endB - CHUNK >= start && a.slice(endA - CHUNK, endA) === b.slice(endB - CHUNK, endB)) {
    endA -= CHUNK;
    endB -= CHUNK;
  }
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  if (endsComment(a, start, endA) || endsComment(b, start, endB)) return undefined;
  if (!insideComment(a, before.conf.comments, start, endA) || !insideComment(b, after.conf.comments, start, endB)) return undefined;
  return before.src.lines.position(start);
}

/**
 * The parse found the same problems with the same data (a comment edit cannot change what they are; their data
 * may hold an offset, e.g. where an unclosed map opened, which moves when the comment before it grows).
 */
function sameParseIssues(before: ConfigDoc, after: ConfigDoc): boolean {
  if (before.issues.length !== after.issues.length) return false;
  for (let i = 0; i < before.issues.length; i++) {
    const a = before.issues[i]!;
    const b = after.issues[i]!;
    if (a.code !== b.code || !sameData(a.data, b.data)) return false;
  }
  return true;
}

function sameData(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  if (!a || !b) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The changed text holds a character that ends a comment (a line break, or NUL as the parser reads it). */
function endsComment(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0) return true;
  }
  return false;
}

/**
 * [start, end) lies after the marker of one comment and within it (an insertion at the comment's end, before
 * the line break, is inside it). `comments` holds the parse's comment spans as [start, end) pairs, in order.
 */
function insideComment(text: string, comments: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = comments.length / 2;
  // The last comment starting at or before `start`.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comments[2 * mid]! <= start) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return false;
  const from = comments[2 * (lo - 1)]!;
  const to = comments[2 * (lo - 1) + 1]!;
  const marker = text.charCodeAt(from) === 35 ? 1 : 2;
  return start >= from + marker && end <= to;
}
