// Top-level security options: accounts, authorization, decentralized auth (operator, resolver, trusted keys),
// the system account and OCSP stapling (server/opts.go processConfigFileLine, configureSystemAccount).
import type { OptionSpec } from './types';

export const SECURITY_OPTIONS: OptionSpec[] = [
  {
    name: 'accounts',
    kind: 'union',
    accepts: ['map', 'array'],
    block: 'accounts',
    doc: 'Accounts (isolated subject spaces), each with its users, imports, exports, limits and JetStream.',
  },
  {
    name: 'authorization',
    kind: 'map',
    block: 'authorization',
    doc: 'Client authentication: one user/password, a token, a users list, or an auth callout.',
  },
  { name: 'no_auth_user', kind: 'string', doc: 'User that clients connecting without credentials are logged in as.' },
  {
    name: 'system_account',
    aliases: ['system'],
    kind: 'string',
    typeMessage: 'system account name must be a string',
    default: '"$SYS"',
    exactCase: true,
    doc: 'Account for server events and monitoring requests. nats-server reads this key only in lower case.',
  },
  {
    name: 'no_system_account',
    aliases: ['no_system', 'no_sys_acc'],
    kind: 'bool',
    default: 'false',
    doc: 'Run without a system account (no server events, no service latency tracking).',
  },
  {
    name: 'operator',
    aliases: ['operators', 'roots', 'root', 'root_operators', 'root_operator'],
    kind: 'union',
    accepts: ['string', 'array'],
    typeMessage: 'error parsing operators: unsupported type %T',
    doc: 'Operator JWT file(s), or an inline JWT, for decentralized (JWT) authentication. Paths are relative to the working directory.',
  },
  {
    name: 'resolver',
    aliases: ['account_resolver', 'accounts_resolver'],
    kind: 'union',
    accepts: ['string', 'map'],
    block: 'resolver',
    check: 'resolver',
    typeMessage: 'error parsing operator resolver, wrong type %T',
    doc: 'Where account JWTs come from: MEMORY, URL("https://…"), or a block { type: full|cache, dir: … }.',
  },
  { name: 'resolver_tls', kind: 'map', block: 'tls', doc: 'TLS for the URL account resolver (HTTPS client).' },
  {
    name: 'resolver_preload',
    kind: 'dynamic-map',
    entry: {
      name: '<account public key>',
      kind: 'string',
      typeMessage: 'preload map value should be a string JWT',
      doc: 'The account JWT.',
    },
    check: 'account-jwts',
    typeMessage: 'preload should be a map of account_public_key:account_jwt',
    doc: 'Account JWTs known at start-up: account public key → JWT.',
  },
  {
    name: 'resolver_pinned_accounts',
    kind: 'string-or-list',
    typeMessage: 'error parsing resolver_pinned_accounts: unsupported type %T',
    doc: 'Account public keys allowed to connect; others are refused even with valid JWTs.',
  },
  {
    name: 'trusted',
    aliases: ['trusted_keys'],
    kind: 'string-or-list',
    check: 'operator-nkeys',
    typeMessage: 'error parsing trusted: unsupported type %T',
    doc: 'Operator public keys (starting with O) trusted to sign account JWTs, instead of operator JWT files.',
  },
  {
    name: 'default_sentinel',
    kind: 'string',
    since: { '2.11': '2.11.2', '2.12': '2.12.0' },
    doc: 'A bearer user JWT used for clients that connect without credentials in operator mode.',
  },
  {
    name: 'ocsp',
    kind: 'union',
    accepts: ['bool', 'map'],
    block: 'ocsp',
    typeMessage: 'error parsing ocsp config: unsupported type %T',
    default: 'auto (staple when the certificate asks for it)',
    doc: "OCSP stapling for this server's own certificates: false, true, or { mode: always|must|never|auto, url: … }.",
  },
  {
    name: 'ocsp_cache',
    kind: 'union',
    accepts: ['bool', 'map'],
    block: 'ocsp_cache',
    typeMessage: 'error parsing tags: unsupported type %T',
    since: { '2.9': '2.9.21', '2.10': '2.10.0' },
    doc: 'Cache of OCSP responses for ocsp_peer checks: true, false, or { type: local|none, local_store, … }.',
  },
];

/** The ocsp { } block: keys compared case-sensitively, unknown keys rejected. */
export const OCSP_OPTIONS: OptionSpec[] = [
  {
    name: 'mode',
    kind: 'enum',
    values: ['always', 'must', 'never', 'auto'],
    default: '"auto"',
    doc: 'always: staple and shut down when revoked; must: like always when the certificate has Must-Staple; never; auto: staple when asked.',
  },
  { name: 'url', kind: 'string', doc: 'OCSP responder URL to use instead of the one in the certificate.' },
  {
    name: 'urls',
    kind: 'string-list',
    check: 'go-string-slice',
    doc: 'OCSP responder URLs to use instead of the one in the certificate.',
  },
];

export const OCSP_CACHE_OPTIONS: OptionSpec[] = [
  {
    name: 'type',
    kind: 'enum',
    values: ['local', 'none'],
    default: '"local"',
    doc: 'local: keep responses (and save them); none: no cache.',
  },
  { name: 'local_store', kind: 'string', default: '"_rc_"', doc: 'Folder where the local cache is saved.' },
  { name: 'preserve_revoked', kind: 'bool', default: 'false', doc: 'Keep revoked responses in the cache.' },
  { name: 'save_interval', kind: 'seconds', default: '"5m"', doc: 'How often the cache is saved (at least 1s).' },
];
