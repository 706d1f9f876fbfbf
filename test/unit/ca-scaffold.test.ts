// File plans: which files, what is in them, which modes; and the refusals that protect users.
import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as x509 from '@peculiar/x509';
import type { MapNode, ValueNode } from '../../server/src/core/conf/ast';
import { deref } from '../../server/src/core/conf/resolve';
import { openDocument } from '../../server/src/core/document';
import {
  certNameProblem,
  FILE_MODES,
  hostProblem,
  PlanError,
  planCa,
  planClient,
  planMtls,
  planServer,
  type FilePlan,
} from '../../server/src/core/ca/scaffold';

const NOW = new Date('2026-03-01T10:00:00Z');
const ctx = { env: {}, fs: undefined, dialect: 'latest' as const };

function get(map: MapNode, name: string): ValueNode | undefined {
  for (const e of map.entries) if (e.kind === 'entry' && e.name === name) return deref(e.value);
  return undefined;
}
const text = (v: ValueNode | undefined): unknown => (v && 'value' in v ? v.value : undefined);
const file = (plan: FilePlan, p: string): string => plan.files.find((f) => f.relativePath === p)!.contents;

test('mtls: the seed story, every file with its mode', async () => {
  const plan = await planMtls({ now: NOW });
  assert.deepEqual(
    plan.files.map((f) => [f.relativePath, f.mode.toString(8), f.kind]),
    [
      ['ca.pem', '644', 'certificate'],
      ['ca-key.pem', '400', 'ca-key'],
      ['server-main.pem', '644', 'certificate'],
      ['server-main-key.pem', '600', 'key'],
      ['client-a.pem', '644', 'certificate'],
      ['client-a-key.pem', '600', 'key'],
      ['client-b.pem', '644', 'certificate'],
      ['client-b-key.pem', '600', 'key'],
      ['server.conf', '644', 'config'],
      ['client-a.yaml', '644', 'config'],
      ['client-b.yaml', '644', 'config'],
    ],
  );
  assert.deepEqual(FILE_MODES, { certificate: 0o644, key: 0o600, 'ca-key': 0o400, config: 0o644 });
  for (const f of plan.files) {
    if (f.kind === 'key' || f.kind === 'ca-key') assert.match(f.contents, /^-----BEGIN PRIVATE KEY-----/);
    else if (f.kind === 'certificate') assert.match(f.contents, /^-----BEGIN CERTIFICATE-----[^]*-----END CERTIFICATE-----\n$/);
  }
  assert.deepEqual(
    plan.certificates.map((c) => [c.file, c.role, c.subject, c.names.join(' '), c.extKeyUsage.join('+')]),
    [
      ['ca.pem', 'ca', plan.certificates[0]!.subject, '', ''],
      ['server-main.pem', 'server', 'CN=server-main', 'DNS:localhost IP:127.0.0.1 IP:::1', 'serverAuth+clientAuth'],
      ['client-a.pem', 'client', 'CN=client-a', '', 'clientAuth'],
      ['client-b.pem', 'client', 'CN=client-b', '', 'clientAuth'],
    ],
  );
  // Every leaf is signed by the plan's CA.
  const ca = new x509.X509Certificate(file(plan, 'ca.pem'));
  for (const name of ['server-main', 'client-a', 'client-b']) {
    assert.ok(await new x509.X509Certificate(file(plan, `${name}.pem`)).verify({ publicKey: ca.publicKey, date: NOW }), name);
  }
});

test("mtls: server.conf is a nats-server config with tls { cert_file, key_file, ca_file, verify: true } naming the plan's files", async () => {
  const plan = await planMtls({ now: NOW });
  const doc = openDocument('/x/server.conf', file(plan, 'server.conf'), { ctx })!;
  assert.equal(doc.role, 'server');
  assert.deepEqual(doc.issues, []);
  assert.equal(text(get(doc.root, 'listen')), '127.0.0.1:4222');
  const tls = get(doc.root, 'tls') as MapNode;
  assert.equal(tls.kind, 'map');
  assert.equal(tls.style, 'braces');
  assert.deepEqual(
    tls.entries.map((e) => (e.kind === 'entry' ? [e.key, text(e.value)] : [])),
    [
      ['cert_file', 'server-main.pem'],
      ['key_file', 'server-main-key.pem'],
      ['ca_file', 'ca.pem'],
      ['verify', true],
    ],
  );
  // Quoted, so no path is ever read as something else (cf. `./x.pem` bare values).
  assert.match(file(plan, 'server.conf'), /cert_file: "server-main\.pem"/);
});

test('mtls: client-a.yaml and client-b.yaml are client configs for tls://localhost with their own certificate', async () => {
  const plan = await planMtls({ now: NOW, port: 14222 });
  assert.match(file(plan, 'server.conf'), /listen: "127\.0\.0\.1:14222"/);
  for (const name of ['client-a', 'client-b']) {
    const doc = openDocument(`/x/${name}.yaml`, file(plan, `${name}.yaml`), { ctx })!;
    assert.equal(doc.role, 'client');
    assert.deepEqual(doc.issues, []);
    const servers = get(doc.root, 'servers');
    assert.equal(servers?.kind, 'array');
    assert.deepEqual(servers.kind === 'array' ? servers.items.map(text) : [], ['tls://localhost:14222']);
    const tls = get(doc.root, 'tls') as MapNode;
    assert.deepEqual(
      tls.entries.map((e) => (e.kind === 'entry' ? [e.key, text(e.value)] : [])),
      [
        ['cert_file', `${name}.pem`],
        ['key_file', `${name}-key.pem`],
        ['ca_file', 'ca.pem'],
      ],
    );
  }
});

test('server plan: hosts from --host and from a config, loopback by default', async () => {
  const ca = await planCa({ now: NOW });
  const config = openDocument(
    '/x/nats.conf',
    'cluster { listen: "0.0.0.0:6222", routes: [ "nats-route://n2.test:6222" ] }\nlisten: "10.1.1.1:4222"',
    { ctx },
  )!;
  const plan = await planServer(ca.issuer, { now: NOW, name: 'n1', hosts: ['n1.test'], config });
  assert.deepEqual(plan.certificates[0]!.names, ['DNS:localhost', 'DNS:n1.test', 'DNS:n2.test', 'IP:127.0.0.1', 'IP:::1', 'IP:10.1.1.1']);
  assert.deepEqual(
    plan.hostsFromConfig.map((h) => h.from),
    ['listen', 'cluster.routes[0]'],
  );
  assert.match(plan.notes.join('\n'), /hosts from \/x\/nats\.conf: 10\.1\.1\.1 \(listen\), n2\.test \(cluster\.routes\[0\]\)/);
  const bare = await planServer(ca.issuer, { now: NOW, name: 'n2', hosts: ['n2.test'], loopback: false });
  assert.deepEqual(bare.certificates[0]!.names, ['DNS:n2.test']);
  await assert.rejects(planServer(ca.issuer, { now: NOW, name: 'n3', hosts: [], loopback: false }), PlanError);
  await assert.rejects(planServer(ca.issuer, { now: NOW, name: 'n3', hosts: ['tls://x'] }), /neither a host name nor an IP/);
});

test('a constrained CA refuses to issue for names outside its constraints', async () => {
  const ca = await planCa({ now: NOW, nameConstraints: true });
  await planServer(ca.issuer, { now: NOW, name: 'ok', hosts: ['nats.test', '127.0.0.9'] });
  await assert.rejects(
    planServer(ca.issuer, { now: NOW, name: 'bad', hosts: ['nats.example.com', '10.0.0.1'] }),
    /only vouches for localhost, \.test, 127\.0\.0\.0\/8, ::1\/128; nats\.example\.com, 10\.0\.0\.1 would be rejected/,
  );
  await planClient(ca.issuer, { now: NOW, name: 'client-a', email: ['a@example.com'] });
  await planClient(ca.issuer, { now: NOW, name: 'alice.test' });
  await assert.rejects(planClient(ca.issuer, { now: NOW, name: 'alice.example.com' }), /alice\.example\.com would be rejected/);
});

test('an expired CA signs nothing; a CA near its end cuts leaves short and says so', async () => {
  const ca = await planCa({ now: NOW });
  const later = new Date(NOW.getTime() + 11 * 365 * 86_400_000);
  await assert.rejects(planClient(ca.issuer, { now: later, name: 'c' }), /expired on 2036-03-01/);
  const nearEnd = new Date('2035-12-01T00:00:00Z');
  const plan = await planClient(ca.issuer, { now: nearEnd, name: 'c' });
  assert.equal(plan.certificates[0]!.notAfter.getTime(), ca.issuer.cert.notAfter.getTime());
  assert.match(plan.notes[0]!, /ends with its CA on 2036-03-01/);
  await assert.rejects(planClient(ca.issuer, { now: NOW, name: 'c', email: ['not-an-email'] }), /not an email address/);
});

test('names and hosts that are refused', () => {
  for (const ok of ['server-main', 'client-a', 'n1.test', 'A_1']) assert.equal(certNameProblem(ok), undefined, ok);
  for (const bad of ['', 'ca', 'CA', 'x-key', '../x', 'a/b', '.hidden', 'a b', 'x'.repeat(65)]) assert.ok(certNameProblem(bad), bad);
  for (const ok of ['localhost', 'nats.test', '*.nats.test', '10.0.0.1', '::1', '[::1]', 'fqdn.test.'])
    assert.equal(hostProblem(ok), undefined, ok);
  for (const bad of ['0.0.0.0', '::', 'tls://x', 'a b', '', 'x..y', '999.1.1.1.1']) assert.ok(hostProblem(bad), bad);
});
