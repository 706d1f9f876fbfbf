// Every field nats-server's parseTLS accepts, with its type, default, meaning, the release that added it
// and where it has an effect. Checks, hovers and completion all read this one table.
import type { Location, LocationId } from './locations';
import type { TlsModel } from './model';
import { availableIn, type Since } from './versions';

export type FieldType =
  | 'path'
  | 'bool'
  | 'duration'
  | 'int'
  | 'pins'
  | 'ciphers'
  | 'curves'
  | 'tls-version'
  | 'handshake'
  | 'certs'
  | 'string'
  | 'string-or-list'
  | 'ocsp-peer';

/** How a field behaves at a location where it is not simply used. */
export type Placement = 'error' | 'ignored' | 'redundant' | 'no-op';

export interface TlsField {
  name: string;
  aliases?: string[];
  type: FieldType;
  since?: Since;
  default?: string;
  /** One or two sentences for hovers. */
  doc: string;
  /** Locations where the field is rejected, ignored or has no effect; every other location uses it. */
  placement?: Partial<Record<LocationId, Placement>>;
  /** Values for completion. */
  values?: string[];
}

const SERVER_SIDE: LocationId[] = ['client-port', 'websocket', 'mqtt', 'leafnodes'];
const all = (ids: LocationId[], p: Placement): Partial<Record<LocationId, Placement>> => Object.fromEntries(ids.map((id) => [id, p]));

export const TLS_FIELDS: TlsField[] = [
  {
    name: 'cert_file',
    type: 'path',
    doc: "PEM file with this server's certificate first, optionally followed by intermediates (all are sent). Loaded at start-up together with key_file.",
  },
  {
    name: 'key_file',
    type: 'path',
    doc: 'PEM file with the private key for the first certificate in cert_file. It must not be encrypted.',
  },
  {
    name: 'ca_file',
    type: 'path',
    default: 'the system trust store',
    doc: 'PEM bundle of CA certificates. Where this server accepts connections it verifies client certificates against it (only with verify); where it dials out it verifies the remote server against it.',
  },
  {
    name: 'verify',
    type: 'bool',
    default: 'false',
    doc: 'Require and verify client certificates (mutual TLS) against ca_file. Cluster and gateway connections always verify.',
    placement: { 'leafnode-remote': 'no-op', 'gateway-remote': 'no-op', resolver: 'no-op', cluster: 'redundant', gateway: 'redundant' },
  },
  {
    name: 'verify_and_map',
    type: 'bool',
    default: 'false',
    doc: "Like verify, and the client certificate's identity (email SANs, then DNS SANs, URI SANs, then the subject) is matched against configured users.",
    placement: { 'leafnode-remote': 'ignored', 'gateway-remote': 'ignored', resolver: 'ignored' },
  },
  {
    name: 'verify_cert_and_check_known_urls',
    type: 'bool',
    since: { '2.2': '2.2.0' },
    default: 'false',
    doc: 'Cluster and gateway only: verify, and accept a peer only when a DNS SAN of its certificate matches a configured route or gateway URL.',
    placement: { ...all([...SERVER_SIDE, 'leafnode-remote', 'resolver'], 'error'), 'gateway-remote': 'ignored' },
  },
  {
    name: 'insecure',
    type: 'bool',
    default: 'false',
    doc: "Skip verification of the remote server's certificate where this server dials out. Never use it in production.",
    placement: all(SERVER_SIDE, 'no-op'),
  },
  {
    name: 'timeout',
    type: 'duration',
    default: '2 (seconds)',
    doc: 'TLS handshake deadline: seconds as a number (2, 0.5) or a duration string ("2s"). Unquoted 1m is one million seconds.',
    placement: { websocket: 'ignored', resolver: 'ignored' },
  },
  {
    name: 'connection_rate_limit',
    type: 'int',
    since: { '2.7': '2.7.0' },
    default: '0 (off)',
    doc: 'Maximum new TLS client connections accepted per second on the client port.',
    placement: all(['websocket', 'mqtt', 'leafnodes', 'leafnode-remote', 'cluster', 'gateway', 'gateway-remote', 'resolver'], 'ignored'),
  },
  {
    name: 'pinned_certs',
    type: 'pins',
    since: { '2.2': '2.2.5' },
    doc: "Only accept peers whose certificate's public key (SHA-256 of the DER SubjectPublicKeyInfo, 64 hex characters) is in this list. Leaf remotes use leafnodes.tls.pinned_certs instead.",
    placement: { 'leafnode-remote': 'ignored', 'gateway-remote': 'ignored', resolver: 'ignored' },
  },
  {
    name: 'cipher_suites',
    type: 'ciphers',
    default: "Go's secure cipher suites",
    doc: 'TLS 1.2 cipher suites to allow, by Go name. TLS 1.3 suites cannot be restricted.',
  },
  {
    name: 'allow_insecure_cipher_suites',
    type: 'bool',
    since: { '2.12': '2.12.0' },
    default: 'false',
    doc: "Permit cipher suites from Go's insecure list (RC4, 3DES, CBC-SHA256, RSA key exchange) in cipher_suites.",
  },
  {
    name: 'curve_preferences',
    type: 'curves',
    default: 'X25519MLKEM768, X25519, CurveP256, CurveP384, CurveP521',
    doc: 'Key-exchange groups, in order of preference.',
  },
  {
    name: 'min_version',
    type: 'tls-version',
    since: { '2.10': '2.10.21', '2.11': '2.11.0' },
    default: '"1.2"',
    doc: 'Lowest TLS version to accept: "1.2" or "1.3", as a quoted string.',
    values: ['"1.2"', '"1.3"'],
  },
  {
    name: 'handshake_first',
    aliases: ['first', 'immediate'],
    type: 'handshake',
    since: { '2.10': '2.10.0' },
    default: 'false',
    doc: 'Do the TLS handshake before the server sends INFO. "auto" (or a duration such as "300ms") falls back to the old order for clients that do not start TLS in time. Both ends of a leaf link must agree.',
    placement: all(['websocket', 'mqtt', 'cluster', 'gateway', 'gateway-remote', 'resolver'], 'ignored'),
    values: ['true', 'false', '"auto"', '"300ms"'],
  },
  {
    name: 'certs',
    aliases: ['certificates'],
    type: 'certs',
    since: { '2.10': '2.10.8', '2.11': '2.11.0' },
    doc: 'Several certificate/key pairs on one listener, each { cert_file, key_file }; the TLS stack picks one per client. Cannot be combined with cert_file.',
  },
  {
    name: 'cert_store',
    type: 'string',
    since: { '2.9': '2.9.20', '2.10': '2.10.0' },
    doc: 'Take the certificate and key from the Windows certificate store (WindowsCurrentUser or WindowsLocalMachine) instead of files. Windows only.',
    values: ['"WindowsCurrentUser"', '"WindowsLocalMachine"'],
  },
  {
    name: 'cert_match_by',
    type: 'string',
    since: { '2.9': '2.9.20', '2.10': '2.10.0' },
    doc: 'How cert_match selects the certificate in the Windows store: Subject, Issuer or Thumbprint.',
    values: ['"Subject"', '"Issuer"', '"Thumbprint"'],
  },
  {
    name: 'cert_match',
    type: 'string',
    since: { '2.9': '2.9.20', '2.10': '2.10.0' },
    doc: 'The value cert_match_by compares against in the Windows store.',
  },
  {
    name: 'ca_certs_match',
    type: 'string-or-list',
    since: { '2.10': '2.10.23', '2.11': '2.11.0' },
    doc: 'Subjects of CA certificates to take from the Windows store as the trust pool.',
  },
  {
    name: 'cert_match_skip_invalid',
    type: 'bool',
    since: { '2.10': '2.10.23', '2.11': '2.11.0' },
    default: 'false',
    doc: 'Skip expired or otherwise invalid certificates in the Windows store while matching.',
  },
  {
    name: 'ocsp_peer',
    type: 'ocsp-peer',
    since: { '2.9': '2.9.21', '2.10': '2.10.0' },
    default: 'off',
    doc: "Check the peer's certificate with its CA's OCSP responder during the handshake: true, or a map { verify, ca_timeout, allowed_clockskew, cache_ttl_when_next_update_unset, warn_only, unknown_is_good, allow_when_ca_unreachable }. On listeners it needs verify.",
    placement: { mqtt: 'ignored', cluster: 'no-op', gateway: 'no-op', 'gateway-remote': 'no-op', resolver: 'no-op' },
  },
];

const BY_NAME = new Map<string, TlsField>();
for (const f of TLS_FIELDS) {
  BY_NAME.set(f.name, f);
  for (const a of f.aliases ?? []) BY_NAME.set(a, f);
}

/** The field a (case-insensitive) key names, if nats-server knows it. */
export function tlsField(key: string): TlsField | undefined {
  return BY_NAME.get(key.toLowerCase());
}

/** Fields a client config's `tls:` map takes (the three files, and the handshake order). */
const CLIENT_FIELDS = ['cert_file', 'key_file', 'ca_file', 'handshake_first'];

/** Fields valid in a block at `location` for the target version, in table order. */
export function fieldsFor(location: Location, model: TlsModel | undefined): TlsField[] {
  if (!location.server) return TLS_FIELDS.filter((f) => CLIENT_FIELDS.includes(f.name));
  return TLS_FIELDS.filter((f) => (!model || availableIn(f.since, model.version)) && f.placement?.[location.id] !== 'error');
}

export const OCSP_PEER_KEYS = [
  'verify',
  'ca_timeout',
  'allowed_clockskew',
  'cache_ttl_when_next_update_unset',
  'warn_only',
  'unknown_is_good',
  'allow_when_ca_unreachable',
];
