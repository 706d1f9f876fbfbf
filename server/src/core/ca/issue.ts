// Issues X.509 certificates from a template: the one place the project builds certificates.
// The NATS profiles (CA, server, client) and the tests' deliberately broken certificates both use it.
// Pure apart from randomness: the caller passes the dates (an injected clock), and the WebCrypto provider.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, GeneralSubtree, GeneralSubtrees, NameConstraints, id_ce_nameConstraints } from '@peculiar/asn1-x509';
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import type { Algorithm, Crypto, CryptoKey, CryptoKeyPair, EcKeyGenParams, EcdsaParams, RsaHashedKeyGenParams } from './web-crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type KeySpec =
  | { algorithm: 'EC'; curve?: 'P-256' | 'P-384' | 'P-521' }
  | { algorithm: 'RSA'; bits?: 1024 | 2048 | 3072 | 4096 }
  | { algorithm: 'Ed25519' };
export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SHA-1';

export interface KeyPair {
  spec: KeySpec;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export interface DistinguishedName {
  CN?: string;
  O?: string;
  OU?: string;
  C?: string;
  ST?: string;
  L?: string;
}

export type KeyUsageName =
  'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign';

export interface CertTemplate {
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  /** Hex; random when omitted. */
  serial?: string;
  /** Omit for a leaf without the extension. */
  basicConstraints?: { ca: boolean; pathLen?: number; critical?: boolean };
  keyUsage?: KeyUsageName[];
  /** 'serverAuth', 'clientAuth', 'emailProtection', 'codeSigning', or an OID. Omit for no extension (any use). */
  extKeyUsage?: string[];
  /** Omit for no subjectAltName extension at all. */
  san?: { dns?: string[]; ip?: string[]; email?: string[]; uri?: string[] };
  /** DNS names ('localhost', '.test'), IP ranges in CIDR form ('127.0.0.0/8', '::1/128') and emails. */
  nameConstraints?: { permitted?: string[]; excluded?: string[] };
  hash?: HashName;
  /** Subject key identifier (default on) and authority key identifier (default on when issued by another cert). */
  keyIdentifiers?: boolean;
}

export interface Issued {
  cert: x509.X509Certificate;
  pem: string;
  der: Uint8Array;
}

export interface Issuer {
  cert: x509.X509Certificate;
  key: KeyPair;
}

const EKU: Record<string, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
};

const KU: Record<KeyUsageName, x509.KeyUsageFlags> = {
  digitalSignature: x509.KeyUsageFlags.digitalSignature,
  nonRepudiation: x509.KeyUsageFlags.nonRepudiation,
  keyEncipherment: x509.KeyUsageFlags.keyEncipherment,
  dataEncipherment: x509.KeyUsageFlags.dataEncipherment,
  keyAgreement: x509.KeyUsageFlags.keyAgreement,
  keyCertSign: x509.KeyUsageFlags.keyCertSign,
  cRLSign: x509.KeyUsageFlags.cRLSign,
};

function algorithmFor(spec: KeySpec, hash: HashName): RsaHashedKeyGenParams | EcKeyGenParams | Algorithm {
  if (spec.algorithm === 'Ed25519') return { name: 'Ed25519' };
  if (spec.algorithm === 'RSA')
    return { name: 'RSASSA-PKCS1-v1_5', modulusLength: spec.bits ?? 2048, publicExponent: new Uint8Array([1, 0, 1]), hash };
  return { name: 'ECDSA', namedCurve: spec.curve ?? 'P-256' };
}

export async function generateKeyPair(spec: KeySpec, crypto: Crypto = webcrypto as unknown as Crypto): Promise<KeyPair> {
  const keys = (await crypto.subtle.generateKey(algorithmFor(spec, 'SHA-256'), true, ['sign', 'verify'])) as CryptoKeyPair;
  return { spec, privateKey: keys.privateKey, publicKey: keys.publicKey };
}

/** The private key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), the form nats-server reads. */
export async function privateKeyPem(key: KeyPair, crypto: Crypto = webcrypto as unknown as Crypto): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key.privateKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** Reads an unencrypted PKCS#8, SEC1 or PKCS#1 key back, e.g. a CA key to sign renewals with. */
export async function importPrivateKeyPem(pem: string, crypto: Crypto = webcrypto as unknown as Crypto): Promise<KeyPair> {
  const node = createPrivateKey(pem);
  const pkcs8 = new Uint8Array(node.export({ format: 'der', type: 'pkcs8' }));
  const spki = new Uint8Array(createPublicKey(node).export({ format: 'der', type: 'spki' }));
  const details = node.asymmetricKeyDetails ?? {};
  let spec: KeySpec;
  if (node.asymmetricKeyType === 'rsa') spec = { algorithm: 'RSA', bits: (details.modulusLength ?? 2048) as 2048 };
  else if (node.asymmetricKeyType === 'ec') {
    const curve = ({ prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' } as const)[details.namedCurve as 'prime256v1'] ?? 'P-256';
    spec = { algorithm: 'EC', curve };
  } else throw new Error(`unsupported key type ${node.asymmetricKeyType}`);
  const alg = algorithmFor(spec, 'SHA-256');
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, alg, true, ['sign']);
  const publicKey = await crypto.subtle.importKey('spki', spki, alg, true, ['verify']);
  return { spec, privateKey, publicKey };
}

/** Whether `key` is the key of `cert`: its public key, exported as SPKI, is the certificate's byte for byte. */
export async function keyBelongsTo(
  key: KeyPair,
  cert: x509.X509Certificate,
  crypto: Crypto = webcrypto as unknown as Crypto,
): Promise<boolean> {
  const spki = Buffer.from(await crypto.subtle.exportKey('spki', key.publicKey));
  return spki.equals(Buffer.from(cert.publicKey.rawData));
}

/** WebCrypto ties an RSA key to one hash; re-import the signing key when the template asks for another. */
async function signingKeyFor(
  key: KeyPair,
  hash: HashName,
  crypto: Crypto,
): Promise<{ key: CryptoKey; algorithm: Algorithm | EcdsaParams }> {
  if (key.spec.algorithm === 'EC') return { key: key.privateKey, algorithm: { name: 'ECDSA', hash } as EcdsaParams };
  if (key.spec.algorithm === 'Ed25519') return { key: key.privateKey, algorithm: { name: 'Ed25519' } };
  const alg = algorithmFor(key.spec, hash);
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', key.privateKey);
  return { key: await crypto.subtle.importKey('pkcs8', pkcs8, alg, false, ['sign']), algorithm: alg };
}

function nameString(dn: DistinguishedName): string {
  const esc = (v: string): string => v.replace(/([,+"\\<>;=])/g, '\\$1');
  const parts: string[] = [];
  for (const k of ['C', 'ST', 'L', 'O', 'OU', 'CN'] as const) if (dn[k] !== undefined) parts.push(`${k}=${esc(dn[k]!)}`);
  return parts.join(', ');
}

function nameConstraintsExtension(nc: NonNullable<CertTemplate['nameConstraints']>): x509.Extension {
  const subtree = (entry: string): GeneralSubtree => {
    if (/^[0-9.]+\/\d+$/.test(entry) || (entry.includes(':') && entry.includes('/')))
      return new GeneralSubtree({ base: new GeneralName({ iPAddress: entry }) });
    if (entry.includes('@')) return new GeneralSubtree({ base: new GeneralName({ rfc822Name: entry.replace(/^@/, '') }) });
    return new GeneralSubtree({ base: new GeneralName({ dNSName: entry }) });
  };
  const value = new NameConstraints({
    ...(nc.permitted?.length ? { permittedSubtrees: new GeneralSubtrees(nc.permitted.map(subtree)) } : {}),
    ...(nc.excluded?.length ? { excludedSubtrees: new GeneralSubtrees(nc.excluded.map(subtree)) } : {}),
  });
  // RFC 5280: conforming CAs mark name constraints critical.
  return new x509.Extension(id_ce_nameConstraints, true, AsnConvert.serialize(value));
}

function randomSerial(crypto: Crypto): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f; // positive
  if (bytes[0] === 0) bytes[0] = 1;
  return Buffer.from(bytes).toString('hex');
}

/**
 * Issues a certificate for `subjectKey` from `template`, signed by `issuer` (self-signed when omitted).
 */
export async function issueCertificate(
  template: CertTemplate,
  subjectKey: KeyPair,
  issuer?: Issuer,
  crypto: Crypto = webcrypto as unknown as Crypto,
): Promise<Issued> {
  const hash = template.hash ?? 'SHA-256';
  const signer = issuer?.key ?? subjectKey;
  const { key: signingKey, algorithm } = await signingKeyFor(signer, hash, crypto);
  const extensions: x509.Extension[] = [];
  const bc = template.basicConstraints;
  if (bc) extensions.push(new x509.BasicConstraintsExtension(bc.ca, bc.pathLen, bc.critical ?? true));
  if (template.keyUsage?.length)
    extensions.push(
      new x509.KeyUsagesExtension(
        template.keyUsage.reduce((f, u) => f | KU[u], 0),
        true,
      ),
    );
  if (template.extKeyUsage?.length)
    extensions.push(
      new x509.ExtendedKeyUsageExtension(
        template.extKeyUsage.map((u) => EKU[u] ?? u),
        false,
      ),
    );
  if (template.san) {
    const names: x509.JsonGeneralName[] = [
      ...(template.san.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
      ...(template.san.ip ?? []).map((value) => ({ type: 'ip' as const, value })),
      ...(template.san.email ?? []).map((value) => ({ type: 'email' as const, value })),
      ...(template.san.uri ?? []).map((value) => ({ type: 'url' as const, value })),
    ];
    // A certificate with an empty subject must mark its SAN critical (RFC 5280 4.2.1.6).
    extensions.push(new x509.SubjectAlternativeNameExtension(names, Object.keys(template.subject).length === 0));
  }
  if (template.nameConstraints) extensions.push(nameConstraintsExtension(template.nameConstraints));
  if (template.keyIdentifiers !== false) {
    extensions.push(await x509.SubjectKeyIdentifierExtension.create(subjectKey.publicKey, false, crypto));
    if (issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.cert, false, crypto));
  }
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: template.serial ?? randomSerial(crypto),
      subject: nameString(template.subject),
      issuer: issuer ? issuer.cert.subject : nameString(template.subject),
      notBefore: template.notBefore,
      notAfter: template.notAfter,
      publicKey: subjectKey.publicKey,
      signingKey,
      signingAlgorithm: algorithm,
      extensions,
    },
    crypto,
  );
  const der = new Uint8Array(cert.rawData);
  return { cert, pem: cert.toString('pem') + '\n', der };
}
