// The certificate reader (asn1-x509 schema, held to Go's DER rules) on certificates built byte by byte: what Go
// refuses is refused with Go's words, what Go skips is skipped, and a valid build parses (the positive control).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { parseCertificate } from '../../server/src/core/x509/cert';

// ------------------------------------------------------------------ DER by hand

const len = (n: number): number[] => (n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
const tlv = (tag: number, ...body: Uint8Array[]): Uint8Array => {
  const b = Buffer.concat(body);
  return Uint8Array.from([tag, ...len(b.length), ...b]);
};
const seq = (...b: Uint8Array[]): Uint8Array => tlv(0x30, ...b);
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
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const utc = (s: string): Uint8Array => tlv(0x17, ascii(s));
const name = (cn: string): Uint8Array => seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x13, ascii(cn)))));
const ext = (id: string, value: Uint8Array, critical = false): Uint8Array =>
  seq(oid(id), ...(critical ? [tlv(0x01, bytes(0xff))] : []), tlv(0x04, value));

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const { publicKey: EC_PUBLIC } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const EC_SPKI = Uint8Array.from(EC_PUBLIC.export({ type: 'spki', format: 'der' }));

interface Build {
  version?: Uint8Array;
  innerAlg?: Uint8Array;
  outerAlg?: Uint8Array;
  validity?: Uint8Array;
  spki?: Uint8Array;
  exts?: Uint8Array[];
  signature?: Uint8Array;
  tbs?: (fields: Uint8Array[]) => Uint8Array;
}

function tbsOf(b: Build): Uint8Array {
  const fields = [
    b.version ?? tlv(0xa0, tlv(0x02, bytes(2))),
    tlv(0x02, bytes(0x01, 0x23)),
    b.innerAlg ?? ECDSA_SHA256,
    name('Hand CA'),
    b.validity ?? seq(utc('250101000000Z'), utc('270101000000Z')),
    name('hand.test'),
    b.spki ?? EC_SPKI,
    ...(b.exts ? [tlv(0xa3, seq(...b.exts))] : []),
  ];
  return b.tbs ? b.tbs(fields) : seq(...fields);
}

function cert(b: Build = {}): Uint8Array {
  return seq(tbsOf(b), b.outerAlg ?? b.innerAlg ?? ECDSA_SHA256, tlv(0x03, b.signature ?? bytes(0, 0x30, 0x00)));
}

const error = (der: Uint8Array): string | undefined => {
  const r = parseCertificate(der, 0, 0);
  return r.ok ? undefined : r.error;
};

const SAN = '2.5.29.17';
const NC = '2.5.29.30';

// ------------------------------------------------------------------ tests

test('a hand-built certificate parses: names, dates, key, SANs (the positive control)', () => {
  const r = parseCertificate(cert({ exts: [ext(SAN, seq(tlv(0x82, ascii('hand.test')), tlv(0x87, bytes(127, 0, 0, 1))))] }), 3, 9);
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(
    [r.cert.subject, r.cert.issuer, r.cert.serial, r.cert.version, r.cert.publicKey.curve, r.cert.index, r.cert.line],
    ['CN=hand.test', 'CN=Hand CA', '0123', 3, 'P-256', 3, 9],
  );
  assert.deepEqual(
    [r.cert.notBefore.toISOString(), r.cert.notAfter.toISOString()],
    ['2025-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
  );
  assert.deepEqual(r.cert.san, { dns: ['hand.test'], ip: ['127.0.0.1'], email: [], uri: [] });
});

test("DER only, as Go's parser reads it: BER lengths, constructed strings and overflowing elements are refused", () => {
  const good = cert();
  // Indefinite length on the outer SEQUENCE, closed by end-of-contents.
  const indefinite = Uint8Array.from([0x30, 0x80, ...good.subarray(good[1]! === 0x82 ? 4 : good[1]! === 0x81 ? 3 : 2), 0, 0]);
  assert.equal(error(indefinite), 'x509: malformed certificate');
  // A needlessly long length (0x81 for a length under 128) on the validity.
  const longForm = cert({ validity: Uint8Array.from([0x30, 0x81, 0x1e, ...seq(utc('250101000000Z'), utc('270101000000Z')).subarray(2)]) });
  assert.equal(error(longForm), 'x509: malformed certificate');
  // A constructed PrintableString (BER) in the subject.
  const constructed = cert({
    tbs: (f) => {
      f[5] = seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x33, tlv(0x13, ascii('a')), tlv(0x13, ascii('b'))))));
      return seq(...f);
    },
  });
  assert.equal(error(constructed), 'x509: malformed certificate');
  // An RDN SET whose element claims more bytes than the SET holds (asn1js alone would read on past it).
  const set = tlv(0x31, seq(oid('2.5.4.3'), tlv(0x13, ascii('x'))));
  const overflowing = Uint8Array.from([...set.subarray(0, 1), set[1]! - 2, ...set.subarray(2)]);
  assert.equal(error(cert({ tbs: (f) => ((f[5] = seq(overflowing)), seq(...f)) })), 'x509: malformed certificate');
  // A context tag where the TBS SEQUENCE is due (asn1-schema reads it as an IMPLICIT tag; Go does not).
  assert.equal(error(cert({ tbs: (f) => tlv(0xb0, ...f) })), 'x509: malformed certificate');
  // Trailing bytes after the certificate, and a fourth top-level element.
  assert.equal(error(Uint8Array.from([...good, 0])), 'x509: trailing data');
  assert.equal(error(seq(tbsOf({}), ECDSA_SHA256, tlv(0x03, bytes(0, 1)), tlv(0x05, bytes()))), 'x509: malformed certificate');
});

test("Go's checks on the certificate as a whole, with Go's error texts", () => {
  const cases: [string, Uint8Array, string][] = [
    ['version 4', cert({ version: tlv(0xa0, tlv(0x02, bytes(3))) }), 'x509: invalid version'],
    [
      'inner and outer algorithms differ',
      cert({ innerAlg: ECDSA_SHA256, outerAlg: seq(oid('1.2.840.10045.4.3.3')) }),
      "x509: inner and outer signature algorithm identifiers don't match",
    ],
    ['31 February', cert({ validity: seq(utc('250231000000Z'), utc('270101000000Z')) }), 'x509: malformed validity'],
    ['a signature BIT STRING with padding bits', cert({ signature: bytes(4, 0x30) }), 'x509: malformed signature'],
    [
      'the same extension twice',
      cert({ exts: [ext('2.5.29.19', seq()), ext('2.5.29.19', seq())] }),
      'x509: certificate contains duplicate extensions',
    ],
    ['basicConstraints that is not a SEQUENCE', cert({ exts: [ext('2.5.29.19', tlv(0x02, bytes(1)))] }), 'x509: invalid basic constraints'],
    ['keyUsage that is not a BIT STRING', cert({ exts: [ext('2.5.29.15', tlv(0x04, bytes(1)))] }), 'x509: invalid key usage'],
    ['an IP SAN of 5 bytes', cert({ exts: [ext(SAN, seq(tlv(0x87, bytes(1, 2, 3, 4, 5))))] }), 'x509: cannot parse IP address of length 5'],
    [
      'an IP name constraint of 7 bytes',
      cert({ exts: [ext(NC, seq(tlv(0xa0, seq(tlv(0x87, bytes(10, 0, 0, 0, 255, 0, 0))))))] }),
      'x509: IP constraint contained value of length 7',
    ],
    [
      'an IP name constraint with a mask that is not contiguous',
      cert({ exts: [ext(NC, seq(tlv(0xa0, seq(tlv(0x87, bytes(10, 0, 0, 0, 255, 0, 255, 0))))))] }),
      'x509: IP constraint contained invalid mask ff00ff00',
    ],
  ];
  for (const [what, der, want] of cases) assert.equal(error(der), want, what);
});

test('SAN entries Go does not read are skipped, in order, like its forEachSAN', () => {
  const names = seq(
    tlv(0x82, ascii('a.test')),
    tlv(0xa9, tlv(0x04, bytes(1))), // [9]: no such GeneralName
    tlv(0xa2, tlv(0x16, ascii('constructed.test'))), // dNSName in a constructed form: not a dNSName to Go
    tlv(0xa0, seq(oid('1.3.6.1.4.1.311.20.2.3'), tlv(0xa0, tlv(0x0c, ascii('upn'))))), // otherName
    tlv(0x81, ascii('ops@a.test')),
    tlv(0x86, ascii('spiffe://a.test/x')),
    tlv(0x87, bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)),
  );
  const r = parseCertificate(cert({ exts: [ext(SAN, names)] }), 0, 0);
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(r.cert.san, { dns: ['a.test'], ip: ['::1'], email: ['ops@a.test'], uri: ['spiffe://a.test/x'] });
});

test('selfSigned is checked by node:crypto for algorithms Go does not verify (no OpenSSL fallback)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = Uint8Array.from(publicKey.export({ type: 'spki', format: 'der' }));
  const sha224Rsa = seq(oid('1.2.840.113549.1.1.14'), tlv(0x05, bytes()));
  const signed = (tamper: boolean): Uint8Array => {
    const tbs = tbsOf({ innerAlg: sha224Rsa, spki, tbs: (f) => ((f[3] = f[5]!), seq(...f)) }); // issuer = subject
    const sig = sign('sha224', tbs, privateKey);
    if (tamper) sig[10]! ^= 1;
    return seq(tbs, sha224Rsa, tlv(0x03, bytes(0), sig));
  };
  const good = parseCertificate(signed(false), 0, 0);
  const bad = parseCertificate(signed(true), 0, 0);
  assert.ok(good.ok && bad.ok);
  assert.deepEqual([good.cert.signatureAlgorithm, good.cert.selfSigned, bad.cert.selfSigned], ['sha224WithRSAEncryption', true, false]);
});
