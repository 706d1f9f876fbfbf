// OpenSSL, an independent verifier, accepts what the profiles issue and shows the extensions they promise.
// Times are injected: the certificates are issued at NOW and verified with `-attime NOW`.
import 'reflect-metadata';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  constraintViolations,
  issueClient,
  issueServer,
  nameConstraintsOf,
  TEST_NAME_CONSTRAINTS,
} from '../../server/src/core/ca/profiles';
import { planCa, planClient, planServer, type FilePlan } from '../../server/src/core/ca/scaffold';
import type { Issuer } from '../../server/src/core/ca/issue';
import { writePlan } from '../../server/src/cli/write-plan';
import { describeWith, find, opensslTool } from '../helpers/tools';

const NOW = new Date('2026-03-01T10:00:00Z');
const AT = String(Math.floor(NOW.getTime() / 1000));

function openssl(...args: string[]): { code: number; out: string } {
  const r = spawnSync(find(opensslTool) ?? 'openssl', args, { encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describeWith([opensslTool], 'openssl accepts every certificate we issue', () => {
  let dir = '';
  const plans: { name: string; role: 'server' | 'client' }[] = [];
  const write = (plan: FilePlan): void => void writePlan(dir, plan.files, { force: false });
  let rsaDir = '';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-openssl-'));
    rsaDir = path.join(dir, 'rsa');
    const ca = await planCa({ now: NOW, name: 'OpenSSL Test CA' });
    write(ca);
    write(await planServer(ca.issuer, { now: NOW, name: 'server-main', hosts: ['nats-1.example.com', '10.11.12.13', '2001:db8::1'] }));
    write(await planClient(ca.issuer, { now: NOW, name: 'client-a' }));
    write(await planClient(ca.issuer, { now: NOW, name: 'alice', email: ['alice@example.com'] }));
    plans.push({ name: 'server-main', role: 'server' }, { name: 'client-a', role: 'client' }, { name: 'alice', role: 'client' });
    const rsa = await planCa({ now: NOW, key: 'rsa-3072' });
    writePlan(rsaDir, rsa.files, { force: false });
    writePlan(rsaDir, (await planServer(rsa.issuer, { now: NOW, name: 'server-rsa', key: 'rsa-2048', hosts: [] })).files, { force: false });
    writePlan(rsaDir, (await planClient(rsa.issuer, { now: NOW, name: 'client-rsa', key: 'rsa-2048' })).files, { force: false });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('openssl verify -CAfile accepts every leaf, for its purpose (server: sslserver and sslclient)', () => {
    for (const p of plans) {
      const purposes = p.role === 'server' ? ['sslserver', 'sslclient'] : ['sslclient'];
      for (const purpose of purposes) {
        const r = openssl(
          'verify',
          '-attime',
          AT,
          '-purpose',
          purpose,
          '-x509_strict',
          '-CAfile',
          path.join(dir, 'ca.pem'),
          path.join(dir, `${p.name}.pem`),
        );
        assert.equal(r.code, 0, `${p.name} ${purpose}: ${r.out}`);
        assert.match(r.out, /: OK/);
      }
    }
    for (const [leaf, purpose] of [
      ['server-rsa', 'sslserver'],
      ['server-rsa', 'sslclient'],
      ['client-rsa', 'sslclient'],
    ]) {
      const r = openssl(
        'verify',
        '-attime',
        AT,
        '-purpose',
        purpose!,
        '-x509_strict',
        '-CAfile',
        path.join(rsaDir, 'ca.pem'),
        path.join(rsaDir, `${leaf}.pem`),
      );
      assert.equal(r.code, 0, `${leaf}: ${r.out}`);
    }
  });

  test('a client certificate is not a server certificate', () => {
    const r = openssl(
      'verify',
      '-attime',
      AT,
      '-purpose',
      'sslserver',
      '-CAfile',
      path.join(dir, 'ca.pem'),
      path.join(dir, 'client-a.pem'),
    );
    assert.notEqual(r.code, 0);
    assert.match(r.out, /(unsuitable|unsupported) certificate purpose/);
  });

  test('openssl verify at other times: not yet valid before the 5-minute backdate, expired after 825 days', () => {
    const at = (ms: number): string => String(Math.floor(ms / 1000));
    const verifyAt = (t: string) => openssl('verify', '-attime', t, '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'client-a.pem'));
    assert.equal(verifyAt(at(NOW.getTime() - 4 * 60_000)).code, 0);
    assert.match(verifyAt(at(NOW.getTime() - 6 * 60_000)).out, /not yet valid/);
    assert.equal(verifyAt(at(NOW.getTime() + 824 * 86_400_000)).code, 0);
    assert.match(verifyAt(at(NOW.getTime() + 826 * 86_400_000)).out, /expired/);
  });

  test('openssl x509 -text shows the CA extensions', () => {
    const t = openssl('x509', '-in', path.join(dir, 'ca.pem'), '-noout', '-text').out;
    assert.match(t, /X509v3 Basic Constraints: critical\n\s+CA:TRUE, pathlen:0\n/);
    assert.match(t, /X509v3 Key Usage: critical\n\s+Certificate Sign, CRL Sign\n/);
    assert.match(t, /X509v3 Subject Key Identifier: \n\s+[0-9A-F:]{59}\n/);
    assert.match(t, /Public-Key: \(256 bit\)\n[^]*NIST CURVE: P-256/);
    assert.match(t, /Signature Algorithm: ecdsa-with-SHA256/);
    assert.match(t, /Not Before: Mar {2}1 09:55:00 2026 GMT\n\s+Not After : Mar {2}1 09:55:00 2036 GMT/);
    assert.doesNotMatch(t, /Extended Key Usage|Subject Alternative Name|Name Constraints/);
    const rsa = openssl('x509', '-in', path.join(rsaDir, 'ca.pem'), '-noout', '-text').out;
    assert.match(rsa, /Public-Key: \(3072 bit\)/);
    assert.match(rsa, /Signature Algorithm: sha256WithRSAEncryption/);
  });

  test('openssl x509 -text shows the server extensions: serverAuth+clientAuth, SANs, SKI/AKI, 825 days', () => {
    const ca = openssl('x509', '-in', path.join(dir, 'ca.pem'), '-noout', '-ext', 'subjectKeyIdentifier').out;
    const caSki = /\n\s+([0-9A-F:]+)/.exec(ca)![1]!;
    const t = openssl('x509', '-in', path.join(dir, 'server-main.pem'), '-noout', '-text').out;
    assert.match(t, /X509v3 Basic Constraints: critical\n\s+CA:FALSE\n/);
    assert.match(t, /X509v3 Key Usage: critical\n\s+Digital Signature\n/);
    assert.match(t, /X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication, TLS Web Client Authentication\n/);
    assert.match(
      t,
      /X509v3 Subject Alternative Name: \n\s+DNS:localhost, DNS:nats-1\.example\.com, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10\.11\.12\.13, IP Address:2001:DB8:0:0:0:0:0:1\n/,
    );
    assert.match(t, /X509v3 Subject Key Identifier: \n\s+[0-9A-F:]{59}\n/);
    assert.match(t, new RegExp(`X509v3 Authority Key Identifier: \\n\\s+(keyid:)?${caSki}\\n`), 'AKI is the CA SKI');
    assert.match(t, /Subject: CN ?= ?server-main\n/);
    assert.match(t, /Not Before: Mar {2}1 09:55:00 2026 GMT\n\s+Not After : Jun {2}3 09:55:00 2028 GMT/);
    const rsa = openssl('x509', '-in', path.join(rsaDir, 'server-rsa.pem'), '-noout', '-text').out;
    assert.match(rsa, /X509v3 Key Usage: critical\n\s+Digital Signature, Key Encipherment\n/);
  });

  test('openssl x509 -text shows the client extensions: clientAuth only, email SAN when asked', () => {
    const a = openssl('x509', '-in', path.join(dir, 'client-a.pem'), '-noout', '-text').out;
    assert.match(a, /X509v3 Extended Key Usage: \n\s+TLS Web Client Authentication\n/);
    assert.doesNotMatch(a, /Subject Alternative Name/);
    assert.match(a, /Subject: CN ?= ?client-a\n/);
    const alice = openssl('x509', '-in', path.join(dir, 'alice.pem'), '-noout', '-text').out;
    assert.match(alice, /X509v3 Subject Alternative Name: \n\s+email:alice@example\.com\n/);
  });

  test('keys are unencrypted PKCS#8 and belong to their certificates', () => {
    for (const name of ['ca', 'server-main', 'client-a', 'alice']) {
      const keyFile = path.join(dir, `${name}-key.pem`);
      assert.match(fs.readFileSync(keyFile, 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
      // -passin with a wrong password still reads it: no password is involved.
      const fromKey = openssl('pkey', '-in', keyFile, '-passin', 'pass:wrong', '-pubout');
      assert.equal(fromKey.code, 0, fromKey.out);
      const fromCert = openssl('x509', '-in', path.join(dir, `${name}.pem`), '-noout', '-pubkey');
      assert.equal(fromKey.out, fromCert.out, name);
    }
  });
});

describeWith([opensslTool], 'name constraints, as OpenSSL enforces them', () => {
  let dir = '';
  let issuer: Issuer;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-nc-'));
    const ca = await planCa({ now: NOW, nameConstraints: true });
    issuer = ca.issuer;
    writePlan(dir, ca.files, { force: false });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the CA shows them, critical', () => {
    const t = openssl('x509', '-in', path.join(dir, 'ca.pem'), '-noout', '-text').out;
    assert.match(
      t,
      /X509v3 Name Constraints: critical\n\s+Permitted:\n\s+DNS:localhost\n\s+DNS:\.test\n\s+IP:127\.0\.0\.0\/255\.0\.0\.0\n\s+IP:0:0:0:0:0:0:0:1\/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF\n/,
    );
  });

  test('leaves inside verify; a leaf for a host outside fails with a permitted subtree violation', async () => {
    const verify = (f: string) => openssl('verify', '-attime', AT, '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, f));
    writePlan(dir, (await planServer(issuer, { now: NOW, name: 'inside', hosts: ['nats.test', '*.cluster.test', '127.1.2.3'] })).files, {
      force: false,
    });
    writePlan(dir, (await planClient(issuer, { now: NOW, name: 'client-a', email: ['a@example.com'] })).files, { force: false });
    assert.equal(verify('inside.pem').code, 0, verify('inside.pem').out);
    assert.equal(verify('client-a.pem').code, 0, verify('client-a.pem').out);
    // planServer refuses these; issue them anyway to prove that a verifier would reject them.
    for (const [name, hosts] of [
      ['outside-dns', ['nats.example.com']],
      ['outside-ip', ['10.0.0.1']],
      ['outside-v6', ['2001:db8::1']],
    ] as const) {
      const leaf = await issueServer(issuer, { now: NOW, name, hosts: [...hosts] });
      fs.writeFileSync(path.join(dir, `${name}.pem`), leaf.issued.pem);
      const r = verify(`${name}.pem`);
      assert.notEqual(r.code, 0, name);
      assert.match(r.out, /permitted subtree violation/, name);
    }
  });

  test('our prediction of a violation matches OpenSSL, name by name (including hostname-like client CNs)', async () => {
    const nc = nameConstraintsOf(issuer.cert)!;
    assert.deepEqual(nc, TEST_NAME_CONSTRAINTS);
    const cases: { name: string; hosts?: string[]; client?: boolean }[] = [
      { name: 'ok-local', hosts: ['sub.localhost'] },
      { name: 'bad-bare-test', hosts: ['test'] },
      { name: 'bad-suffix', hosts: ['nottest'] },
      { name: 'ok-v4', hosts: ['127.255.255.254'] },
      { name: 'bad-v4', hosts: ['128.0.0.1'] },
      { name: 'client-plain', client: true },
      { name: 'alice.test', client: true },
      { name: 'alice.example.com', client: true },
    ];
    for (const c of cases) {
      const pair = c.client
        ? await issueClient(issuer, { now: NOW, name: c.name })
        : await issueServer(issuer, { now: NOW, name: c.name, hosts: c.hosts!, loopback: false });
      const file = path.join(dir, `case-${c.name}.pem`);
      fs.writeFileSync(file, pair.issued.pem);
      const ok = openssl('verify', '-attime', AT, '-CAfile', path.join(dir, 'ca.pem'), file).code === 0;
      const predicted = constraintViolations(
        nc,
        c.client
          ? { cn: c.name }
          : { dns: c.hosts!.filter((h) => !/^[\d.:]+$/.test(h)), ip: c.hosts!.filter((h) => /^[\d.:]+$/.test(h)), cn: c.name },
      );
      assert.equal(
        ok,
        predicted.length === 0,
        `${c.name}: openssl ${ok ? 'accepts' : 'rejects'}, we predicted ${JSON.stringify(predicted)}`,
      );
    }
  });
});
