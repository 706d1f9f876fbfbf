// field-not-in-version: a field newer than the target nats-server, which rejects it as unknown.
import type { SourceIssue } from '../conf/issue';
import { tlsField } from '../tls/fields';
import { issueAt, keyOf } from '../tls/issue-at';
import type { TlsModel } from '../tls/model';
import { availableIn, describeSince, formatVersion } from '../tls/versions';
import { unknownFieldReason } from './tls-unknown-field';

export function checkTlsFieldVersions(model: TlsModel): SourceIssue[] {
  const out: SourceIssue[] = [];
  for (const block of model.blocks) {
    if (!block.location.server) continue;
    for (const e of block.entries) {
      const f = tlsField(e.name);
      if (!f?.since || availableIn(f.since, model.version)) continue;
      out.push(
        issueAt(
          keyOf(e),
          'field-not-in-version',
          'error',
          `${e.key} needs nats-server ${describeSince(f.since)} or newer; the target ${formatVersion(model.version)} rejects it ("${unknownFieldReason(e.key, model.version)}"). Upgrade nats-server, or change the target version setting.`,
          { field: f.name, since: f.since },
        ),
      );
    }
  }
  return out;
}
