// nats-server does not skip a UTF-8 byte order mark: it becomes part of the first key,
// which then fails as `unknown field "\ufeffport"`.
import type { SourceIssue } from '../conf/issue';
import type { ConfigDoc } from '../document';

export function checkByteOrderMark(doc: ConfigDoc): SourceIssue[] {
  if (doc.format === 'yaml' || doc.src.text.charCodeAt(0) !== 0xfeff) return [];
  const first = doc.root.entries[0];
  const name = first?.kind === 'entry' ? first.key.slice(1) : '';
  return [
    {
      code: 'byte-order-mark',
      severity: 'error',
      message: `nats-server rejects this: "unknown field \\"\\ufeff${name}\\"". The file starts with a byte order mark that nats-server reads as part of the first key; save the file as UTF-8 without BOM.`,
      src: doc.src,
      start: 0,
      end: first?.kind === 'entry' ? first.keyEnd : 1,
    },
  ];
}
