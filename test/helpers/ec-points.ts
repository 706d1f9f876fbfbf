// The same EC key written with its public point compressed (SEC 1 §2.3.3: 02/03 || X) instead of uncompressed
// (04 || X || Y), as `openssl ec -conv_form compressed` writes it: in a key file's optional publicKey field, or
// in a certificate's subjectPublicKeyInfo. Built here byte by byte, so no test depends on openssl.
import 'reflect-metadata';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { createPrivateKey, sign, type JsonWebKey } from 'node:crypto';

const OID_EC_PUBLIC_KEY = '06072a8648ce3d0201';
const OID_PRIME256V1 = '06082a8648ce3d030107';

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

function jwkOf(keyPem: string): { d: Buffer; x: Buffer; y: Buffer } {
  const jwk = createPrivateKey(keyPem).export({ format: 'jwk' }) as JsonWebKey;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new Error('ec-points: only P-256 keys');
  const b = (s: string | undefined): Buffer => Buffer.from(s!, 'base64url');
  return { d: b(jwk.d), x: b(jwk.x), y: b(jwk.y) };
}

/** The compressed form of the point (x, y). */
export function compressPoint(x: Buffer, y: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x02 | (y[y.length - 1]! & 1)]), x]);
}

/** SEC 1 ECPrivateKey with the public key compressed; `params` adds the curve OID ([0]), as SEC 1 files carry. */
function sec1Der(keyPem: string, params: boolean): Buffer {
  const { d, x, y } = jwkOf(keyPem);
  const parts = [tlv(0x02, Buffer.from([1])), tlv(0x04, d)];
  if (params) parts.push(tlv(0xa0, Buffer.from(OID_PRIME256V1, 'hex')));
  parts.push(tlv(0xa1, tlv(0x03, Buffer.concat([Buffer.from([0]), compressPoint(x, y)]))));
  return tlv(0x30, Buffer.concat(parts));
}

const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${der
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n')
    .trimEnd()}\n-----END ${label}-----\n`;

/** `-----BEGIN EC PRIVATE KEY-----` (SEC 1) whose publicKey field holds the compressed point. */
export function compressedSec1Pem(keyPem: string): string {
  return pem('EC PRIVATE KEY', sec1Der(keyPem, true));
}

/** `-----BEGIN PRIVATE KEY-----` (PKCS #8) whose inner SEC 1 key holds the compressed point. */
export function compressedPkcs8Pem(keyPem: string): string {
  const algorithm = tlv(0x30, Buffer.from(OID_EC_PUBLIC_KEY + OID_PRIME256V1, 'hex'));
  return pem('PRIVATE KEY', tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([0])), algorithm, tlv(0x04, sec1Der(keyPem, false))])));
}

/**
 * The certificate `certPem` with its public point compressed, signed again (ECDSA with SHA-256) by
 * `issuerKeyPem` so its signature still verifies. P-256 subject keys only.
 */
export function compressedCertPem(certPem: string, subjectKeyPem: string, issuerKeyPem: string): string {
  const der = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const cert = AsnConvert.parse(der, Certificate);
  const { x, y } = jwkOf(subjectKeyPem);
  const spki = cert.tbsCertificate.subjectPublicKeyInfo;
  const current = Buffer.from(spki.subjectPublicKey);
  if (!current.equals(Buffer.concat([Buffer.from([4]), x, y]))) throw new Error('ec-points: the certificate is not for this key');
  spki.subjectPublicKey = new Uint8Array(compressPoint(x, y)).buffer;
  const tbs = Buffer.from(AsnConvert.serialize(cert.tbsCertificate));
  cert.signatureValue = new Uint8Array(sign('sha256', tbs, issuerKeyPem)).buffer;
  return pem('CERTIFICATE', Buffer.from(AsnConvert.serialize(cert)));
}
