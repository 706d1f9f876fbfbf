// The schema table: every block nats-server parses and every option it reads there. Checks, hovers,
// completion and the outline read this one table.
//
// Sources: nats-io/nats-server's own parsers (server/opts.go processConfigFileLine and every parse*
// function it calls; server/ocsp_responsecache.go parseOCSPResponseCache; server/jwt.go readOperatorJWT;
// server/leafnode.go checkLeafMinVersionConfig; server/client.go convertAllowedConnectionTypes;
// server/errors.go for the message formats; conf/parse.go for variables), read at the tags
//   v2.9.10, v2.9.11 … v2.9.25, v2.10.0 … v2.10.29, v2.11.0 … v2.11.17, v2.12.0 … v2.12.15,
//   v2.14.0 … v2.14.5, and main at 1787eee035cf (VERSION 2.15.0-dev, 2026-08-21),
// every release tag from 2.9.10 on: each option's `since` is the first tag of each release line whose switch
// has the `case`. The repository has no v2.15.x tag yet; main stands for 2.15, and every rule here is
// checked against the 2.15.1 binary (and 2.9.10, 2.10.27) by test/integration/schema-oracles.test.ts.
import { ACCOUNT_JETSTREAM_OPTIONS, ACCOUNT_LIMITS_OPTIONS, ACCOUNT_OPTIONS, EXPORT_OPTIONS, IMPORT_OPTIONS } from './accounts';
import { IMPORT_SOURCE_OPTIONS, LATENCY_OPTIONS, MAPPING_DEST_OPTIONS, MSG_TRACE_OPTIONS } from './accounts';
import { ALLOW_RESPONSES_OPTIONS, AUTH_CALLOUT_OPTIONS, AUTHORIZATION_OPTIONS } from './authorization';
import { PERMISSION_OPTIONS, SUBJECT_PERMISSION_OPTIONS, USER_OPTIONS } from './authorization';
import { CLUSTER_OPTIONS, COMPRESSION_OPTIONS } from './cluster';
import { GATEWAY_OPTIONS, GATEWAY_REMOTE_OPTIONS } from './gateway';
import { JETSTREAM_BATCH_OPTIONS, JETSTREAM_LIMITS_OPTIONS, JETSTREAM_OPTIONS, JETSTREAM_TPM_OPTIONS } from './jetstream';
import {
  JS_MIGRATE_OPTIONS,
  LEAF_AUTH_OPTIONS,
  LEAF_PROXY_OPTIONS,
  LEAF_REMOTE_OPTIONS,
  LEAF_USER_OPTIONS,
  LEAFNODE_OPTIONS,
} from './leafnodes';
import { LIMIT_OPTIONS } from './limits';
import { LOGGING_OPTIONS } from './logging';
import { MONITORING_OPTIONS } from './monitoring';
import { PROXIES_OPTIONS, PROXY_TRUSTED_OPTIONS, RESOLVER_OPTIONS } from './resolver';
import { OCSP_CACHE_OPTIONS, OCSP_OPTIONS, SECURITY_OPTIONS } from './security';
import { SERVER_OPTIONS } from './server';
import { OCSP_PEER_OPTIONS, TLS_CERT_PAIR_OPTIONS, TLS_OPTIONS } from './tls';
import { MQTT_OPTIONS, SIMPLE_AUTH_OPTIONS, WEBSOCKET_OPTIONS } from './websocket';
import { availableIn, type Version } from '../tls/versions';
import type { BlockSpec, OptionSpec } from './types';

export type { BlockSpec, OptionSpec, Shape, UnknownPolicy, ValueKind } from './types';

/** Options gateway authorization accepts: parseAuthorization's keys (users, token and callouts are then refused). */
const PEER_AUTH = AUTHORIZATION_OPTIONS;
/** Cluster authorization: the same, and nats-server warns about permissions there (-t fails). */
const CLUSTER_AUTH = AUTHORIZATION_OPTIONS.map((o) =>
  o.name === 'default_permissions'
    ? {
        ...o,
        deprecated: {
          since: { '2.9': '2.9.0' },
          note: 'setting "permissions" within cluster authorization block is deprecated; use cluster { permissions } instead',
          warns: true,
        },
      }
    : o,
);

const B = (
  id: string,
  path: string,
  parser: string,
  options: OptionSpec[],
  extra: Partial<Omit<BlockSpec, 'id' | 'path' | 'parser' | 'options'>> = {},
): BlockSpec => ({ id, path, parser, options, unknown: 'error-unless-used', ...extra });

export const BLOCKS: readonly BlockSpec[] = [
  B('root', '', 'processConfigFileLine', [
    ...SERVER_OPTIONS,
    ...LOGGING_OPTIONS,
    ...LIMIT_OPTIONS,
    ...MONITORING_OPTIONS,
    ...SECURITY_OPTIONS,
  ]),
  B('cluster', 'cluster', 'parseCluster', CLUSTER_OPTIONS),
  B('cluster.authorization', 'cluster.authorization', 'parseAuthorization', CLUSTER_AUTH),
  B('compression', 'compression', 'parseCompression', COMPRESSION_OPTIONS),
  B('gateway', 'gateway', 'parseGateway', GATEWAY_OPTIONS),
  B('gateway.authorization', 'gateway.authorization', 'parseAuthorization', PEER_AUTH),
  B('gateway.remote', 'gateway.gateways[]', 'parseGateways', GATEWAY_REMOTE_OPTIONS),
  B('leafnodes', 'leafnodes', 'parseLeafNodes', LEAFNODE_OPTIONS),
  B('leafnodes.authorization', 'leafnodes.authorization', 'parseLeafAuthorization', LEAF_AUTH_OPTIONS),
  B('leafnodes.user', 'leafnodes.authorization.users[]', 'parseLeafUsers', LEAF_USER_OPTIONS),
  B('leafnodes.remote', 'leafnodes.remotes[]', 'parseRemoteLeafNodes', LEAF_REMOTE_OPTIONS),
  B('leafnodes.remote.proxy', 'leafnodes.remotes[].proxy', 'parseRemoteLeafNodes', LEAF_PROXY_OPTIONS),
  B('leafnodes.remote.js_migrate', 'leafnodes.remotes[].jetstream_cluster_migrate', 'parseRemoteLeafNodes', JS_MIGRATE_OPTIONS, {
    unknown: 'ignored',
    caseSensitive: true,
  }),
  B('websocket', 'websocket', 'parseWebsocket', WEBSOCKET_OPTIONS),
  B('simple-auth', 'websocket.authorization', 'parseSimpleAuth', SIMPLE_AUTH_OPTIONS),
  B('mqtt', 'mqtt', 'parseMQTT', MQTT_OPTIONS),
  B('jetstream', 'jetstream', 'parseJetStream', JETSTREAM_OPTIONS),
  B('jetstream.limits', 'jetstream.limits', 'parseJetStreamLimits', JETSTREAM_LIMITS_OPTIONS),
  B('jetstream.limits.batch', 'jetstream.limits.batch', 'parseJetStreamLimitsBatch', JETSTREAM_BATCH_OPTIONS),
  B('jetstream.tpm', 'jetstream.tpm', 'parseJetStreamTPM', JETSTREAM_TPM_OPTIONS),
  B('accounts', 'accounts', 'parseAccounts', []),
  B('account', 'accounts.<name>', 'parseAccounts', ACCOUNT_OPTIONS),
  B('account.jetstream', 'accounts.<name>.jetstream', 'parseJetStreamForAccount', ACCOUNT_JETSTREAM_OPTIONS),
  B('account.limits', 'accounts.<name>.limits', 'parseAccountLimits', ACCOUNT_LIMITS_OPTIONS, {
    unknownMessage: 'Unknown field "%s" parsing account limits',
  }),
  B('account.msg_trace', 'accounts.<name>.msg_trace', 'parseAccountMsgTrace', MSG_TRACE_OPTIONS, {
    unknownMessage: 'Unknown field "%s" parsing account message trace map/struct "msg_trace"',
  }),
  B('export', 'accounts.<name>.exports[]', 'parseExportStreamOrService', EXPORT_OPTIONS),
  B('latency', 'accounts.<name>.exports[].latency', 'parseServiceLatency', LATENCY_OPTIONS, { unknown: 'ignored', caseSensitive: true }),
  B('import', 'accounts.<name>.imports[]', 'parseImportStreamOrService', IMPORT_OPTIONS),
  B('import.source', 'accounts.<name>.imports[].stream', 'parseAccount', IMPORT_SOURCE_OPTIONS),
  B('mapping-dest', 'mappings.<subject>', 'parseAccountMapDest', MAPPING_DEST_OPTIONS, {
    unknown: 'error',
    unknownMessage: 'Unknown field "%s" for mapping destination',
  }),
  B('authorization', 'authorization', 'parseAuthorization', AUTHORIZATION_OPTIONS),
  B('user', 'authorization.users[]', 'parseUsers', USER_OPTIONS),
  B('permissions', 'permissions', 'parseUserPermissions', PERMISSION_OPTIONS, { unknownMessage: 'Unknown field "%s" parsing permissions' }),
  B('subject-permission', 'permissions.publish', 'parseSubjectPermission', SUBJECT_PERMISSION_OPTIONS, {
    unknownMessage: `Unknown field name "%s" parsing subject permissions, only 'allow' or 'deny' are permitted`,
  }),
  B('allow-responses', 'permissions.allow_responses', 'parseAllowResponses', ALLOW_RESPONSES_OPTIONS, {
    unknownMessage: 'Unknown field "%s" parsing permissions',
  }),
  B('auth_callout', 'authorization.auth_callout', 'parseAuthCallout', AUTH_CALLOUT_OPTIONS, {
    unknownMessage: 'Unknown field "%s" parsing authorization callout',
  }),
  B('resolver', 'resolver', 'processConfigFileLine', RESOLVER_OPTIONS, { unknown: 'ignored', caseSensitive: true }),
  B('proxies', 'proxies', 'parseProxies', PROXIES_OPTIONS),
  B('proxies.trusted', 'proxies.trusted[]', 'parseProxiesTrusted', PROXY_TRUSTED_OPTIONS),
  B('ocsp', 'ocsp', 'processConfigFileLine', OCSP_OPTIONS, {
    unknown: 'error',
    caseSensitive: true,
    unknownMessage: 'error parsing ocsp config: unsupported field string',
  }),
  B('ocsp_cache', 'ocsp_cache', 'parseOCSPResponseCache', OCSP_CACHE_OPTIONS, {
    unknown: 'error',
    unknownMessage: 'error parsing OCSP peer cache config, unknown field ["%s"]',
  }),
  B('tls', 'tls', 'parseTLS', TLS_OPTIONS, { unknown: 'error', delegated: true }),
  B('tls.certs', 'tls.certs[]', 'parseTLS', TLS_CERT_PAIR_OPTIONS, { unknown: 'error', delegated: true, caseSensitive: true }),
  B('tls.ocsp_peer', 'tls.ocsp_peer', 'parseOCSPPeer', OCSP_PEER_OPTIONS, { unknown: 'error', delegated: true }),
];

const BY_ID = new Map(BLOCKS.map((b) => [b.id, b]));

export function blockSpec(id: string): BlockSpec | undefined {
  return BY_ID.get(id);
}

const LOOKUP = new Map<BlockSpec, Map<string, OptionSpec>>();
for (const b of BLOCKS) {
  const m = new Map<string, OptionSpec>();
  for (const o of b.options) for (const n of [o.name, ...(o.aliases ?? [])]) m.set(n, o);
  LOOKUP.set(b, m);
}

/**
 * The key (or enum value) lower-cased. toLowerCase makes a new string even when nothing changes, and the walk
 * asks for every key of a config: a key without upper-case (or non-ASCII) letters, nearly every key, is its own
 * lower case.
 */
export function lowerKey(key: string): string {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c >= 128) return key.toLowerCase();
  }
  return key;
}

const WITH_SINCE = new Set(BLOCKS.filter((b) => b.options.some((o) => o.since)));
const WITH_DEPRECATED = new Set(BLOCKS.filter((b) => b.options.some((o) => o.deprecated)));

/** Whether some option of the block arrived in a later release (most blocks of a large config have none). */
export function hasVersionedOptions(block: BlockSpec): boolean {
  return WITH_SINCE.has(block);
}

/** Whether some option of the block is deprecated. */
export function hasDeprecatedOptions(block: BlockSpec): boolean {
  return WITH_DEPRECATED.has(block);
}

/** The option a key names in a block, as nats-server matches it (lower-cased, except in case-sensitive blocks). */
export function optionIn(block: BlockSpec, key: string): OptionSpec | undefined {
  return lookUp(LOOKUP.get(block)!, block, key);
}

/** optionIn for each of a block's entries, in one go (the walk asks for every entry of a config). */
export function optionsFor(block: BlockSpec, entries: readonly { key: string }[]): (OptionSpec | undefined)[] {
  const m = LOOKUP.get(block)!;
  // A block of names (accounts): no key is an option, and looking up 75,000 account names cut a lower-case copy of each.
  if (m.size === 0) return new Array<OptionSpec | undefined>(entries.length).fill(undefined);
  const out = new Array<OptionSpec | undefined>(entries.length);
  for (let i = 0; i < entries.length; i++) out[i] = lookUp(m, block, entries[i]!.key);
  return out;
}

/**
 * Blocks whose names (and aliases) are all their own lower case, as nearly all are: there a key found as
 * written is its own lower case too, so the key need not be scanned for capitals first.
 */
const LOWER_NAMES = new Set(BLOCKS.filter((b) => [...LOOKUP.get(b)!.keys()].every((n) => lowerKey(n) === n)));

function lookUp(m: Map<string, OptionSpec>, block: BlockSpec, key: string): OptionSpec | undefined {
  if (block.caseSensitive) return m.get(key);
  let o = LOWER_NAMES.has(block) ? m.get(key) : undefined;
  if (o === undefined) o = m.get(lowerKey(key));
  return o?.exactCase && o.name !== key && !o.aliases?.includes(key) ? undefined : o;
}

/** An option found under a case nats-server does not read (e.g. `System_Account`), for a precise message. */
export function optionIgnoringCase(block: BlockSpec, key: string): OptionSpec | undefined {
  return LOOKUP.get(block)!.get(lowerKey(key));
}

/** The option as the target release reads its value (older releases may read it differently). */
export function optionFor(option: OptionSpec, version: Version): OptionSpec {
  // Asked for every entry of a config: most options have no older readings (no array, no iterator).
  const older = option.older;
  if (older === undefined) return option;
  for (let i = 0; i < older.length; i++) if (!availableIn(older[i]!.before, version)) return { ...option, ...older[i]!.read };
  return option;
}

/** Every name (with aliases) a block accepts. */
export function namesIn(block: BlockSpec): string[] {
  return [...LOOKUP.get(block)!.keys()];
}

/** How many blocks and options the table holds (aliases not counted). */
export function schemaSize(): { blocks: number; options: number; names: number } {
  let options = 0;
  let names = 0;
  for (const b of BLOCKS) {
    options += b.options.length;
    names += LOOKUP.get(b)!.size;
  }
  return { blocks: BLOCKS.length, options, names };
}
