// Handshake-time predictions, confirmed by real connections: for each fixture our check reports the code,
// and the real nats-server plus the `nats` client (or a second nats-server) then fail exactly there.
// Certificates use the real clock: nats-server and Node's TLS check real time.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connect } from 'nats';
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { CertFactory, DAY, writeFixtureDir, type FixtureDir, type Material } from '../helpers/certs';
import { NatsServer, stopAll } from '../helpers/nats-server';
import { natsServerTool, testWith } from '../helpers/tools';

const now = new Date();
const f = new CertFactory(now);
let ca: Material;
let otherCa: Material;
const dirs: FixtureDir[] = [];

before(async () => {
  ca = await f.ca({ cn: 'Handshake CA' });
  otherCa = await f.ca({ cn: 'Other CA' });
});
after(async () => {
  await stopAll();
  for (const d of dirs) d.cleanup();
});

/** A fresh folder holding `files`, every one private (0600). */
function folder(files: Record<string, string>): string {
  const d = writeFixtureDir(files, { prefix: 'nats-tls-hs-', mode: () => 0o600 });
  dirs.push(d);
  return d.dir;
}

/** Our findings over every config in `dir` (paths resolve from the folder nats-server runs in). */
function check(dir: string): Finding[] {
  const project = new Project(nodeHost({ NATS_TLS_NOW: now.toISOString() }), () => ({ ...DEFAULT_SETTINGS, base: 'config', roots: [dir] }));
  for (const name of fs.readdirSync(dir).filter((n) => /\.(conf|yaml)$/.test(n))) {
    const file = path.join(dir, name);
    project.set(openDocument(file, fs.readFileSync(file, 'utf8'), { ctx: { env: {}, fs: nodeFs, dialect: 'latest' } })!);
  }
  return project.allFindings();
}

function codes(findings: Finding[]): string[] {
  return findings.filter((x) => x.severity === 'error').map((x) => x.code);
}

const clusterConf = (name: string, routes: string[]): string =>
  `server_name: ${name}\nlisten: 127.0.0.1:-1\ncluster {\n  name: hs\n  listen: 127.0.0.1:-1\n  routes: [${routes.map((r) => `"${r}"`).join(', ')}]\n  tls {\n    cert_file: "node.pem"\n    key_file: "node-key.pem"\n    ca_file: "ca.pem"\n    timeout: 5\n  }\n}\n`;

/** Starts node A, then node B routing to A; resolves with the first route TLS error either logs. */
async function routeError(dir: string): Promise<string> {
  fs.writeFileSync(path.join(dir, 'a.conf'), clusterConf('a', []));
  const a = await NatsServer.start('a', dir, 'a.conf');
  const port = await a.port('route');
  fs.writeFileSync(path.join(dir, 'b.conf'), clusterConf('b', [`nats-route://localhost:${port}`]));
  const b = await NatsServer.start('b', dir, 'b.conf');
  const re = /TLS route handshake error|route.*(certificate|tls:)/i;
  return Promise.race([a.waitFor(re), b.waitFor(re)]);
}

testWith([natsServerTool], 'missing-client-auth in a cluster: routes fail with "incompatible key usage"', async () => {
  const node = await f.leaf(ca, { cn: 'node', eku: ['serverAuth'] });
  const dir = folder({ 'node.pem': node.pem, 'node-key.pem': node.keyPem, 'ca.pem': ca.pem });
  fs.writeFileSync(path.join(dir, 'a.conf'), clusterConf('a', ['nats-route://localhost:6222']));
  const findings = check(dir);
  assert.ok(codes(findings).includes('missing-client-auth'), JSON.stringify(findings));
  fs.rmSync(path.join(dir, 'a.conf'));
  const line = await routeError(dir);
  assert.match(line, /incompatible key usage|bad certificate/);
});

testWith([natsServerTool], 'untrusted-chain: a node certificate its ca_file does not vouch for: routes fail', async () => {
  const node = await f.leaf(otherCa, { cn: 'node' });
  const dir = folder({ 'node.pem': node.pem, 'node-key.pem': node.keyPem, 'ca.pem': ca.pem });
  fs.writeFileSync(path.join(dir, 'a.conf'), clusterConf('a', []));
  const findings = check(dir);
  assert.ok(codes(findings).includes('untrusted-chain'), JSON.stringify(findings));
  fs.rmSync(path.join(dir, 'a.conf'));
  const line = await routeError(dir);
  assert.match(line, /unknown authority|bad certificate/);
});

const serverConf =
  'listen: 127.0.0.1:-1\ntls {\n  cert_file: "server.pem"\n  key_file: "server-key.pem"\n  ca_file: "ca.pem"\n  verify: true\n  timeout: 5\n}\n';
const clientYaml = (url: string, cert: string): string =>
  `servers: ["${url}"]\ntls:\n  cert_file: ${cert}.pem\n  key_file: ${cert}-key.pem\n  ca_file: ca.pem\n`;

async function tryConnect(dir: string, port: number, host: string, cert: string): Promise<Error | undefined> {
  try {
    const nc = await connect({
      servers: `tls://${host}:${port}`,
      tls: { caFile: path.join(dir, 'ca.pem'), certFile: path.join(dir, `${cert}.pem`), keyFile: path.join(dir, `${cert}-key.pem`) },
      reconnect: false,
      maxReconnectAttempts: 0,
      timeout: 10_000,
      // nats.js resolves names with DNS only (not /etc/hosts); connect to the name as given.
      resolve: false,
    } as Parameters<typeof connect>[0]);
    // A rejected client certificate may only show after the handshake, on the first round trip.
    await nc.flush();
    await nc.close();
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

testWith([natsServerTool], 'peer-untrusted: a client signed by another CA is rejected by a server with verify', async () => {
  const server = await f.leaf(ca, { cn: 'server-main' });
  const good = await f.leaf(ca, { cn: 'client-a', eku: ['clientAuth'], san: undefined });
  const bad = await f.leaf(otherCa, { cn: 'client-b', eku: ['clientAuth'], san: undefined });
  const dir = folder({
    'server.conf': serverConf,
    'server.pem': server.pem,
    'server-key.pem': server.keyPem,
    'ca.pem': ca.pem,
    'client-a.pem': good.pem,
    'client-a-key.pem': good.keyPem,
    'client-b.pem': bad.pem,
    'client-b-key.pem': bad.keyPem,
  });
  const s = await NatsServer.start('server-main', dir, 'server.conf');
  const port = await s.port('client');
  fs.writeFileSync(path.join(dir, 'client-a.yaml'), clientYaml(`tls://localhost:${port}`, 'client-a'));
  fs.writeFileSync(path.join(dir, 'client-b.yaml'), clientYaml(`tls://localhost:${port}`, 'client-b'));
  const findings = check(dir);
  assert.deepEqual(codes(findings.filter((x) => x.file.endsWith('client-a.yaml'))), []);
  assert.deepEqual(codes(findings.filter((x) => x.file.endsWith('client-b.yaml'))), ['peer-untrusted']);
  assert.equal(await tryConnect(dir, port, '127.0.0.1', 'client-a'), undefined, 'the trusted client should connect');
  const err = await tryConnect(dir, port, '127.0.0.1', 'client-b');
  assert.ok(err, 'the client from another CA connected');
  await s.waitFor(/TLS handshake error/);
});

testWith([natsServerTool], 'host-mismatch: a client dialling a name the server certificate lacks fails', async () => {
  const server = await f.leaf(ca, { cn: 'server-main', san: { dns: ['server-main'] } });
  const client = await f.leaf(ca, { cn: 'client-a', eku: ['clientAuth'], san: undefined });
  const dir = folder({
    'server.conf': serverConf,
    'server.pem': server.pem,
    'server-key.pem': server.keyPem,
    'ca.pem': ca.pem,
    'client-a.pem': client.pem,
    'client-a-key.pem': client.keyPem,
  });
  const s = await NatsServer.start('server-main', dir, 'server.conf');
  const port = await s.port('client');
  fs.writeFileSync(path.join(dir, 'client-a.yaml'), clientYaml(`tls://localhost:${port}`, 'client-a'));
  const findings = check(dir);
  const hm = findings.filter((x) => x.code === 'host-mismatch');
  assert.equal(hm.length, 1, JSON.stringify(findings));
  assert.match(hm[0]!.message, /valid for server-main, not localhost/);
  const err = await tryConnect(dir, port, 'localhost', 'client-a');
  assert.ok(err, 'connecting to a name the certificate lacks succeeded');
  assert.match(String((err as Error & { cause?: unknown }).cause ?? '') + err.message, /altnames|ALTNAME|does not match/i);
});

testWith([natsServerTool], 'host-mismatch: a route dialled by IP to a certificate without IP SANs fails (Go verifies the IP)', async () => {
  const node = await f.leaf(ca, { cn: 'node', san: { dns: ['localhost'] } });
  const dir = folder({ 'node.pem': node.pem, 'node-key.pem': node.keyPem, 'ca.pem': ca.pem });
  fs.writeFileSync(path.join(dir, 'a.conf'), clusterConf('a', []));
  const a = await NatsServer.start('a', dir, 'a.conf');
  const port = await a.port('route');
  fs.writeFileSync(path.join(dir, 'b.conf'), clusterConf('b', [`nats-route://127.0.0.1:${port}`]));
  const findings = check(dir);
  const hm = findings.filter((x) => x.code === 'host-mismatch');
  assert.equal(hm.length, 1, JSON.stringify(findings));
  assert.match(hm[0]!.message, /doesn't contain any IP SANs/);
  const b = await NatsServer.start('b', dir, 'b.conf');
  const line = await b.waitFor(/TLS route handshake error|doesn't contain any IP SANs/);
  assert.match(line, /IP SANs|certificate/);
});

testWith([natsServerTool], 'an expired server certificate: nats-server starts, clients fail', async () => {
  const expired = await f.leaf(ca, {
    cn: 'server-main',
    notBefore: new Date(now.getTime() - 400 * DAY),
    notAfter: new Date(now.getTime() - 2 * DAY),
  });
  const client = await f.leaf(ca, { cn: 'client-a', eku: ['clientAuth'], san: undefined });
  const dir = folder({
    'server.conf': serverConf,
    'server.pem': expired.pem,
    'server-key.pem': expired.keyPem,
    'ca.pem': ca.pem,
    'client-a.pem': client.pem,
    'client-a-key.pem': client.keyPem,
  });
  assert.ok(codes(check(dir)).includes('cert-expired'));
  const s = await NatsServer.start('server-main', dir, 'server.conf');
  const port = await s.port('client');
  const err = await tryConnect(dir, port, 'localhost', 'client-a');
  assert.ok(err, 'a client accepted an expired server certificate');
  assert.match(String((err as Error & { cause?: unknown }).cause ?? '') + err.message, /expired|CERT_HAS_EXPIRED/i);
});
