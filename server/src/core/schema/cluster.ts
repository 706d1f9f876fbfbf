// cluster { } (server/opts.go parseCluster), and the compression block shared with leaf nodes.
import { WRITE_TIMEOUT_VALUES } from './limits';
import type { OptionSpec } from './types';

/** Options every listener block (cluster, gateway, leafnodes, websocket, mqtt) has. */
export function listenerOptions(what: string, port: string): OptionSpec[] {
  return [
    { name: 'listen', kind: 'listen', doc: `Host and port to listen on for ${what} ("host:port", or a port number).` },
    { name: 'port', kind: 'int', default: port, doc: `Port to listen on for ${what}; -1 picks a random port.` },
    { name: 'host', aliases: ['net'], kind: 'string', default: '0.0.0.0', doc: `Interface to listen on for ${what}.` },
  ];
}

export function writeOptions(since: OptionSpec['since'], timeoutSince: OptionSpec['since']): OptionSpec[] {
  return [
    {
      name: 'write_deadline',
      kind: 'duration',
      ...(since ? { since } : {}),
      doc: 'How long a write to a peer may block before the connection is treated as stalled.',
    },
    {
      name: 'write_timeout',
      kind: 'enum',
      values: WRITE_TIMEOUT_VALUES,
      caseSensitive: true,
      ...(timeoutSince ? { since: timeoutSince } : {}),
      doc: 'What happens when write_deadline is hit: "default", "close" or "retry".',
    },
  ];
}

const WRITE_SINCE = { '2.11': '2.11.11', '2.12': '2.12.1', '2.14': '2.14.0' };
const WRITE_TIMEOUT_SINCE = { '2.11': '2.11.11', '2.12': '2.12.2', '2.14': '2.14.0' };
export const PEER_WRITE_OPTIONS = writeOptions(WRITE_SINCE, WRITE_TIMEOUT_SINCE);

export function compressionOption(defaultMode: string): OptionSpec {
  return {
    name: 'compression',
    kind: 'union',
    accepts: ['string', 'bool', 'map'],
    block: 'compression',
    typeMessage: 'field "%k" should be a boolean or a structure, got %T',
    since: { '2.10': '2.10.0' },
    default: defaultMode,
    doc: 'S2 compression of this link: off, accept, s2_fast, s2_better, s2_best, s2_auto, true/false, or { mode, rtt_thresholds }.',
  };
}

export const COMPRESSION_OPTIONS: OptionSpec[] = [
  {
    name: 'mode',
    kind: 'string',
    doc: 'off, accept, s2_fast, s2_better, s2_best or s2_auto (checked when the server starts).',
    values: ['off', 'accept', 's2_fast', 's2_better', 's2_best', 's2_auto'],
  },
  {
    name: 'rtt_thresholds',
    aliases: ['thresholds', 'rtts', 'rtt'],
    kind: 'string-list',
    check: 'rtt-durations',
    doc: 'For s2_auto: round-trip times (duration strings such as "10ms") at which compression steps up.',
  },
];

export const CLUSTER_OPTIONS: OptionSpec[] = [
  {
    name: 'name',
    kind: 'string',
    check: 'cluster-name',
    doc: 'Cluster name; every server of the cluster must use the same one. No spaces.',
  },
  ...listenerOptions('routes from other servers of the cluster', '6222'),
  {
    name: 'authorization',
    kind: 'map',
    block: 'cluster.authorization',
    typeMessage: 'interface conversion: interface {} is %T, not map[string]interface {}',
    doc: 'The user and password (or nothing else) routes must present. No users lists, tokens or callouts.',
  },
  {
    name: 'routes',
    kind: 'url-list',
    doc: 'URLs of the other servers to connect to, e.g. ["nats://host-b:6222"]. A list, even for one route.',
  },
  { name: 'tls', kind: 'map', block: 'tls', doc: 'TLS for routes; mutual TLS is always required here.' },
  {
    name: 'advertise',
    aliases: ['cluster_advertise'],
    kind: 'string',
    doc: 'Host:port other servers should use to reach this one (behind NAT).',
  },
  { name: 'no_advertise', kind: 'bool', default: 'false', doc: 'Do not tell clients about the other servers of the cluster.' },
  {
    name: 'connect_retries',
    kind: 'int',
    default: '0',
    doc: 'Retries for an explicit route that fails to connect before giving up (0: forever).',
  },
  {
    name: 'connect_backoff',
    kind: 'bool',
    since: { '2.12': '2.12.0' },
    default: 'false',
    doc: 'Back off exponentially between route connect attempts.',
  },
  {
    name: 'permissions',
    kind: 'map',
    block: 'permissions',
    doc: 'Which subjects are imported from and exported to other servers ({ import, export }).',
  },
  {
    name: 'pool_size',
    kind: 'int',
    since: { '2.10': '2.10.0' },
    default: '3',
    doc: 'Number of route connections between each pair of servers (-1 turns pooling off).',
  },
  {
    name: 'accounts',
    kind: 'string-or-list',
    typeMessage: 'error parsing accounts: unsupported type %T',
    since: { '2.10': '2.10.0' },
    doc: 'Accounts that get a dedicated route connection.',
  },
  compressionOption('accept'),
  {
    name: 'ping_interval',
    kind: 'duration',
    check: 'route-ping',
    since: { '2.10': '2.10.10', '2.11': '2.11.0' },
    default: '"2m" (at most 30s for routes)',
    doc: 'How often routes ping each other.',
  },
  {
    name: 'ping_max',
    kind: 'int',
    since: { '2.10': '2.10.10', '2.11': '2.11.0' },
    default: '2',
    doc: 'Unanswered pings before a route is closed.',
  },
  ...PEER_WRITE_OPTIONS,
];
