// Certificate signature checks with node:crypto, plus Go's checkSignature policy and error texts.
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { parseDer } from './asn1';
import { view } from './bytes';
import type { KeyAlgorithm } from './model';
import { SIGNATURE_ALGS } from './oids';
import { RsaPssParams } from './schema';

export interface Signed {
  tbs: Uint8Array;
  signature: Uint8Array;
  signatureOid: string;
  signatureParams: Uint8Array | undefined;
}

const keyCache = new WeakMap<Uint8Array, KeyObject | null>();

function publicKeyOf(spki: Uint8Array): KeyObject | undefined {
  let k = keyCache.get(spki);
  if (k === undefined) {
    try {
      k = createPublicKey({ key: view(spki), format: 'der', type: 'spki' });
    } catch {
      k = null;
    }
    keyCache.set(spki, k);
  }
  return k ?? undefined;
}

const PSS_HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** RSASSA-PSS-params: hash and salt length (defaults SHA-1 and 20, per RFC 4055). */
function pssParams(params: Uint8Array | undefined): { hash: string; saltLength: number } {
  const p = params && parseDer(params, RsaPssParams);
  const saltLength = Number(p?.saltLength);
  return {
    hash: PSS_HASHES[p?.hashAlgorithm?.algorithm ?? ''] ?? 'sha1',
    saltLength: p?.saltLength !== undefined && Number.isSafeInteger(saltLength) && saltLength >= 0 ? saltLength : 20,
  };
}

/** Whether `spki`'s key made the signature; undefined when the algorithm is not one we can check. */
export function signatureValid(child: Signed, spki: Uint8Array): boolean | undefined {
  const alg = SIGNATURE_ALGS[child.signatureOid];
  const key = publicKeyOf(spki);
  if (!alg || !key) return undefined;
  try {
    if (alg.key === 'RSA-PSS') {
      const p = pssParams(child.signatureParams);
      return verify(p.hash, child.tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength }, child.signature);
    }
    if (alg.key === 'Ed448') return verify(null, child.tbs, key, child.signature);
    const digest = alg.hash ?? alg.digest;
    if (digest === undefined) return undefined;
    return verify(digest, child.tbs, key, child.signature);
  } catch {
    return false;
  }
}

/** Self-signature check for the model's `selfSigned`: cryptographic only (Go never checks a root's own signature). */
export function selfSignatureValid(child: Signed, spki: Uint8Array): boolean {
  return signatureValid(child, spki) ?? false;
}

const GO_KEY: Record<string, { name: string; type: string }> = {
  RSA: { name: 'RSA', type: '*rsa.PublicKey' },
  'RSA-PSS': { name: 'RSA', type: '*rsa.PublicKey' },
  EC: { name: 'ECDSA', type: '*ecdsa.PublicKey' },
  Ed25519: { name: 'Ed25519', type: 'ed25519.PublicKey' },
  DSA: { name: 'DSA', type: '*dsa.PublicKey' },
};

/**
 * Go's checkSignature as CheckSignatureFrom applies it: undefined when valid, else Go's error text.
 * SHA-1 and MD5 signatures are refused before any maths, as Go does for certificates.
 */
export function goSignatureError(child: Signed, parentSpki: Uint8Array, parentKey: KeyAlgorithm): string | undefined {
  const unsupported = 'x509: cannot verify signature: algorithm unimplemented';
  const alg = SIGNATURE_ALGS[child.signatureOid];
  if (!alg) return unsupported;
  if (alg.weak) return `x509: cannot verify signature: insecure algorithm ${alg.go}`;
  if (alg.hash === undefined || alg.key === 'Ed448' || alg.key === 'DSA') return unsupported;
  const have = GO_KEY[parentKey];
  if (!have || parentKey === 'DSA') return unsupported;
  const want = GO_KEY[alg.key]!;
  if (want.name !== have.name)
    return `x509: signature algorithm specifies an ${want.name} public key, but have public key of type ${have.type}`;
  if (signatureValid(child, parentSpki) === true) return undefined;
  if (have.name === 'RSA') return 'crypto/rsa: verification error';
  return `x509: ${have.name} verification failure`;
}
