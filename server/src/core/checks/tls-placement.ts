// field-not-allowed-here: a field nats-server rejects at this location (error), or parses and then
// silently ignores there (warning), so the user believes something that is not true.
import { rejects, type SourceIssue } from '../conf/issue';
import { deref } from '../conf/resolve';
import { tlsField } from '../tls/fields';
import { issueAt, keyOf } from '../tls/issue-at';
import type { TlsModel } from '../tls/model';
import { availableIn } from '../tls/versions';

/** What to do instead, where there is something better than "remove it". */
const REMEDY: Record<string, string> = {
  'pinned_certs@leafnode-remote': 'Leaf node remotes use leafnodes.tls.pinned_certs; move it there.',
  'timeout@websocket': 'WebSocket uses websocket.handshake_timeout instead.',
  'connection_rate_limit@websocket': 'Only the client port (top-level tls) has a connection rate limit.',
  'ocsp_peer@mqtt': "The MQTT listener uses the top-level tls block's ocsp_peer.",
};

export function checkTlsPlacement(model: TlsModel, platform: string): SourceIssue[] {
  const out: SourceIssue[] = [];
  for (const block of model.blocks) {
    const loc = block.location;
    if (!loc.server) continue;
    for (const e of block.entries) {
      const f = tlsField(e.name);
      if (!f || !availableIn(f.since, model.version)) continue;
      if (f.name === 'cert_store' && platform !== 'win32') {
        // Every release that knows cert_store (2.10.27, 2.15.1 measured on Linux) fails to load it off Windows.
        out.push({
          ...issueAt(
            keyOf(e),
            'field-not-allowed-here',
            'error',
            rejects(
              'cert_store not compatible with current operating system',
              `cert_store reads the Windows certificate store, which this platform (${platform}) does not have: use cert_file and key_file here.`,
            ),
          ),
          stage: 'load',
        });
        continue;
      }
      const placement = f.placement?.[loc.id];
      if (!placement) continue;
      const v = deref(e.value);
      const on = v?.kind === 'bool' ? v.value : true;
      if (placement === 'error') {
        // nats-server only refuses the switch turned on.
        if (!on) continue;
        out.push({
          ...issueAt(
            keyOf(e),
            'field-not-allowed-here',
            'error',
            rejects(`${f.name} not supported in this context`, `It only works in cluster and gateway blocks; remove it from ${loc.path}.`),
          ),
          // Rejected, unlike the code's other uses (ignored or redundant fields): nats-server -t fails.
          stage: 'load',
        });
      } else if (placement === 'redundant') {
        const msg = on
          ? `${loc.label[0]!.toUpperCase()}${loc.label.slice(1)} always use mutual TLS; ${e.key}: true changes nothing here and can be removed.`
          : `${e.key}: false does not turn mutual TLS off: nats-server always requires and verifies peer certificates on ${loc.label}.`;
        // `verify: true` where mutual TLS is forced is harmless: a hint. `verify: false` misleads: a warning.
        out.push(issueAt(keyOf(e), 'field-not-allowed-here', on ? 'hint' : 'warning', msg));
      } else if (placement === 'no-op') {
        const why =
          loc.presentsAsClient && !loc.presentsAsServer ? 'this side dials out as the TLS client' : 'this side only accepts connections';
        out.push(issueAt(keyOf(e), 'field-not-allowed-here', 'warning', `${e.key} has no effect in ${loc.path}: ${why}. Remove it.`));
      } else {
        out.push(
          issueAt(
            keyOf(e),
            'field-not-allowed-here',
            'warning',
            `nats-server ignores ${e.key} in ${loc.path}. ${REMEDY[`${f.name}@${loc.id}`] ?? 'Remove it.'}`,
          ),
        );
      }
    }
  }
  return out;
}
