// The checks outside tls blocks, driven by the schema table: one group per check, each case a config with
// ⟦ranges⟧ where the findings must be, their codes, severities and nats-server's words. Every rule here was
// confirmed against real nats-server -t (test/integration/schema-oracles.test.ts re-checks a sample).
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NKEY } from '../helpers/schema-mutants';
import { expectFindings, runTls, type Expect } from '../helpers/tls';

const CODES = [
  'unknown-field',
  'invalid-value',
  'field-not-in-version',
  'deprecated-field',
  'conflicting-fields',
  'unknown-account',
  'import-not-exported',
  'duplicate-user',
  'file-not-found',
];

interface Case {
  name: string;
  conf: string;
  expect: (Expect | string)[];
  version?: string;
  /** Other files of the fixture (written as they are). */
  files?: Record<string, string>;
}

function run(cases: Case[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const r = runTls({
        configs: { '/nats.conf': c.conf, ...c.files },
        settings: c.version ? { serverVersion: c.version } : {},
      });
      const got = expectFindings(r, '/nats.conf', CODES, c.expect);
      for (const f of got) assert.ok(f.stage, `${f.code} has a stage`);
    });
  }
}

describe('unknown-field (outside tls)', () => {
  run([
    {
      name: 'a misspelt top-level option names the closest one, with data for the quick fix',
      conf: '⟦server_nme⟧: "x"\n',
      expect: [{ code: 'unknown-field', severity: 'error', says: 'unknown field "server_nme"". Did you mean server_name?' }],
    },
    {
      name: 'a misspelt option inside cluster',
      conf: 'cluster {\n  ⟦rotues⟧: ["nats://a:6222"]\n}\n',
      expect: [{ code: 'unknown-field', says: 'Did you mean routes?' }],
    },
    {
      name: 'a misspelt key of a user, in a list of blocks',
      conf: 'authorization {\n  users: [ { user: a, ⟦pasword⟧: b } ]\n}\n',
      expect: [{ code: 'unknown-field', says: 'Did you mean password?' }],
    },
    {
      name: 'a streaming block belongs to the retired NATS Streaming server',
      conf: 'port: 4222\n⟦streaming⟧ {\n  id: my-cluster\n}\n',
      expect: [{ code: 'unknown-field', says: 'NATS Streaming server' }],
    },
    {
      name: 'a variable nothing refers to is an unknown field, at the top level and in blocks',
      conf: '⟦TOKEN⟧: "s3cret"\ncluster {\n  ⟦ROUTE_PASS⟧: x\n  name: c1\n}\n',
      expect: [
        { code: 'unknown-field', says: 'unknown field "TOKEN"' },
        { code: 'unknown-field', says: 'Use it as $ROUTE_PASS' },
      ],
    },
    {
      name: 'a variable some value refers to is skipped, as nats-server skips it',
      conf: 'TOKEN: "s3cret"\nauthorization {\n  PASS: "p"\n  user: a\n  password: $PASS\n  timeout: 2\n}\nauthorization { token: $TOKEN }\n',
      expect: [],
    },
    {
      name: 'keys match case-insensitively, like nats-server',
      conf: 'PORT: 4222\nCluster {\n  Name: c1\n  ROUTES: []\n}\n',
      expect: [],
    },
    {
      name: 'system_account is read only in lower case: another spelling is ignored (advice)',
      conf: '⟦System_Account⟧: "SYS"\n',
      expect: [{ code: 'unknown-field', severity: 'warning', says: 'ignores System_Account' }],
    },
    {
      name: 'the ocsp block compares keys case-sensitively and rejects others',
      conf: 'ocsp {\n  ⟦Mode⟧: always\n}\n',
      expect: [{ code: 'unknown-field', severity: 'error', says: 'error parsing ocsp config: unsupported field string' }],
    },
    {
      name: 'the resolver block ignores keys it does not read (advice)',
      conf: 'resolver {\n  type: full\n  dir: "./jwt"\n  ⟦intervall⟧: "2m"\n}\n',
      expect: [{ code: 'unknown-field', severity: 'warning', says: 'Did you mean interval?' }],
    },
    {
      name: 'blocks with their own wording: account limits, permissions',
      conf: 'accounts {\n  A: {\n    limits { ⟦max_conns⟧: 5 }\n    users: [ { user: u, permissions: { ⟦publsh⟧: "a" } } ]\n  }\n}\n',
      expect: [
        { code: 'unknown-field', says: 'Unknown field "max_conns" parsing account limits' },
        { code: 'unknown-field', says: 'Unknown field "publsh" parsing permissions' },
      ],
    },
  ]);
});

describe('invalid-value (outside tls)', () => {
  run([
    {
      name: 'a string where nats-server wants an integer: its own "interface conversion" text',
      conf: 'port: ⟦"abc"⟧\n',
      expect: [{ code: 'invalid-value', says: 'interface conversion: interface {} is string, not int64". port takes an integer' }],
    },
    {
      name: 'a quoted number is offered without quotes',
      conf: 'max_connections: ⟦"100"⟧\n',
      expect: [{ code: 'invalid-value', says: 'remove the quotes' }],
    },
    {
      name: 'a plain integer ping_interval: nats-server warns, and -t fails',
      conf: 'ping_interval: ⟦120⟧\n',
      expect: [{ code: 'invalid-value', severity: 'error', says: 'ping_interval should be converted to a duration' }],
    },
    {
      name: 'a bad duration string',
      conf: 'write_deadline: ⟦"10 seconds"⟧\n',
      expect: [{ code: 'invalid-value', says: 'time: unknown unit " seconds"' }],
    },
    {
      name: 'lame_duck_duration below its 30s minimum',
      conf: 'lame_duck_duration: ⟦"10s"⟧\n',
      expect: [{ code: 'invalid-value', says: 'invalid lame_duck_duration of 10s, minimum is 30 seconds' }],
    },
    {
      name: 'http is a port, not a block',
      conf: 'http ⟦{ port: 8222 }⟧\n',
      expect: [{ code: 'invalid-value', says: 'expected port or host:port, got map' }],
    },
    {
      name: 'a listen address without a port',
      conf: 'listen: ⟦"localhost"⟧\n',
      expect: [{ code: 'invalid-value', says: 'could not parse address string' }],
    },
    {
      name: 'jetstream store_dir as a number',
      conf: 'jetstream { store_dir: ⟦5⟧ }\n',
      expect: [{ code: 'invalid-value', says: 'is int64, not string' }],
    },
    {
      name: 'storage sizes as strings take K, M, G or T only',
      conf: 'jetstream {\n  max_file_store: ⟦"10GB"⟧\n  max_mem_store: "1G"\n  max_outstanding_catchup: 64MB\n}\n',
      expect: [{ code: 'invalid-value', says: 'strconv.ParseInt' }],
    },
    {
      name: 'out of range',
      conf: 'max_sub_tokens: ⟦300⟧\nmax_payload: ⟦3GB⟧\n',
      expect: [
        { code: 'invalid-value', says: 'max_sub_tokens value is too big' },
        { code: 'invalid-value', says: 'max_payload value is too big' },
      ],
    },
    {
      name: 'an unknown enum value',
      conf: 'write_timeout: ⟦"drop"⟧\n',
      expect: [{ code: 'invalid-value', says: "write_timeout must be 'default', 'close' or 'retry'" }],
    },
    {
      name: 'routes is a list, even for one route',
      conf: 'cluster {\n  routes: ⟦"nats://a:6222"⟧\n}\n',
      expect: [{ code: 'invalid-value', says: 'a list of URLs' }],
    },
    {
      name: 'a duplicate route: nats-server warns, so -t fails',
      conf: 'cluster {\n  routes: [ "nats://a:6222", ⟦"nats://a:6222"⟧ ]\n}\n',
      expect: [{ code: 'invalid-value', says: 'Duplicate route entry detected' }],
    },
    {
      name: 'a server name with spaces',
      conf: 'server_name: ⟦"my server"⟧\n',
      expect: [{ code: 'invalid-value', says: 'server name cannot contain spaces' }],
    },
    {
      name: 'nkeys are checked like nats-server does (type and checksum)',
      conf: `authorization {\n  users: [ { nkey: ⟦"${NKEY.account}"⟧ }, { nkey: "${NKEY.user}" } ]\n}\n`,
      expect: [{ code: 'invalid-value', says: 'Not a valid public nkey for a user' }],
    },
    {
      name: 'a bad subject in permissions',
      conf: 'authorization {\n  users: [ { user: a, permissions: { publish: ⟦"a b"⟧ } } ]\n}\n',
      expect: [{ code: 'invalid-value', says: 'is not a valid subject' }],
    },
    {
      name: 'an authorization timeout over 60s: nats-server 2.11.2+ warns (an unquoted 1m is a million seconds)',
      conf: 'authorization {\n  timeout: ⟦120⟧\n}\n',
      expect: [{ code: 'invalid-value', says: 'is high, consider keeping it under 60 seconds' }],
    },
    { name: '… which 2.10 accepts', conf: 'authorization {\n  timeout: 120\n}\n', expect: [], version: '2.10.27' },
    {
      name: 'ocsp urls as a list fails in every release',
      conf: 'ocsp {\n  urls: ⟦["http://ocsp"]⟧\n}\n',
      expect: [{ code: 'invalid-value', says: 'not []string' }],
    },
    {
      name: 'jetstream as an unknown string',
      conf: 'jetstream: ⟦"on"⟧\n',
      expect: [{ code: 'invalid-value', says: "Expected 'enabled' or 'disabled'" }],
    },
    {
      name: 'each account is a block; $G is reserved',
      conf: 'accounts {\n  ⟦A⟧: 1\n  ⟦$G⟧: {}\n}\n',
      expect: [
        { code: 'invalid-value', says: 'Expected map entries for accounts' },
        { code: 'invalid-value', says: 'Reserved Account' },
      ],
    },
    {
      name: 'blocks missing what nats-server requires',
      conf: `authorization {\n  users: [ ⟦{⟧ password: p } ]\n  auth_callout ⟦{⟧ auth_users: [ a ] }\n}\n`,
      expect: [
        { code: 'invalid-value', says: 'User entry requires a user' },
        { code: 'invalid-value', says: 'require an issuer' },
      ],
    },
    {
      name: 'a leaf proxy only carries WebSocket connections (2.12.1+): with nats:// URLs it is unused (advice)',
      conf: 'leafnodes {\n  remotes: [ { url: "nats://hub:7422", ⟦proxy⟧ { url: "http://proxy:3128" } } ]\n}\n',
      expect: [{ code: 'invalid-value', severity: 'warning', says: 'proxy configuration will be ignored' }],
    },
    {
      name: 'a leaf proxy to a wss:// URL needs a tls block',
      conf: 'leafnodes {\n  remotes: [ { url: "wss://hub:443", ⟦proxy⟧ { url: "http://proxy:3128" } } ]\n}\n',
      expect: [{ code: 'invalid-value', severity: 'error', says: 'requires TLS and no TLS configuration is provided' }],
    },
    {
      name: 'valid values are clean',
      conf: 'port: 4222\nping_interval: "2m"\nmax_payload: 8MB\nhttp: 8222\nlisten: "0.0.0.0:4222"\njetstream { max_file_store: 10GB }\n',
      expect: [],
    },
  ]);
});

describe('field-not-in-version and deprecated-field', () => {
  run([
    {
      name: 'an option newer than the target is an error: nats-server rejects it as unknown',
      conf: 'jetstream {\n  ⟦strict⟧: true\n}\n',
      version: '2.10.27',
      expect: [
        {
          code: 'field-not-in-version',
          severity: 'error',
          says: 'needs nats-server 2.11.0 or newer; the target 2.10.27 rejects it ("unknown field "strict"")',
        },
      ],
    },
    { name: '… and fine on a release that has it', conf: 'jetstream {\n  strict: true\n}\n', version: '2.11.0', expect: [] },
    {
      name: 'back-ported options: 2.9.21 has logtime_utc, 2.9.10 does not',
      conf: '⟦logtime_utc⟧: true\n',
      version: '2.9.10',
      expect: [{ code: 'field-not-in-version', says: '2.9.21 / 2.10.0' }],
    },
    { name: '… 2.9.21', conf: 'logtime_utc: true\n', version: '2.9.21', expect: [] },
    {
      name: 'in a block read by name, a newer key is ignored (advice)',
      conf: 'resolver {\n  type: full\n  dir: "./jwt"\n  ⟦hard_delete⟧: true\n}\n',
      version: '2.9.10',
      expect: [{ code: 'field-not-in-version', severity: 'warning', says: 'silently ignores it' }],
    },
    {
      name: 'mqtt consumer_replicas: ignored with a warning, so -t fails (from 2.9.12)',
      conf: 'jetstream: true\nmqtt {\n  port: 1883\n  ⟦consumer_replicas⟧: 3\n}\n',
      expect: [{ code: 'deprecated-field', severity: 'error', says: 'consumer replicas setting ignored' }],
    },
    {
      name: '… which 2.9.10 accepts',
      conf: 'jetstream: true\nmqtt {\n  port: 1883\n  consumer_replicas: 3\n}\n',
      version: '2.9.10',
      expect: [],
    },
    {
      name: 'permissions in cluster authorization are deprecated with a warning',
      conf: 'cluster {\n  authorization {\n    user: r\n    password: p\n    ⟦permissions⟧: { import: "a.>" }\n  }\n}\n',
      expect: [{ code: 'deprecated-field', says: 'within cluster authorization block is deprecated' }],
    },
  ]);
});

describe('conflicting-fields, accounts and users', () => {
  run([
    {
      name: 'user and password next to users',
      conf: 'authorization {\n  user: a\n  password: b\n  users: [ { user: c, password: d } ]\n}\n'.replace('  user: a', '  ⟦user⟧: a'),
      expect: [{ code: 'conflicting-fields', says: 'Can not have a single user/pass and a users array' }],
    },
    {
      name: 'user/password and a token',
      conf: 'authorization {\n  user: a\n  password: b\n  ⟦token⟧: t\n}\n',
      expect: [{ code: 'conflicting-fields', says: 'Cannot have a user/pass and token' }],
    },
    {
      name: 'a token in cluster authorization',
      conf: 'cluster {\n  authorization {\n    ⟦token⟧: t\n  }\n}\n',
      expect: [{ code: 'conflicting-fields', says: 'Cluster authorization does not support tokens' }],
    },
    {
      name: 'users in gateway authorization',
      conf: 'gateway {\n  name: g\n  authorization {\n    ⟦users⟧: []\n  }\n}\n',
      expect: [{ code: 'conflicting-fields', says: 'Gateway authorization does not allow multiple users' }],
    },
    {
      name: 'store_dir twice',
      conf: 'store_dir: "/a"\njetstream {\n  ⟦store_dir⟧: "/b"\n}\n',
      expect: [{ code: 'conflicting-fields', says: "Duplicate 'store_dir' configuration" }],
    },
    {
      name: 'a single authorization user next to accounts with users',
      conf: 'authorization {\n  ⟦user⟧: a\n  password: b\n}\naccounts {\n  A: { users: [ { user: c, password: d } ] }\n}\n',
      expect: [{ code: 'conflicting-fields', says: 'Can not have a single user/pass and accounts' }],
    },
    {
      name: 'an import from an account that does not exist',
      conf: 'accounts {\n  A: {\n    imports: [ { stream: { account: ⟦SALES⟧, subject: "s.>" } } ]\n  }\n  SALE: {}\n}\n',
      expect: [
        {
          code: 'unknown-account',
          says: '"SALES" account not defined for stream import". Define the account SALES in accounts, or did you mean SALE?',
        },
      ],
    },
    {
      name: 'an import the source account does not export',
      conf: 'accounts {\n  A: { exports: [ { stream: "orders.>" } ] }\n  B: { imports: [ { stream: { account: A, subject: ⟦"billing.>"⟧ } } ] }\n}\n',
      expect: [{ code: 'import-not-exported', says: 'stream import not authorized' }],
    },
    {
      name: 'an import the export grants (wildcards, private exports naming the importer)',
      conf: 'accounts {\n  A: { exports: [ { stream: "orders.>", accounts: [ B ] }, { service: "q.*" } ] }\n  B: { imports: [ { stream: { account: A, subject: "orders.eu.>" } }, { service: { account: A, subject: "q.x" } } ] }\n}\n',
      expect: [],
    },
    {
      name: 'the same user in two accounts',
      conf: 'accounts {\n  A: { users: [ { user: app, password: a } ] }\n  B: { users: [ { user: ⟦app⟧, password: b } ] }\n}\n',
      expect: [{ code: 'duplicate-user', says: 'Duplicate user "app" detected' }],
    },
    {
      name: 'an operator JWT file that does not exist',
      conf: 'operator: "⟦op.jwt⟧"\n',
      expect: [{ code: 'file-not-found', says: 'error parsing operator JWT: open op.jwt' }],
    },
    { name: '… found next to the config', conf: 'operator: "op.jwt"\n', files: { '/op.jwt': 'not checked here' }, expect: [] },
  ]);
});

test('the five-mistake config: all five are reported, as nats-server -t does, for every release', () => {
  const conf =
    '⟦server_nme⟧: "x"\nport: ⟦"abc"⟧\ncluster {\n  ⟦rotues⟧: ["nats://a:1"]\n}\nauthorization {\n  users: [ {user: a, ⟦pasword⟧: b} ]\n}\njetstream { store_dir: ⟦5⟧ }\n';
  for (const version of ['2.9.10', '2.10.27', 'latest']) {
    const r = runTls({ configs: { '/nats.conf': conf }, settings: { serverVersion: version } });
    const got = expectFindings(r, '/nats.conf', CODES, [
      'unknown-field',
      'invalid-value',
      'unknown-field',
      'unknown-field',
      'invalid-value',
    ]);
    for (const f of got) assert.equal(f.stage, 'load');
  }
});
