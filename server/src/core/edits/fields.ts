// Small structural edits in a config's own syntax (nats-server conf, YAML, JSON): add a `key: value`
// next to an existing entry, write a path value, swap two values.
import type { Entry, ValueNode } from '../conf/ast';
import type { ConfigDoc } from '../document';
import { lineIndentAt } from '../locate';
import { quoteString, type OffsetEdit } from './text-edit';

/** A string value written for this document's format: always quoted in conf and JSON, quoted in YAML when needed. */
export function stringLiteral(doc: ConfigDoc, value: string): string {
  if (doc.format === 'yaml' && /^[\w./][\w./@+-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|~|[\d.]+)$/i.test(value)) return value;
  return quoteString(value);
}

/**
 * Inserts `key: value` (value already written as a literal) after `after`: on its own line with the same
 * indentation when `after` starts a line, else on the same line with a separator.
 */
export function insertEntryAfter(doc: ConfigDoc, after: Entry, key: string, literal: string): OffsetEdit {
  const text = doc.src.text;
  const json = doc.format === 'json';
  const line = json ? `"${key}": ${literal}` : `${key}: ${literal}`;
  const { indent, firstOnLine } = lineIndentAt(text, after.start);
  // JSON entries end at their value; the comma that follows (if any) belongs after the new one.
  if (firstOnLine) {
    // After a trailing comment the new line goes below it, not between the value and its comment.
    let at = after.end;
    const eol = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
    if (!json && /^[ \t]*(#|\/\/)/.test(text.slice(at, eol))) at = text[eol - 1] === '\r' ? eol - 1 : eol;
    const nl = text.includes('\r\n') ? '\r\n' : '\n';
    return { start: at, end: at, newText: `${json ? ',' : ''}${nl}${indent}${line}` };
  }
  return { start: after.end, end: after.end, newText: `, ${line}` };
}

/** Replaces each value's text with the other's, as written (quotes, `$VAR`s and all). */
export function swapValues(a: ValueNode, b: ValueNode): OffsetEdit[] {
  const ta = a.src.text.slice(a.start, a.end);
  const tb = b.src.text.slice(b.start, b.end);
  return [
    { start: a.start, end: a.end, newText: tb },
    { start: b.start, end: b.end, newText: ta },
  ];
}
