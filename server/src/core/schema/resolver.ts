// The resolver block (server/opts.go processConfigFileLine, case "resolver"), and proxies { } (parseProxies).
// nats-server reads the resolver map with exact-case lookups (v["dir"]) and ignores every other key.
import type { OptionSpec } from './types';

export const RESOLVER_OPTIONS: OptionSpec[] = [
  {
    name: 'type',
    kind: 'enum',
    values: ['full', 'cache', 'mem', 'memory'],
    doc: 'full: keep every account JWT in dir (resolver of an operator deployment); cache: keep recent ones; mem: in memory.',
  },
  { name: 'dir', kind: 'string', doc: 'Folder for account JWTs (full and cache). It is created when missing.' },
  { name: 'allow_delete', kind: 'bool', default: 'false', doc: 'full only: allow deleting account JWTs.' },
  {
    name: 'hard_delete',
    kind: 'bool',
    since: { '2.9': '2.9.16', '2.10': '2.10.0' },
    default: 'false',
    doc: 'full only: delete JWT files instead of renaming them (needs allow_delete).',
  },
  { name: 'limit', kind: 'int', default: '1000', doc: 'Most account JWTs kept.' },
  { name: 'ttl', kind: 'duration-string', doc: 'cache only: how long a JWT stays cached.' },
  { name: 'interval', kind: 'duration-string', default: '"2m"', doc: 'full only: how often servers sync JWTs with each other.' },
  { name: 'timeout', kind: 'duration-string', default: '"1.9s"', doc: 'How long a JWT lookup may take.' },
];

export const PROXIES_OPTIONS: OptionSpec[] = [
  {
    name: 'trusted',
    kind: 'map-list',
    block: 'proxies.trusted',
    typeMessage: "expected proxies' trusted field to be an array, got %T",
    doc: 'Trusted proxies: [{ key: "<public nkey>" }].',
  },
];

export const PROXY_TRUSTED_OPTIONS: OptionSpec[] = [
  { name: 'key', aliases: ['public_key'], kind: 'string', check: 'public-nkey', doc: 'Public nkey of the proxy.' },
];
