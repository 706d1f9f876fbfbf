// field-not-in-version outside tls blocks: an option newer than the target nats-server, which rejects it as
// an unknown field (or, in blocks read by name, silently ignores it).
import type { SourceIssue } from '../conf/issue';
import { atKey, unknownReason } from '../schema/report';
import { schemaWalk } from '../schema/walk';
import type { TlsModel } from '../tls/model';
import { availableIn, describeSince, formatVersion } from '../tls/versions';

export function checkOptionVersions(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  const out: SourceIssue[] = [];
  const target = formatVersion(model.version);
  for (const visit of walk.visits) {
    const block = visit.block;
    if (block.delegated) continue;
    const { processed, options } = visit;
    for (let i = 0; i < processed.length; i++) {
      const e = processed[i]!;
      const option = options[i];
      if (!option?.since || availableIn(option.since, model.version)) continue;
      const needs = `${e.key} needs nats-server ${describeSince(option.since)} or newer`;
      if (block.unknown === 'ignored') {
        out.push(
          atKey(
            e,
            'field-not-in-version',
            'warning',
            `${needs}; the target ${target} silently ignores it. Upgrade nats-server, or change the target version setting.`,
            {
              stage: 'advice',
              data: { field: option.name, since: option.since },
            },
          ),
        );
        continue;
      }
      if (block.unknown === 'error-unless-used' && walk.used.has(e)) continue;
      out.push(
        atKey(
          e,
          'field-not-in-version',
          'error',
          `${needs}, so the target ${target} rejects it. Upgrade nats-server, or change the target version setting. nats-server says: "${unknownReason(block, e.key)}"`,
          { data: { field: option.name, since: option.since } },
        ),
      );
    }
  }
  return out;
}
