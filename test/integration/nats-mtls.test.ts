// Real nats-server (Debian 2.9.10) and the `nats` client, over loopback, with certificates from our profiles:
// client mTLS with `verify: true`, a TLS route cluster, a TLS leafnode. Waits on log lines and promises only.
// Certificates are issued at test time; `now` is the real clock because nats-server and Node check real time.
import 'reflect-metadata';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connect, type ConnectionOptions, type NatsConnection } from 'nats';
import { parse as parseYaml } from 'yaml';
import { generateKeyPair, issueCertificate, privateKeyPem, type Issuer } from '../../server/src/core/ca/issue';
import { serverTemplate, keySpecOf } from '../../server/src/core/ca/profiles';
import { planCa, planClient, planMtls, planServer, type FilePlan } from '../../server/src/core/ca/scaffold';
import { writePlan } from '../../server/src/cli/write-plan';
import { NatsServer, stopAll } from '../helpers/nats-server';
import { describeWith, natsServerTool } from '../helpers/tools';

function write(dir: string, ...plans: FilePlan[]): void {
  for (const p of plans) writePlan(dir, p.files, { force: false });
}

const tlsFiles = (dir: string, name: string, ca = 'ca.pem') => ({
  caFile: path.join(dir, ca),
  certFile: path.join(dir, `${name}.pem`),
  keyFile: path.join(dir, `${name}-key.pem`),
});
const once: Partial<ConnectionOptions> = { reconnect: false, maxReconnectAttempts: 0, timeout: 10_000 };

describeWith([natsServerTool], 'client mutual TLS with `verify: true` (the gen mtls folder, run as generated)', () => {
  let dir = '';
  let server: NatsServer;
  let port = 0;
  const conns: NatsConnection[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-mtls-'));
    const now = new Date();
    // port -1: nats-server picks a free loopback port and logs it; nothing races for it.
    write(dir, await planMtls({ now, port: -1 }));
    const other = await planCa({ now });
    const otherDir = path.join(dir, 'other');
    write(otherDir, other, await planClient(other.issuer, { now, name: 'client-a' }));
    server = await NatsServer.start('server-main', dir, 'server.conf');
    port = await server.port('client');
  });
  after(async () => {
    await Promise.all(conns.map((c) => c.close().catch(() => undefined)));
    await stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Connection options from a generated client YAML, as a user's program would read it. */
  function fromYaml(name: string): ConnectionOptions {
    const y = parseYaml(fs.readFileSync(path.join(dir, `${name}.yaml`), 'utf8')) as { servers: string[]; tls: Record<string, string> };
    return {
      ...once,
      servers: y.servers.map((s) => s.replace(':-1', `:${port}`)),
      // nats.js would resolve "localhost" through DNS servers; the OS resolver (/etc/hosts) is what loopback needs.
      resolve: false,
      tls: { certFile: path.join(dir, y.tls.cert_file!), keyFile: path.join(dir, y.tls.key_file!), caFile: path.join(dir, y.tls.ca_file!) },
    } as ConnectionOptions;
  }

  test('client-a and client-b connect with their generated configs (tls://localhost) and exchange a message', async () => {
    const a = await connect(fromYaml('client-a'));
    conns.push(a);
    const b = await connect(fromYaml('client-b'));
    conns.push(b);
    assert.equal(a.info?.tls_required, true);
    assert.equal(a.info?.tls_verify, true);
    const sub = a.subscribe('greet', { max: 1 });
    await a.flush();
    b.publish('greet', new TextEncoder().encode('hello from client-b'));
    await b.flush();
    for await (const m of sub) assert.equal(new TextDecoder().decode(m.data), 'hello from client-b');
  });

  test('our client certificate also connects by IP (tls://127.0.0.1, the IP SAN)', async () => {
    const c = await connect({ ...once, servers: `tls://127.0.0.1:${port}`, tls: tlsFiles(dir, 'client-a') });
    conns.push(c);
    await c.flush();
  });

  test('a client without a certificate is rejected', async () => {
    await assert.rejects(
      connect({ ...once, servers: `tls://127.0.0.1:${port}`, tls: { caFile: path.join(dir, 'ca.pem') } }),
      (e: Error & { code?: string }) => {
        assert.match(
          `${e.code} ${e.message}`,
          /BAD_CERTIFICATE|CERTIFICATE_REQUIRED|bad certificate|certificate required|ECONNRESET|closed/i,
        );
        return true;
      },
    );
    const line = await server.waitFor(/TLS handshake error: .*client didn't provide a certificate/);
    assert.match(line, /\[ERR\]/);
  });

  test('a client certificate from another of our CAs is rejected', async () => {
    const foreign = { ...tlsFiles(path.join(dir, 'other'), 'client-a'), caFile: path.join(dir, 'ca.pem') };
    await assert.rejects(connect({ ...once, servers: `tls://127.0.0.1:${port}`, tls: foreign }));
    await server.waitFor(/TLS handshake error: .*(unknown authority|failed to verify)/);
  });
});

describeWith([natsServerTool], 'routes and leafnodes over TLS with our server certificates (nats-server is the TLS client too)', () => {
  let dir = '';
  let now: Date;
  let ca: Issuer;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-peers-'));
    now = new Date();
    // A name-constrained CA: Go's verifier must accept our constraints too, not only OpenSSL's.
    const plan = await planCa({ now, nameConstraints: true });
    ca = plan.issuer;
    write(dir, plan);
    for (const name of ['node-a', 'node-b', 'hub', 'spoke']) write(dir, await planServer(ca, { now, name, hosts: [] }));
    const other = await planCa({ now });
    write(path.join(dir, 'other'), other, await planServer(other.issuer, { now, name: 'node-x', hosts: [] }));
  });
  after(async () => {
    await stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tlsBlock = (name: string, ca = 'ca.pem', extra = ''): string =>
    `tls { cert_file: "${name}.pem", key_file: "${name}-key.pem", ca_file: "${ca}", timeout: 5${extra} }`;
  const conf = (file: string, text: string): string => (fs.writeFileSync(path.join(dir, file), text), file);

  test('two nodes form a cluster: the route is TLS with certificates verified both ways (nats-route://localhost)', async () => {
    const a = await NatsServer.start(
      'node-a',
      dir,
      conf(
        'node-a.conf',
        `server_name: node-a\nlisten: "127.0.0.1:-1"\ncluster {\n  name: c1\n  listen: "127.0.0.1:-1"\n  ${tlsBlock('node-a')}\n}\n`,
      ),
    );
    const routePort = await a.port('route');
    const b = await NatsServer.start(
      'node-b',
      dir,
      conf(
        'node-b.conf',
        `server_name: node-b\nlisten: "127.0.0.1:-1"\ncluster {\n  name: c1\n  listen: "127.0.0.1:-1"\n  routes: [ "nats-route://localhost:${routePort}" ]\n  ${tlsBlock('node-b')}\n}\n`,
      ),
    );
    await Promise.all([a.waitFor(/Route connection created/), b.waitFor(/Route connection created/)]);
    assert.ok(!a.log.concat(b.log).some((l) => /TLS route handshake error/.test(l)), 'no TLS route errors');
    await Promise.all([a.stop(), b.stop()]);
  });

  test('control: a node with a certificate from another CA gets no route', async () => {
    const a = await NatsServer.start(
      'node-a2',
      dir,
      conf('node-a2.conf', `listen: "127.0.0.1:-1"\ncluster {\n  name: c2\n  listen: "127.0.0.1:-1"\n  ${tlsBlock('node-a')}\n}\n`),
    );
    const x = await NatsServer.start(
      'node-x',
      dir,
      conf(
        'node-x.conf',
        `listen: "127.0.0.1:-1"\ncluster {\n  name: c2\n  listen: "127.0.0.1:-1"\n  routes: [ "nats-route://localhost:${await a.port('route')}" ]\n  ${tlsBlock('other/node-x')}\n}\n`,
      ),
    );
    // Go's TLS client only offers a certificate the server's CA list accepts, so node-a sees none at all.
    await a.waitFor(/TLS route handshake error: .*(client didn't provide a certificate|unknown authority|failed to verify)/);
    assert.ok(!a.log.some((l) => /Route connection created/.test(l)));
    await Promise.all([a.stop(), x.stop()]);
  });

  test('control: a server certificate without clientAuth cannot route (why our server profile has both)', async () => {
    const key = await generateKeyPair(keySpecOf());
    const t = serverTemplate({ name: 'server-only', dns: ['localhost'], ip: ['127.0.0.1', '::1'], now, key: key.spec });
    const issued = await issueCertificate({ ...t, extKeyUsage: ['serverAuth'] }, key, ca);
    fs.writeFileSync(path.join(dir, 'server-only.pem'), issued.pem);
    fs.writeFileSync(path.join(dir, 'server-only-key.pem'), await privateKeyPem(key), { mode: 0o600 });
    const a = await NatsServer.start(
      'node-a3',
      dir,
      conf('node-a3.conf', `listen: "127.0.0.1:-1"\ncluster {\n  name: c3\n  listen: "127.0.0.1:-1"\n  ${tlsBlock('node-a')}\n}\n`),
    );
    const s = await NatsServer.start(
      'server-only',
      dir,
      conf(
        'server-only.conf',
        `listen: "127.0.0.1:-1"\ncluster {\n  name: c3\n  listen: "127.0.0.1:-1"\n  routes: [ "nats-route://localhost:${await a.port('route')}" ]\n  ${tlsBlock('server-only')}\n}\n`,
      ),
    );
    await a.waitFor(/TLS route handshake error: .*incompatible key usage/);
    await Promise.all([a.stop(), s.stop()]);
  });

  test('a leafnode remote connects over TLS to a hub that verifies it (tls://127.0.0.1)', async () => {
    const hub = await NatsServer.start(
      'hub',
      dir,
      conf(
        'hub.conf',
        `server_name: hub\nlisten: "127.0.0.1:-1"\nleafnodes {\n  listen: "127.0.0.1:-1"\n  ${tlsBlock('hub', 'ca.pem', ', verify: true')}\n}\n`,
      ),
    );
    const spoke = await NatsServer.start(
      'spoke',
      dir,
      conf(
        'spoke.conf',
        `server_name: spoke\nlisten: "127.0.0.1:-1"\nleafnodes {\n  remotes: [ { url: "tls://127.0.0.1:${await hub.port('leafnode')}", ${tlsBlock('spoke')} } ]\n}\n`,
      ),
    );
    await Promise.all([hub.waitFor(/Leafnode connection created/), spoke.waitFor(/Leafnode connection created/)]);
    assert.ok(!hub.log.concat(spoke.log).some((l) => /TLS leafnode handshake error|handshake error/.test(l)));
    await Promise.all([hub.stop(), spoke.stop()]);
  });
});
