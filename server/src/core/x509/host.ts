// Host-name verification exactly as Go's crypto/x509 (Certificate.VerifyHostname, HostnameError) does it
// since Go 1.15: IP literals only match IP SANs, DNS names match DNS SANs, and the Common Name is ignored.
import { certInternals } from './cert';
import { parseIp, sameIp } from './ip';
import type { CertInfo } from './model';

const lower = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

function validHostname(host: string, isPattern: boolean): boolean {
  if (!isPattern && host.endsWith('.')) host = host.slice(0, -1);
  if (host.length === 0) return false;
  const parts = host.split('.');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '') return false;
    if (isPattern && i === 0 && part === '*') continue;
    for (let j = 0; j < part.length; j++) {
      const c = part[j]!;
      if (/[a-zA-Z0-9_]/.test(c) || (c === '-' && j !== 0)) continue;
      return false;
    }
  }
  return true;
}

function matchExactly(a: string, b: string): boolean {
  if (a === '' || a === '.' || b === '' || b === '.') return false;
  return lower(a) === lower(b);
}

/** Go's matchHostnames: one whole left-most '*' label matches exactly one label; a trailing dot on the host is ignored. */
export function matchHostnames(pattern: string, host: string): boolean {
  pattern = lower(pattern);
  host = lower(host.endsWith('.') ? host.slice(0, -1) : host);
  if (pattern.length === 0 || host.length === 0) return false;
  const p = pattern.split('.');
  const h = host.split('.');
  if (p.length !== h.length) return false;
  return p.every((part, i) => (i === 0 && part === '*') || part === h[i]);
}

function unbracket(host: string): string {
  return host.length >= 3 && host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function ipSans(cert: CertInfo): Uint8Array[] {
  const sans = certInternals(cert)?.sans;
  if (sans) return sans.flatMap((s) => (s.type === 'ip' ? [s.ip] : []));
  return (cert.san?.ip ?? []).flatMap((s) => parseIp(s) ?? []);
}

/** Whether a client dialling `host` accepts this certificate (Go's Certificate.VerifyHostname). */
export function matchesHost(cert: CertInfo, host: string): boolean {
  const ip = parseIp(unbracket(host));
  if (ip) return ipSans(cert).some((candidate) => sameIp(ip, candidate));
  const name = lower(host);
  const validName = validHostname(name, false);
  for (const san of cert.san?.dns ?? []) {
    if (validName && validHostname(san, true) ? matchHostnames(san, name) : matchExactly(san, name)) return true;
  }
  return false;
}

/** Go's HostnameError text for a failed match; '' when `host` matches. */
export function hostErrorText(cert: CertInfo, host: string): string {
  if (matchesHost(cert, host)) return '';
  const candidateIp = unbracket(host);
  const h = parseIp(candidateIp) ? candidateIp : host;
  if (!cert.san && cert.subjectCN !== undefined && matchHostnames(cert.subjectCN, h))
    return 'x509: certificate relies on legacy Common Name field, use SANs instead';
  let valid: string;
  if (parseIp(h)) {
    if (!cert.san?.ip.length) return `x509: cannot validate certificate for ${h} because it doesn't contain any IP SANs`;
    valid = cert.san.ip.join(', ');
  } else valid = (cert.san?.dns ?? []).join(', ');
  if (valid === '') return `x509: certificate is not valid for any names, but wanted to match ${h}`;
  return `x509: certificate is valid for ${valid}, not ${h}`;
}
