// verifyChain against Go itself: the installed nats-server (Go 1.19) verifies client certificates with
// crypto/x509, and logs Go's error for every rejected handshake. For each scenario we predict the outcome
// with verifyChain(usage 'clientAuth') and compare with what nats-server logged, text included.
// Loopback only; the certificates are issued around the real clock because nats-server reads it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { parsePemFile } from '../../server/src/core/x509/pem';
import { verifyChain } from '../../server/src/core/x509/verify';
import { CertFactory, DAY, writeFixtureDir, type FixtureDir, type Material } from '../helpers/certs';
import { NatsServer, stopAll } from '../helpers/nats-server';
import { describeWith, natsServerTool } from '../helpers/tools';

/** Connects like a NATS client: read INFO in plain text, then upgrade to TLS presenting `chain`. */
function presentCertificate(port: number, chainPem: string, keyPem: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = '';
    sock.on('error', reject);
    const onData = (d: Buffer): void => {
      buf += d.toString('latin1');
      if (!buf.includes('\r\n')) return;
      sock.off('data', onData);
      const localPort = sock.localPort!;
      try {
        // SECLEVEL=0: let OpenSSL send the SHA-1 certificate; judging it is the server's job.
        const t = tls.connect({ socket: sock, cert: chainPem, key: keyPem, rejectUnauthorized: false, ciphers: 'DEFAULT@SECLEVEL=0' });
        t.on('error', () => undefined); // the server's alert; its log says why
        t.on('secureConnect', () => t.write('CONNECT {}\r\nPING\r\n'));
        sockets.push(t);
        resolve(localPort);
      } catch (e) {
        reject(e);
      }
    };
    sock.on('data', onData);
  });
}
const sockets: tls.TLSSocket[] = [];

const normalize = (s: string): string =>
  s
    .replace(/current time \S+ is/, 'current time NOW is') // Go reads its own clock a moment later
    .replace(/ \(temporarily override with GODEBUG=x509sha1=1\)/, ''); // Go 1.18–1.23 only

describeWith([natsServerTool], 'Go (nats-server 2.9.10) agrees with verifyChain on client certificates', () => {
  const now = new Date();
  const f = new CertFactory(now);
  let dir: FixtureDir;
  const scenarios: { name: string; roots: string; chain: Material[]; key: Material }[] = [];
  const rootsFiles: Record<string, Material[]> = {};

  before(async () => {
    const root = await f.ca({ cn: 'Oracle Root' });
    const inter = await f.intermediate(root, { cn: 'Oracle Intermediate' });
    const oldInter = await f.intermediate(root, {
      cn: 'Old Intermediate',
      notBefore: new Date(now.getTime() - 400 * DAY),
      notAfter: new Date(now.getTime() - DAY),
    });
    const serverOnlyInter = await f.intermediate(root, { cn: 'Server-only Intermediate', eku: ['serverAuth'] });
    const fakeInter = await f.intermediate(root, { cn: 'Fake Intermediate', basicConstraints: { ca: false } });
    const regenerated = await f.ca({ cn: 'Oracle Root' });
    const other = await f.ca({ cn: 'Other Root' });
    const { ca: constrained, leaf: outside } = await f.outsideConstraints('nats.example.com');
    const { fakeCa, leaf: byFake } = await f.notACa();
    const pathZero = await f.ca({ cn: 'Path Zero', pathLen: 0 });
    const underPathZero = await f.intermediate(pathZero, { cn: 'Under Path Zero' });
    const add = (name: string, roots: string, key: Material, ...rest: Material[]): void =>
      void scenarios.push({ name, roots, chain: [key, ...rest], key });

    rootsFiles['root.pem'] = [root];
    add('good chain', 'root.pem', await f.leaf(inter, { cn: 'good' }), inter);
    add('direct from the root', 'root.pem', await f.leaf(root, { cn: 'direct' }));
    add('unknown authority', 'root.pem', await f.leaf(other, { cn: 'foreign' }));
    add('intermediate not sent', 'root.pem', await f.leaf(inter, { cn: 'orphan' }));
    add('expired leaf', 'root.pem', await f.expired(root, 12));
    add('not-yet-valid leaf', 'root.pem', await f.notYetValid(root, 3));
    add('server-only leaf used as a client', 'root.pem', await f.leaf(root, { cn: 'server-only', eku: ['serverAuth'] }));
    add('expired intermediate', 'root.pem', await f.leaf(oldInter, { cn: 'under-old' }), oldInter);
    add('intermediate limited to serverAuth', 'root.pem', await f.leaf(serverOnlyInter, { cn: 'under-server-only' }), serverOnlyInter);
    add('CA:FALSE intermediate', 'root.pem', await f.leaf(fakeInter, { cn: 'under-fake' }), fakeInter);
    add('regenerated CA with the same name', 'root.pem', await f.leaf(regenerated, { cn: 'from-regenerated' }));
    add('SHA-1 signature', 'root.pem', await f.sha1Signed(root));
    rootsFiles['constrained.pem'] = [constrained];
    add('outside name constraints', 'constrained.pem', outside);
    add('inside name constraints', 'constrained.pem', await f.leaf(constrained, { san: { dns: ['localhost'], ip: ['127.0.0.1'] } }));
    // Email constraints: Go compares the local part exactly and the domain in any case.
    const emailCa = await f.ca({ cn: 'Permits alice', nameConstraints: { permitted: ['alice@example.com'] } });
    rootsFiles['email.pem'] = [emailCa];
    add(
      'permitted mailbox, domain in another case',
      'email.pem',
      await f.leaf(emailCa, { cn: 'alice', san: { email: ['alice@EXAMPLE.com'] } }),
    );
    add(
      'permitted mailbox, local part in another case',
      'email.pem',
      await f.leaf(emailCa, { cn: 'Alice', san: { email: ['Alice@example.com'] } }),
    );
    rootsFiles['fake-ca.pem'] = [fakeCa];
    add('CA:FALSE root', 'fake-ca.pem', byFake);
    rootsFiles['path-zero.pem'] = [pathZero];
    add('path length exceeded', 'path-zero.pem', await f.leaf(underPathZero, { cn: 'too-deep' }), underPathZero);

    const serverCert = await f.leaf(root, { cn: 'oracle-server' });
    const files: Record<string, string> = { 'server.pem': serverCert.pem, 'server-key.pem': serverCert.keyPem };
    for (const [name, roots] of Object.entries(rootsFiles)) files[name] = roots.map((r) => r.pem).join('');
    dir = writeFixtureDir(files);
  });

  after(async () => {
    sockets.forEach((s) => s.destroy());
    await stopAll();
    dir?.cleanup();
  });

  async function start(rootsFile: string): Promise<{ server: NatsServer; port: number }> {
    const conf = `listen: "127.0.0.1:-1"\ndebug: true\ntls { cert_file: "server.pem", key_file: "server-key.pem", ca_file: "${rootsFile}", verify: true, timeout: 5 }\n`;
    dir.write(`${rootsFile}.conf`, conf);
    const server = await NatsServer.start(rootsFile, dir.dir, `${rootsFile}.conf`);
    return { server, port: await server.port('client') };
  }

  test('every scenario: same verdict, and for rejections the same x509 error text', async () => {
    const byRoots = new Map<string, { server: NatsServer; port: number }>();
    const rows: string[] = [];
    for (const s of scenarios) {
      let srv = byRoots.get(s.roots);
      if (!srv) byRoots.set(s.roots, (srv = await start(s.roots)));
      const parse = (pem: string) => parsePemFile(Buffer.from(pem), { path: 'x', size: pem.length, mtimeMs: 0 });
      const sent = parse(s.chain.map((m) => m.pem).join('')).certs;
      const roots = parse(rootsFiles[s.roots]!.map((m) => m.pem).join('')).certs;
      const predicted = verifyChain(sent[0]!, { intermediates: sent.slice(1), roots, at: new Date(), usage: 'clientAuth' });
      const localPort = await presentCertificate(srv.port, s.chain.map((m) => m.pem).join(''), s.key.keyPem);
      const line = await srv.server.waitFor(
        new RegExp(`127\\.0\\.0\\.1:${localPort} - cid:\\d+ - (TLS handshake error|TLS handshake complete)`),
      );
      const goError = /TLS handshake error: (?:tls: failed to verify client certificate: )?(.*)$/.exec(line)?.[1];
      rows.push(`${s.name}: ours=${predicted.ok ? 'ok' : `${predicted.reason}: ${predicted.detail}`} | go=${goError ?? 'ok'}`);
      if (goError === undefined) assert.ok(predicted.ok, `${s.name}: Go accepted it, we predicted ${JSON.stringify(predicted)}`);
      else {
        assert.ok(!predicted.ok, `${s.name}: Go rejected it (${goError}), we predicted success`);
        assert.equal(normalize(predicted.detail), normalize(goError), s.name);
      }
    }
    console.log(rows.join('\n'));
    assert.equal(rows.length, scenarios.length);
  });
});
