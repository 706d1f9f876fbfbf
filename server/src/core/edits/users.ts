// Adds a user to a users list (authorization.users, an account's users, leafnodes.authorization.users),
// in the list's own style: one per line when its items are, inline otherwise, with the separators its
// format needs (JSON needs commas; a nats-server config takes new lines). For the quick fix of
// cert-maps-to-no-user: the user is named exactly as the certificate's identity.
import type { ArrayNode, Source } from '../conf/ast';
import { lineIndentAt } from '../locate';
import { quoteString, type OffsetEdit } from './text-edit';

export interface SourceEdit extends OffsetEdit {
  /** The file the list is written in (the config, or a file it includes). */
  src: Source;
}

/** The edit that appends `{ user: "<name>" }`; undefined for a list that is not closed (mid-edit). */
export function addUserEdit(array: ArrayNode, name: string, json: boolean): SourceEdit | undefined {
  if (array.close < 0) return undefined;
  const src = array.src;
  const text = src.text;
  const item = json ? `{ "user": ${quoteString(name)} }` : `{ user: ${quoteString(name)} }`;
  const last = array.items[array.items.length - 1];
  if (!last) return { src, start: array.start + 1, end: array.close, newText: ` ${item} ` };
  const multiline = text.slice(array.start, array.items[0]!.start).includes('\n');
  if (!multiline) return { src, start: last.end, end: last.end, newText: `, ${item}` };
  const { indent } = lineIndentAt(text, last.start);
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  return { src, start: last.end, end: last.end, newText: `${json ? ',' : ''}${nl}${indent}${item}` };
}
