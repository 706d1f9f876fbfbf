// Across files: peer-untrusted and host-mismatch between a client config and the server it talks to,
// and a cluster node's route URLs that no config in the workspace listens at (test/unit/topology.test.ts has
// the paired links).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CertFactory, type Material } from '../helpers/certs';
import { expectFindings, NOW, runTls, type TlsCase } from '../helpers/tls';

const CODES = ['peer-untrusted', 'host-mismatch'];
const f = new CertFactory(NOW);
let ca: Material;
let otherCa: Material;
let server: Material;
let clientA: Material;
let stranger: Material;

before(async () => {
  ca = await f.ca({ cn: 'Test CA' });
  otherCa = await f.ca({ cn: 'Other CA' });
  server = await f.leaf(ca, { cn: 'server-main', san: { dns: ['localhost', 'server-main'], ip: ['127.0.0.1'] } });
  clientA = await f.leaf(ca, { cn: 'client-a', eku: ['clientAuth'], san: undefined });
  stranger = await f.leaf(otherCa, { cn: 'client-b', eku: ['clientAuth'], san: undefined });
});

const SERVER_CONF =
  'port: 4222\ntls {\n  cert_file: "certs/server.pem"\n  key_file: "certs/server-key.pem"\n  ca_file: "certs/ca.pem"\n  verify: true\n}\n';

function files(extra: Record<string, string | Uint8Array> = {}): Record<string, string | Uint8Array> {
  return {
    '/certs/server.pem': server.pem,
    '/certs/server-key.pem': server.keyPem,
    '/certs/ca.pem': ca.pem,
    '/certs/other-ca.pem': otherCa.pem,
    '/certs/client-a.pem': clientA.pem,
    '/certs/client-a-key.pem': clientA.keyPem,
    '/certs/client-b.pem': stranger.pem,
    '/certs/client-b-key.pem': stranger.keyPem,
    ...extra,
  };
}

function check(c: TlsCase, file: string, expected: Parameters<typeof expectFindings>[3]): void {
  expectFindings(runTls(c), file, CODES, expected);
}

const client = (name: string, url = 'tls://localhost:4222', ca = 'certs/ca.pem'): string =>
  `servers: ["${url}"]\ntls:\n  cert_file: certs/${name}.pem\n  key_file: certs/${name}-key.pem\n  ca_file: ${ca}\n`;

test("a client from the server's CA, dialling a host the certificate covers: no finding", () => {
  check({ configs: { '/server.conf': SERVER_CONF, '/client-a.yaml': client('client-a') }, raw: files() }, '/client-a.yaml', []);
  check(
    { configs: { '/server.conf': SERVER_CONF, '/client-a.yaml': client('client-a', 'tls://127.0.0.1:4222') }, raw: files() },
    '/client-a.yaml',
    [],
  );
});

test('peer-untrusted: a client signed by another CA, when the server verifies', () => {
  const conf =
    'servers: ["tls://localhost:4222"]\ntls:\n  cert_file: ⟦certs/client-b.pem⟧\n  key_file: certs/client-b-key.pem\n  ca_file: certs/ca.pem\n';
  check({ configs: { '/server.conf': SERVER_CONF, '/client-b.yaml': conf }, raw: files() }, '/client-b.yaml', [
    { code: 'peer-untrusted', says: 'signed by unknown authority' },
  ]);
  // Without verify the server never asks for the certificate.
  check(
    { configs: { '/server.conf': SERVER_CONF.replace('  verify: true\n', ''), '/client-b.yaml': conf.replace(/⟦|⟧/g, '') }, raw: files() },
    '/client-b.yaml',
    [],
  );
});

test("peer-untrusted: the client's ca_file does not vouch for the server, or it has no certificate at all", () => {
  const conf =
    'servers: ["tls://localhost:4222"]\ntls:\n  cert_file: certs/client-a.pem\n  key_file: certs/client-a-key.pem\n  ca_file: ⟦certs/other-ca.pem⟧\n';
  check({ configs: { '/server.conf': SERVER_CONF, '/client.yaml': conf }, raw: files() }, '/client.yaml', [
    { code: 'peer-untrusted', says: "server's certificate" },
  ]);
  const noCert = 'servers: ["tls://localhost:4222"]\n⟦tls⟧:\n  ca_file: certs/ca.pem\n';
  check({ configs: { '/server.conf': SERVER_CONF, '/client.yaml': noCert }, raw: files() }, '/client.yaml', [
    { code: 'peer-untrusted', says: "client didn't provide a certificate" },
  ]);
});

test('host-mismatch: the URL names a host the server certificate does not cover', () => {
  const conf =
    'servers: ["⟦tls://nats.example.com:4222⟧", "tls://localhost:4222"]\ntls:\n  cert_file: certs/client-a.pem\n  key_file: certs/client-a-key.pem\n  ca_file: certs/ca.pem\n';
  check({ configs: { '/server.conf': SERVER_CONF, '/client.yaml': conf }, raw: files() }, '/client.yaml', [
    { code: 'host-mismatch', says: 'not nats.example.com' },
  ]);
  const ip =
    'servers: ["⟦tls://10.0.0.7:4222⟧"]\ntls:\n  cert_file: certs/client-a.pem\n  key_file: certs/client-a-key.pem\n  ca_file: certs/ca.pem\n';
  check({ configs: { '/server.conf': SERVER_CONF, '/client.yaml': ip }, raw: files() }, '/client.yaml', [
    { code: 'host-mismatch', says: 'IP SAN' },
  ]);
});

test('pairing: by the client port; with several servers and no port match, nothing is paired', () => {
  const conf =
    'servers: ["tls://localhost:4333"]\ntls:\n  cert_file: ⟦certs/client-b.pem⟧\n  key_file: certs/client-b-key.pem\n  ca_file: certs/ca.pem\n';
  const second = SERVER_CONF.replace('port: 4222', 'port: 4333');
  check({ configs: { '/a.conf': SERVER_CONF, '/b.conf': second, '/client.yaml': conf }, raw: files() }, '/client.yaml', ['peer-untrusted']);
  check(
    {
      configs: {
        '/a.conf': SERVER_CONF,
        '/b.conf': SERVER_CONF.replace('port: 4222', 'port: 4444'),
        '/client.yaml': conf.replace(/⟦|⟧/g, ''),
      },
      raw: files(),
    },
    '/client.yaml',
    [],
  );
});

test('NATS CLI contexts pair like client configs', () => {
  const ctx =
    '{\n  "url": "tls://localhost:4222",\n  "cert": "⟦certs/client-b.pem⟧",\n  "key": "certs/client-b-key.pem",\n  "ca": "certs/ca.pem"\n}\n';
  check({ configs: { '/server.conf': SERVER_CONF, '/ctx.json': ctx }, raw: files() }, '/ctx.json', ['peer-untrusted']);
});

test("cluster routes no config listens at: the node's own certificate must cover each host — a stated assumption (warning)", () => {
  const conf =
    'cluster {\n  routes: [ "⟦nats-route://node-b.internal:6222⟧", "nats-route://localhost:6222" ]\n  tls { cert_file: "certs/server.pem", key_file: "certs/server-key.pem", ca_file: "certs/ca.pem" }\n}\n';
  check({ configs: { '/nats.conf': conf }, raw: files() }, '/nats.conf', [
    { code: 'host-mismatch', severity: 'warning', says: "Assuming the peer presents this node's own cluster certificate" },
  ]);
});

test('the findings land in the client config, not in the server config', () => {
  const r = runTls({ configs: { '/server.conf': SERVER_CONF, '/client-b.yaml': client('client-b') }, raw: files() });
  assert.equal(r.in('/server.conf', CODES).length, 0);
  assert.equal(r.in('/client-b.yaml', CODES).length, 1);
});
