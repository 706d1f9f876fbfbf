// The certificate model: every field, checked against node:crypto's X509Certificate (OpenSSL) where it
// offers the same fact, and against the template the certificate was issued from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { parseCertificate } from '../../server/src/core/x509/cert';
import { parseName } from '../../server/src/core/x509/names';
import type { CertInfo } from '../../server/src/core/x509/model';
import { CertFactory, DAY, TEST_NOW, type Material } from '../helpers/certs';

const f = new CertFactory();

function info(m: Material, index = 0, line = 0): CertInfo {
  const r = parseCertificate(m.der, index, line);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.cert;
}

let chain: Promise<{ root: Material; inter: Material; leaf: Material }> | undefined;
const fixtures = (): Promise<{ root: Material; inter: Material; leaf: Material }> =>
  (chain ??= (async () => {
    const root = await f.ca({ pathLen: 1 });
    const inter = await f.intermediate(root, { pathLen: 0 });
    return {
      root,
      inter,
      leaf: await f.leaf(inter, {
        san: {
          dns: ['localhost', 'nats.test'],
          ip: ['127.0.0.1', '::1', '2001:db8::7'],
          email: ['ops@nats.test'],
          uri: ['spiffe://nats.test/server'],
        },
      }),
    };
  })());

test('fingerprint, serial, validity, CA flag and public key agree with OpenSSL for EC, RSA and Ed25519', async () => {
  const root = await f.ca({ cn: 'Oracle CA' });
  const materials = [
    root,
    await f.leaf(root, { key: { algorithm: 'RSA', bits: 2048 } }),
    await f.leaf(root, { key: { algorithm: 'Ed25519' } }),
    await f.leaf(undefined, { key: { algorithm: 'EC', curve: 'P-384' } }),
  ];
  for (const m of materials) {
    const c = info(m);
    const node = new X509Certificate(m.der);
    assert.equal(c.sha256Fingerprint, node.fingerprint256);
    assert.equal(c.serial, node.serialNumber.toUpperCase());
    assert.equal(c.notBefore.getTime(), new Date(node.validFrom).getTime());
    assert.equal(c.notAfter.getTime(), new Date(node.validTo).getTime());
    assert.equal(c.isCA === true, node.ca);
    const spki = node.publicKey.export({ type: 'spki', format: 'der' });
    assert.equal(c.publicKey.spkiSha256, createHash('sha256').update(spki).digest('hex'));
    const details = node.publicKey.asymmetricKeyDetails ?? {};
    if (details.modulusLength) assert.equal(c.publicKey.bits, details.modulusLength);
  }
  assert.deepEqual(
    materials.map((m) => {
      const k = info(m).publicKey;
      return [k.algorithm, k.bits, k.curve, info(m).signatureAlgorithm];
    }),
    [
      ['EC', 256, 'P-256', 'ecdsa-with-SHA256'],
      ['RSA', 2048, undefined, 'ecdsa-with-SHA256'],
      ['Ed25519', undefined, undefined, 'ecdsa-with-SHA256'],
      ['EC', 384, 'P-384', 'ecdsa-with-SHA256'],
    ],
  );
});

test('names: OpenSSL RFC 2253 order, and the Common Names', async () => {
  const { root, inter, leaf } = await fixtures();
  assert.deepEqual([info(root).subject, info(root).issuer], ['CN=Test Root CA,O=nats-tls tests', 'CN=Test Root CA,O=nats-tls tests']);
  assert.deepEqual(
    [info(inter).subject, info(inter).issuer],
    ['CN=Test Intermediate,O=nats-tls tests', 'CN=Test Root CA,O=nats-tls tests'],
  );
  assert.deepEqual([info(leaf).subjectCN, info(leaf).issuerCN], ['server-main', 'Test Intermediate']);
  const full = info(
    await f.leaf(undefined, { subject: { C: 'US', ST: 'California', L: 'San Francisco', O: 'Synadia', OU: 'nats.io', CN: 'localhost' } }),
  );
  assert.equal(full.subject, 'CN=localhost,OU=nats.io,O=Synadia,L=San Francisco,ST=California,C=US');
  const none = info(await f.leaf(undefined, { subject: {}, san: { dns: ['x.test'] } }));
  assert.deepEqual([none.subject, none.subjectCN], ['', undefined]);
});

test('names: RFC 2253 escapes and non-ASCII bytes as OpenSSL prints them (issued certificates)', async () => {
  const cases: [string, string][] = [
    ['a,b+c', 'CN=a\\,b\\+c'],
    ['x#y', 'CN=x#y'],
    ['quote"semi;lt<gt>', 'CN=quote\\"semi\\;lt\\<gt\\>'],
    ['back\\slash', 'CN=back\\\\slash'],
    ['Zürich', 'CN=Z\\C3\\BCrich'],
    ['a=b', 'CN=a=b'],
  ];
  for (const [cn, want] of cases) {
    const c = info(await f.leaf(undefined, { cn }));
    assert.equal(c.subject, want, cn);
    assert.equal(c.subjectCN, cn);
  }
});

// DER by hand, for string types and shapes the issuer cannot produce.
const tlv = (tag: number, body: Uint8Array): Uint8Array => {
  const len = body.length < 128 ? [body.length] : [0x81, body.length];
  return Uint8Array.from([tag, ...len, ...body]);
};
const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));
const oid = (dotted: string): Uint8Array => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const groups = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) groups.unshift((v & 0x7f) | 0x80);
    out.push(...groups);
  }
  return tlv(0x06, Uint8Array.from(out));
};
const atv = (type: string, tag: number, value: Uint8Array): Uint8Array => tlv(0x30, cat(oid(type), tlv(tag, value)));
const rdn = (...atvs: Uint8Array[]): Uint8Array => tlv(0x31, cat(...atvs));
const latin1 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const bmp = (s: string): Uint8Array => Uint8Array.from([...s].flatMap((ch) => [ch.charCodeAt(0) >> 8, ch.charCodeAt(0) & 0xff]));

test('names: every string type, escape position and unknown attribute (DER built by hand)', () => {
  const CN = '2.5.4.3';
  const cases: [Uint8Array[], string, string | undefined][] = [
    [[rdn(atv(CN, 0x13, latin1('#lead')))], 'CN=\\#lead', '#lead'],
    [[rdn(atv(CN, 0x13, latin1(' both ')))], 'CN=\\ both\\ ', ' both '],
    [[rdn(atv(CN, 0x0c, latin1('tab\there')))], 'CN=tab\\09here', 'tab\there'],
    [[rdn(atv(CN, 0x1e, bmp('Zü')))], 'CN=Z\\C3\\BC', 'Zü'],
    [[rdn(atv(CN, 0x14, latin1('caf\xe9')))], 'CN=caf\\C3\\A9', 'caf\xe9'],
    [
      [
        rdn(atv('2.5.4.6', 0x13, latin1('US'))),
        rdn(atv('2.5.4.10', 0x0c, latin1('Acme')), atv('2.5.4.11', 0x0c, latin1('Ops'))),
        rdn(atv(CN, 0x0c, latin1('srv'))),
      ],
      'CN=srv,OU=Ops+O=Acme,C=US',
      'srv',
    ],
    [[rdn(atv('1.2.3.4', 0x0c, latin1('x')))], '1.2.3.4=#0C0178', undefined],
    [[rdn(atv(CN, 0x02, Uint8Array.from([5])))], 'CN=#020105', undefined],
    [
      [rdn(atv('1.2.840.113549.1.9.1', 0x16, latin1('a@b.test'))), rdn(atv('0.9.2342.19200300.100.1.25', 0x16, latin1('test')))],
      'DC=test,emailAddress=a@b.test',
      undefined,
    ],
  ];
  for (const [rdns, want, cn] of cases) {
    const name = tlv(0x30, cat(...rdns));
    const parsed = parseName(name);
    assert.deepEqual([parsed?.text, parsed?.cn], [want, cn], want);
  }
  const broken = tlv(0x30, tlv(0x31, tlv(0x30, oid(CN))));
  assert.equal(parseName(broken), undefined);
});

test("subject alternative names by type, IPv6 in Go's compressed form", async () => {
  const { leaf, root } = await fixtures();
  assert.deepEqual(info(leaf).san, {
    dns: ['localhost', 'nats.test'],
    ip: ['127.0.0.1', '::1', '2001:db8::7'],
    email: ['ops@nats.test'],
    uri: ['spiffe://nats.test/server'],
  });
  assert.equal(info(root).san, undefined, 'no extension at all');
  const node = new X509Certificate(leaf.der);
  assert.match(node.subjectAltName!, /DNS:nats\.test/);
});

test('key usage, extended key usage (names and unknown OIDs), basic constraints, key identifiers', async () => {
  const { root, inter, leaf } = await fixtures();
  const r = info(root);
  const i = info(inter);
  const l = info(leaf);
  assert.deepEqual([r.isCA, r.pathLen, r.keyUsage], [true, 1, ['keyCertSign', 'cRLSign']]);
  assert.deepEqual([i.isCA, i.pathLen], [true, 0]);
  assert.deepEqual(
    [l.isCA, l.pathLen, l.keyUsage, l.extKeyUsage],
    [undefined, undefined, ['digitalSignature', 'keyEncipherment'], ['serverAuth', 'clientAuth']],
  );
  assert.equal(l.authorityKeyId, i.subjectKeyId);
  assert.equal(i.authorityKeyId, r.subjectKeyId);
  assert.match(r.subjectKeyId!, /^([0-9A-F]{2}:)+[0-9A-F]{2}$/);
  const odd = info(
    await f.leaf(undefined, {
      eku: ['codeSigning', '1.2.3.4.5', 'emailProtection'],
      basicConstraints: { ca: false },
      keyUsage: ['keyAgreement'],
    }),
  );
  assert.deepEqual([odd.extKeyUsage, odd.isCA, odd.keyUsage], [['codeSigning', '1.2.3.4.5', 'emailProtection'], false, ['keyAgreement']]);
  assert.equal(info(await f.leaf(undefined, { eku: [] })).extKeyUsage, undefined);
  assert.equal(info(await f.leaf(undefined, { eku: ['2.5.29.37.0'] })).extKeyUsage![0], 'any');
});

test('name constraints as DNS:/IP:/email: strings', async () => {
  const ca = info(
    await f.ca({
      nameConstraints: {
        permitted: ['localhost', '.test', '127.0.0.0/8', '::1/128', 'example.com@'.replace('@', ''), '@mail.test'],
        excluded: ['bad.test', '10.0.0.0/8'],
      },
    }),
  );
  assert.deepEqual(ca.nameConstraints, {
    permitted: ['DNS:localhost', 'DNS:.test', 'IP:127.0.0.0/8', 'IP:::1/128', 'DNS:example.com', 'email:mail.test'],
    excluded: ['DNS:bad.test', 'IP:10.0.0.0/8'],
  });
  assert.equal(info((await fixtures()).leaf).nameConstraints, undefined);
});

test('weak signatures, self-signed detection, RSA key size, version', async () => {
  const root = await f.ca({ cn: 'Weak CA' });
  const sha1 = info(await f.sha1Signed(root));
  assert.deepEqual([sha1.weakSignature, sha1.signatureAlgorithm], ['sha1', 'ecdsa-with-SHA1']);
  const rsaRoot = await f.ca({ cn: 'RSA CA', key: { algorithm: 'RSA', bits: 2048 } });
  const rsaSha1 = info(await f.leaf(rsaRoot, { hash: 'SHA-1' }));
  assert.deepEqual([rsaSha1.weakSignature, rsaSha1.signatureAlgorithm], ['sha1', 'sha1WithRSAEncryption']);
  assert.equal(info(root).weakSignature, undefined);
  assert.equal(info(root).selfSigned, true);
  assert.equal(info(await f.leaf(root)).selfSigned, false);
  assert.equal(info(await f.leaf(undefined)).selfSigned, true, 'a self-signed leaf');
  // Same subject and issuer, but signed by another key: not self-signed.
  const twin = await f.ca({ cn: 'Twin' });
  const other = await f.ca({ cn: 'Twin' });
  const crossed = await f.leaf(twin, { subject: { CN: 'Twin', O: 'nats-tls tests' } });
  assert.equal(info(crossed).subject, info(other).subject);
  assert.equal(info(crossed).selfSigned, false);
  assert.equal(info(await f.rsa1024(undefined)).publicKey.bits, 1024);
  assert.equal(info(root).version, 3);
});

test('validity dates come from the injected clock', async () => {
  const c = info(await f.expired(undefined, 12));
  assert.equal(c.notAfter.getTime(), TEST_NOW.getTime() - 12 * DAY);
  const n = info(await f.notYetValid(undefined, 3));
  assert.equal(n.notBefore.getTime(), TEST_NOW.getTime() + 3 * DAY);
});

test('position fields, and garbage never throws', async () => {
  const c = info((await fixtures()).leaf, 4, 17);
  assert.deepEqual([c.index, c.line], [4, 17]);
  for (const bytes of [
    new Uint8Array(0),
    Uint8Array.from([0x30]),
    Uint8Array.from([0x30, 0x00]),
    Buffer.from('not a certificate'),
    Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]),
  ]) {
    const r = parseCertificate(bytes, 0, 0);
    assert.equal(r.ok, false);
  }
});
