// leafnodes { } (parseLeafNodes), its authorization (parseLeafAuthorization, parseLeafUsers) and
// remotes [ ] (parseRemoteLeafNodes) with their proxy block.
import { compressionOption, listenerOptions, PEER_WRITE_OPTIONS } from './cluster';
import { OLD_TIMEOUT } from './authorization';
import type { OptionSpec } from './types';

const SINCE_2_12 = { '2.12': '2.12.0' };
const DIAL_TIMEOUT_SINCE = { '2.14': '2.14.5' };

export const LEAFNODE_OPTIONS: OptionSpec[] = [
  ...listenerOptions('leaf node connections', '7422'),
  {
    name: 'authorization',
    kind: 'map',
    block: 'leafnodes.authorization',
    doc: 'Credentials leaf nodes must present, and the account they bind to.',
  },
  {
    name: 'remotes',
    kind: 'map-list',
    block: 'leafnodes.remote',
    typeMessage: 'Expected remotes field to be an array, got %T',
    doc: 'Hubs this server connects to as a leaf node.',
  },
  {
    name: 'reconnect',
    aliases: ['reconnect_delay', 'reconnect_interval'],
    kind: 'duration',
    default: '"1s"',
    older: [{ before: { '2.10': '2.10.12', '2.11': '2.11.0' }, read: { kind: 'int' } }],
    doc: 'Delay between attempts to reconnect to a remote (before 2.10.12: a number of seconds only).',
  },
  { name: 'dial_timeout', kind: 'duration', since: DIAL_TIMEOUT_SINCE, doc: 'How long a connection attempt to a remote may take.' },
  { name: 'tls', kind: 'map', block: 'tls', doc: 'TLS for incoming leaf node connections.' },
  { name: 'advertise', aliases: ['leafnode_advertise'], kind: 'string', doc: 'Host:port advertised to leaf nodes.' },
  { name: 'no_advertise', kind: 'bool', default: 'false', doc: "Do not advertise the cluster's other leaf node URLs." },
  {
    name: 'min_version',
    aliases: ['minimum_version'],
    kind: 'string',
    check: 'leaf-min-version',
    doc: 'Oldest nats-server version (at least "2.8.0") a leaf node may run to be accepted.',
  },
  compressionOption('s2_auto'),
  {
    name: 'isolate_leafnode_interest',
    aliases: ['isolate'],
    kind: 'bool',
    since: SINCE_2_12,
    default: 'false',
    doc: 'Do not send subscription interest from other leaf nodes to leaf nodes connecting here.',
  },
  ...PEER_WRITE_OPTIONS,
];

export const LEAF_AUTH_OPTIONS: OptionSpec[] = [
  { name: 'user', aliases: ['username'], kind: 'string', doc: 'The user leaf nodes log in as.' },
  { name: 'password', aliases: ['pass'], kind: 'string', doc: 'Password (plain text or a bcrypt hash).' },
  {
    name: 'nkey',
    kind: 'string',
    check: 'user-nkey',
    since: { '2.10': '2.10.8', '2.11': '2.11.0' },
    doc: 'Public user nkey (starting with U) leaf nodes must sign with.',
  },
  {
    name: 'timeout',
    kind: 'seconds',
    default: '2 (seconds)',
    warnAbove: { above: 60, since: { '2.11': '2.11.2', '2.12': '2.12.0' } },
    older: OLD_TIMEOUT,
    doc: 'Seconds (or a duration string) a leaf node has to authenticate.',
  },
  {
    name: 'users',
    kind: 'map-list',
    block: 'leafnodes.user',
    typeMessage: 'Expected users field to be an array, got %v',
    doc: 'Several leaf users: [{ user, password, account }].',
  },
  { name: 'account', kind: 'string', doc: 'Account the leaf connection binds to.' },
  { name: 'proxy_required', kind: 'bool', since: SINCE_2_12, default: 'false', doc: 'Accept this user only through a trusted proxy.' },
];

export const LEAF_USER_OPTIONS: OptionSpec[] = [
  { name: 'user', aliases: ['username'], kind: 'string', doc: 'The user name clients present.' },
  { name: 'password', aliases: ['pass'], kind: 'string', doc: 'Password (plain text or a bcrypt hash).' },
  { name: 'account', kind: 'string', doc: 'Account this leaf user binds to.' },
  { name: 'proxy_required', kind: 'bool', since: SINCE_2_12, default: 'false', doc: 'Accept this user only through a trusted proxy.' },
];

export const LEAF_REMOTE_OPTIONS: OptionSpec[] = [
  {
    name: 'url',
    aliases: ['urls'],
    kind: 'url-or-list',
    doc: 'URL(s) of the hub, e.g. "nats-leaf://hub:7422" or "tls://…"; several are tried at random.',
  },
  {
    name: 'no_randomize',
    aliases: ['dont_randomize'],
    kind: 'bool',
    default: 'false',
    doc: 'Try the URLs in order instead of at random.',
  },
  { name: 'account', aliases: ['local'], kind: 'string', doc: 'Local account this connection binds to.' },
  { name: 'credentials', aliases: ['creds'], kind: 'string', doc: 'A .creds file (user JWT and seed) to log in to the hub.' },
  {
    name: 'nkey',
    aliases: ['seed'],
    kind: 'string',
    check: 'user-seed',
    since: { '2.10': '2.10.8', '2.11': '2.11.0' },
    doc: 'User seed (starting with SU) to sign in to the hub. Not together with credentials.',
  },
  { name: 'tls', kind: 'map', block: 'tls', doc: 'TLS for this connection (this server is the TLS client).' },
  { name: 'hub', kind: 'bool', default: 'false', doc: 'This server is the hub of the connection (reverses interest propagation).' },
  { name: 'deny_imports', aliases: ['deny_import'], kind: 'subjects', doc: 'Subjects not received from the hub.' },
  { name: 'deny_exports', aliases: ['deny_export'], kind: 'subjects', doc: 'Subjects not sent to the hub.' },
  {
    name: 'ws_compression',
    aliases: ['ws_compress', 'websocket_compress', 'websocket_compression'],
    kind: 'bool',
    default: 'false',
    doc: 'Compress when connecting over WebSocket (ws:// or wss:// URLs).',
  },
  {
    name: 'ws_no_masking',
    aliases: ['websocket_no_masking'],
    kind: 'bool',
    default: 'false',
    doc: 'Do not mask WebSocket frames (only when the hub allows it).',
  },
  {
    name: 'jetstream_cluster_migrate',
    aliases: ['js_cluster_migrate'],
    kind: 'union',
    accepts: ['bool', 'map'],
    block: 'leafnodes.remote.js_migrate',
    typeMessage: 'Expected boolean or map for jetstream_cluster_migrate, got %T',
    older: [{ before: { '2.11': '2.11.0' }, read: { accepts: ['bool', 'map', 'string', 'int', 'float', 'array'], looseValue: true } }],
    default: 'false',
    doc: 'Move JetStream leaders away from this server while the link is down: true, or { leader_migrate_delay }.',
  },
  {
    name: 'isolate_leafnode_interest',
    aliases: ['isolate'],
    kind: 'bool',
    since: SINCE_2_12,
    default: 'false',
    doc: 'Do not send interest of other leaf nodes over this link.',
  },
  { name: 'request_isolation', kind: 'bool', since: SINCE_2_12, default: 'false', doc: 'Ask the hub to isolate interest for this link.' },
  compressionOption('s2_auto'),
  {
    name: 'first_info_timeout',
    kind: 'duration',
    since: { '2.10': '2.10.26', '2.11': '2.11.0' },
    default: '"1s"',
    doc: "How long to wait for the hub's first INFO before giving up on a connection.",
  },
  { name: 'dial_timeout', kind: 'duration', since: DIAL_TIMEOUT_SINCE, doc: 'How long a connection attempt may take.' },
  { name: 'disabled', kind: 'bool', since: SINCE_2_12, default: 'false', doc: 'Keep this remote configured but do not connect.' },
  {
    name: 'proxy',
    kind: 'map',
    block: 'leafnodes.remote.proxy',
    typeMessage: 'Expected proxy to be a map, got %T',
    since: { '2.12': '2.12.1', '2.14': '2.14.0' },
    doc: 'Connect through an HTTP CONNECT proxy: { url, username, password, timeout }.',
  },
  {
    name: 'ignore_discovered_servers',
    kind: 'bool',
    since: { '2.14': '2.14.0' },
    default: 'false',
    doc: 'Only use the configured URLs, not the hub servers it learns about.',
  },
];

export const LEAF_PROXY_OPTIONS: OptionSpec[] = [
  { name: 'url', kind: 'string', doc: 'URL of the HTTP proxy.' },
  { name: 'username', kind: 'string', doc: 'Proxy user name.' },
  { name: 'password', kind: 'string', doc: 'Proxy password.' },
  { name: 'timeout', kind: 'duration', doc: 'How long connecting through the proxy may take.' },
];

export const JS_MIGRATE_OPTIONS: OptionSpec[] = [
  {
    name: 'leader_migrate_delay',
    kind: 'duration',
    since: { '2.11': '2.11.0' },
    exactCase: true,
    doc: 'Wait this long after the link drops before moving leaders away.',
  },
];
