// verify_and_map and pinned_certs with real nats-server releases (the newest installed, and 2.9.10) and the
// `nats` client over loopback: the client nats-tls says maps connects, the one it says maps to nobody gets
// "Authorization Violation", and after the quick fix's user is added (email and subject forms) it connects;
// the subject strings nats-tls computes are the ones nats-server logs (-D); a pinned client connects and an
// unpinned one is refused. Certificates are issued at test time with the real clock (the servers check it).
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connect } from 'nats';
import { serverAuth } from '../../server/src/core/auth/users';
import { openDocument } from '../../server/src/core/document';
import { addUserEdit } from '../../server/src/core/edits/users';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import { identitiesOf, mapIdentity } from '../../server/src/core/identity/map';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { parseVersion } from '../../server/src/core/tls/versions';
import type { Finding } from '../../server/src/core/types';
import { parseCertificate } from '../../server/src/core/x509/cert';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { CertFactory, writeFixtureDir, type FixtureDir, type Material } from '../helpers/certs';
import { NatsServer, stopAll } from '../helpers/nats-server';
import { latestOracle, oracle, type Oracle } from '../helpers/oracles';
import { subjectCert } from '../helpers/subjects';
import { latestOracleTool, oracleTool, testWith } from '../helpers/tools';

const now = new Date();
const f = new CertFactory(now);
const dirs: FixtureDir[] = [];
let ca: Material;
const m: Record<string, Material> = {};

before(async () => {
  ca = await f.ca({ cn: 'Identity CA' });
  m.server = await f.leaf(ca, { cn: 'server-main' });
  m.alice = await f.leaf(ca, { cn: 'alice', eku: ['clientAuth'], san: { email: ['alice@example.test'] } });
  m.bob = await f.leaf(ca, { subject: { CN: 'bob', O: 'Acme' }, eku: ['clientAuth'], san: undefined });
  m.carol = await f.leaf(ca, { cn: 'carol', eku: ['clientAuth'], san: { email: ['carol@example.test'], dns: ['carol'] } });
});
after(async () => {
  await stopAll();
  for (const d of dirs) d.cleanup();
});

/** Both the newest installed release and 2.9.10 (one entry when they are the same). */
function releases(): Oracle[] {
  const list = [latestOracle(), oracle('2.9.10')].filter((o): o is Oracle => !!o);
  return list.filter((o, i) => list.findIndex((x) => x.version === o.version) === i);
}

function folder(extra: Record<string, string>): FixtureDir {
  const files: Record<string, string> = { 'ca.pem': ca.pem };
  for (const [k, v] of Object.entries(m)) {
    files[`${k}.pem`] = v.pem;
    files[`${k}-key.pem`] = v.keyPem;
  }
  const d = writeFixtureDir({ ...files, ...extra }, { prefix: 'nats-tls-identity-', mode: () => 0o600 });
  dirs.push(d);
  return d;
}

const clientYaml = (name: string): string =>
  `servers: ["tls://localhost:4222"]\ntls:\n  cert_file: ${name}.pem\n  key_file: ${name}-key.pem\n  ca_file: ca.pem\n`;

/** nats-tls's findings over every config in `dir`, for the release under test. */
function check(dir: string, version: string): Finding[] {
  const project = new Project(nodeHost({ NATS_TLS_NOW: now.toISOString() }), () => ({
    ...DEFAULT_SETTINGS,
    base: 'config',
    roots: [dir],
    serverVersion: version,
  }));
  for (const name of fs.readdirSync(dir).filter((n) => /\.(conf|yaml)$/.test(n))) {
    const file = path.join(dir, name);
    project.set(openDocument(file, fs.readFileSync(file, 'utf8'), { ctx: { env: {}, fs: nodeFs, dialect: 'latest' } })!);
  }
  return project.allFindings();
}

const codesIn = (findings: Finding[], file: string, code: string): Finding[] =>
  findings.filter((x) => x.file.endsWith(file) && x.code === code);

async function tryConnect(dir: string, port: number, name: string): Promise<Error | undefined> {
  try {
    const nc = await connect({
      servers: `tls://127.0.0.1:${port}`,
      tls: { caFile: path.join(dir, 'ca.pem'), certFile: path.join(dir, `${name}.pem`), keyFile: path.join(dir, `${name}-key.pem`) },
      reconnect: false,
      maxReconnectAttempts: 0,
      timeout: 10_000,
    } as Parameters<typeof connect>[0]);
    await nc.flush();
    await nc.close();
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

/** The quick fix of cert-maps-to-no-user, as the language server computes it: a user named after `names[0]`. */
function applyQuickFix(conf: string, finding: Finding): string {
  const text = fs.readFileSync(conf, 'utf8');
  const doc = openDocument(conf, text, { ctx: { env: {}, fs: nodeFs, dialect: 'latest' } })!;
  const name = (finding.data?.names as { value: string }[])[0]!.value;
  const list = serverAuth(doc).clientLists.find((l) => l.account === undefined)!;
  const edit = addUserEdit(list.array, name, false)!;
  const fixed = applyEdits(text, [edit]);
  fs.writeFileSync(conf, fixed);
  return name;
}

async function reload(s: NatsServer): Promise<void> {
  const done = s.waitForNext(/Reloaded server configuration/);
  s.proc.kill('SIGHUP');
  await done;
}

const SERVER = `listen: 127.0.0.1:-1
tls {
  cert_file: "server.pem"
  key_file: "server-key.pem"
  ca_file: "ca.pem"
  verify_and_map: true
  timeout: 5
}
authorization {
  users: [
    { user: "alice@example.test" }
  ]
}
`;

describe('verify_and_map with real servers', { timeout: 120_000 }, () => {
  testWith(
    [oracleTool('2.9.10'), latestOracleTool],
    'mapped connects; unmapped gets Authorization Violation; the quick fix user then connects',
    async () => {
      for (const o of releases()) {
        const d = folder({
          'server.conf': SERVER,
          'alice.yaml': clientYaml('alice'),
          'bob.yaml': clientYaml('bob'),
          'carol.yaml': clientYaml('carol'),
        });
        const findings = check(d.dir, o.version);
        assert.deepEqual(codesIn(findings, 'alice.yaml', 'cert-maps-to-no-user'), [], o.version);
        const [bobF] = codesIn(findings, 'bob.yaml', 'cert-maps-to-no-user');
        const [carolF] = codesIn(findings, 'carol.yaml', 'cert-maps-to-no-user');
        assert.ok(bobF && carolF, `${o.version}: ${JSON.stringify(findings.map((x) => x.code))}`);
        const s = await NatsServer.start(`identity-${o.version}`, d.dir, 'server.conf', { bin: o.path });
        const port = await s.port('client');
        assert.equal(await tryConnect(d.dir, port, 'alice'), undefined, `${o.version}: alice (email SAN) should connect`);
        for (const name of ['bob', 'carol']) {
          const err = await tryConnect(d.dir, port, name);
          assert.match(String(err), /Authorization Violation/i, `${o.version}: ${name} should be refused`);
        }
        // The subject form (bob) and the email form (carol), written as the quick fix writes them.
        assert.equal(applyQuickFix(d.path('server.conf'), bobF), 'CN=bob,O=Acme');
        assert.equal(applyQuickFix(d.path('server.conf'), carolF), 'carol@example.test');
        const after = check(d.dir, o.version);
        assert.deepEqual(
          after.filter((x) => x.code === 'cert-maps-to-no-user'),
          [],
          o.version,
        );
        await reload(s);
        assert.equal(await tryConnect(d.dir, port, 'bob'), undefined, `${o.version}: bob connects as "CN=bob,O=Acme"`);
        assert.equal(await tryConnect(d.dir, port, 'carol'), undefined, `${o.version}: carol connects as carol@example.test`);
        await s.stop();
      }
    },
  );

  testWith(
    [oracleTool('2.9.10'), latestOracleTool],
    'the subject strings nats-tls computes are the ones nats-server tries (-D log)',
    async () => {
      const odd: Record<string, Parameters<typeof subjectCert>[2]> = {
        reordered: { subject: 'CN=client-r, O=Acme' },
        dcs: { subject: 'DC=com, DC=example, OU=eng, CN=svc' },
        multi: { subject: 'O=Acme, OU=eng+OU=ops, CN=multi' },
        escaped: { subject: 'O=Acme\\, Inc, CN=a+b' },
        emailAttr: { subject: 'CN=legacy, E=legacy@example.test, O=Acme' },
      };
      const made: Record<string, Material> = {};
      for (const [k, o] of Object.entries(odd)) made[k] = await subjectCert(f, ca, o);
      const extra: Record<string, string> = { 'server.conf': SERVER };
      for (const [k, v] of Object.entries(made)) {
        extra[`${k}.pem`] = v.pem;
        extra[`${k}-key.pem`] = v.keyPem;
      }
      for (const o of releases()) {
        const d = folder(extra);
        const s = await NatsServer.start(`subjects-${o.version}`, d.dir, 'server.conf', { bin: o.path, args: ['-D'] });
        const port = await s.port('client');
        const version = parseVersion(o.version)!;
        for (const [k, v] of Object.entries(made)) {
          const notFound = s.waitForNext(/User in cert \[.*\], not found/);
          const err = await tryConnect(d.dir, port, k);
          assert.match(String(err), /Authorization Violation/i, `${o.version} ${k}`);
          const line = await notFound;
          const logged = JSON.parse(/User in cert \[(".*")\], not found/.exec(line)![1]!) as string;
          const parsed = parseCertificate(v.der, 0, 0);
          assert.ok(parsed.ok);
          const ids = identitiesOf(parsed.cert, version);
          assert.equal(ids.list.find((i) => i.kind === 'subject')?.value, logged, `${o.version} ${k}: Go's subject string`);
          const dc = ids.list.find((i) => i.kind === 'subject-dc');
          const dnTried = s.log.some(
            (l) => /DistinguishedNameMatch could not be used/.test(l) && l.includes(JSON.stringify(logged).slice(1, -1)),
          );
          assert.equal(!!ids.dn, dnTried, `${o.version} ${k}: whether nats-server reads the subject as a DN`);
          if (dc)
            assert.ok(
              s.log.some((l) => l.includes(`RDNSequence could not be used for auth [${JSON.stringify(dc.value)}]`)),
              `${o.version} ${k}: ${dc.value}`,
            );
        }
        await s.stop();
      }
    },
  );

  testWith(
    [oracleTool('2.9.10'), latestOracleTool],
    'a certificate with only a DNS SAN and no subject: nats-tls predicts each release',
    async () => {
      const headless = await subjectCert(f, ca, { subject: '', san: { dns: ['headless'] } });
      const conf = SERVER.replace('{ user: "alice@example.test" }', '{ user: "headless" }');
      for (const o of releases()) {
        const d = folder({ 'server.conf': conf, 'headless.pem': headless.pem, 'headless-key.pem': headless.keyPem });
        const parsed = parseCertificate(headless.der, 0, 0);
        assert.ok(parsed.ok);
        const version = parseVersion(o.version)!;
        const auth = serverAuth(openDocument(d.path('server.conf'), conf, { ctx: { env: {}, fs: nodeFs, dialect: 'latest' } })!);
        const predicted = !!mapIdentity(identitiesOf(parsed.cert, version), auth.clientUsers, { version, dnMatching: true });
        // nats-server looks at DNS SANs of a subject-less certificate only from 2.15.
        assert.equal(predicted, version.minor >= 15, o.version);
        const s = await NatsServer.start(`headless-${o.version}`, d.dir, 'server.conf', { bin: o.path });
        const err = await tryConnect(d.dir, await s.port('client'), 'headless');
        assert.equal(err === undefined, predicted, `${o.version}: predicted ${predicted ? 'maps' : 'refused'}, got ${String(err)}`);
        await s.stop();
      }
    },
  );

  testWith([oracleTool('2.9.10'), latestOracleTool], 'pinned_certs: the pinned client connects, the unpinned one is refused', async () => {
    const pin = createHash('sha256')
      .update(createPublicKey(m.alice!.pem).export({ type: 'spki', format: 'der' }))
      .digest('hex');
    const conf = `listen: 127.0.0.1:-1\ntls {\n  cert_file: "server.pem"\n  key_file: "server-key.pem"\n  ca_file: "ca.pem"\n  verify: true\n  timeout: 5\n  pinned_certs: ["${pin}"]\n}\n`;
    for (const o of releases()) {
      const d = folder({ 'server.conf': conf, 'alice.yaml': clientYaml('alice'), 'bob.yaml': clientYaml('bob') });
      const findings = check(d.dir, o.version);
      assert.deepEqual(codesIn(findings, 'alice.yaml', 'pin-mismatch'), []);
      assert.equal(codesIn(findings, 'bob.yaml', 'pin-mismatch').length, 1);
      const s = await NatsServer.start(`pins-${o.version}`, d.dir, 'server.conf', { bin: o.path });
      const port = await s.port('client');
      assert.equal(await tryConnect(d.dir, port, 'alice'), undefined, `${o.version}: alice is pinned`);
      const refused = s.waitForNext(/certificate not pinned/);
      assert.ok(await tryConnect(d.dir, port, 'bob'), `${o.version}: bob is not pinned`);
      assert.match(await refused, /TLS handshake error: certificate not pinned/);
      await s.stop();
    }
  });
});
