// The schema walk (schema/walk.ts) and what the option checks share through it: each block's path, spelt out
// when first read; the visits of one block, indexed once per walk; a visit's entries by option name.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigDoc } from '../../server/src/core/document';
import { checkOptionValues } from '../../server/src/core/checks/option-values';
import { optionEntries } from '../../server/src/core/schema/report';
import { schemaWalk, visitsOf } from '../../server/src/core/schema/walk';
import { buildTlsModel, DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { availableIn, parseVersion } from '../../server/src/core/tls/versions';
import { nodeHost } from '../../server/src/node-host';
import { openConf } from '../helpers/conf';

const open = (text: string): ConfigDoc => openConf('/nonexistent-nats-tls-test/walk.conf', text);

const CONFIG = `
cluster { name: c, authorization { user: route, password: pw } }
leafnodes { remotes: [ { url: "nats://a:7422" }, { url: "nats://b:7422", tls { cert_file: "x.pem" } } ] }
accounts {
  A: {
    users: [ { user: a1 }, { user: a2, permissions: { publish: { allow: [ "a.>" ] } } } ]
    exports: [ { stream: "a.>" } ]
    mappings: { "m.x": [ { destination: "n.x", weight: 50 } ], "m.y": { destination: "n.y" } }
  }
  B: { imports: [ { stream: { account: A, subject: "a.>" } } ] }
}
`;

test('every block has the path users would write, the same string each time it is read', () => {
  const walk = schemaWalk(open(CONFIG));
  assert.ok(walk);
  const paths = walk.visits.map((v) => `${v.block.id} ${v.path}`);
  assert.deepEqual(paths, [
    'root ',
    'cluster cluster',
    'cluster.authorization cluster.authorization',
    'leafnodes leafnodes',
    'leafnodes.remote leafnodes.remotes[0]',
    'leafnodes.remote leafnodes.remotes[1]',
    'tls leafnodes.remotes[1].tls',
    'accounts accounts',
    'account accounts.A',
    'user accounts.A.users[0]',
    'user accounts.A.users[1]',
    'permissions accounts.A.users[1].permissions',
    'subject-permission accounts.A.users[1].permissions.publish',
    'export accounts.A.exports[0]',
    'mapping-dest accounts.A.mappings.m.x[0]',
    'mapping-dest accounts.A.mappings.m.y',
    'account accounts.B',
    'import accounts.B.imports[0]',
    'import.source accounts.B.imports[0].stream',
  ]);
  for (const v of walk.visits) assert.equal(v.path, v.path);
});

test("a block's visits are indexed once per walk, in walk order", () => {
  const walk = schemaWalk(open(CONFIG));
  assert.ok(walk);
  const users = visitsOf(walk, 'user');
  assert.deepEqual(
    users.map((v) => v.path),
    ['accounts.A.users[0]', 'accounts.A.users[1]'],
  );
  // The second question reads the same index (no second pass over the visits).
  assert.equal(visitsOf(walk, 'user'), users);
  assert.deepEqual(visitsOf(walk, 'gateway'), []);
});

test("a visit's entries by option name: aliases folded, the last one written wins, in small blocks and large", () => {
  const small = schemaWalk(open('authorization { user: a, username: b, password: p }\n'));
  assert.ok(small);
  const auth = visitsOf(small, 'authorization')[0]!;
  assert.equal(optionEntries(auth).get('user')?.key, 'username');
  assert.equal(optionEntries(auth).get('password')?.key, 'password');
  assert.equal(optionEntries(auth).get('token'), undefined);
  // More than a few options: the same answers from an index.
  const keys = ['port: 1', 'host: h', 'server_name: s', 'debug: true', 'trace: true', 'logtime: true', 'max_payload: 1'];
  const more = ['max_pending: 1', 'max_connections: 1', 'max_control_line: 1', 'ping_max: 1', 'http_port: 1', 'syslog: true'];
  const large = schemaWalk(open([...keys, ...more, 'pid_file: p', 'logfile: l', 'trace_verbose: true', 'net: n'].join('\n') + '\n'));
  assert.ok(large);
  const root = large.visits[0]!;
  assert.ok(root.processed.length > 16);
  assert.equal(optionEntries(root).get('port')?.value?.start, root.processed.find((e) => e.key === 'port')!.value!.start);
  assert.equal(optionEntries(root).get('host')?.key, 'net');
  assert.equal(optionEntries(root).get('cluster'), undefined);
});

test('availableIn answers per target, whatever was asked before', () => {
  const since = { '2.9': '2.9.20', '2.10': '2.10.0' };
  const at = (v: string): boolean => availableIn(since, parseVersion(v)!);
  for (let round = 0; round < 2; round++) {
    assert.equal(at('2.9.19'), false);
    assert.equal(at('2.9.20'), true);
    assert.equal(at('2.8.0'), false);
    assert.equal(at('2.10.0'), true);
    assert.equal(at('2.12.3'), true);
  }
  assert.equal(availableIn({ '2.11': '2.11.2' }, { major: 2, minor: 11, patch: 1 }), false);
  assert.equal(availableIn({ '2.11': '2.11.2' }, { major: 2, minor: 11, patch: 2 }), true);
  // Components too large to pack are answered all the same.
  assert.equal(availableIn({ '2.11': '2.11.2' }, { major: 2, minor: 11, patch: 5000 }), true);
});

test('values the walk settled are skipped by the value check, and only those (beyond 30 entries too)', () => {
  // debug: true is settled by its kind (bit 0); the wrong trace value is the 33rd entry, whose bit would be 0.
  const unknown = Array.from({ length: 31 }, (_, i) => `x${i}: 1`);
  const doc = open(['debug: true', ...unknown, 'trace: "yes"', 'logtime: "no"'].join('\n') + '\n');
  const walk = schemaWalk(doc);
  assert.ok(walk);
  const root = walk.visits[0]!;
  assert.equal(root.processed.length, 34);
  assert.equal((root.settled ?? 0) & 1, 1);
  const model = buildTlsModel(doc, { ...DEFAULT_SETTINGS, roots: [] }, nodeHost({ NATS_TLS_NOW: '2026-06-01T12:00:00Z' }));
  const flagged = checkOptionValues(model).map((i) => doc.src.text.slice(i.start, i.end));
  assert.deepEqual(flagged, ['"yes"', '"no"']);
});
