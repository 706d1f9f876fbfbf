// authorization { } (parseAuthorization), users [ ] (parseUsers), permissions (parseUserPermissions,
// parseSubjectPermission, parseAllowResponses) and auth_callout { } (parseAuthCallout).
import type { OptionSpec } from './types';

const SINCE_2_12 = { '2.12': '2.12.0' };
/** The releases that warn about an authorization timeout over 60 seconds (so -t fails), and read strings. */
export const HIGH_TIMEOUT_WARNS = { '2.11': '2.11.2', '2.12': '2.12.0' };
/** Before those, a timeout was a number of seconds and anything else was silently ignored. */
export const OLD_TIMEOUT = [
  {
    before: HIGH_TIMEOUT_WARNS,
    read: { kind: 'union' as const, accepts: ['int' as const, 'float' as const], looseValue: true },
  },
];

export const AUTHORIZATION_OPTIONS: OptionSpec[] = [
  { name: 'user', aliases: ['username'], kind: 'string', doc: 'The single user clients log in as. Not together with users or token.' },
  { name: 'password', aliases: ['pass'], kind: 'string', doc: 'Its password (plain text or a bcrypt hash from `nats server passwd`).' },
  { name: 'token', kind: 'string', doc: 'A token clients present instead of a user and password. Not together with user or users.' },
  {
    name: 'timeout',
    kind: 'seconds',
    default: '2 (seconds)',
    warnAbove: { above: 60, since: HIGH_TIMEOUT_WARNS },
    older: OLD_TIMEOUT,
    doc: 'Seconds (or a duration string) a client has to authenticate after connecting.',
  },
  {
    name: 'users',
    kind: 'map-list',
    block: 'user',
    typeMessage: 'Expected users field to be an array, got %v',
    doc: 'Several users, each { user, password } or { nkey }, with optional permissions.',
  },
  {
    name: 'default_permissions',
    aliases: ['default_permission', 'permissions'],
    kind: 'map',
    block: 'permissions',
    typeMessage: 'Expected permissions to be a map/struct, got %v',
    doc: 'Permissions of users that have none of their own.',
  },
  {
    name: 'auth_callout',
    aliases: ['auth_hook'],
    kind: 'map',
    block: 'auth_callout',
    typeMessage: 'Expected authorization callout to be a map/struct, got %v',
    since: { '2.10': '2.10.0' },
    doc: 'Delegate authentication to a service: { issuer, auth_users, account, xkey }.',
  },
  { name: 'proxy_required', kind: 'bool', since: SINCE_2_12, default: 'false', doc: 'Accept clients only through a trusted proxy.' },
];

export const CONNECTION_TYPES = ['STANDARD', 'WEBSOCKET', 'LEAFNODE', 'LEAFNODE_WS', 'MQTT', 'MQTT_WS', 'IN_PROCESS'];

export const USER_OPTIONS: OptionSpec[] = [
  { name: 'user', aliases: ['username'], kind: 'string', doc: 'User name (unique across all accounts).' },
  { name: 'password', aliases: ['pass'], kind: 'string', doc: 'Password (plain text or a bcrypt hash).' },
  { name: 'nkey', kind: 'string', check: 'user-nkey', doc: 'Public user nkey (starting with U) instead of a user and password.' },
  {
    name: 'permissions',
    aliases: ['permission', 'authorization'],
    kind: 'map',
    block: 'permissions',
    typeMessage: 'Expected permissions to be a map/struct, got %v',
    doc: 'What this user may publish and subscribe to.',
  },
  {
    name: 'allowed_connection_types',
    aliases: ['connection_types', 'clients'],
    kind: 'string-or-list',
    values: CONNECTION_TYPES,
    check: 'connection-types',
    typeMessage: 'error parsing allowed connection types: unsupported type %T',
    doc: 'Connection types this user may use: STANDARD, WEBSOCKET, LEAFNODE, LEAFNODE_WS, MQTT, MQTT_WS, IN_PROCESS.',
  },
  { name: 'proxy_required', kind: 'bool', since: SINCE_2_12, default: 'false', doc: 'Accept this user only through a trusted proxy.' },
];

export const PERMISSION_OPTIONS: OptionSpec[] = [
  {
    name: 'publish',
    aliases: ['pub', 'import'],
    kind: 'subjects',
    doc: 'Subjects this user may publish to: a subject, a list, or { allow, deny }.',
  },
  {
    name: 'subscribe',
    aliases: ['sub', 'export'],
    kind: 'subjects',
    doc: 'Subjects this user may subscribe to (queue groups as "subject queue"): a subject, a list, or { allow, deny }.',
  },
  {
    name: 'allow_responses',
    aliases: ['publish_allow_responses'],
    kind: 'union',
    accepts: ['bool', 'map'],
    block: 'allow-responses',
    typeMessage: 'error parsing response permissions, expected a boolean or a map',
    default: 'false',
    doc: 'Let this user reply to requests it received: true, or { max, expires }.',
  },
];

export const SUBJECT_PERMISSION_OPTIONS: OptionSpec[] = [
  { name: 'allow', kind: 'subjects', doc: 'Subjects allowed (a subject or a list).' },
  { name: 'deny', kind: 'subjects', doc: 'Subjects denied, even when allowed (a subject or a list).' },
];

export const ALLOW_RESPONSES_OPTIONS: OptionSpec[] = [
  {
    name: 'max',
    aliases: ['max_msgs', 'max_messages', 'max_responses'],
    kind: 'int',
    default: '1',
    doc: 'Responses allowed per request.',
  },
  {
    name: 'expires',
    aliases: ['expiration', 'ttl'],
    kind: 'duration-string',
    typeMessage: 'error parsing expires, not a duration string',
    default: '"0s" (no limit)',
    doc: 'How long the permission lasts.',
  },
];

export const AUTH_CALLOUT_OPTIONS: OptionSpec[] = [
  {
    name: 'issuer',
    kind: 'string',
    check: 'account-nkey',
    doc: 'Public account nkey (starting with A) that signs the callout responses. Required.',
  },
  { name: 'account', aliases: ['acc'], kind: 'string', default: '"$G"', doc: 'Account the callout service runs in.' },
  {
    name: 'auth_users',
    aliases: ['users'],
    kind: 'string-list',
    typeMessage: 'Expected auth_users field to be an array, got %T',
    doc: 'Users that bypass the callout (the callout service itself). Required.',
  },
  {
    name: 'xkey',
    aliases: ['key'],
    kind: 'string',
    check: 'curve-nkey',
    doc: 'Public curve key (starting with X) to encrypt callout requests.',
  },
  {
    name: 'allowed_accounts',
    kind: 'string-list',
    typeMessage: 'Expected allowed accounts field to be an array, got %T',
    since: { '2.11': '2.11.0' },
    doc: 'Accounts the callout may place users in (each must be a configured account).',
  },
];
