// The deployment's links: route, gateway and leaf remote URLs paired with the config that listens there,
// both handshakes predicted, failures on the dialer's URL. The real servers confirm these predictions in
// test/integration/topology.test.ts.
import { createHash, createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { topologyOf } from '../../server/src/core/topology/build';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { CertFactory, type Material } from '../helpers/certs';
import { materialize } from '../helpers/fixture';
import { expectFindings, NOW, runTls, type TlsCase } from '../helpers/tls';

const LINK_CODES = [
  'peer-untrusted',
  'host-mismatch',
  'missing-client-auth',
  'missing-server-auth',
  'pin-mismatch',
  'cert-maps-to-no-user',
  'link-tls-mismatch',
];
const f = new CertFactory(NOW);
let ca: Material;
let ca2: Material;
const node: Record<string, Material> = {};

before(async () => {
  ca = await f.ca({ cn: 'Cluster CA' });
  ca2 = await f.ca({ cn: 'Other CA' });
  for (const n of ['a', 'b', 'c']) node[n] = await f.leaf(ca, { cn: `node-${n}`, san: { dns: [`node-${n}.internal`, 'localhost'] } });
  node.b2 = await f.leaf(ca2, { cn: 'node-b', san: { dns: ['node-b.internal', 'localhost'] } });
  node.serverOnly = await f.leaf(ca, { cn: 'node-b', eku: ['serverAuth'], san: { dns: ['node-b.internal'] } });
  node.hub = await f.leaf(ca, { cn: 'hub', san: { dns: ['hub.internal'] } });
  node.hubLocal = await f.leaf(ca, { cn: 'hub', san: { dns: ['localhost'] } });
  node.spoke = await f.leaf(ca, { cn: 'spoke', san: { dns: ['spoke'] } });
  node.spoke2 = await f.leaf(ca2, { cn: 'spoke', san: { dns: ['spoke'] } });
});

function raw(): Record<string, string> {
  const out: Record<string, string> = { '/certs/ca.pem': ca.pem, '/certs/ca2.pem': ca2.pem };
  for (const [n, m] of Object.entries(node)) {
    out[`/certs/${n}.pem`] = m.pem;
    out[`/certs/${n}-key.pem`] = m.keyPem;
  }
  return out;
}

/** A cluster node listening on `port`, dialling `routes` (marked text allowed). */
const clusterConf = (name: string, port: number, routes: string, cert = name, caFile = 'ca.pem', extra = ''): string =>
  `server_name: node-${name}\nlisten: 127.0.0.1:${4220 + port}\ncluster {\n  name: c1\n  listen: 0.0.0.0:${port}\n  routes: [${routes}]\n  tls {\n    cert_file: "certs/${cert}.pem"\n    key_file: "certs/${cert}-key.pem"\n    ca_file: "certs/${caFile}"${extra}\n  }\n}\n`;

function check(c: TlsCase, file: string, expected: Parameters<typeof expectFindings>[3]): ReturnType<typeof expectFindings> {
  return expectFindings(runTls({ ...c, raw: { ...raw(), ...c.raw } }), file, LINK_CODES, expected);
}

test('per-node certificates: routes by host name pair with each node, and every link holds (no false host-mismatch)', () => {
  const routes = '"nats-route://node-a.internal:6222", "nats-route://node-b.internal:6222", "nats-route://node-c.internal:6222"';
  const configs = {
    '/a.conf': clusterConf('a', 6222, routes),
    '/b.conf': clusterConf('b', 6222, routes),
    '/c.conf': clusterConf('c', 6222, routes),
  };
  for (const file of Object.keys(configs)) check({ configs }, file, []);
});

test('a node from another CA: both directions of its links fail, as Go fails them', () => {
  const configs = {
    '/a.conf': clusterConf('a', 6222, '"⟦nats-route://node-b.internal:6222⟧"'),
    '/b.conf': clusterConf('b', 6222, '"⟦nats-route://node-a.internal:6222⟧"', 'b2', 'ca2.pem'),
  };
  const [fromA] = check({ configs }, '/a.conf', [{ code: 'peer-untrusted', says: 'x509: certificate signed by unknown authority' }]);
  assert.match(fromA!.message, /Route to b\.conf \(node-b\) fails: node-a rejects node-b's certificate/);
  assert.match(fromA!.message, /node-b logs "TLS route handshake error: remote error: tls: bad certificate"/);
  // node-a also asks for a certificate from its own CA, which node-b's is not: Go sends none.
  assert.match(
    fromA!.message,
    /Once that is fixed: node-b asks for a certificate from the CAs in its ca_file.*tls: client didn't provide a certificate/,
  );
  assert.ok(fromA!.related?.some((r) => r.file.endsWith('b.conf') && r.message.includes('presents this certificate')));
  check({ configs }, '/b.conf', [{ code: 'peer-untrusted', says: 'node-b rejects node-a' }]);
});

test("pairing: by port when hosts say nothing, by server_name, and a URL that is the node's own is ignored", () => {
  const configs = {
    '/one.conf': clusterConf('a', 16001, '"nats-route://localhost:16001", "nats-route://localhost:16002"'),
    '/two.conf': clusterConf('b', 16002, '"nats-route://localhost:16001"', 'b2', 'ca.pem'),
  };
  const r = runTls({ configs, raw: raw() });
  // two.conf's certificate is from Other CA: only the link that reaches it fails (the route to self is ignored).
  assert.deepEqual(
    r.in('/one.conf', LINK_CODES).map((x) => `${x.range.start.line}:${x.code}`),
    ['5:peer-untrusted'],
  );
  assert.match(r.in('/one.conf', LINK_CODES)[0]!.message, /^Route to two\.conf \(node-b\) fails/);
  assert.deepEqual(
    r.in('/two.conf', LINK_CODES).map((x) => x.code),
    ['peer-untrusted'],
  );
  const t = topologyOf(project(configs));
  assert.deepEqual(
    t.dials.map((l) => `${l.from.serverName}→${l.pairing.self ? 'self' : l.pairing.node?.serverName} (${l.pairing.why.join(', ')})`),
    ['node-a→self (port 16001)', 'node-a→node-b (port 16002)', 'node-b→node-a (port 16001)'],
  );
});

test('a route URL no config listens at: checked against this node’s own certificate, as a stated assumption (warning)', () => {
  const configs = { '/a.conf': clusterConf('a', 6222, '"⟦nats-route://node-x.internal:6222⟧"') };
  const [w] = check({ configs }, '/a.conf', [{ code: 'host-mismatch', severity: 'warning', says: 'Assuming the peer presents' }]);
  assert.equal(w!.data?.assumed, true);
  assert.match(w!.message, /no config in the workspace listens at node-x\.internal/);
});

test('ambiguous pairing (two nodes on random ports) is an assumption too, naming both', () => {
  const conf = (n: string): string =>
    `server_name: ${n}\ncluster {\n  listen: 127.0.0.1:-1\n  routes: ["nats-route://127.0.0.1:6999"]\n  tls { cert_file: "certs/a.pem", key_file: "certs/a-key.pem", ca_file: "certs/ca.pem" }\n}\n`;
  const r = runTls({ configs: { '/p.conf': conf('p'), '/q.conf': conf('q') }, raw: raw() });
  const w = r.in('/p.conf', ['host-mismatch']);
  assert.equal(w.length, 1);
  assert.equal(w[0]!.severity, 'warning');
  assert.match(w[0]!.message, /several configs could listen/);
});

test('missing-client-auth: a dialer whose certificate is serverAuth only is refused by the listener', () => {
  const configs = {
    '/a.conf': clusterConf('a', 6222, ''),
    '/b.conf': clusterConf('b', 6223, '"⟦nats-route://localhost:6222⟧"', 'serverOnly').replace(
      '"certs/serverOnly.pem"',
      '"⟦certs/serverOnly.pem⟧"',
    ),
  };
  // On the URL (the link), and on the certificate itself (its own check).
  check({ configs }, '/b.conf', [
    {
      code: 'missing-client-auth',
      says: 'tls: failed to verify client certificate: x509: certificate specifies an incompatible key usage',
    },
    { code: 'missing-client-auth', says: "node-b's extended key usage lacks clientAuth" },
  ]);
});

test('pinned_certs on routes: the dialer checks the listener, the listener checks the dialer', () => {
  const wrongPin = 'ab'.repeat(32);
  const pinA = `\n    pinned_certs: ["${wrongPin}"]`;
  const configs = {
    '/a.conf': clusterConf('a', 6222, '"⟦nats-route://localhost:6223⟧"', 'a', 'ca.pem', pinA),
    '/b.conf': clusterConf('b', 6223, '"⟦nats-route://localhost:6222⟧"'),
  };
  check({ configs }, '/a.conf', [{ code: 'pin-mismatch', says: 'node-a logs "TLS route handshake error: certificate not pinned"' }]);
  check({ configs }, '/b.conf', [{ code: 'pin-mismatch', says: "node-a's pinned_certs do not hold node-b's certificate" }]);
  // The right pin: nothing.
  const pins = `\n    pinned_certs: ["${spki(node.a!)}", "${spki(node.b!)}"]`;
  const ok = {
    '/a.conf': clusterConf('a', 6222, '"nats-route://localhost:6223"', 'a', 'ca.pem', pins),
    '/b.conf': clusterConf('b', 6223, '"nats-route://localhost:6222"'),
  };
  check({ configs: ok }, '/a.conf', []);
  check({ configs: ok }, '/b.conf', []);
});

function spki(m: Material): string {
  return createHash('sha256')
    .update(createPublicKey(m.pem).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

test('verify_and_map on routes: the dialer must map to the cluster authorization user', () => {
  const map = '\n    verify_and_map: true';
  const withUser = (conf: string, user: string): string => conf.replace('  routes:', `  authorization { user: "${user}" }\n  routes:`);
  const none = {
    '/a.conf': clusterConf('a', 6222, '', 'a', 'ca.pem', map),
    '/b.conf': clusterConf('b', 6223, '"⟦nats-route://localhost:6222⟧"', 'b', 'ca.pem', map),
  };
  check({ configs: none }, '/b.conf', [{ code: 'cert-maps-to-no-user', says: `node-b logs "Route Error 'Authorization Violation'"` }]);
  const user = { ...none, '/a.conf': withUser(none['/a.conf'], 'CN=node-c') };
  check({ configs: user }, '/b.conf', [{ code: 'cert-maps-to-no-user' }]);
  const good = { ...none, '/a.conf': withUser(none['/a.conf'], 'CN=node-b'), '/b.conf': none['/b.conf'].replace(/⟦|⟧/g, '') };
  check({ configs: good }, '/b.conf', []);
});

test('link-tls-mismatch: one side of a route has cluster.tls, the other none', () => {
  const plain = 'server_name: node-a\ncluster {\n  listen: 0.0.0.0:6222\n}\n';
  check({ configs: { '/a.conf': plain, '/b.conf': clusterConf('b', 6223, '"⟦nats-route://localhost:6222⟧"') } }, '/b.conf', [
    { code: 'link-tls-mismatch', says: 'node-a has no cluster.tls' },
  ]);
});

const hubConf = (cert: string, extra = ''): string =>
  `server_name: hub\nleafnodes {\n  port: 7422\n  tls {\n    cert_file: "certs/${cert}.pem"\n    key_file: "certs/${cert}-key.pem"\n    ca_file: "certs/ca.pem"\n    verify: true${extra}\n  }\n}\n`;
const spokeConf = (url: string, cert: string, caFile = 'ca.pem'): string =>
  `server_name: spoke\nleafnodes {\n  remotes: [\n    {\n      url: ${url}\n      tls {\n        cert_file: "certs/${cert}.pem"\n        key_file: "certs/${cert}-key.pem"\n        ca_file: "certs/${caFile}"\n      }\n    }\n  ]\n}\n`;

test('leaf node: the hub rejects a spoke from another CA — Go sends no certificate, so the hub says "didn\'t provide"', () => {
  const configs = { '/hub.conf': hubConf('hubLocal'), '/spoke.conf': spokeConf('"⟦tls://localhost:7422⟧"', 'spoke2') };
  const [e] = check({ configs }, '/spoke.conf', [
    { code: 'peer-untrusted', says: `hub logs "TLS leafnode handshake error: tls: client didn't provide a certificate"` },
  ]);
  assert.match(e!.message, /\("Read Error"\)/);
  assert.doesNotMatch(e!.message, /x509/);
});

test("leaf node: the spoke rejects the hub's name", () => {
  const configs = { '/hub.conf': hubConf('hub'), '/spoke.conf': spokeConf('"⟦tls://localhost:7422⟧"', 'spoke') };
  check({ configs }, '/spoke.conf', [{ code: 'host-mismatch', says: 'x509: certificate is valid for hub.internal, not localhost' }]);
  // nats-server 2.9 logs Go 1.19's text without the "tls: failed to verify certificate: " prefix.
  const r = runTls({ configs, raw: raw(), settings: { serverVersion: '2.9.10' } });
  assert.match(r.in('/spoke.conf', ['host-mismatch'])[0]!.message, /handshake error: x509: certificate is valid/);
});

test('leaf node: a remote without a tls block against a hub with verify presents no certificate', () => {
  const spoke = 'server_name: spoke\nleafnodes {\n  remotes: [ { url: "⟦tls://localhost:7422⟧" } ]\n}\n';
  check({ configs: { '/hub.conf': hubConf('hubLocal'), '/spoke.conf': spoke } }, '/spoke.conf', [
    { code: 'peer-untrusted', says: 'which has none' },
  ]);
});

test('leaf node verify_and_map: the spoke must map to a hub user; with none, it is refused', () => {
  const hub = hubConf('hubLocal', '\n    verify_and_map: true').replace(
    'leafnodes {',
    'authorization { users: [ { user: "someone" } ] }\nleafnodes {',
  );
  const configs = { '/hub.conf': hub, '/spoke.conf': spokeConf('"⟦tls://localhost:7422⟧"', 'spoke') };
  check({ configs }, '/spoke.conf', [{ code: 'cert-maps-to-no-user', says: "Leafnode Error 'Authorization Violation'" }]);
  const mapped = { ...configs, '/hub.conf': hub.replace('someone', 'spoke'), '/spoke.conf': configs['/spoke.conf'].replace(/⟦|⟧/g, '') };
  check({ configs: mapped }, '/spoke.conf', []);
});

const gwConf = (name: string, port: number, peer: string, peerPort: number, cert: string): string =>
  `server_name: gw-${name}\ngateway {\n  name: ${name}\n  port: ${port}\n  gateways: [ { name: ${peer}, url: "nats://localhost:${peerPort}" } ]\n  tls {\n    cert_file: "certs/${cert}.pem"\n    key_file: "certs/${cert}-key.pem"\n    ca_file: "certs/ca.pem"\n  }\n}\n`;

test('gateways between two clusters pair by gateway name and port; both links hold', () => {
  const configs = { '/east.conf': gwConf('east', 7222, 'west', 7223, 'a'), '/west.conf': gwConf('west', 7223, 'east', 7222, 'b') };
  check({ configs }, '/east.conf', []);
  check({ configs }, '/west.conf', []);
  const models = project(configs);
  const t = topologyOf(models);
  assert.deepEqual(t.links.map((l) => `${l.kind} ${l.from.serverName} → ${l.pairing.node?.serverName} ${l.status}`).sort(), [
    'gateway gw-east → gw-west ok',
    'gateway gw-west → gw-east ok',
  ]);
});

/** Models of a fixture, for looking at the topology itself. */
function project(configs: Record<string, string>): ReturnType<typeof topologyOf>['nodes'][number]['model'][] {
  const ws = materialize(configs);
  try {
    for (const [p, content] of Object.entries(raw())) {
      fs.mkdirSync(path.dirname(ws.path(p)), { recursive: true });
      fs.writeFileSync(ws.path(p), content);
    }
    const p = new Project(nodeHost({ NATS_TLS_NOW: NOW.toISOString() }), () => ({ ...DEFAULT_SETTINGS, roots: [ws.dir] }));
    for (const fx of ws.files) p.set(openDocument(ws.path(fx.path), fx.fixture.text, { ctx: { env: {}, fs: nodeFs, dialect: 'latest' } })!);
    return p.files().map((file) => p.model(file)!);
  } finally {
    ws.cleanup();
  }
}
