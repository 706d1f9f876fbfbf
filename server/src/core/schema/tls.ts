// The tls block of the schema is the TLS field table (tls/fields.ts), seen through the schema's vocabulary.
// TLS blocks keep their own checks (checks/tls-*.ts); the schema describes them for hovers, completion and
// the outline, and so that every block nats-server parses is in one table.
import { OCSP_PEER_KEYS, TLS_FIELDS, type FieldType, type TlsField } from '../tls/fields';
import type { OptionSpec, ValueKind } from './types';

const KIND: Record<FieldType, ValueKind> = {
  path: 'string',
  bool: 'bool',
  duration: 'seconds',
  int: 'int',
  pins: 'string-list',
  ciphers: 'string-list',
  curves: 'string-list',
  'tls-version': 'string',
  handshake: 'union',
  certs: 'map-list',
  string: 'string',
  'string-or-list': 'string-or-list',
  'ocsp-peer': 'union',
};

function toOption(f: TlsField): OptionSpec {
  const o: OptionSpec = { name: f.name, kind: KIND[f.type], doc: f.doc };
  if (f.aliases) o.aliases = f.aliases;
  if (f.since) o.since = f.since;
  if (f.default) o.default = f.default;
  if (f.values) o.values = f.values.map((v) => v.replace(/^"(.*)"$/, '$1'));
  if (f.type === 'certs') o.block = 'tls.certs';
  if (f.type === 'ocsp-peer') {
    o.accepts = ['bool', 'map'];
    o.block = 'tls.ocsp_peer';
  }
  if (f.type === 'handshake') o.accepts = ['bool', 'string'];
  return o;
}

export const TLS_OPTIONS: OptionSpec[] = TLS_FIELDS.map(toOption);

export const TLS_CERT_PAIR_OPTIONS: OptionSpec[] = [
  { name: 'cert_file', kind: 'string', exactCase: true, doc: 'Certificate of this pair (PEM).' },
  { name: 'key_file', kind: 'string', exactCase: true, doc: 'Private key of this pair (PEM).' },
];

const OCSP_PEER_DOCS: Record<string, [ValueKind, string]> = {
  verify: ['bool', 'Check peer certificates with OCSP.'],
  ca_timeout: ['seconds', 'Seconds to wait for the OCSP responder.'],
  allowed_clockskew: ['seconds', 'Clock skew tolerated when checking response times.'],
  cache_ttl_when_next_update_unset: ['seconds', 'How long to cache a response that has no next-update time.'],
  warn_only: ['bool', 'Log revoked or unknown peers instead of refusing them.'],
  unknown_is_good: ['bool', 'Treat an "unknown" OCSP status as good.'],
  allow_when_ca_unreachable: ['bool', 'Accept peers when the OCSP responder cannot be reached.'],
};

export const OCSP_PEER_OPTIONS: OptionSpec[] = OCSP_PEER_KEYS.map((name) => {
  const [kind, doc] = OCSP_PEER_DOCS[name] ?? ['bool', 'OCSP peer option.'];
  return { name, kind, doc };
});
