// nats-server does not skip a UTF-8 byte order mark: it becomes part of the first key,
// which then fails as `unknown field "\ufeffport"`.
import { rejects, type SourceIssue } from '../conf/issue';
import type { ConfigDoc } from '../document';
import { excerpt } from '../conf/excerpt';

const SYNTAX = new Set([
  'syntax-error',
  'yaml-style-block',
  'unquoted-dot-value',
  'undefined-variable',
  'include-not-found',
  'include-cycle',
]);
const FIX = 'Save the file as UTF-8 without a byte order mark.';

export function checkByteOrderMark(doc: ConfigDoc): SourceIssue[] {
  if (doc.format === 'yaml' || doc.src.text.charCodeAt(0) !== 0xfeff) return [];
  const first = doc.root.entries[0];
  const entry = first?.kind === 'entry' && first.keyStart === 0 ? first : undefined;
  const base = { code: 'byte-order-mark', src: doc.src, start: 0, end: entry ? entry.keyEnd : 1 };
  // The key (BOM included) is stored, so option processing meets it, unless the parser fails first.
  const parses = !doc.issues.some((i) => i.severity === 'error' && SYNTAX.has(i.code));
  if (entry && entry.value !== undefined && entry.key.length > 1 && parses) {
    return [
      {
        ...base,
        severity: 'error',
        message: rejects(
          `unknown field \\"\\ufeff${excerpt(entry.key.slice(1))}\\"`,
          `The file starts with a byte order mark that nats-server reads as part of the first key. ${FIX}`,
        ),
      },
    ];
  }
  if (!entry || (entry.value === undefined && entry.key.length === 1)) {
    // Only the BOM (and nothing nats-server stores): harmless to 2.9.10, still worth removing.
    return [
      {
        ...base,
        severity: 'warning',
        message: `The file starts with a byte order mark, which nats-server reads as text (a key named "\\ufeff"). ${FIX}`,
      },
    ];
  }
  return [
    {
      ...base,
      severity: 'error',
      message: `The file starts with a byte order mark, which nats-server reads as part of the first key ("\\ufeff${excerpt(entry.key.slice(1))}"), so this config does not load. ${FIX}`,
    },
  ];
}
