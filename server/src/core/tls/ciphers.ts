// Cipher-suite and curve names nats-server accepts, per release line (reference §3.2).
import { compareVersions, parseVersion, type Version } from './versions';

/** Up to 2.11: a hard-coded map (2.9.10 `--help_tls`); insecure names accepted without complaint. */
const LEGACY_CIPHERS = [
  'TLS_RSA_WITH_RC4_128_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
];

/** From 2.12: Go's tls.CipherSuites() (secure) … */
const GO_SECURE = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
];
/** … and tls.InsecureCipherSuites(), which need allow_insecure_cipher_suites. */
const GO_INSECURE = [
  'TLS_RSA_WITH_RC4_128_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
];

const LEGACY_CURVES = ['X25519', 'CurveP256', 'CurveP384', 'CurveP521'];
/** From 2.12 (release builds use Go 1.25: X25519MLKEM768 is Go's only post-quantum hybrid there). */
const CURRENT_CURVES = ['X25519MLKEM768', 'X25519', 'CurveP256', 'CurveP384', 'CurveP521'];
/**
 * From 2.15: built with Go 1.26+, whose crypto/tls adds the NIST hybrids (nats-server's ciphersuites_go126.go).
 * Measured: 2.15.1 (Debian's build, go1.27) accepts both; 2.10.27 rejects them ("unrecognized curve preference").
 */
const PQ_CURVES = ['X25519MLKEM768', 'SecP256r1MLKEM768', 'SecP384r1MLKEM1024', 'X25519', 'CurveP256', 'CurveP384', 'CurveP521'];

export interface CipherVerdict {
  known: boolean;
  insecure: boolean;
  /** The spelling this version wants, when the name is the other release line's spelling. */
  renamed?: string;
}

/** From 2.12 nats-server takes Go's own cipher-suite and curve names. */
export const GO_NAMES_SINCE = '2.12.0';

export function goNames(v: Version): boolean {
  return compareVersions(v, parseVersion(GO_NAMES_SINCE)!) >= 0;
}

export function cipherNames(v: Version): { secure: string[]; insecure: string[] } {
  if (goNames(v)) return { secure: GO_SECURE, insecure: GO_INSECURE };
  return { secure: LEGACY_CIPHERS, insecure: [] };
}

export function checkCipher(name: string, v: Version): CipherVerdict {
  const { secure, insecure } = cipherNames(v);
  if (secure.includes(name)) return { known: true, insecure: false };
  if (insecure.includes(name)) return { known: true, insecure: true };
  // The ChaCha names changed spelling at 2.12 (Go's names end in _SHA256).
  const other = name.endsWith('_SHA256') ? name.slice(0, -'_SHA256'.length) : `${name}_SHA256`;
  if (/CHACHA20_POLY1305/.test(name) && secure.includes(other)) return { known: false, insecure: false, renamed: other };
  return { known: false, insecure: false };
}

export function curveNames(v: Version): string[] {
  if (compareVersions(v, parseVersion('2.15.0')!) >= 0) return PQ_CURVES;
  return goNames(v) ? CURRENT_CURVES : LEGACY_CURVES;
}
