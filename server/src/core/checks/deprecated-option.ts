// deprecated-field: an option the target nats-server still accepts but ignores. Where it also prints a
// warning (mqtt.consumer_replicas), `nats-server -t` fails, so that is an error at the load stage.
import type { SourceIssue } from '../conf/issue';
import { BLOCKS, hasDeprecatedOptions } from '../schema';
import { atKey } from '../schema/report';
import { eachVisit, NO_ISSUES, type VisitCache } from '../schema/visit-cache';
import { schemaWalk, type BlockVisit, type SchemaWalk } from '../schema/walk';
import type { EngineHost, TlsModel } from '../tls/model';
import { availableIn, describeSince, type Version } from '../tls/versions';

export function checkDeprecatedOptions(model: TlsModel, _host?: EngineHost, cache?: VisitCache): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  return eachVisit('deprecated-option', model.doc, walk, model.version, deprecatedIn, cache, DEPRECATED);
}

/** The blocks with a deprecated option (the others are not visited). */
const DEPRECATED = BLOCKS.filter((b) => !b.delegated && hasDeprecatedOptions(b)).map((b) => b.id);

function deprecatedIn(visit: BlockVisit, _walk: SchemaWalk, version: Version): SourceIssue[] {
  if (visit.block.delegated || !hasDeprecatedOptions(visit.block)) return NO_ISSUES;
  let out: SourceIssue[] | undefined;
  const { processed, options } = visit;
  for (let i = 0; i < processed.length; i++) {
    const e = processed[i]!;
    const dep = options[i]?.deprecated;
    if (!dep || !availableIn(dep.since, version)) continue;
    const since = describeSince(dep.since);
    (out ??= []).push(
      dep.warns
        ? atKey(
            e,
            'deprecated-field',
            'error',
            `nats-server ${since} and newer ignore ${e.key} and warn about it: the server starts, but \`nats-server -t\` fails on the warning. Remove it. nats-server says: "invalid use of field "${e.key}": ${dep.note}"`,
            { stage: 'load', data: { field: e.key, since: dep.since } },
          )
        : atKey(e, 'deprecated-field', 'warning', `nats-server ${since} and newer ignore ${e.key}: ${dep.note}. Remove it.`, {
            data: { field: e.key, since: dep.since },
          }),
    );
  }
  return out ?? NO_ISSUES;
}
