// A JSON-able description of a certificate/key/CA file for `nats-tls inspect` and editor hovers, and its
// plain-text form. Only public facts: nothing derived from private-key material except the public key's hash.
import { escapeControls } from '../text/controls';
import type { CertInfo, KeyInfo, PemFile, PublicKeyInfo } from './model';
import { keyMatchesCert } from './verify';

export interface CertDescription {
  index: number;
  /** 0-based line of the BEGIN line. */
  line: number;
  subject: string;
  issuer: string;
  san?: { dns: string[]; ip: string[]; email: string[]; uri: string[] };
  notBefore: string;
  notAfter: string;
  status: 'valid' | 'expired' | 'not-yet-valid';
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
  /** "expires 2027-03-01, in 93 days", "expired 12 days ago", "not valid until 2026-02-01, in 3 days": no parentheses, so it reads well inside them. */
  timeLeft: string;
  serial: string;
  sha256Fingerprint: string;
  /** SHA-256 of the SubjectPublicKeyInfo: the form `pinned_certs` takes. */
  spkiSha256: string;
  /** "RSA 2048", "EC P-256", "Ed25519". */
  key: string;
  signatureAlgorithm: string;
  weakSignature?: 'sha1' | 'md5';
  keyUsage?: string[];
  extKeyUsage?: string[];
  /** basicConstraints; absent when the certificate has none. */
  ca?: { isCA: boolean; pathLen?: number };
  nameConstraints?: { permitted: string[]; excluded: string[] };
  selfSigned: boolean;
  subjectKeyId?: string;
  authorityKeyId?: string;
  version: number;
}

export interface KeyDescription {
  line: number;
  label: string;
  /** 'PKCS#8', 'PKCS#1', 'SEC1', 'encrypted PKCS#8', 'encrypted legacy PEM', or the label. */
  format: string;
  encrypted: boolean;
  /** nats-server can load it. */
  loadable: boolean;
  key?: string;
  spkiSha256?: string;
  /** Index of the certificate in the same file whose public key this is. */
  matchesCertificate?: number;
  error?: string;
}

export interface FileDescription {
  path: string;
  size: number;
  blocks: { label: string; line: number }[];
  certificates: CertDescription[];
  keys: KeyDescription[];
  badCertificates: { line: number; error: string }[];
  der?: 'certificate' | 'key';
  /** What stands out, in words: DER instead of PEM, no PEM data, encrypted keys, broken blocks. */
  notes: string[];
}

export const DAY = 86_400_000;

/** Whole days from a to b, rounded down (negative when b is earlier). */
export function daysBetween(a: Date, b: Date): number {
  return Math.floor((b.getTime() - a.getTime()) / DAY);
}

/** The date as YYYY-MM-DD (UTC). */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** How messages name a certificate: its subject's common name, else the whole subject. */
export function nameOf(c: CertInfo): string {
  return c.subjectCN ?? c.subject;
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

export function keyText(k: PublicKeyInfo): string {
  if (k.algorithm === 'EC') return `EC ${k.curve ?? (k.bits ? `${k.bits}-bit` : 'unknown curve')}`;
  if (k.algorithm === 'RSA' || k.algorithm === 'DSA') return k.bits ? `${k.algorithm} ${k.bits}` : k.algorithm;
  return k.algorithm;
}

/** Time left relative to `now`, in the words hovers and `inspect` use. */
export function validityText(
  c: Pick<CertInfo, 'notBefore' | 'notAfter'>,
  now: Date,
): { status: CertDescription['status']; daysLeft: number; timeLeft: string } {
  const daysLeft = daysBetween(now, c.notAfter);
  if (now.getTime() < c.notBefore.getTime()) {
    const until = daysBetween(now, c.notBefore);
    return {
      status: 'not-yet-valid',
      daysLeft,
      timeLeft: `not valid until ${isoDay(c.notBefore)}, ${until === 0 ? 'in less than a day' : `in ${plural(until, 'day')}`}`,
    };
  }
  if (now.getTime() > c.notAfter.getTime()) {
    const ago = daysBetween(c.notAfter, now);
    return { status: 'expired', daysLeft, timeLeft: ago === 0 ? 'expired less than a day ago' : `expired ${plural(ago, 'day')} ago` };
  }
  return {
    status: 'valid',
    daysLeft,
    timeLeft: `expires ${isoDay(c.notAfter)}, in ${daysLeft === 0 ? 'less than a day' : plural(daysLeft, 'day')}`,
  };
}

export function describeCert(c: CertInfo, now: Date): CertDescription {
  const d: CertDescription = {
    index: c.index,
    line: c.line,
    subject: c.subject,
    issuer: c.issuer,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    ...validityText(c, now),
    serial: c.serial,
    sha256Fingerprint: c.sha256Fingerprint,
    spkiSha256: c.publicKey.spkiSha256,
    key: keyText(c.publicKey),
    signatureAlgorithm: c.signatureAlgorithm,
    selfSigned: c.selfSigned,
    version: c.version,
  };
  if (c.san) d.san = { dns: [...c.san.dns], ip: [...c.san.ip], email: [...c.san.email], uri: [...c.san.uri] };
  if (c.weakSignature) d.weakSignature = c.weakSignature;
  if (c.keyUsage) d.keyUsage = [...c.keyUsage];
  if (c.extKeyUsage) d.extKeyUsage = [...c.extKeyUsage];
  if (c.isCA !== undefined) d.ca = c.pathLen !== undefined ? { isCA: c.isCA, pathLen: c.pathLen } : { isCA: c.isCA };
  if (c.nameConstraints) d.nameConstraints = { permitted: [...c.nameConstraints.permitted], excluded: [...c.nameConstraints.excluded] };
  if (c.subjectKeyId) d.subjectKeyId = c.subjectKeyId;
  if (c.authorityKeyId) d.authorityKeyId = c.authorityKeyId;
  return d;
}

const FORMATS: Record<string, string> = {
  'PRIVATE KEY': 'PKCS#8',
  'RSA PRIVATE KEY': 'PKCS#1',
  'EC PRIVATE KEY': 'SEC1',
  'ENCRYPTED PRIVATE KEY': 'encrypted PKCS#8',
};

export function describeKey(k: KeyInfo, certs: CertInfo[]): KeyDescription {
  const format =
    k.encrypted && k.label !== 'ENCRYPTED PRIVATE KEY'
      ? k.label === 'PRIVATE KEY'
        ? 'encrypted PKCS#8'
        : 'encrypted legacy PEM'
      : (FORMATS[k.label] ?? k.label);
  const d: KeyDescription = { line: k.line, label: k.label, format, encrypted: k.encrypted, loadable: k.loadable };
  if (k.publicKey) {
    d.key = keyText(k.publicKey);
    d.spkiSha256 = k.publicKey.spkiSha256;
    const match = certs.find((c) => keyMatchesCert(k, c));
    if (match) d.matchesCertificate = match.index;
  }
  if (k.error) d.error = k.error;
  return d;
}

export function describePemFile(file: PemFile, now: Date): FileDescription {
  const d: FileDescription = {
    path: file.path,
    size: file.size,
    blocks: file.blocks.map((b) => ({ label: b.label, line: b.line })),
    certificates: file.certs.map((c) => describeCert(c, now)),
    keys: file.keys.map((k) => describeKey(k, file.certs)),
    badCertificates: file.badCerts.map((b) => ({ line: b.line, error: b.error })),
    notes: [],
  };
  if (file.der) {
    d.der = file.der;
    d.notes.push(
      `DER-encoded ${file.der} (binary): nats-server reads only PEM; convert it with openssl ${file.der === 'key' ? 'pkey' : 'x509'} -inform der -in FILE -out FILE.pem.`,
    );
  } else if (file.blocks.length === 0 && file.badCerts.length === 0)
    d.notes.push('No PEM block (-----BEGIN …-----) found: nats-server reports "failed to find any PEM data".');
  for (const k of file.keys) {
    if (k.encrypted)
      d.notes.push(
        `The key at line ${k.line + 1} is encrypted: nats-server cannot read encrypted keys ("tls: failed to parse private key").`,
      );
    else if (!k.loadable)
      d.notes.push(
        `The key at line ${k.line + 1} cannot be loaded by nats-server${k.error ? `: ${k.error}` : ` (${k.publicKey ? keyText(k.publicKey) : 'unsupported type'})`}.`,
      );
  }
  return d;
}

function row(label: string, value: string): string {
  return `    ${label.padEnd(15)}${value}`;
}

function sanText(san: NonNullable<CertDescription['san']>): string {
  const all = [
    ...san.dns.map((v) => `DNS:${v}`),
    ...san.ip.map((v) => `IP:${v}`),
    ...san.email.map((v) => `email:${v}`),
    ...san.uri.map((v) => `URI:${v}`),
  ];
  return all.length ? all.join(', ') : '(empty)';
}

const stamp = (iso: string): string => iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');

function certText(c: CertDescription): string[] {
  const out = [`  Certificate ${c.index + 1} (line ${c.line + 1})`];
  out.push(row('Subject', c.subject || '(empty)'));
  out.push(row('Issuer', c.issuer || '(empty)'));
  out.push(row('SANs', c.san ? sanText(c.san) : 'none (no subjectAltName extension)'));
  out.push(row('Valid', `${stamp(c.notBefore)} to ${stamp(c.notAfter)}: ${c.timeLeft}`));
  out.push(row('Key', c.key));
  out.push(row('Signature', c.signatureAlgorithm + (c.weakSignature ? ` (weak: ${c.weakSignature.toUpperCase()})` : '')));
  if (c.keyUsage) out.push(row('Key usage', c.keyUsage.join(', ') || '(none)'));
  if (c.extKeyUsage) out.push(row('Ext key usage', c.extKeyUsage.join(', ') || '(none)'));
  out.push(
    row('CA', c.ca ? (c.ca.isCA ? `yes${c.ca.pathLen !== undefined ? `, pathLen ${c.ca.pathLen}` : ''}` : 'no') : 'no basicConstraints'),
  );
  if (c.nameConstraints) {
    const nc = c.nameConstraints;
    out.push(
      row(
        'Constraints',
        [nc.permitted.length ? `permitted ${nc.permitted.join(', ')}` : '', nc.excluded.length ? `excluded ${nc.excluded.join(', ')}` : '']
          .filter(Boolean)
          .join('; '),
      ),
    );
  }
  out.push(row('Self-signed', c.selfSigned ? 'yes' : 'no'));
  out.push(row('Serial', c.serial));
  out.push(row('SHA-256', c.sha256Fingerprint));
  out.push(row('SPKI SHA-256', `${c.spkiSha256} (pinned_certs)`));
  return out;
}

function keyLine(k: KeyDescription): string {
  const parts = [k.key ?? (k.encrypted ? 'encrypted' : 'unreadable'), k.format];
  if (k.matchesCertificate !== undefined) parts.push(`matches certificate ${k.matchesCertificate + 1}`);
  else if (k.key) parts.push('matches no certificate in this file');
  if (!k.loadable) parts.push('nats-server cannot load it');
  return `  Private key (line ${k.line + 1}): ${parts.join(', ')}${k.error ? ` (${k.error})` : ''}`;
}

/** Plain text, one file after another, as `nats-tls inspect` prints it. */
export function formatDescription(d: FileDescription, shownPath: string = d.path): string {
  const counts = [plural(d.certificates.length, 'certificate'), plural(d.keys.length, 'private key')];
  const out = [`${shownPath}: ${counts.join(', ')}`];
  for (const c of d.certificates) out.push(...certText(c));
  for (const k of d.keys) out.push(keyLine(k));
  for (const b of d.badCertificates) out.push(`  Unreadable certificate (line ${b.line + 1}): ${b.error}`);
  const other = d.blocks.filter((b) => b.label !== 'CERTIFICATE' && b.label !== 'PRIVATE KEY' && !b.label.endsWith(' PRIVATE KEY'));
  for (const b of other) out.push(`  ${b.label} block (line ${b.line + 1}): ignored by nats-server`);
  for (const n of d.notes) out.push(`  Note: ${n}`);
  // Subjects, names and paths are the file author's: a newline in one must not print a line of its own.
  return out.map(escapeControls).join('\n');
}
