// Object identifiers the model names: signature and key algorithms, curves, extended key usages.

export interface SignatureAlg {
  /** OpenSSL's name, as `openssl x509 -text` prints it. */
  name: string;
  /** Go's SignatureAlgorithm.String(), for Go's error texts. */
  go: string;
  /** node:crypto digest; null for Ed25519/Ed448; undefined when Go cannot verify it. */
  hash: string | null | undefined;
  /** The digest node:crypto checks it with when Go cannot (for `selfSigned`, which is maths, not Go's policy). */
  digest?: string;
  key: 'RSA' | 'EC' | 'Ed25519' | 'Ed448' | 'DSA' | 'RSA-PSS';
  weak?: 'sha1' | 'md5';
}

export const SIGNATURE_ALGS: Record<string, SignatureAlg> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', go: 'MD2-RSA', hash: undefined, key: 'RSA', weak: 'md5' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', go: 'MD5-RSA', hash: 'md5', key: 'RSA', weak: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', go: 'SHA1-RSA', hash: 'sha1', key: 'RSA', weak: 'sha1' },
  '1.3.14.3.2.29': { name: 'sha1WithRSA', go: 'SHA1-RSA', hash: 'sha1', key: 'RSA', weak: 'sha1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', go: '1.2.840.113549.1.1.14', hash: undefined, digest: 'sha224', key: 'RSA' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', go: 'SHA256-RSA', hash: 'sha256', key: 'RSA' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', go: 'SHA384-RSA', hash: 'sha384', key: 'RSA' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', go: 'SHA512-RSA', hash: 'sha512', key: 'RSA' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss', go: 'RSA-PSS', hash: 'sha256', key: 'RSA-PSS' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', go: 'ECDSA-SHA1', hash: 'sha1', key: 'EC', weak: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', go: '1.2.840.10045.4.3.1', hash: undefined, digest: 'sha224', key: 'EC' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', go: 'ECDSA-SHA256', hash: 'sha256', key: 'EC' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', go: 'ECDSA-SHA384', hash: 'sha384', key: 'EC' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', go: 'ECDSA-SHA512', hash: 'sha512', key: 'EC' },
  '1.3.101.112': { name: 'ED25519', go: 'Ed25519', hash: null, key: 'Ed25519' },
  '1.3.101.113': { name: 'ED448', go: '1.3.101.113', hash: undefined, key: 'Ed448' },
  '1.2.840.10040.4.3': { name: 'dsaWithSHA1', go: 'DSA-SHA1', hash: undefined, digest: 'sha1', key: 'DSA', weak: 'sha1' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa_with_SHA256', go: 'DSA-SHA256', hash: undefined, digest: 'sha256', key: 'DSA' },
};

export const KEY_ALGS: Record<string, 'RSA' | 'EC' | 'Ed25519' | 'Ed448' | 'DSA'> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA', // RSASSA-PSS keys
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.10040.4.1': 'DSA',
};

/** Curves by OID: the name nats users know and its size in bits. */
export const CURVES: Record<string, { name: string; bits: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', bits: 256 },
  '1.3.132.0.34': { name: 'P-384', bits: 384 },
  '1.3.132.0.35': { name: 'P-521', bits: 521 },
  '1.3.132.0.33': { name: 'P-224', bits: 224 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.2.840.10045.3.1.1': { name: 'P-192', bits: 192 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 },
};

/** node:crypto's namedCurve → the same names. */
export const NODE_CURVES: Record<string, string> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp224r1: 'P-224',
  secp256k1: 'secp256k1',
  prime192v1: 'P-192',
};

export const EKU_NAMES: Record<string, string> = {
  '2.5.29.37.0': 'any',
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.5': 'ipsecEndSystem',
  '1.3.6.1.5.5.7.3.6': 'ipsecTunnel',
  '1.3.6.1.5.5.7.3.7': 'ipsecUser',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.4.1.311.10.3.3': 'msSGC',
  '2.16.840.1.113730.4.1': 'nsSGC',
};

export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

export const EXT = {
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyId: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

/** Extensions Go's parser understands; any other critical one makes Go refuse the certificate in Verify. */
export const GO_HANDLED_EXTENSIONS = new Set<string>(Object.values(EXT));
