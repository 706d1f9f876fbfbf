// Configs generated from the schema table, to put nats-tls's verdicts next to real nats-server's: for an
// option, a valid value, a value of a wrong type, a misspelt key, a value out of range, and (for a release
// that predates it) the option itself. Each config places the option in a minimal context where its block
// is valid, so a verdict is about that option alone.
import { BLOCKS, blockSpec, optionIn, type BlockSpec, type OptionSpec } from '../../server/src/core/schema';
import { availableIn, parseVersion, type Version } from '../../server/src/core/tls/versions';

export type MutantKind =
  | 'valid'
  | 'wrong-type'
  | 'misspelt'
  | 'out-of-range'
  | 'newer'
  | 'other-shape'
  | 'bad-value'
  | 'upper-case'
  | 'unused-variable'
  | 'used-variable';

/** A value of the right type that nats-server may still refuse (a bad duration, size, enum, nkey …). */
function badValue(o: OptionSpec): string | undefined {
  if (o.check) return '"x1 y"';
  switch (o.kind) {
    case 'duration':
    case 'duration-string':
      return '"5 minutes"';
    case 'storage-size':
      return '"10GB"';
    case 'enum':
      return '"bogus"';
    case 'listen':
      return '"nohost"';
    case 'url':
    case 'url-or-list':
      return '"nats://a b:4222"';
    case 'url-list':
      return '[ "nats://a b:4222" ]';
    case 'subjects':
      return '"a..b"';
    case 'seconds':
      return '"2 seconds"';
    default:
      return undefined;
  }
}

export interface Mutant {
  kind: MutantKind;
  block: string;
  option: string;
  /** The config text. */
  text: string;
}

// ------------------------------------------------------------------ nkeys that pass nats-server's checks

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function crc16(data: number[]): number {
  let crc = 0;
  for (const b of data) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function base32(bytes: number[]): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function withCrc(body: number[]): string {
  const crc = crc16(body);
  return base32([...body, crc & 0xff, crc >> 8]);
}

const KEY_BYTES = Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
/** Public nkeys by type prefix byte: A (account) 0, O (operator) 112, U (user) 160, X (curve) 184. */
export const NKEY = {
  account: withCrc([0, ...KEY_BYTES]),
  operator: withCrc([112, ...KEY_BYTES]),
  user: withCrc([160, ...KEY_BYTES]),
  curve: withCrc([184, ...KEY_BYTES]),
  userSeed: withCrc([144 | (160 >> 5), (160 & 31) << 3, ...KEY_BYTES]),
};

// ------------------------------------------------------------------ where each block is valid

/** A config with `%` where the option's `key: value` line goes; the entries of the innermost block come first. */
interface Context {
  template: string;
  /** Keys the template already sets in the option's own block (a mutant replaces them rather than repeat them). */
  sets?: Record<string, string>;
  /** The first release that accepts the context itself. */
  since?: Record<string, string>;
}

const CONTEXTS: Record<string, Context> = {
  root: { template: '%' },
  cluster: { template: 'cluster {\n  %\n}', sets: { name: 'c1' } },
  'cluster.authorization': { template: 'cluster {\n  name: c1\n  authorization {\n    %\n  }\n}' },
  compression: { template: 'cluster {\n  name: c1\n  compression {\n    %\n  }\n}', since: { '2.10': '2.10.0' } },
  gateway: { template: 'gateway {\n  %\n}', sets: { name: 'g1' } },
  'gateway.authorization': { template: 'gateway {\n  name: g1\n  authorization {\n    %\n  }\n}' },
  'gateway.remote': {
    template: 'gateway {\n  name: g1\n  gateways: [\n    {\n      %\n    }\n  ]\n}',
    sets: { name: 'g2', url: '"nats://127.0.0.1:7223"' },
  },
  leafnodes: { template: 'leafnodes {\n  %\n}' },
  'leafnodes.authorization': { template: 'leafnodes {\n  authorization {\n    %\n  }\n}' },
  'leafnodes.user': {
    template: 'leafnodes {\n  authorization {\n    users: [\n      {\n        %\n      }\n    ]\n  }\n}',
    sets: { user: 'lu1', password: 'lp1' },
  },
  'leafnodes.remote': { template: 'leafnodes {\n  remotes: [\n    {\n      %\n    }\n  ]\n}', sets: { url: '"nats://127.0.0.1:7422"' } },
  'leafnodes.remote.proxy': {
    template: 'leafnodes {\n  remotes: [\n    {\n      url: "ws://127.0.0.1:7422"\n      proxy {\n        %\n      }\n    }\n  ]\n}',
    sets: { url: '"http://127.0.0.1:3128"', username: 'pu', password: 'pp' },
    since: { '2.12': '2.12.1', '2.14': '2.14.0' },
  },
  'leafnodes.remote.js_migrate': {
    template:
      'leafnodes {\n  remotes: [\n    {\n      url: "nats://127.0.0.1:7422"\n      jetstream_cluster_migrate {\n        %\n      }\n    }\n  ]\n}',
  },
  websocket: { template: 'websocket {\n  %\n}', sets: { port: '8080', no_tls: 'true' } },
  'simple-auth': { template: 'websocket {\n  port: 8080\n  no_tls: true\n  authorization {\n    %\n  }\n}' },
  mqtt: { template: 'jetstream: true\nmqtt {\n  %\n}', sets: { port: '1883' } },
  jetstream: { template: 'jetstream {\n  %\n}' },
  'jetstream.limits': { template: 'jetstream {\n  limits {\n    %\n  }\n}' },
  'jetstream.limits.batch': { template: 'jetstream {\n  limits {\n    batch {\n      %\n    }\n  }\n}', since: { '2.12': '2.12.0' } },
  'jetstream.tpm': { template: 'jetstream {\n  tpm {\n    %\n  }\n}', since: { '2.11': '2.11.0' } },
  account: { template: 'accounts {\n  A: {\n    %\n  }\n  B: {}\n}' },
  'account.jetstream': { template: 'accounts {\n  A: {\n    jetstream {\n      %\n    }\n  }\n}' },
  'account.limits': { template: 'accounts {\n  A: {\n    limits {\n      %\n    }\n  }\n}' },
  'account.msg_trace': {
    template: 'accounts {\n  A: {\n    msg_trace {\n      %\n    }\n  }\n}',
    sets: { dest: '"trace.a"' },
    since: { '2.11': '2.11.0' },
  },
  export: {
    template: 'accounts {\n  A: {\n    exports: [\n      {\n        %\n      }\n    ]\n  }\n  B: {}\n}',
    sets: { service: '"svc.*"' },
  },
  latency: {
    template:
      'accounts {\n  A: {\n    exports: [\n      {\n        service: "svc.a"\n        latency {\n          %\n        }\n      }\n    ]\n  }\n}',
    sets: { subject: '"lat.a"' },
  },
  import: {
    template:
      'accounts {\n  A: {\n    exports: [ { stream: "s.>" }, { service: "q.>" } ]\n  }\n  B: {\n    imports: [\n      {\n        %\n      }\n    ]\n  }\n}',
    sets: { stream: '{ account: A, subject: "s.>" }' },
  },
  'import.source': {
    template:
      'accounts {\n  A: {\n    exports: [ { stream: "s.>" } ]\n  }\n  B: {\n    imports: [\n      {\n        stream {\n          %\n        }\n      }\n    ]\n  }\n}',
    sets: { account: 'A', subject: '"s.>"' },
  },
  'mapping-dest': { template: 'mappings {\n  "a.b": [\n    {\n      %\n    }\n  ]\n}', sets: { destination: '"c.d"', weight: '100' } },
  authorization: { template: 'authorization {\n  %\n}' },
  user: { template: 'authorization {\n  users: [\n    {\n      %\n    }\n  ]\n}', sets: { user: 'u1', password: 'p1' } },
  permissions: { template: 'authorization {\n  users: [\n    {\n      user: u1\n      permissions {\n        %\n      }\n    }\n  ]\n}' },
  'subject-permission': {
    template:
      'authorization {\n  users: [\n    {\n      user: u1\n      permissions {\n        publish {\n          %\n        }\n      }\n    }\n  ]\n}',
  },
  'allow-responses': {
    template:
      'authorization {\n  users: [\n    {\n      user: u1\n      permissions {\n        allow_responses {\n          %\n        }\n      }\n    }\n  ]\n}',
  },
  auth_callout: {
    template: 'authorization {\n  users: [ { user: auth, password: pw } ]\n  auth_callout {\n    %\n  }\n}',
    sets: { issuer: `"${NKEY.account}"`, auth_users: '[ auth ]' },
    since: { '2.10': '2.10.0' },
  },
  resolver: { template: 'resolver {\n  %\n}', sets: { type: 'full', dir: '"./jwt"' } },
  proxies: { template: 'proxies {\n  %\n}', since: { '2.12': '2.12.0' } },
  'proxies.trusted': { template: 'proxies {\n  trusted: [\n    {\n      %\n    }\n  ]\n}', since: { '2.12': '2.12.0' } },
  ocsp: { template: 'ocsp {\n  %\n}' },
  ocsp_cache: { template: 'ocsp_cache {\n  %\n}', since: { '2.9': '2.9.21', '2.10': '2.10.0' } },
};

/** Valid values that depend on the option rather than its kind. */
const VALID: Record<string, string> = {
  'root.server_name': 'srv1',
  'root.lame_duck_duration': '"45s"',
  'root.operator': `"${'op.jwt'}"`,
  'root.resolver': 'MEMORY',
  'root.resolver_preload': '{}',
  'root.trusted': `[ "${NKEY.operator}" ]`,
  'root.accounts': '{ A: {} }',
  'root.mappings': '{ "a.b": "c.d" }',
  'root.system_account': '"$SYS"',
  'root.no_auth_user': 'u1',
  'root.http': '"127.0.0.1:8222"',
  'root.https': '"127.0.0.1:8223"',
  'root.listen': '"127.0.0.1:4223"',
  'root.proxies': '{}',
  'root.write_timeout': 'default',
  'cluster.name': 'c1',
  'cluster.routes': '[ "nats://127.0.0.1:6223" ]',
  'cluster.listen': '"127.0.0.1:6222"',
  'cluster.accounts': '[ "$G" ]',
  'cluster.compression': 'true',
  'gateway.name': 'g1',
  'gateway.listen': '"127.0.0.1:7222"',
  'gateway.gateways': '[]',
  'gateway.remote.name': 'g2',
  'leafnodes.listen': '"127.0.0.1:7422"',
  'leafnodes.min_version': '"2.10.0"',
  'leafnodes.compression': 'true',
  'leafnodes.authorization.nkey': `"${NKEY.user}"`,
  'leafnodes.authorization.users': '[]',
  'leafnodes.remote.nkey': `"${NKEY.userSeed}"`,
  'leafnodes.remote.credentials': '"creds/leaf.creds"',
  'leafnodes.remote.compression': 'true',
  'leafnodes.remote.proxy': '{}',
  'websocket.listen': '"127.0.0.1:8080"',
  'websocket.headers': '{ X-A: "b" }',
  'mqtt.listen': '"127.0.0.1:1883"',
  'jetstream.store_dir': '"./js"',
  'jetstream.cipher': 'aes',
  'jetstream.tpm': '{}',
  'jetstream.sync_interval': '"2m"',
  'account.nkey': `"${NKEY.account}"`,
  'account.users': '[]',
  'account.imports': '[]',
  'account.exports': '[]',
  'account.mappings': '{ "a.b": "c.d" }',
  'account.msg_trace': '"trace.a"',
  'account.jetstream.cluster_traffic': 'system',
  'account.msg_trace.sampling': '50',
  'export.accounts': '[ B ]',
  'export.latency': '"lat.a"',
  'export.response_type': 'singleton',
  'export.response_threshold': '"2s"',
  'latency.sampling': '50',
  'import.stream': '{ account: A, subject: "s.>" }',
  'import.service': '{ account: A, subject: "q.>" }',
  'import.to': '"t.>"',
  'import.source.account': 'A',
  'import.source.subject': '"s.>"',
  'export.account_token_position': '2',
  'leafnodes.remote.proxy.url': '"http://127.0.0.1:3128"',
  'mapping-dest.weight': '100',
  'user.nkey': `"${NKEY.user}"`,
  'user.allowed_connection_types': '[ "STANDARD" ]',
  'authorization.users': '[]',
  'authorization.auth_callout': `{ issuer: "${NKEY.account}", auth_users: [ u1 ] }`,
  'auth_callout.issuer': `"${NKEY.account}"`,
  'auth_callout.xkey': `"${NKEY.curve}"`,
  'auth_callout.auth_users': '[ auth ]',
  'auth_callout.allowed_accounts': '[]',
  'auth_callout.account': '"$G"',
  'resolver.type': 'full',
  'resolver.dir': '"./jwt"',
  'proxies.trusted': '[]',
  'proxies.trusted.key': `"${NKEY.user}"`,
  'ocsp.mode': 'auto',
  'ocsp_cache.type': 'local',
  'compression.rtt_thresholds': '[ "10ms" ]',
  'compression.mode': 's2_fast',
};

const SHAPE_VALUE: Record<string, string> = {
  string: '"x1"',
  bool: 'true',
  int: '10',
  float: '1.5',
  map: '{}',
  array: '[]',
};

function validValue(block: BlockSpec, o: OptionSpec): string | undefined {
  const special = VALID[`${block.id}.${o.name}`];
  if (special) return special;
  switch (o.kind) {
    case 'string':
      return '"x1"';
    case 'bool':
      return 'true';
    case 'int':
      return o.min !== undefined && o.min > 10 ? String(o.min) : '10';
    case 'size':
      return '1MB';
    case 'storage-size':
      return '1GB';
    case 'duration':
      return o.values?.length ? `"${o.values[0]}"` : '"2s"';
    case 'duration-string':
      return '"45s"';
    case 'seconds':
      return '2';
    case 'listen':
      return '"127.0.0.1:6543"';
    case 'url':
      return '"nats://127.0.0.1:7223"';
    case 'url-list':
      return '[ "nats://127.0.0.1:7224" ]';
    case 'url-or-list':
      return '"nats://127.0.0.1:7422"';
    case 'string-or-list':
    case 'string-list':
      return '[ "a1" ]';
    case 'subjects':
      return '"foo.>"';
    case 'map':
      return '{}';
    case 'map-list':
      return '[]';
    case 'dynamic-map':
      return o.entry?.kind === 'bool' ? '{ f1: true }' : '{ k1: "v1" }';
    case 'enum':
      return o.values?.[0];
    case 'union': {
      if (o.values?.length && o.accepts?.includes('string')) return `"${o.values[0]}"`;
      const shape = o.accepts?.includes('bool') ? 'bool' : o.accepts?.[0];
      return shape ? SHAPE_VALUE[shape] : undefined;
    }
  }
}

function wrongValue(o: OptionSpec): string {
  switch (o.kind) {
    case 'string':
    case 'url':
    case 'enum':
    case 'map':
    case 'map-list':
    case 'dynamic-map':
    case 'url-or-list':
    case 'string-or-list':
    case 'subjects':
      return '12345';
    case 'bool':
      return '"maybe"';
    case 'int':
    case 'size':
    case 'storage-size':
      return '"abc"';
    case 'duration':
    case 'duration-string':
    case 'seconds':
    case 'listen':
      return 'true';
    case 'url-list':
    case 'string-list':
      return '"abc"';
    case 'union': {
      const accepts = o.accepts ?? [];
      if (!accepts.includes('int')) return '12345';
      if (!accepts.includes('bool')) return 'true';
      return '1.5';
    }
  }
}

function outOfRange(o: OptionSpec): string | undefined {
  if (o.kind === 'int' || o.kind === 'size') {
    if (o.max !== undefined) return String(o.max + 1);
    if (o.min !== undefined) return String(o.min - 1);
  }
  if (o.kind === 'duration-string' && o.min !== undefined) return `"${Math.max(0, o.min - 20)}s"`;
  return undefined;
}

/** A misspelling of `name` that the block does not know: a dropped or doubled letter. */
function misspell(block: BlockSpec, name: string, seed: number): string {
  const candidates: string[] = [];
  for (let i = 1; i < name.length; i++) {
    candidates.push(name.slice(0, i) + name.slice(i + 1));
    candidates.push(name.slice(0, i) + name[i] + name.slice(i));
  }
  const ok = candidates.filter((c) => c !== name && !optionIn(block, c) && !/^[A-Z0-9_]+$/.test(c));
  return ok[seed % ok.length] ?? `${name}x`;
}

function place(ctx: Context, key: string, value: string): string {
  const line = key ? `${key}: ${value}` : '';
  // The context's own keys, unless the mutant sets the same option (then the mutant's value replaces it).
  const sets = Object.entries(ctx.sets ?? {})
    .filter(([k]) => k !== key)
    .map(([k, v]) => `${k}: ${v}`);
  const indent = /^( *)%/m.exec(ctx.template)?.[1] ?? '';
  const body = [...sets, line].filter(Boolean).join(`\n${indent}`);
  const text = ctx.template.replace('%', body);
  return text.endsWith('\n') ? text : `${text}\n`;
}

export interface Target {
  block: BlockSpec;
  option: OptionSpec;
}

/** Every option of every block that has a context (tls blocks have their own tests). */
export function targets(): Target[] {
  const out: Target[] = [];
  for (const block of BLOCKS) {
    if (block.delegated || !CONTEXTS[block.id]) continue;
    for (const option of block.options) out.push({ block, option });
  }
  return out;
}

const SHAPES: Record<string, string> = { string: '"s1"', bool: 'false', int: '7', float: '2.5', map: '{ k1: 1 }', array: '[ 1, 2 ]' };

/** The mutants of one option for one release (the valid value and the misspelling use the option's context). */
export function mutants(t: Target, release: string, seed: number, extended = false): Mutant[] {
  const v: Version = parseVersion(release)!;
  const ctx = CONTEXTS[t.block.id]!;
  if (ctx.since && !availableIn(ctx.since, v)) return [];
  const out: Mutant[] = [];
  const add = (kind: MutantKind, key: string, value: string | undefined): void => {
    if (value !== undefined) out.push({ kind, block: t.block.id, option: t.option.name, text: place(ctx, key, value) });
  };
  const valid = validValue(t.block, t.option);
  if (t.option.since && !availableIn(t.option.since, v)) {
    add('newer', t.option.name, valid);
    return out;
  }
  add('valid', t.option.name, valid);
  add('wrong-type', t.option.name, wrongValue(t.option));
  add('misspelt', misspell(t.block, t.option.name, seed), valid ?? '"x1"');
  add('out-of-range', t.option.name, outOfRange(t.option));
  if (extended) {
    // Every other shape a value can have, upper-cased keys, and variables defined in the block.
    for (const v of Object.values(SHAPES)) if (v !== valid) add('other-shape', t.option.name, v);
    add('bad-value', t.option.name, badValue(t.option));
    if (t.option.name !== t.option.name.toUpperCase()) add('upper-case', t.option.name.toUpperCase(), valid);
    add('unused-variable', 'UNUSED_VAR', '1');
    if (valid !== undefined) {
      const at = ctx.template.indexOf('%');
      const indent = /( *)%/.exec(ctx.template)?.[1] ?? '';
      out.push({
        kind: 'used-variable',
        block: t.block.id,
        option: t.option.name,
        text: place(
          { ...ctx, template: `${ctx.template.slice(0, at)}VAL_VAR: ${valid}\n${indent}${ctx.template.slice(at)}` },
          t.option.name,
          '$VAL_VAR',
        ),
      });
    }
  }
  return out;
}

/** A config that puts `key: value` in the block `id` (undefined when there is no context for it). */
export function placeIn(id: string, key: string, value: string, withDefaults = true): string | undefined {
  const ctx = CONTEXTS[id];
  if (!ctx) return undefined;
  return place(withDefaults ? ctx : { template: ctx.template }, key, value);
}

/** A valid value of an option, as the mutants use it. */
export function validValueOf(blockId: string, option: OptionSpec): string | undefined {
  const block = blockSpec(blockId);
  return block ? validValue(block, option) : undefined;
}
