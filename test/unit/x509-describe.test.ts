// describePemFile / formatDescription: what `inspect` and hovers show, relative to an injected clock,
// and never any private-key material.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePemFile, formatDescription, validityText } from '../../server/src/core/x509/describe';
import { parsePemFile } from '../../server/src/core/x509/pem';
import type { PemFile } from '../../server/src/core/x509/model';
import {
  base64Lines,
  CertFactory,
  DAY,
  encryptedPkcs8,
  legacyEncryptedPkcs1,
  pemToDer,
  pkcs1Pem,
  sec1Pem,
  TEST_NOW,
  type Material,
} from '../helpers/certs';

const f = new CertFactory();
const NOW = TEST_NOW;
const parse = (content: string | Uint8Array, path = '/certs/file.pem'): PemFile => {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return parsePemFile(bytes, { path, size: bytes.length, mtimeMs: 0 });
};

let fx: Promise<{ root: Material; inter: Material; leaf: Material; rsa: Material }> | undefined;
const fixtures = (): Promise<{ root: Material; inter: Material; leaf: Material; rsa: Material }> =>
  (fx ??= (async () => {
    const root = await f.ca({ pathLen: 1 });
    const inter = await f.intermediate(root, { pathLen: 0 });
    const leaf = await f.leaf(inter, {
      san: { dns: ['localhost'], ip: ['127.0.0.1', '::1'], email: ['ops@nats.test'] },
      notAfter: new Date(NOW.getTime() + 93 * DAY),
    });
    const rsa = await f.leaf(undefined, { cn: 'rsa', key: { algorithm: 'RSA', bits: 2048 } });
    return { root, inter, leaf, rsa };
  })());

test('time left, in words, relative to the injected clock', () => {
  const at = (notBefore: number, notAfter: number) =>
    validityText({ notBefore: new Date(NOW.getTime() + notBefore), notAfter: new Date(NOW.getTime() + notAfter) }, NOW);
  assert.deepEqual(at(-DAY, 93 * DAY), { status: 'valid', daysLeft: 93, timeLeft: 'expires 2026-04-04, in 93 days' });
  assert.deepEqual(at(-DAY, DAY + 5), { status: 'valid', daysLeft: 1, timeLeft: 'expires 2026-01-02, in 1 day' });
  assert.deepEqual(at(-DAY, 3_600_000), { status: 'valid', daysLeft: 0, timeLeft: 'expires 2026-01-01, in less than a day' });
  assert.deepEqual(at(-100 * DAY, -12 * DAY), { status: 'expired', daysLeft: -12, timeLeft: 'expired 12 days ago' });
  assert.deepEqual(at(-100 * DAY, -60_000), { status: 'expired', daysLeft: -1, timeLeft: 'expired less than a day ago' });
  assert.deepEqual(at(3 * DAY, 300 * DAY), { status: 'not-yet-valid', daysLeft: 300, timeLeft: 'not valid until 2026-01-04, in 3 days' });
});

test('a chain with its key: every public fact per certificate, and which certificate the key belongs to', async () => {
  const { inter, leaf } = await fixtures();
  const d = describePemFile(parse(leaf.pem + inter.pem + leaf.keyPem), NOW);
  assert.equal(d.certificates.length, 2);
  const c = d.certificates[0]!;
  assert.deepEqual(
    {
      subject: c.subject,
      issuer: c.issuer,
      san: c.san,
      status: c.status,
      timeLeft: c.timeLeft,
      key: c.key,
      ekus: c.extKeyUsage,
      ku: c.keyUsage,
      ca: c.ca,
      selfSigned: c.selfSigned,
    },
    {
      subject: 'CN=server-main',
      issuer: 'CN=Test Intermediate,O=nats-tls tests',
      san: { dns: ['localhost'], ip: ['127.0.0.1', '::1'], email: ['ops@nats.test'], uri: [] },
      status: 'valid',
      timeLeft: 'expires 2026-04-04, in 93 days',
      key: 'EC P-256',
      ekus: ['serverAuth', 'clientAuth'],
      ku: ['digitalSignature', 'keyEncipherment'],
      ca: undefined,
      selfSigned: false,
    },
  );
  assert.match(c.sha256Fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.match(c.spkiSha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(d.certificates[1]!.ca, { isCA: true, pathLen: 0 });
  assert.deepEqual(d.keys, [
    {
      line: d.blocks[2]!.line,
      label: 'PRIVATE KEY',
      format: 'PKCS#8',
      encrypted: false,
      loadable: true,
      key: 'EC P-256',
      spkiSha256: c.spkiSha256,
      matchesCertificate: 0,
    },
  ]);
  assert.deepEqual(d.notes, []);

  const text = formatDescription(d, 'chain.pem');
  for (const want of [
    'chain.pem: 2 certificates, 1 private key',
    'Certificate 1 (line 1)',
    'Subject        CN=server-main',
    'SANs           DNS:localhost, IP:127.0.0.1, IP:::1, email:ops@nats.test',
    'expires 2026-04-04, in 93 days',
    'Ext key usage  serverAuth, clientAuth',
    'CA             yes, pathLen 0',
    `SPKI SHA-256   ${c.spkiSha256} (pinned_certs)`,
    'Private key (line ',
    'EC P-256, PKCS#8, matches certificate 1',
  ]) {
    assert.ok(text.includes(want), `missing ${JSON.stringify(want)} in\n${text}`);
  }
});

test('notes: DER files, no PEM, encrypted and unusable keys, broken blocks, ignored block types', async () => {
  const { leaf, rsa } = await fixtures();
  const der = describePemFile(parse(leaf.der), NOW);
  assert.equal(der.der, 'certificate');
  assert.match(der.notes[0]!, /DER-encoded certificate.*openssl x509 -inform der/);
  assert.match(describePemFile(parse(pemToDer(leaf.keyPem)), NOW).notes[0]!, /DER-encoded key.*openssl pkey -inform der/);
  assert.match(describePemFile(parse('hello\n'), NOW).notes[0]!, /No PEM block/);
  const enc = describePemFile(parse(encryptedPkcs8(leaf.keyPem)), NOW);
  assert.deepEqual([enc.keys[0]!.format, enc.keys[0]!.encrypted, enc.keys[0]!.key], ['encrypted PKCS#8', true, undefined]);
  assert.match(enc.notes[0]!, /line 1 is encrypted/);
  assert.equal(describePemFile(parse(legacyEncryptedPkcs1(rsa.keyPem)), NOW).keys[0]!.format, 'encrypted legacy PEM');
  assert.equal(describePemFile(parse(pkcs1Pem(rsa.keyPem)), NOW).keys[0]!.format, 'PKCS#1');
  assert.equal(describePemFile(parse(sec1Pem(leaf.keyPem)), NOW).keys[0]!.format, 'SEC1');
  const lonely = describePemFile(parse(rsa.keyPem), NOW);
  assert.equal(lonely.keys[0]!.matchesCertificate, undefined);
  assert.match(formatDescription(lonely), /RSA 2048, PKCS#8, matches no certificate in this file/);
  const broken = describePemFile(
    parse(
      leaf.pem.replace(/-----END CERTIFICATE-----\n$/, '') +
        '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n',
    ),
    NOW,
  );
  const text = formatDescription(broken);
  assert.match(text, /Unreadable certificate \(line 1\): nats-server skips this block/);
  assert.match(text, /CERTIFICATE REQUEST block \(line \d+\): ignored by nats-server/);
  const expired = describePemFile(parse((await f.expired(undefined, 12)).pem), NOW);
  assert.equal(expired.certificates[0]!.timeLeft, 'expired 12 days ago');
});

test('no private-key material in the description or its text, for every key form', async () => {
  const { leaf, rsa, inter } = await fixtures();
  const keyPems = [
    leaf.keyPem,
    rsa.keyPem,
    pkcs1Pem(rsa.keyPem),
    sec1Pem(leaf.keyPem),
    encryptedPkcs8(leaf.keyPem),
    legacyEncryptedPkcs1(rsa.keyPem),
  ];
  for (const keyPem of keyPems) {
    const file = parse(leaf.pem + inter.pem + keyPem);
    const d = describePemFile(file, NOW);
    const outputs = [JSON.stringify(d), formatDescription(d), JSON.stringify(file, (_k, v) => (v instanceof Uint8Array ? '[bytes]' : v))];
    const secret = base64Lines(keyPem);
    assert.ok(secret.length > 0);
    for (const out of outputs) {
      for (const line of secret) assert.ok(!out.includes(line), `key material leaked: ${line.slice(0, 12)}…`);
      // Nor a shorter run of the key's base64 (any 24 characters of it).
      const body = secret.join('');
      for (let i = 0; i + 24 <= body.length; i += 24) assert.ok(!out.includes(body.slice(i, i + 24)));
    }
  }
});
