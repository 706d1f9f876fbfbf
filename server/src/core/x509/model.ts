// What the engine knows about certificate, key and CA files: the model behind diagnostics, hovers
// and `nats-tls inspect`. It never holds private-key material beyond what parsing needs, and nothing
// here may be printed that would reveal it (only public facts: type, size, public-key hash).

export type KeyAlgorithm = 'RSA' | 'EC' | 'Ed25519' | 'Ed448' | 'DSA' | 'unknown';

export interface PublicKeyInfo {
  algorithm: KeyAlgorithm;
  /** RSA/DSA modulus size, or the curve size for EC (256 for P-256). */
  bits?: number;
  /** EC curve name as nats users see it: 'P-256', 'P-384', 'P-521'. */
  curve?: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex: the form `pinned_certs` uses. */
  spkiSha256: string;
}

export interface SubjectAltNames {
  dns: string[];
  /** Textual IPs: '127.0.0.1', '::1'. */
  ip: string[];
  email: string[];
  uri: string[];
}

export interface CertInfo {
  /** Position in its PEM file (0-based, counting certificates only). */
  index: number;
  /** 0-based line of the BEGIN line in the file, for ranges in hovers and messages. */
  line: number;
  /** Distinguished names in OpenSSL's one-line RFC 2253 order, e.g. 'CN=server-main,O=Acme'. */
  subject: string;
  issuer: string;
  subjectCN: string | undefined;
  issuerCN: string | undefined;
  /** Upper-case hex, no separators, as `openssl x509 -serial` prints it. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
  /** undefined when the certificate has no subjectAltName extension at all. */
  san: SubjectAltNames | undefined;
  /** basicConstraints cA; undefined when the extension is absent. */
  isCA: boolean | undefined;
  pathLen: number | undefined;
  /** keyUsage bits by name ('digitalSignature', 'keyEncipherment', 'keyCertSign', 'cRLSign', …); undefined when absent. */
  keyUsage: string[] | undefined;
  /** extendedKeyUsage by name ('serverAuth', 'clientAuth', 'emailProtection', 'any', or the OID); undefined when absent (any use). */
  extKeyUsage: string[] | undefined;
  /** Permitted/excluded name constraints, when the certificate carries them. */
  nameConstraints: { permitted: string[]; excluded: string[] } | undefined;
  publicKey: PublicKeyInfo;
  /** e.g. 'sha256WithRSAEncryption', 'ecdsa-with-SHA256', 'ED25519'. */
  signatureAlgorithm: string;
  /** Set when the signature hash is broken for TLS (Go rejects SHA-1 and MD5 signatures). */
  weakSignature: 'sha1' | 'md5' | undefined;
  /** Upper-case hex with colons, as `openssl x509 -fingerprint -sha256` prints it. */
  sha256Fingerprint: string;
  subjectKeyId: string | undefined;
  authorityKeyId: string | undefined;
  /** Subject and issuer DER are equal and the signature verifies with its own key. */
  selfSigned: boolean;
  /** The DER bytes (public data), for chain verification; ArrayBuffer-backed, so WebCrypto APIs take it as is. */
  der: Uint8Array<ArrayBuffer>;
  /** X.509 version (1 or 3 in practice): Go lets a v1 certificate without basicConstraints sign, never a v3 one. */
  version: number;
}

export interface KeyInfo {
  /** 0-based line of the BEGIN line in the file. */
  line: number;
  /** PEM label as written: 'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'. */
  label: string;
  /** PKCS#8 encrypted, or legacy PEM with Proc-Type: 4,ENCRYPTED: nats-server cannot read these. */
  encrypted: boolean;
  /** Public facts of the key; undefined when encrypted or unparsable. */
  publicKey: PublicKeyInfo | undefined;
  /** Why it could not be parsed, when it could not. */
  error: string | undefined;
  /**
   * nats-server (Go crypto/tls) can load it: unencrypted PKCS#8/PKCS#1/SEC1 RSA, ECDSA P-224/P-256/P-384/P-521
   * or Ed25519. False for encrypted keys, DSA, Ed448, X25519, other curves and unparsable blocks.
   */
  loadable: boolean;
}

/** One PEM block's label and where it sits, in file order. */
export interface PemBlock {
  label: string;
  line: number;
}

export interface PemFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** POSIX permission bits when known. */
  mode: number | undefined;
  blocks: PemBlock[];
  certs: CertInfo[];
  keys: KeyInfo[];
  /** No PEM block at all, but the bytes parse as a DER certificate or key. */
  der: 'certificate' | 'key' | undefined;
  /**
   * Certificates that are in PEM but could not be parsed, with the reason: CERTIFICATE blocks Go's PEM decoder
   * skips (no END line, bad base64; not in `blocks`) and blocks whose DER Go would reject (in `blocks`).
   */
  badCerts: { line: number; error: string }[];
}

/** Why a referenced file could not be read; mirrors ReadResult's reasons. */
export interface FileFailure {
  path: string;
  reason: 'not-found' | 'directory' | 'not-regular' | 'permission' | 'too-large' | 'loop' | 'error';
  detail: string;
}
