// Renewal (server/src/core/ca/renew.ts): same names and profile, new validity, the key kept when given,
// refusals for certificates the CA did not issue, CA certificates and combined cert+key files.
import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as x509 from '@peculiar/x509';
import { webcrypto, X509Certificate as NodeX509, createPrivateKey } from 'node:crypto';
import { planRenew } from '../../server/src/core/ca/renew';
import { PlanError, planCa, planClient, planServer } from '../../server/src/core/ca/scaffold';
import { parsePemFile } from '../../server/src/core/x509/pem';
import type { Crypto } from '../../server/src/core/ca/web-crypto';

const crypto = webcrypto as unknown as Crypto;
const ISSUED = new Date('2024-01-01T00:00:00Z');
const LATER = new Date('2026-03-01T00:00:00Z');
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const fileOf = (plan: { files: { kind: string; contents: string }[] }, kind: string): string =>
  plan.files.find((f) => f.kind === kind)!.contents;

async function fixture(nameConstraints = false) {
  const ca = await planCa({ now: ISSUED, nameConstraints });
  const server = await planServer(ca.issuer, { now: ISSUED, name: 'server-main', hosts: ['nats.test'], days: 30 });
  const client = await planClient(ca.issuer, { now: ISSUED, name: 'client-a', email: ['a@example.test'], days: 30 });
  return { ca, server, client };
}

test('a server certificate: same CN, SANs and EKUs, a new validity from now, the key kept', async () => {
  const { ca, server } = await fixture();
  const certPem = fileOf(server, 'certificate');
  const keyPem = fileOf(server, 'key');
  const plan = await planRenew(ca.issuer, {
    now: LATER,
    certFile: { relativePath: 'server-main.pem', bytes: bytes(certPem) },
    key: { pem: keyPem },
    crypto,
  });
  assert.equal(plan.role, 'server');
  assert.equal(plan.keptKey, true);
  assert.deepEqual(
    plan.files.map((f) => [f.relativePath, f.kind, f.mode.toString(8)]),
    [['server-main.pem', 'certificate', '644']],
  );
  const renewed = new NodeX509(plan.files[0]!.contents);
  const old = new NodeX509(certPem);
  assert.equal(renewed.subject, old.subject);
  assert.equal(renewed.subjectAltName, old.subjectAltName);
  assert.deepEqual(renewed.keyUsage, old.keyUsage);
  assert.ok(new Date(renewed.validFrom) < LATER && new Date(renewed.validTo) > LATER);
  assert.ok(renewed.checkIssued(new NodeX509(fileOf(ca, 'certificate'))));
  assert.ok(renewed.checkPrivateKey(createPrivateKey(keyPem)), 'the kept key matches the renewed certificate');
  assert.notEqual(renewed.serialNumber, old.serialNumber);
  assert.equal(plan.old.subject, 'CN=server-main');
  // Public facts only in what is reported.
  assert.ok(!JSON.stringify({ certificates: plan.certificates, notes: plan.notes }).includes('PRIVATE KEY'));
});

test('a client certificate without its key: a new key of the same kind, written next to it (0600)', async () => {
  const { ca, client } = await fixture();
  const plan = await planRenew(ca.issuer, {
    now: LATER,
    certFile: { relativePath: 'client-a.pem', bytes: bytes(fileOf(client, 'certificate')) },
    crypto,
  });
  assert.equal(plan.role, 'client');
  assert.equal(plan.keptKey, false);
  assert.deepEqual(
    plan.files.map((f) => [f.relativePath, f.mode.toString(8)]),
    [
      ['client-a.pem', '644'],
      ['client-a-key.pem', '600'],
    ],
  );
  const renewed = new NodeX509(plan.files[0]!.contents);
  assert.equal(renewed.subjectAltName, 'email:a@example.test');
  assert.ok(renewed.checkPrivateKey(createPrivateKey(plan.files[1]!.contents)));
  assert.equal(renewed.publicKey.asymmetricKeyType, 'ec');
});

test("an unreadable key file: a new key (at the key file's name), with a note that says only that", async () => {
  const { ca, server } = await fixture();
  const plan = await planRenew(ca.issuer, {
    now: LATER,
    certFile: { relativePath: 'server-main.pem', bytes: bytes(fileOf(server, 'certificate')) },
    key: { pem: '-----BEGIN PRIVATE KEY-----\nnot base64 key material\n-----END PRIVATE KEY-----\n' },
    newKeyPath: 'server-main-key.pem',
    crypto,
  });
  assert.equal(plan.keptKey, false);
  assert.deepEqual(
    plan.files.map((f) => f.relativePath),
    ['server-main.pem', 'server-main-key.pem'],
  );
  assert.ok(plan.notes.some((n) => /cannot be read/.test(n)));
  assert.ok(!plan.notes.join().includes('not base64 key material'));
});

test('a chain file keeps the rest of its certificates', async () => {
  const { ca, server } = await fixture();
  const chain = fileOf(server, 'certificate') + fileOf(ca, 'certificate');
  const plan = await planRenew(ca.issuer, {
    now: LATER,
    certFile: { relativePath: 'chain.pem', bytes: bytes(chain) },
    key: { pem: fileOf(server, 'key') },
    crypto,
  });
  const certs = parsePemFile(bytes(plan.files[0]!.contents), { path: 'chain.pem', size: 0, mtimeMs: 0 }).certs;
  assert.equal(certs.length, 2);
  assert.equal(certs[0]!.subjectCN, 'server-main');
  assert.ok(certs[0]!.notAfter > LATER);
  assert.equal(certs[1]!.sha256Fingerprint, new NodeX509(fileOf(ca, 'certificate')).fingerprint256);
});

test('refusals: another CA, a CA certificate, a combined cert+key file, an expired CA', async () => {
  const { ca, server } = await fixture();
  const other = await planCa({ now: ISSUED });
  const cert = bytes(fileOf(server, 'certificate'));
  await assert.rejects(
    planRenew(other.issuer, { now: LATER, certFile: { relativePath: 's.pem', bytes: cert }, crypto }),
    (e: unknown) => e instanceof PlanError && /was not issued by/.test((e as Error).message),
  );
  await assert.rejects(
    planRenew(ca.issuer, { now: LATER, certFile: { relativePath: 'ca.pem', bytes: bytes(fileOf(ca, 'certificate')) }, crypto }),
    /CA certificate/,
  );
  await assert.rejects(
    planRenew(ca.issuer, {
      now: LATER,
      certFile: { relativePath: 'both.pem', bytes: bytes(fileOf(server, 'certificate') + fileOf(server, 'key')) },
      crypto,
    }),
    /private key as well/,
  );
  await assert.rejects(
    planRenew(ca.issuer, { now: new Date('2040-01-01T00:00:00Z'), certFile: { relativePath: 's.pem', bytes: cert }, crypto }),
    /expired/,
  );
  await assert.rejects(
    planRenew(ca.issuer, { now: LATER, certFile: { relativePath: 'x.pem', bytes: bytes('nothing') }, crypto }),
    /no readable PEM certificate/,
  );
});

test('a name-constrained CA: renewing keeps within the constraints', async () => {
  const { ca, server } = await fixture(true);
  const plan = await planRenew(ca.issuer, {
    now: LATER,
    certFile: { relativePath: 's.pem', bytes: bytes(fileOf(server, 'certificate')) },
    key: { pem: fileOf(server, 'key') },
    crypto,
  });
  const renewed = new x509.X509Certificate(plan.files[0]!.contents);
  assert.ok(await renewed.verify({ publicKey: ca.issuer.cert, signatureOnly: true }, crypto));
});
