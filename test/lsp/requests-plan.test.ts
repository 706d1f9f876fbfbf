// The certificate plans behind the client's generate and renew commands, over real JSON-RPC: what the server
// plans (paths, contents, modes), that private keys travel only sealed to the request's one-time key (the raw
// response holds no key material), input checks, and renewal (candidates with natsTls.expiryWarningDays,
// the issuing CA, the plan itself).
import * as assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { FILE_MODES } from '../../server/src/protocol/files';
import {
  CheckInputRequest,
  IssuersOfRequest,
  PlanClientCertificateRequest,
  PlanMutualTlsRequest,
  PlanRenewalRequest,
  PlanServerCertificateRequest,
  PlanTestCaRequest,
  RenewalCandidatesRequest,
  type PlanResult,
} from '../../server/src/protocol/requests';
import { createOpener, type Opener } from '../../server/src/protocol/seal';
import { CertFactory, DAY } from '../helpers/certs';
import { NOW, pki, session, type Session } from './setup';

/** Every 24-character run of a key's base64 body: none may appear in a response. */
function keyRuns(keyPem: string): string[] {
  const b64 = keyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const out: string[] = [];
  for (let i = 0; i + 24 <= b64.length; i += 8) out.push(b64.slice(i, i + 24));
  return out;
}

/** The files of a plan in clear, after checking the raw response carries no key in clear. */
function opened(plan: PlanResult, opener: Opener): Map<string, { contents: string; mode: number; kind: string }> {
  const raw = JSON.stringify(plan);
  assert.doesNotMatch(raw, /PRIVATE KEY/, 'a private key travels in clear');
  // A key's PEM shares runs with public text (algorithm identifiers, the public point also in the certificate):
  // only runs found in no public file count.
  const published = plan.files.map((f) => f.contents ?? '').join('\n');
  const files = new Map<string, { contents: string; mode: number; kind: string }>();
  for (const f of plan.files) {
    const secret = f.kind === 'key' || f.kind === 'ca-key';
    assert.equal(f.sealed !== undefined, secret, `${f.relativePath}: sealed exactly when it is a key`);
    assert.equal(f.contents !== undefined, !secret, `${f.relativePath}: contents exactly when it is public`);
    const contents = f.sealed !== undefined ? opener.open(f.sealed) : f.contents!;
    if (secret) {
      const runs = keyRuns(contents).filter((r) => !published.includes(r));
      assert.ok(runs.length >= 3, `${f.relativePath}: too few secret runs to search for`);
      for (const run of runs) assert.ok(!raw.includes(run), `${f.relativePath} leaks into the response`);
    }
    files.set(f.relativePath, { contents, mode: f.mode, kind: f.kind });
  }
  return files;
}

const failure = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('the request succeeded');
};

describe('natsTls/plan… requests', { timeout: 60_000 }, () => {
  let s: Session;
  let ca: { certPath: string; keyPath: string };
  before(async () => {
    s = await session();
    ca = { certPath: s.ws.path('certs/ca.pem'), keyPath: s.ws.path('certs/ca-key.pem') };
  });
  after(async () => s.close());

  test('planTestCa: ca.pem (0644) and ca-key.pem (0400, sealed), a name-constrained CA issued at the server clock', async () => {
    const opener = createOpener();
    const plan = await s.client.request(PlanTestCaRequest, { recipient: opener.recipient, nameConstraints: true, name: 'Lab CA' });
    const files = opened(plan, opener);
    assert.deepEqual([...files.keys()], ['ca.pem', 'ca-key.pem']);
    assert.equal(files.get('ca.pem')!.mode, FILE_MODES.certificate);
    assert.equal(files.get('ca-key.pem')!.mode, 0o400);
    const cert = new X509Certificate(files.get('ca.pem')!.contents);
    assert.equal(cert.ca, true);
    assert.equal(cert.subject, 'CN=Lab CA');
    assert.ok(cert.checkPrivateKey(createPrivateKey(files.get('ca-key.pem')!.contents)));
    assert.ok(Math.abs(new Date(cert.validFrom).getTime() - NOW.getTime()) < DAY, cert.validFrom);
    assert.deepEqual(plan.certificates[0]!.nameConstraints?.permitted, ['localhost', '.test', '127.0.0.0/8', '::1/128']);
    assert.equal(plan.certificates[0]!.notBefore, new Date(cert.validFrom).toISOString());
  });

  test('a plan is refused without a usable recipient, before any key is made', async () => {
    assert.match(await failure(s.client.request(PlanTestCaRequest, { recipient: 'bm90IGEga2V5', nameConstraints: false })), /recipient/);
    assert.match(await failure(s.client.request(PlanTestCaRequest, { recipient: '', nameConstraints: false })), /recipient/);
  });

  test('planServerCertificate: signed by the workspace CA with exactly the hosts given; the key sealed, 0600', async () => {
    const opener = createOpener();
    const hosts = ['localhost', 'nats.test', '127.0.0.1'];
    const plan = await s.client.request(PlanServerCertificateRequest, { recipient: opener.recipient, ca, name: 'edge', hosts });
    const files = opened(plan, opener);
    assert.deepEqual([...files.keys()], ['edge.pem', 'edge-key.pem']);
    assert.equal(files.get('edge-key.pem')!.mode, 0o600);
    const cert = new X509Certificate(files.get('edge.pem')!.contents);
    const caCert = new X509Certificate((await pki()).ca.pem);
    assert.ok(cert.verify(caCert.publicKey));
    assert.equal(cert.subjectAltName, 'DNS:localhost, DNS:nats.test, IP Address:127.0.0.1');
    assert.ok(cert.checkPrivateKey(createPrivateKey(files.get('edge-key.pem')!.contents)));
    // The CA ends within the 825 days asked for: the note says so.
    assert.ok(
      plan.notes.some((n) => /ends with its CA/.test(n)),
      plan.notes.join('; '),
    );
  });

  test('planServerCertificate refuses what the prompts refuse, with their words', async () => {
    const opener = createOpener();
    const base = { recipient: opener.recipient, ca, name: 'edge', hosts: ['localhost'] };
    assert.match(await failure(s.client.request(PlanServerCertificateRequest, { ...base, name: 'ca' })), /clash with the CA/);
    assert.match(await failure(s.client.request(PlanServerCertificateRequest, { ...base, hosts: [] })), /at least one host name/);
    assert.match(await failure(s.client.request(PlanServerCertificateRequest, { ...base, hosts: ['0.0.0.0'] })), /listen-on-all/);
    const missing = { certPath: s.ws.path('nope/ca.pem'), keyPath: s.ws.path('nope/ca-key.pem') };
    assert.match(await failure(s.client.request(PlanServerCertificateRequest, { ...base, ca: missing })), /nope\/ca\.pem/);
    // A CA whose key does not belong to it.
    const wrong = { certPath: ca.certPath, keyPath: s.ws.path('certs/server-key.pem') };
    assert.match(await failure(s.client.request(PlanServerCertificateRequest, { ...base, ca: wrong })), /does not belong/);
  });

  test('checkInput: certificate names, host lists and email lists, as the plans judge them', async () => {
    const problem = async (kind: 'certificate-name' | 'hosts' | 'emails', values: string[]): Promise<string | undefined> =>
      (await s.client.request(CheckInputRequest, { kind, values })).problem;
    assert.equal(await problem('certificate-name', ['server-2']), undefined);
    assert.match((await problem('certificate-name', ['bad name']))!, /not a usable name/);
    assert.match((await problem('certificate-name', ['x-key']))!, /clash/);
    assert.equal(await problem('hosts', ['localhost', '::1', '*.nats.test']), undefined);
    assert.match((await problem('hosts', []))!, /at least one host/);
    assert.match((await problem('hosts', ['localhost', 'bad host!']))!, /"bad host!"/);
    assert.equal(await problem('emails', []), undefined);
    assert.match((await problem('emails', ['a@b.test', 'nope']))!, /"nope" is not an email address/);
  });

  test('planClientCertificate: clientAuth with the email SANs, signed by the CA', async () => {
    const opener = createOpener();
    const plan = await s.client.request(PlanClientCertificateRequest, {
      recipient: opener.recipient,
      ca,
      name: 'alice',
      email: ['alice@nats.test'],
    });
    const files = opened(plan, opener);
    const cert = new X509Certificate(files.get('alice.pem')!.contents);
    assert.equal(cert.subjectAltName, 'email:alice@nats.test');
    assert.deepEqual(plan.certificates[0]!.extKeyUsage, ['clientAuth']);
    assert.equal(files.get('alice-key.pem')!.mode, 0o600);
  });

  test('planMutualTls: a CA, a server, two clients, server.conf on the port asked for and the client configs', async () => {
    const opener = createOpener();
    const plan = await s.client.request(PlanMutualTlsRequest, { recipient: opener.recipient, nameConstraints: false, port: 4333 });
    const files = opened(plan, opener);
    assert.deepEqual([...files.keys()].sort(), [
      'ca-key.pem',
      'ca.pem',
      'client-a-key.pem',
      'client-a.pem',
      'client-a.yaml',
      'client-b-key.pem',
      'client-b.pem',
      'client-b.yaml',
      'server-main-key.pem',
      'server-main.pem',
      'server.conf',
    ]);
    assert.match(files.get('server.conf')!.contents, /listen: "127\.0\.0\.1:4333"/);
    assert.equal(files.get('server.conf')!.kind, 'config');
    assert.equal(files.get('server-main-key.pem')!.mode, 0o600);
  });
});

describe('natsTls/renewalCandidates, issuersOf, planRenewal', { timeout: 60_000 }, () => {
  let s: Session;
  /** Issued 10 days ago for 30 days: expiring with natsTls.expiryWarningDays 30 (20 days left), not with 0 (a third of 30 days is 10). */
  let shortLived = '';
  before(async () => {
    const p = await pki();
    const f = new CertFactory(NOW);
    const short = await f.leaf(p.ca, {
      cn: 'short',
      notBefore: new Date(NOW.getTime() - 10 * DAY),
      notAfter: new Date(NOW.getTime() + 20 * DAY),
    });
    shortLived = short.pem;
    s = await session({
      'certs/short.pem': shortLived,
      'other/ca.pem': p.otherCa.pem,
      'other/ca-key.pem': p.otherCa.keyPem,
      'certs/bundle.pem': p.server.pem + p.server.keyPem,
    });
  });
  after(async () => s.close());

  const paths = (...rel: string[]): string[] => rel.map((r) => s.ws.path(r));

  test('only leaf certificates alone in their file, soonest expiry first, with the time left', async () => {
    const { certificates } = await s.client.request(RenewalCandidatesRequest, {
      paths: paths(
        'certs/server.pem',
        'certs/ca.pem',
        'certs/server-key.pem',
        'certs/expired.pem',
        'certs/expiring.pem',
        'certs/bundle.pem',
      ),
    });
    assert.deepEqual(
      certificates.map((c) => [c.name, c.status]),
      [
        ['expired', 'expired'],
        ['expiring', 'expiring'],
        ['server-main', 'valid'],
      ],
    );
    assert.match(certificates[0]!.timeLeft, /^expired 12 days ago$/);
    assert.equal(certificates[2]!.path, s.ws.path('certs/server.pem'));
    assert.equal(certificates[2]!.issuer, 'CN=Test Root CA,O=nats-tls tests');
  });

  test("'expiring' follows natsTls.expiryWarningDays of the file's folder", async () => {
    const statusOf = async (): Promise<string | undefined> =>
      (await s.client.request(RenewalCandidatesRequest, { paths: paths('certs/short.pem') })).certificates[0]?.status;
    assert.equal(await statusOf(), 'expiring');
    await s.client.setSettings({ '': { expiryWarningDays: 0 } });
    try {
      assert.equal(await statusOf(), 'valid');
    } finally {
      await s.client.setSettings({});
    }
  });

  test('issuersOf: of the workspace CAs, the one whose subject issued the certificate', async () => {
    const cas = [
      { certPath: s.ws.path('other/ca.pem'), keyPath: s.ws.path('other/ca-key.pem') },
      { certPath: s.ws.path('certs/ca.pem'), keyPath: s.ws.path('certs/ca-key.pem') },
    ];
    const r = await s.client.request(IssuersOfRequest, { certPath: s.ws.path('certs/expiring.pem'), cas });
    assert.equal(r.subject, 'CN=expiring');
    assert.deepEqual(r.cas, [cas[1]]);
  });

  test('planRenewal keeps the key beside the certificate: only the certificate is planned, for the same key and names', async () => {
    const opener = createOpener();
    const certPath = s.ws.path('certs/expiring.pem');
    const plan = await s.client.request(PlanRenewalRequest, {
      recipient: opener.recipient,
      certPath,
      ca: { certPath: s.ws.path('certs/ca.pem'), keyPath: s.ws.path('certs/ca-key.pem') },
    });
    assert.equal(plan.keptKey, true);
    assert.equal(plan.keyPath, s.ws.path('certs/expiring-key.pem'));
    assert.equal(plan.certPath, certPath);
    assert.match(plan.old.timeLeft, /^expires 2026-06-11, in 10 days$/);
    const files = opened(plan, opener);
    assert.deepEqual([...files.keys()], ['expiring.pem']);
    const renewed = new X509Certificate(files.get('expiring.pem')!.contents);
    assert.ok(renewed.checkPrivateKey(createPrivateKey((await pki()).expiring.keyPem)));
    assert.equal(renewed.subject, 'CN=expiring');
    assert.ok(new Date(renewed.validTo).getTime() > NOW.getTime() + 300 * DAY);
  });

  test('planRenewal without a key at hand makes a new one, sealed, where the key was asked for', async () => {
    const opener = createOpener();
    const plan = await s.client.request(PlanRenewalRequest, {
      recipient: opener.recipient,
      certPath: s.ws.path('certs/short.pem'),
      ca: { certPath: s.ws.path('certs/ca.pem'), keyPath: s.ws.path('certs/ca-key.pem') },
    });
    assert.equal(plan.keptKey, false);
    const files = opened(plan, opener);
    assert.deepEqual([...files.keys()], ['short.pem', 'short-key.pem']);
    assert.equal(files.get('short-key.pem')!.mode, 0o600);
    assert.ok(
      new X509Certificate(files.get('short.pem')!.contents).checkPrivateKey(createPrivateKey(files.get('short-key.pem')!.contents)),
    );
  });

  test('planRenewal refuses a CA that did not issue the certificate', async () => {
    const opener = createOpener();
    const message = await failure(
      s.client.request(PlanRenewalRequest, {
        recipient: opener.recipient,
        certPath: s.ws.path('certs/server.pem'),
        ca: { certPath: s.ws.path('other/ca.pem'), keyPath: s.ws.path('other/ca-key.pem') },
      }),
    );
    assert.match(message, /^CN=server-main was not issued by .*Other CA/);
  });
});
