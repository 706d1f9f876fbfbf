// Private keys: what kind, whether nats-server can load it, and the public key's hash for matching.
// Like Go's tls.X509KeyPair, the label does not decide the format: PKCS#1, PKCS#8 and SEC1 are tried by
// structure. Key material is only handed to node:crypto to derive the public key, and never kept.
import { createPrivateKey, createPublicKey, hash, type KeyObject } from 'node:crypto';
import { fromNode, readDer } from './asn1';
import { view } from './bytes';
import type { KeyAlgorithm, KeyInfo, PublicKeyInfo } from './model';
import { NODE_CURVES } from './oids';
import { EcPrivateKey, EncryptedPrivateKeyInfo, PrivateKeyInfo, RsaPrivateKey } from './schema';

type KeyFormat = 'pkcs1' | 'pkcs8' | 'sec1' | 'encrypted-pkcs8';

/** Which private-key structure the DER has, by its schema only (key material is left to node:crypto); undefined when none. */
export function keyFormatOf(der: Uint8Array): KeyFormat | undefined {
  const read = readDer(der);
  if (!read.ok) return undefined;
  const node = read.node;
  if (fromNode(node, EncryptedPrivateKeyInfo)) return 'encrypted-pkcs8';
  const version = (v: number | string | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
  const pkcs8 = version(fromNode(node, PrivateKeyInfo)?.version);
  if (pkcs8 === 0 || pkcs8 === 1) return 'pkcs8';
  if (version(fromNode(node, RsaPrivateKey)?.version) === 0) return 'pkcs1';
  if (version(fromNode(node, EcPrivateKey)?.version) === 1) return 'sec1';
  return undefined;
}

const ALGORITHMS: Record<string, KeyAlgorithm> = { rsa: 'RSA', 'rsa-pss': 'RSA', ec: 'EC', ed25519: 'Ed25519', ed448: 'Ed448', dsa: 'DSA' };
const GO_CURVES = new Set(['P-224', 'P-256', 'P-384', 'P-521']);

/**
 * A public key's SPKI in one canonical encoding. Node keeps an EC point as the file wrote it (compressed 02/03
 * or uncompressed 04), but Go's tls.X509KeyPair compares points, not encodings: a JWK round trip (x, y)
 * re-encodes every EC key uncompressed, so equal points give equal bytes.
 */
export function spkiDer(pub: KeyObject): Buffer {
  if (pub.asymmetricKeyType === 'ec') {
    try {
      return createPublicKey({ key: pub.export({ format: 'jwk' }), format: 'jwk' }).export({ type: 'spki', format: 'der' });
    } catch {
      // An exotic curve node cannot express as JWK: its own encoding is the best there is.
    }
  }
  return pub.export({ type: 'spki', format: 'der' });
}

function publicInfo(key: KeyObject): PublicKeyInfo {
  const pub = createPublicKey(key);
  const spki = spkiDer(pub);
  const algorithm = ALGORITHMS[key.asymmetricKeyType ?? ''] ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  const info: PublicKeyInfo = { algorithm, spkiSha256: hash('sha256', spki, 'hex') };
  if (details.modulusLength) info.bits = details.modulusLength;
  if (details.namedCurve) {
    info.curve = NODE_CURVES[details.namedCurve] ?? details.namedCurve;
    const bits = /(\d+)/.exec(info.curve)?.[1];
    if (bits) info.bits = Number(bits);
  }
  return info;
}

/** Whether Go's crypto/tls can use a key of this kind (rsa-pss keys and X25519 it cannot). */
function goLoads(key: KeyObject, info: PublicKeyInfo): boolean {
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'ed25519':
      return true;
    case 'ec':
      return GO_CURVES.has(info.curve ?? '');
    default:
      return false;
  }
}

/**
 * Reads one private-key block. `headers` are its PEM headers (legacy encryption puts DEK-Info there).
 */
export function parseKey(label: string, headers: Record<string, string>, der: Uint8Array, line: number): KeyInfo {
  const info: KeyInfo = { line, label, encrypted: false, publicKey: undefined, error: undefined, loadable: false };
  const format = keyFormatOf(der);
  if (
    'DEK-Info' in headers ||
    /ENCRYPTED/i.test(headers['Proc-Type'] ?? '') ||
    label === 'ENCRYPTED PRIVATE KEY' ||
    format === 'encrypted-pkcs8'
  ) {
    info.encrypted = true;
    return info;
  }
  if (label === 'OPENSSH PRIVATE KEY') {
    info.error = 'OpenSSH key format; nats-server needs a PEM key (PKCS#8, PKCS#1 or SEC1): ssh-keygen -p -m PEM -f KEY converts it';
    return info;
  }
  if (!format) {
    info.error = 'not a PKCS#1, PKCS#8 or SEC1 private key';
    return info;
  }
  try {
    const key = createPrivateKey({ key: view(der), format: 'der', type: format as 'pkcs1' | 'pkcs8' | 'sec1' });
    info.publicKey = publicInfo(key);
    info.loadable = goLoads(key, info.publicKey);
  } catch (e) {
    info.error = `cannot parse the ${format.toUpperCase()} key: ${(e as Error).message.replace(/^error:[0-9A-F]+:/, '')}`;
  }
  return info;
}

/** For files without PEM: does the DER look like a private key (plain or encrypted PKCS#8)? */
export function isDerKey(der: Uint8Array): boolean {
  const format = keyFormatOf(der);
  if (!format) return false;
  if (format === 'encrypted-pkcs8') return true;
  try {
    createPrivateKey({ key: view(der), format: 'der', type: format });
    return true;
  } catch {
    return false;
  }
}
