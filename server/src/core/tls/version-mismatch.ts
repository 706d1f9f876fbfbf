// "Check with nats-server" runs a real nats-server; the editor checks against natsTls.serverVersion. When that
// nats-server rejects a TLS field the target version knows (`error parsing tls config, unknown field
// ["min_version"]`), the two disagree because the binary is older than the setting says.
import { tlsField } from './fields';
import { availableIn, describeSince, type Version } from './versions';

const UNKNOWN_TLS_FIELD = /error parsing tls config, unknown field \[?"([^"\]]+)"\]?/i;

/** The TLS field an output line of nats-server says it does not know, if it says so. */
export function unknownTlsField(message: string): string | undefined {
  return UNKNOWN_TLS_FIELD.exec(message)?.[1];
}

export interface VersionMismatch {
  field: string;
  /** The releases that added it, e.g. "2.10.21 / 2.11.0". */
  since: string;
}

/** A field nats-server rejected although `target` has it: the nats-server that ran predates the target. */
export function versionMismatch(message: string, target: Version): VersionMismatch | undefined {
  const name = unknownTlsField(message);
  const field = name === undefined ? undefined : tlsField(name);
  if (!name || !field || !availableIn(field.since, target)) return undefined;
  return { field: name, since: field.since ? describeSince(field.since) : 'every release' };
}
