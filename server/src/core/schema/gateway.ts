// gateway { } and its gateways [ ] entries (server/opts.go parseGateway, parseGateways).
import { listenerOptions, PEER_WRITE_OPTIONS } from './cluster';
import type { OptionSpec } from './types';

export const GATEWAY_OPTIONS: OptionSpec[] = [
  { name: 'name', kind: 'string', check: 'gateway-name', doc: 'Name of this cluster as other gateways know it. No spaces.' },
  ...listenerOptions('gateway connections from other clusters', '7222'),
  {
    name: 'authorization',
    kind: 'map',
    block: 'gateway.authorization',
    doc: 'The user and password other gateways must present. No users lists, tokens or callouts.',
  },
  { name: 'tls', kind: 'map', block: 'tls', doc: 'TLS for gateway connections (both directions); mutual TLS is always required.' },
  { name: 'advertise', kind: 'string', doc: 'Host:port other gateways should use to reach this one.' },
  { name: 'connect_retries', kind: 'int', default: '0', doc: 'Retries for a gateway that fails to connect.' },
  {
    name: 'connect_backoff',
    kind: 'bool',
    since: { '2.12': '2.12.0' },
    default: 'false',
    doc: 'Back off exponentially between gateway connect attempts.',
  },
  {
    name: 'gateways',
    kind: 'map-list',
    block: 'gateway.remote',
    typeMessage: 'Expected gateways field to be an array, got %T',
    doc: 'The other clusters to connect to: [{ name, url or urls, tls }].',
  },
  {
    name: 'reject_unknown_cluster',
    aliases: ['reject_unknown'],
    kind: 'bool',
    default: 'false',
    doc: 'Refuse gateways from clusters that are not listed in gateways.',
  },
  ...PEER_WRITE_OPTIONS,
];

export const GATEWAY_REMOTE_OPTIONS: OptionSpec[] = [
  { name: 'name', kind: 'string', doc: 'Name of the remote cluster (its gateway name).' },
  { name: 'url', kind: 'url', doc: 'URL of a gateway of the remote cluster, e.g. "nats://host:7222".' },
  { name: 'urls', kind: 'url-list', doc: 'URLs of gateways of the remote cluster (a list).' },
  { name: 'tls', kind: 'map', block: 'tls', doc: 'TLS for connections to this cluster (defaults to gateway.tls).' },
];
