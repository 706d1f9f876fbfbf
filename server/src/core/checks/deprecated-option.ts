// deprecated-field: an option the target nats-server still accepts but ignores. Where it also prints a
// warning (mqtt.consumer_replicas), `nats-server -t` fails, so that is an error at the load stage.
import type { SourceIssue } from '../conf/issue';
import { optionIn } from '../schema';
import { atKey, lastByKey } from '../schema/report';
import { schemaWalk } from '../schema/walk';
import type { TlsModel } from '../tls/model';
import { availableIn, describeSince } from '../tls/versions';

export function checkDeprecatedOptions(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  const out: SourceIssue[] = [];
  for (const visit of walk.visits) {
    if (visit.block.delegated) continue;
    for (const e of lastByKey(visit.entries)) {
      const dep = optionIn(visit.block, e.key)?.deprecated;
      if (!dep || !availableIn(dep.since, model.version)) continue;
      const since = describeSince(dep.since);
      out.push(
        dep.warns
          ? atKey(
              e,
              'deprecated-field',
              'error',
              `nats-server ${since} and newer ignore ${e.key} and warn: "invalid use of field "${e.key}": ${dep.note}". The server starts, but \`nats-server -t\` fails on the warning. Remove it.`,
              { stage: 'load', data: { field: e.key, since: dep.since } },
            )
          : atKey(e, 'deprecated-field', 'warning', `nats-server ${since} and newer ignore ${e.key}: ${dep.note}. Remove it.`, {
              data: { field: e.key, since: dep.since },
            }),
      );
    }
  }
  return out;
}
