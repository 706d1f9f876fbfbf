// An edit confined to the text of one comment: no line break added or removed, the `#` or `//` that opens
// the comment intact. nats-server reads nothing of such a text, so every finding of the version before still
// holds, at the same line and column (whatever follows the edit on its line is the same comment). Project
// reuses those findings instead of checking the new version again: a keystroke in a comment costs a splice
// into the previous parse (conf/incremental.ts), which already knows it was such an edit, or else a parse and
// a text compare.
import { commentHolding, spliceOf, type TextEdit } from './conf/incremental';
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
  // A splice (conf/incremental.ts) already says, from the editor's own edit: no text to compare.
  const spliced = spliceOf(after.conf);
  if (spliced?.from === before.conf) return spliced.commentAt === undefined ? undefined : before.src.lines.position(spliced.commentAt);
  const edit = difference(before.src.text, after.src.text);
  if (!edit || commentHolding(before.conf.comments, before.src.text, edit, after.src.text) < 0) return undefined;
  return before.src.lines.position(edit.start);
}

/** Where two texts differ, as one edit of the first (undefined when they are equal). */
function difference(a: string, b: string): TextEdit | undefined {
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
  return { start, end: endA, length: endB - start };
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
