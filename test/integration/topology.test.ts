// The deployment's links with real nats-server releases (the newest installed, and 2.9.10) on loopback:
// a 3-node cluster with per-node certificates forms every route (/routez); the same cluster with one node
// from another CA fails exactly the links nats-tls marks failing, and the others hold, with the log lines
// nats-tls quotes; a leaf hub rejects a spoke from another CA (Go sends no certificate: the hub says "didn't
// provide", the spoke only "Read Error"), a spoke rejects the hub's name, a good pair connects; a gateway
// pair between two one-node clusters connects. Waits on log lines and monitoring endpoints, never on time.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { topologyOf, type Topology } from '../../server/src/core/topology/build';
import { DEFAULT_SETTINGS, type TlsModel } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { CertFactory, writeFixtureDir, type FixtureDir, type Material } from '../helpers/certs';
import { NatsServer, stopAll } from '../helpers/nats-server';
import { latestOracle, oracle, type Oracle } from '../helpers/oracles';
import { latestOracleTool, oracleTool, testWith } from '../helpers/tools';

const now = new Date();
const f = new CertFactory(now);
const dirs: FixtureDir[] = [];
let ca: Material;
let ca2: Material;
const m: Record<string, Material> = {};

before(async () => {
  ca = await f.ca({ cn: 'Cluster CA' });
  ca2 = await f.ca({ cn: 'Other CA' });
  for (const n of ['a', 'b', 'c'])
    m[n] = await f.leaf(ca, { cn: `node-${n}`, san: { dns: ['localhost', `node-${n}`], ip: ['127.0.0.1'] } });
  m.c2 = await f.leaf(ca2, { cn: 'node-c', san: { dns: ['localhost', 'node-c'], ip: ['127.0.0.1'] } });
  m.hub = await f.leaf(ca, { cn: 'hub', san: { dns: ['localhost'], ip: ['127.0.0.1'] } });
  m.hubInternal = await f.leaf(ca, { cn: 'hub', san: { dns: ['hub.internal'] } });
  m.spoke = await f.leaf(ca, { cn: 'spoke', san: { dns: ['spoke'] } });
  m.spoke2 = await f.leaf(ca2, { cn: 'spoke', san: { dns: ['spoke'] } });
});
after(async () => {
  await stopAll();
  for (const d of dirs) d.cleanup();
});

function releases(): Oracle[] {
  const list = [latestOracle(), oracle('2.9.10')].filter((o): o is Oracle => !!o);
  return list.filter((o, i) => list.findIndex((x) => x.version === o.version) === i);
}

/** Ports the OS has just handed out (bound, then released): configs that name each other need them fixed. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve) => {
          const s = net.createServer();
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function folder(files: Record<string, string>): FixtureDir {
  const all: Record<string, string> = { 'ca.pem': ca.pem, 'ca2.pem': ca2.pem, 'both.pem': ca.pem + ca2.pem };
  for (const [k, v] of Object.entries(m)) {
    all[`${k}.pem`] = v.pem;
    all[`${k}-key.pem`] = v.keyPem;
  }
  const d = writeFixtureDir({ ...all, ...files }, { prefix: 'nats-tls-topology-', mode: () => 0o600 });
  dirs.push(d);
  return d;
}

/** nats-tls's findings and topology over every config in `dir`, for the release under test. */
function analyse(dir: string, version: string): { findings: Finding[]; topology: Topology } {
  const project = new Project(nodeHost({ NATS_TLS_NOW: now.toISOString() }), () => ({
    ...DEFAULT_SETTINGS,
    base: 'config',
    roots: [dir],
    serverVersion: version,
  }));
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.conf'))) {
    const file = path.join(dir, name);
    project.set(openDocument(file, fs.readFileSync(file, 'utf8'), { ctx: { env: {}, fs: nodeFs, dialect: 'latest' } })!);
  }
  const findings = project.allFindings();
  const models = project
    .files()
    .map((file) => project.model(file))
    .filter((x): x is TlsModel => !!x);
  return { findings, topology: topologyOf(models) };
}

async function monitor(s: NatsServer): Promise<number> {
  const line = await s.waitFor(/Starting http monitor on .*:\d+/);
  return Number(/:(\d+)\s*$/.exec(line)![1]);
}

async function get(port: number, endpoint: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`http://127.0.0.1:${port}/${endpoint}`)).json()) as Record<string, unknown>;
}

/** Waits until `ok` holds for the endpoint's answer: asked again after each new log line, never on a timer. */
async function until<T>(s: NatsServer, port: number, endpoint: string, ok: (j: Record<string, unknown>) => T | undefined): Promise<T> {
  for (;;) {
    const from = s.log.length;
    const r = ok(await get(port, endpoint));
    if (r !== undefined) return r;
    await s.waitFor(/./, from);
  }
}

const clusterConf = (name: string, port: number, routes: number[], cert: string, caFile: string): string => `server_name: node-${name}
listen: 127.0.0.1:-1
http: 127.0.0.1:-1
cluster {
  name: c1
  listen: 127.0.0.1:${port}
  routes: [${routes.map((p) => `"nats-route://localhost:${p}"`).join(', ')}]
  tls {
    cert_file: "${cert}.pem"
    key_file: "${cert}-key.pem"
    ca_file: "${caFile}"
    timeout: 5
  }
}
`;

interface Node {
  name: string;
  server: NatsServer;
  http: number;
  id: string;
}

/** Starts the three nodes; returns them with their monitoring ports and server ids. */
async function startCluster(o: Oracle, d: FixtureDir): Promise<Node[]> {
  const nodes: Node[] = [];
  for (const name of ['a', 'b', 'c']) {
    const server = await NatsServer.start(`${o.version}-node-${name}`, d.dir, `${name}.conf`, { bin: o.path });
    const http = await monitor(server);
    nodes.push({ name, server, http, id: (await get(http, 'varz')).server_id as string });
  }
  return nodes;
}

/** The peers (node names) a node has routes to, once they are `expected`. */
async function waitForRoutes(n: Node, nodes: Node[], expected: string[]): Promise<string[]> {
  const names = new Map(nodes.map((x) => [x.id, x.name]));
  return until(n.server, n.http, 'routez', (j) => {
    const peers = [...new Set(((j.routes ?? []) as { remote_id: string }[]).map((r) => names.get(r.remote_id) ?? r.remote_id))].sort();
    return peers.join(',') === expected.join(',') ? peers : undefined;
  });
}

/** Route pairs nats-tls predicts to form: a pair connects when either direction's handshakes hold. */
function predictedPeers(t: Topology, name: string): string[] {
  const node = (l: Topology['links'][number], end: 'from' | 'to'): string | undefined =>
    (end === 'from' ? l.from.serverName : l.pairing.node?.serverName)?.replace('node-', '');
  const peers = new Set<string>();
  for (const l of t.links) {
    if (l.kind !== 'route' || l.status !== 'ok') continue;
    const [x, y] = [node(l, 'from'), node(l, 'to')];
    if (x === name && y) peers.add(y);
    if (y === name && x) peers.add(x);
  }
  return [...peers].sort();
}

describe('the deployment with real servers', { timeout: 300_000 }, () => {
  testWith([oracleTool('2.9.10'), latestOracleTool], 'a 3-node cluster with per-node certificates forms every route', async () => {
    for (const o of releases()) {
      const ports = await freePorts(3);
      const d = folder({
        'a.conf': clusterConf('a', ports[0]!, ports, 'a', 'ca.pem'),
        'b.conf': clusterConf('b', ports[1]!, ports, 'b', 'ca.pem'),
        'c.conf': clusterConf('c', ports[2]!, ports, 'c', 'ca.pem'),
      });
      const { findings, topology } = analyse(d.dir, o.version);
      assert.deepEqual(
        findings.filter((x) => x.severity !== 'information'),
        [],
        o.version,
      );
      assert.equal(topology.links.length, 6);
      assert.ok(
        topology.links.every((l) => l.status === 'ok'),
        o.version,
      );
      const nodes = await startCluster(o, d);
      for (const n of nodes)
        assert.deepEqual(
          await waitForRoutes(n, nodes, predictedPeers(topology, n.name)),
          ['a', 'b', 'c'].filter((x) => x !== n.name),
        );
      await Promise.all(nodes.map((n) => n.server.stop()));
    }
  });

  testWith(
    [oracleTool('2.9.10'), latestOracleTool],
    'one node from another CA: exactly the links nats-tls marks failing fail, with its log lines',
    async () => {
      for (const o of releases()) {
        const ports = await freePorts(3);
        // node-c trusts both CAs but has a certificate from the other one: it verifies a and b, they refuse it.
        const d = folder({
          'a.conf': clusterConf('a', ports[0]!, ports, 'a', 'ca.pem'),
          'b.conf': clusterConf('b', ports[1]!, ports, 'b', 'ca.pem'),
          'c.conf': clusterConf('c', ports[2]!, ports, 'c2', 'both.pem'),
        });
        const { findings, topology } = analyse(d.dir, o.version);
        const failing = topology.links.filter((l) => l.status === 'fails').map((l) => `${l.from.serverName}→${l.pairing.node?.serverName}`);
        assert.deepEqual(failing.sort(), ['node-a→node-c', 'node-b→node-c', 'node-c→node-a', 'node-c→node-b'], o.version);
        assert.equal(findings.filter((x) => x.code === 'peer-untrusted').length, 4);
        const nodes = await startCluster(o, d);
        const [a, b, c] = nodes as [Node, Node, Node];
        // Each failing direction shows in the dialer's or the listener's log, as predicted.
        const aToC = topology.links.find((l) => l.from.serverName === 'node-a' && l.pairing.node?.serverName === 'node-c')!;
        const cToA = topology.links.find((l) => l.from.serverName === 'node-c' && l.pairing.node?.serverName === 'node-a')!;
        assert.match(aToC.reasons[0]!, /node-a logs "TLS route handshake error: .*x509: certificate signed by unknown authority"/);
        assert.match(
          cToA.reasons[0]!,
          /so Go's TLS client sends no certificate at all: node-a logs "TLS route handshake error: tls: client didn't provide a certificate"/,
        );
        await a.server.waitFor(
          new RegExp(`:${ports[2]} - rid:\\d+ - TLS route handshake error: .*x509: certificate signed by unknown authority`),
        );
        await a.server.waitFor(/TLS route handshake error: tls: client didn't provide a certificate/);
        await b.server.waitFor(/TLS route handshake error: tls: client didn't provide a certificate/);
        for (const n of [a, b]) assert.deepEqual(await waitForRoutes(n, nodes, predictedPeers(topology, n.name)), [n === a ? 'b' : 'a']);
        assert.deepEqual(await waitForRoutes(c, nodes, predictedPeers(topology, 'c')), []);
        await Promise.all(nodes.map((n) => n.server.stop()));
      }
    },
  );

  const hubConf = (port: number, cert: string): string =>
    `server_name: hub\nlisten: 127.0.0.1:-1\nhttp: 127.0.0.1:-1\nleafnodes {\n  listen: 127.0.0.1:${port}\n  tls {\n    cert_file: "${cert}.pem"\n    key_file: "${cert}-key.pem"\n    ca_file: "ca.pem"\n    verify: true\n    timeout: 5\n  }\n}\n`;
  const spokeConf = (port: number, cert: string): string =>
    `server_name: spoke\nlisten: 127.0.0.1:-1\nleafnodes {\n  remotes: [\n    {\n      url: "tls://localhost:${port}"\n      tls {\n        cert_file: "${cert}.pem"\n        key_file: "${cert}-key.pem"\n        ca_file: "ca.pem"\n        timeout: 5\n      }\n    }\n  ]\n}\n`;

  async function leafPair(
    o: Oracle,
    hubCert: string,
    spokeCert: string,
  ): Promise<{ hub: NatsServer; spoke: NatsServer; findings: Finding[]; topology: Topology }> {
    const [port] = await freePorts(1);
    const d = folder({ 'hub.conf': hubConf(port!, hubCert), 'spoke.conf': spokeConf(port!, spokeCert) });
    const { findings, topology } = analyse(d.dir, o.version);
    const hub = await NatsServer.start(`${o.version}-hub`, d.dir, 'hub.conf', { bin: o.path });
    const spoke = await NatsServer.start(`${o.version}-spoke`, d.dir, 'spoke.conf', { bin: o.path });
    return { hub, spoke, findings, topology };
  }

  testWith(
    [oracleTool('2.9.10'), latestOracleTool],
    'leaf nodes: the hub rejects a spoke from another CA; the spoke rejects the hub’s name; a good pair connects',
    async () => {
      for (const o of releases()) {
        // The hub asks for a certificate from Cluster CA; the spoke's is from Other CA, so Go sends none.
        const rejected = await leafPair(o, 'hub', 'spoke2');
        const [e] = rejected.findings.filter((x) => x.code === 'peer-untrusted' && x.file.endsWith('spoke.conf'));
        assert.ok(e, o.version);
        assert.match(
          e.message,
          /hub logs "TLS leafnode handshake error: tls: client didn't provide a certificate", and spoke logs only that the connection closed \("Read Error"\)/,
        );
        await rejected.hub.waitFor(/TLS leafnode handshake error: tls: client didn't provide a certificate/);
        await rejected.spoke.waitFor(/Leafnode connection closed: Read Error/);
        assert.ok(!rejected.spoke.log.some((l) => /x509/.test(l)), 'the spoke logs no x509 error');
        await Promise.all([rejected.hub.stop(), rejected.spoke.stop()]);

        const misnamed = await leafPair(o, 'hubInternal', 'spoke');
        const [h] = misnamed.findings.filter((x) => x.code === 'host-mismatch' && x.file.endsWith('spoke.conf'));
        assert.ok(h, o.version);
        assert.match(h.message, /x509: certificate is valid for hub\.internal, not localhost/);
        await misnamed.spoke.waitFor(/TLS leafnode handshake error: .*x509: certificate is valid for hub\.internal, not localhost/);
        await Promise.all([misnamed.hub.stop(), misnamed.spoke.stop()]);

        const good = await leafPair(o, 'hub', 'spoke');
        assert.deepEqual(
          good.topology.links.map((l) => `${l.kind} ${l.status}`),
          ['leafnode ok'],
        );
        const http = await monitor(good.hub);
        assert.equal(await until(good.hub, http, 'leafz', (j) => ((j.leafnodes as number) === 1 ? 1 : undefined)), 1);
        await Promise.all([good.hub.stop(), good.spoke.stop()]);
      }
    },
  );

  const gwConf = (name: string, port: number, peer: string, peerPort: number, cert: string): string =>
    `server_name: gw-${name}\nlisten: 127.0.0.1:-1\nhttp: 127.0.0.1:-1\ngateway {\n  name: ${name}\n  listen: 127.0.0.1:${port}\n  gateways: [ { name: ${peer}, url: "nats://localhost:${peerPort}" } ]\n  tls {\n    cert_file: "${cert}.pem"\n    key_file: "${cert}-key.pem"\n    ca_file: "ca.pem"\n    timeout: 5\n  }\n}\n`;

  testWith(
    [oracleTool('2.9.10'), latestOracleTool],
    'a gateway pair between two one-node clusters connects both ways, as predicted',
    async () => {
      for (const o of releases()) {
        const [pa, pb] = await freePorts(2);
        const d = folder({ 'east.conf': gwConf('EAST', pa!, 'WEST', pb!, 'a'), 'west.conf': gwConf('WEST', pb!, 'EAST', pa!, 'b') });
        const { findings, topology } = analyse(d.dir, o.version);
        assert.deepEqual(
          findings.filter((x) => x.severity === 'error'),
          [],
          o.version,
        );
        assert.deepEqual(topology.links.map((l) => `${l.from.serverName}→${l.pairing.node?.serverName} ${l.status}`).sort(), [
          'gw-EAST→gw-WEST ok',
          'gw-WEST→gw-EAST ok',
        ]);
        const east = await NatsServer.start(`${o.version}-east`, d.dir, 'east.conf', { bin: o.path });
        const west = await NatsServer.start(`${o.version}-west`, d.dir, 'west.conf', { bin: o.path });
        for (const [s, peer] of [
          [east, 'WEST'],
          [west, 'EAST'],
        ] as const) {
          const http = await monitor(s);
          await until(s, http, 'gatewayz', (j) => {
            const out = (j.outbound_gateways ?? {}) as Record<string, unknown>;
            const inb = (j.inbound_gateways ?? {}) as Record<string, unknown[]>;
            return out[peer] && inb[peer]?.length ? true : undefined;
          });
        }
        await Promise.all([east.stop(), west.stop()]);
      }
    },
  );
});
