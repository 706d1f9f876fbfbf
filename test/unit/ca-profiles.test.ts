// The NATS certificate profiles: extensions exactly as specified, validity from an injected clock.
import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import {
  BACKDATE_MS,
  canonicalIp,
  cnLooksLikeHost,
  constraintViolations,
  issueCa,
  issueClient,
  issueServer,
  leafValidity,
  loadIssuer,
  nameConstraintsOf,
  splitHosts,
  TEST_NAME_CONSTRAINTS,
  type IssuedPair,
} from '../../server/src/core/ca/profiles';
import type { Issuer } from '../../server/src/core/ca/issue';
import type { Crypto, RsaHashedKeyAlgorithm } from '../../server/src/core/ca/web-crypto';

const NOW = new Date('2026-03-01T10:00:00.750Z');
const NOW_S = new Date('2026-03-01T10:00:00Z'); // certificates hold whole seconds
const DAY = 86_400_000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

const issuerOf = (p: IssuedPair): Issuer => ({ cert: p.issued.cert, key: p.key });
const ext = <T extends x509.Extension>(c: x509.X509Certificate, t: new (...a: never[]) => T): T | undefined =>
  (c.getExtension(t as never) as T | null) ?? undefined;
const oids = (c: x509.X509Certificate): string[] => Array.from(c.extensions, (e) => e.type).sort();
const ekus = (c: x509.X509Certificate): string[] => Array.from(ext(c, x509.ExtendedKeyUsageExtension)!.usages, String);
const hex = (b: ArrayBuffer): string => Buffer.from(b).toString('hex');

test('CA: CA:TRUE critical with pathLen 0, keyCertSign+cRLSign, SKI, ECDSA P-256, 10 years from a 5-minute backdate', async () => {
  const ca = await issueCa({ now: NOW });
  const c = ca.issued.cert;
  const bc = ext(c, x509.BasicConstraintsExtension)!;
  assert.equal(bc.ca, true);
  assert.equal(bc.pathLength, 0);
  assert.equal(bc.critical, true);
  const ku = ext(c, x509.KeyUsagesExtension)!;
  assert.equal(ku.usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
  assert.equal(ku.critical, true);
  assert.ok(ext(c, x509.SubjectKeyIdentifierExtension));
  // Exactly these: no EKU (a CA restricted by EKU surprises some verifiers), no SAN, no name constraints by default.
  assert.deepEqual(oids(c), ['2.5.29.14', '2.5.29.15', '2.5.29.19']);
  assert.equal(c.notBefore.getTime(), NOW_S.getTime() - BACKDATE_MS);
  assert.equal(c.notAfter.toISOString(), '2036-03-01T09:55:00.000Z');
  assert.deepEqual(c.publicKey.algorithm, { name: 'ECDSA', namedCurve: 'P-256' });
  assert.match(c.subject, /^CN=nats-tls test CA [0-9a-f]{8}$/);
  assert.equal(c.subject, c.issuer);
  assert.ok(await c.isSelfSigned());
});

test('CA: two default CAs get different names, so a client from "the other CA" is never mistaken for ours', async () => {
  const [a, b] = await Promise.all([issueCa({ now: NOW }), issueCa({ now: NOW })]);
  assert.notEqual(a.issued.cert.subject, b.issued.cert.subject);
  assert.equal((await issueCa({ now: NOW, name: 'Acme dev CA' })).issued.cert.subject, 'CN=Acme dev CA');
});

test('CA: --constrain adds critical name constraints for localhost, .test, 127.0.0.0/8 and ::1', async () => {
  const ca = await issueCa({ now: NOW, nameConstraints: true });
  const e = ca.issued.cert.getExtension('2.5.29.30')!;
  assert.equal(e.critical, true);
  assert.deepEqual(nameConstraintsOf(ca.issued.cert), { permitted: ['localhost', '.test', '127.0.0.0/8', '::1/128'], excluded: [] });
  assert.equal(nameConstraintsOf((await issueCa({ now: NOW })).issued.cert), undefined);
});

test('CA: RSA 2048 and 3072 on request', async () => {
  for (const [key, bits] of [
    ['rsa-2048', 2048],
    ['rsa-3072', 3072],
  ] as const) {
    const ca = await issueCa({ now: NOW, key });
    const alg = ca.issued.cert.publicKey.algorithm as RsaHashedKeyAlgorithm;
    assert.equal(alg.name, 'RSASSA-PKCS1-v1_5');
    assert.equal(alg.modulusLength, bits);
    assert.equal(ca.issued.cert.signatureAlgorithm.hash.name, 'SHA-256');
  }
});

test('server: serverAuth+clientAuth, digitalSignature, CA:FALSE, loopback SANs plus hosts, AKI = CA SKI, 825 days', async () => {
  const ca = await issueCa({ now: NOW });
  const s = await issueServer(issuerOf(ca), { now: NOW, name: 'server-main', hosts: ['nats-1.test', '10.0.0.7', 'LOCALHOST', '[::1]'] });
  const c = s.issued.cert;
  assert.equal(c.subject, 'CN=server-main');
  assert.equal(c.issuer, ca.issued.cert.subject);
  assert.deepEqual(ekus(c), [SERVER_AUTH, CLIENT_AUTH]);
  assert.equal(ext(c, x509.KeyUsagesExtension)!.usages, x509.KeyUsageFlags.digitalSignature);
  assert.equal(ext(c, x509.BasicConstraintsExtension)!.ca, false);
  assert.deepEqual(ext(c, x509.SubjectAlternativeNameExtension)!.names.toJSON(), [
    { type: 'dns', value: 'localhost' },
    { type: 'dns', value: 'nats-1.test' },
    { type: 'ip', value: '127.0.0.1' },
    { type: 'ip', value: '::1' },
    { type: 'ip', value: '10.0.0.7' },
  ]);
  assert.equal(ext(c, x509.AuthorityKeyIdentifierExtension)!.keyId, ext(ca.issued.cert, x509.SubjectKeyIdentifierExtension)!.keyId);
  assert.ok(ext(c, x509.SubjectKeyIdentifierExtension));
  assert.deepEqual(oids(c), ['2.5.29.14', '2.5.29.15', '2.5.29.17', '2.5.29.19', '2.5.29.35', '2.5.29.37']);
  assert.equal(c.notBefore.getTime(), NOW_S.getTime() - BACKDATE_MS);
  assert.equal(c.notAfter.getTime() - c.notBefore.getTime(), 825 * DAY);
  assert.ok(await c.verify({ publicKey: ca.issued.cert.publicKey, date: NOW }));
});

test('server: loopback names can be left out; RSA leaves add keyEncipherment', async () => {
  const ca = await issueCa({ now: NOW });
  const s = await issueServer(issuerOf(ca), { now: NOW, name: 'n', hosts: ['nats.test'], loopback: false, key: 'rsa-2048', days: 30 });
  assert.deepEqual(ext(s.issued.cert, x509.SubjectAlternativeNameExtension)!.names.toJSON(), [{ type: 'dns', value: 'nats.test' }]);
  assert.equal(
    ext(s.issued.cert, x509.KeyUsagesExtension)!.usages,
    x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
  );
  assert.equal(s.issued.cert.notAfter.getTime() - s.issued.cert.notBefore.getTime(), 30 * DAY);
});

test('client: clientAuth only, CN = name, no SAN unless an email is given', async () => {
  const ca = await issueCa({ now: NOW });
  const plain = await issueClient(issuerOf(ca), { now: NOW, name: 'client-a' });
  assert.equal(plain.issued.cert.subject, 'CN=client-a');
  assert.deepEqual(ekus(plain.issued.cert), [CLIENT_AUTH]);
  assert.equal(ext(plain.issued.cert, x509.SubjectAlternativeNameExtension), undefined);
  assert.deepEqual(oids(plain.issued.cert), ['2.5.29.14', '2.5.29.15', '2.5.29.19', '2.5.29.35', '2.5.29.37']);
  assert.equal(plain.issued.cert.notAfter.getTime() - plain.issued.cert.notBefore.getTime(), 825 * DAY);
  const mail = await issueClient(issuerOf(ca), { now: NOW, name: 'alice', email: ['alice@example.com'] });
  assert.deepEqual(ext(mail.issued.cert, x509.SubjectAlternativeNameExtension)!.names.toJSON(), [
    { type: 'email', value: 'alice@example.com' },
  ]);
});

test('keys: unencrypted PKCS#8 that belongs to the certificate', async () => {
  const ca = await issueCa({ now: NOW });
  for (const pair of [
    ca,
    await issueServer(issuerOf(ca), { now: NOW, name: 's', hosts: [] }),
    await issueClient(issuerOf(ca), { now: NOW, name: 'c', key: 'rsa-2048' }),
  ]) {
    assert.match(pair.keyPem, /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n?$/);
    const { createPrivateKey, createPublicKey } = await import('node:crypto');
    const spki = createPublicKey(createPrivateKey(pair.keyPem)).export({ format: 'der', type: 'spki' });
    assert.equal(spki.toString('hex'), hex(pair.issued.cert.publicKey.rawData));
  }
});

test('validity: leaves end with their CA at the latest', () => {
  const caEnd = new Date(NOW_S.getTime() + 100 * DAY);
  const v = leafValidity(NOW, 825, caEnd);
  assert.equal(v.notBefore.getTime(), NOW_S.getTime() - BACKDATE_MS);
  assert.equal(v.notAfter.getTime(), caEnd.getTime());
  assert.equal(v.clamped, true);
  assert.equal(leafValidity(NOW, 10).clamped, false);
});

test('the clock and crypto are injected: a seeded random source gives a predictable serial', async () => {
  let calls = 0;
  const seeded = {
    subtle: webcrypto.subtle,
    getRandomValues<T extends ArrayBufferView | null>(a: T): T {
      calls++;
      if (a) new Uint8Array(a.buffer, a.byteOffset, a.byteLength).fill(0x42);
      return a;
    },
  } as unknown as Crypto;
  const ca = await issueCa({ now: NOW, crypto: seeded });
  assert.ok(calls > 0);
  assert.equal(ca.issued.cert.serialNumber, '42'.repeat(16));
});

test('loadIssuer: reads ca.pem + ca-key.pem back; refuses a foreign key and a non-CA certificate', async () => {
  const ca = await issueCa({ now: NOW });
  const other = await issueCa({ now: NOW });
  const issuer = await loadIssuer(ca.issued.pem, ca.keyPem);
  assert.equal(issuer.cert.subject, ca.issued.cert.subject);
  const leaf = await issueClient(issuer, { now: NOW, name: 'x' });
  assert.ok(await leaf.issued.cert.verify({ publicKey: ca.issued.cert.publicKey, date: NOW }));
  await assert.rejects(loadIssuer(ca.issued.pem, other.keyPem), /does not belong to/);
  await assert.rejects(loadIssuer(leaf.issued.pem, leaf.keyPem), /not a CA certificate/);
  await assert.rejects(loadIssuer('garbage', ca.keyPem), /no PEM certificate/);
  await assert.rejects(
    loadIssuer(ca.issued.pem, 'garbage'),
    (e: Error) => /cannot be read/.test(e.message) && !e.message.includes('PRIVATE'),
  );
});

test('hosts: names lower-cased and deduplicated, IPs canonical', () => {
  assert.deepEqual(splitHosts(['Nats.Test.', 'nats.test', '127.0.0.1', '0:0:0:0:0:0:0:1', '[::1]', '::ffff:10.0.0.1']), {
    dns: ['nats.test'],
    ip: ['127.0.0.1', '::1', '10.0.0.1'], // Go encodes an IPv4-mapped address as IPv4
  });
  assert.equal(canonicalIp('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  assert.equal(canonicalIp('fe80::'), 'fe80::');
});

test('name constraints: the names a verifier would reject', () => {
  const nc = TEST_NAME_CONSTRAINTS;
  const table: [Parameters<typeof constraintViolations>[1], string[]][] = [
    [{ dns: ['localhost', 'a.localhost', 'nats.test', '*.nats.test'], ip: ['127.0.0.1', '127.255.0.9', '::1'] }, []],
    [
      { dns: ['test', 'example.com', 'localhost.example'], ip: ['10.0.0.1', '::2', '128.0.0.1'] },
      ['test', 'example.com', 'localhost.example', '10.0.0.1', '::2', '128.0.0.1'],
    ],
    [{ email: ['alice@example.com'] }, []], // no email constraints: emails are not limited
    [{ cn: 'client-a' }, []], // not host-like: OpenSSL does not check it
    [{ cn: 'alice.example.com' }, ['alice.example.com']], // host-like CN, no DNS SAN: OpenSSL checks it
    [{ cn: 'alice.test' }, []],
    [{ cn: 'alice.example.com', dns: ['localhost'] }, []], // a DNS SAN exists: the CN is not checked
  ];
  for (const [names, bad] of table) assert.deepEqual(constraintViolations(nc, names), bad, JSON.stringify(names));
  assert.deepEqual(
    constraintViolations(
      { permitted: [], excluded: ['.prod.test', 'a@b.test'] },
      { dns: ['x.prod.test', 'x.dev.test'], email: ['a@b.test', 'c@b.test'] },
    ),
    ['x.prod.test', 'a@b.test'],
  );
  assert.equal(cnLooksLikeHost('server-main'), false);
  assert.equal(cnLooksLikeHost('a.b'), true);
  assert.equal(cnLooksLikeHost('CN with spaces.x'), false);
});
