// field-not-in-version outside tls blocks: an option newer than the target nats-server, which rejects it as
// an unknown field (or, in blocks read by name, silently ignores it).
import type { SourceIssue } from '../conf/issue';
import { hasVersionedOptions } from '../schema';
import { atKey, unknownReason } from '../schema/report';
import { eachVisit, NO_ISSUES, type VisitCache } from '../schema/visit-cache';
import { schemaWalk, type BlockVisit, type SchemaWalk } from '../schema/walk';
import type { EngineHost, TlsModel } from '../tls/model';
import { availableIn, describeSince, formatVersion, type Version } from '../tls/versions';

export function checkOptionVersions(model: TlsModel, _host?: EngineHost, cache?: VisitCache): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  return eachVisit('option-version', model.doc, walk, model.version, versionsIn, cache);
}

function versionsIn(visit: BlockVisit, walk: SchemaWalk, version: Version): SourceIssue[] {
  const block = visit.block;
  // A block none of whose options is newer than some release has nothing to say (no pass over its entries).
  if (block.delegated || !hasVersionedOptions(block)) return NO_ISSUES;
  let out: SourceIssue[] | undefined;
  const { processed, options } = visit;
  for (let i = 0; i < processed.length; i++) {
    const e = processed[i]!;
    const option = options[i];
    if (!option?.since || availableIn(option.since, version)) continue;
    const target = formatVersion(version);
    const needs = `${e.key} needs nats-server ${describeSince(option.since)} or newer`;
    out ??= [];
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
  return out ?? NO_ISSUES;
}
