// `timeout: 1m` is one million seconds to nats-server: its integer suffixes are size/count units
// (k, m, g …, and kb/ki/kib …), never time. Durations must be strings such as "1m".
import type { NumberNode } from '../conf/ast';
import type { SourceIssue } from '../conf/issue';
import type { ConfigDoc } from '../document';
import { excerpt } from '../conf/excerpt';

/** Keys whose value is a duration (or a number of seconds) in nats-server. */
const DURATION_KEY =
  /(^|_)(timeout|interval|deadline|duration|delay|period|window|ttl|age|wait|backoff|grace_period|clockskew|handshake_first|first|immediate)$/;

export function checkUnitTraps(doc: ConfigDoc): SourceIssue[] {
  const out: SourceIssue[] = [];
  for (const node of doc.conf?.suffixed ?? []) {
    const key = keyOf(node);
    if (Number.isNaN(node.value)) {
      out.push({
        code: 'unit-trap',
        severity: 'warning',
        message: `nats-server does not know the suffix "${node.suffix}" and silently ignores this value${key ? `, so ${key} keeps its default` : ''}. Use k, m, g, t, p or e (×1000) or kb, mb, gb … (×1024).`,
        src: node.src,
        start: node.start,
        end: node.end,
        data: { suffix: node.suffix },
      });
      continue;
    }
    if (!key || !DURATION_KEY.test(key.toLowerCase())) continue;
    const n = node.raw.slice(0, node.raw.length - node.suffix.length);
    const minutes = node.suffix.toLowerCase() === 'm';
    out.push({
      code: 'unit-trap',
      severity: 'warning',
      message: `nats-server reads ${node.raw} as ${node.value.toLocaleString('en-US')} (the suffix "${node.suffix}" multiplies), not as a duration, so ${excerpt(key)} becomes ${node.value.toLocaleString('en-US')} seconds. Write "${n}${minutes ? 'm' : 's'}" in quotes for a duration.`,
      src: node.src,
      start: node.start,
      end: node.end,
      data: { replacement: `"${n}${minutes ? 'm' : node.suffix.toLowerCase()[0] === 'm' ? 'm' : 's'}"` },
    });
  }
  return out;
}

function keyOf(node: NumberNode): string | undefined {
  return node.parent?.kind === 'entry' ? node.parent.key : undefined;
}
