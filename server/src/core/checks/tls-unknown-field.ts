// unknown-field / client-auth-field: nats-server's parseTLS rejects every key it does not know,
// including variables defined inside the block. `client_auth` is the classic mistake: mutual TLS is `verify: true`.
import type { SourceIssue } from '../conf/issue';
import { rejects } from '../conf/issue';
import { fieldsFor, tlsField } from '../tls/fields';
import { issueAt, keyOf } from '../tls/issue-at';
import type { TlsModel } from '../tls/model';
import { closest } from '../tls/suggest';
import { compareVersions, parseVersion, type Version } from '../tls/versions';
import { excerpt } from '../conf/excerpt';

/** nats-server's wording changed in 2.10.8 (no brackets). */
export function unknownFieldReason(key: string, v: Version): string {
  return compareVersions(v, parseVersion('2.10.8')!) >= 0
    ? `error parsing tls config, unknown field "${excerpt(key)}"`
    : `error parsing tls config, unknown field ["${excerpt(key)}"]`;
}

export function checkUnknownTlsFields(model: TlsModel): SourceIssue[] {
  const out: SourceIssue[] = [];
  for (const block of model.blocks) {
    if (!block.location.server) continue;
    // Only blocks with unknown keys need the names to suggest from.
    let valid: string[] | undefined;
    // One suggestion per distinct key: a block with thousands of unknown keys repeats a few names.
    const suggestions = new Map<string, string | undefined>();
    for (const e of block.entries) {
      // A key without a value at the block's end takes the whole block (checks/dangling-key.ts).
      if (tlsField(e.name) || e.value === undefined) continue;
      const reason = unknownFieldReason(e.key, model.version);
      if (e.name === 'client_auth') {
        out.push(
          issueAt(
            keyOf(e),
            'client-auth-field',
            'error',
            rejects(reason, 'client_auth is not a nats-server option: mutual TLS is verify: true inside the tls block.'),
            {
              replacement: 'verify',
            },
          ),
        );
        continue;
      }
      const suggestion = suggestions.has(e.key)
        ? suggestions.get(e.key)
        : closest(e.key, (valid ??= fieldsFor(block.location, model).map((f) => f.name)));
      suggestions.set(e.key, suggestion);
      const asVariable =
        e.value && /^[A-Z0-9_]+$/.test(e.key) ? ' Variables cannot be defined inside a tls block either; define it outside.' : '';
      out.push(
        issueAt(
          keyOf(e),
          'unknown-field',
          'error',
          rejects(
            reason,
            `${excerpt(e.key)} is not a tls option${suggestion ? `: did you mean ${suggestion}?` : '; remove it.'}${asVariable}`,
          ),
          {
            key: excerpt(e.key),
            suggestion,
          },
        ),
      );
    }
  }
  return out;
}
