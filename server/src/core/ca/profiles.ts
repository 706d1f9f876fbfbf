// The NATS test-CA profiles: what a CA, a server and a client certificate must carry for nats-server.
// Built on issue.ts (the one place certificates are made). Pure: the clock arrives as `now`, crypto is injectable.
import 'reflect-metadata'; // before @peculiar/x509, whichever module loads first
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { NameConstraints, id_ce_nameConstraints } from '@peculiar/asn1-x509';
import { webcrypto } from 'node:crypto';
import { hex } from '../x509/bytes';
import { formatIp, isV4Mapped, parseIp } from '../x509/ip';
import {
  generateKeyPair,
  importPrivateKeyPem,
  issueCertificate,
  keyBelongsTo,
  privateKeyPem,
  type CertTemplate,
  type Issued,
  type Issuer,
  type KeyPair,
  type KeySpec,
} from './issue';
import type { Crypto } from './web-crypto';
import { LOOPBACK_HOSTS, TEST_NAMES } from '../../protocol/files';

export const CA_VALIDITY_YEARS = 10;
/** Apple's limit for TLS server certificates; long enough that test certificates do not age out mid-project. */
export const LEAF_VALIDITY_DAYS = 825;
/** Tolerates clock skew between the machine that issues and the peers that verify. */
export const BACKDATE_MS = 5 * 60 * 1000;
export { LOOPBACK_HOSTS };
/** `--constrain`: a leaked test CA cannot vouch for real hosts. */
export const TEST_NAME_CONSTRAINTS: NameConstraintSet = { permitted: [...TEST_NAMES], excluded: [] };

export type KeyChoice = 'ecdsa-p256' | 'rsa-2048' | 'rsa-3072';
export const KEY_CHOICES: readonly KeyChoice[] = ['ecdsa-p256', 'rsa-2048', 'rsa-3072'];

export interface NameConstraintSet {
  /** DNS names ('localhost', '.test'), CIDR ranges ('127.0.0.0/8', '::1/128'), emails. */
  permitted: string[];
  excluded: string[];
}

/** A certificate with its key, as the profiles issue them. `keyPem` is secret: write it, never print it. */
export interface IssuedPair {
  issued: Issued;
  key: KeyPair;
  keyPem: string;
}

interface Common {
  now: Date;
  key?: KeyChoice;
  crypto?: Crypto;
}

export interface CaOptions extends Common {
  /** Subject CN; default `nats-tls test CA <8 hex of the key hash>`, unique per CA so two CAs are never confused. */
  name?: string;
  /** true for TEST_NAME_CONSTRAINTS. */
  nameConstraints?: boolean | NameConstraintSet;
}

export interface LeafOptions extends Common {
  /** Subject CN. */
  name: string;
  days?: number;
}

export interface ServerOptions extends LeafOptions {
  /** DNS names and IP addresses for the subjectAltName. */
  hosts: string[];
  /** Adds LOOPBACK_HOSTS (default true). */
  loopback?: boolean;
}

export interface ClientOptions extends LeafOptions {
  /** email SANs: the identity `verify_and_map` matches first. */
  email?: string[];
}

export function keySpecOf(choice: KeyChoice = 'ecdsa-p256'): KeySpec {
  switch (choice) {
    case 'rsa-2048':
      return { algorithm: 'RSA', bits: 2048 };
    case 'rsa-3072':
      return { algorithm: 'RSA', bits: 3072 };
    default:
      return { algorithm: 'EC', curve: 'P-256' };
  }
}

/** Certificates hold whole seconds; truncating first keeps the summaries equal to what is encoded. */
function seconds(d: Date): number {
  return Math.floor(d.getTime() / 1000) * 1000;
}

export function caValidity(now: Date): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(seconds(now) - BACKDATE_MS);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_VALIDITY_YEARS);
  return { notBefore, notAfter };
}

/**
 * Leaf validity: `days` counted from the backdated start, so the whole span stays within 825 days.
 * Never beyond the CA's own end: a chain is only as valid as its CA, and peers would reject the rest.
 */
export function leafValidity(
  now: Date,
  days = LEAF_VALIDITY_DAYS,
  caNotAfter?: Date,
): { notBefore: Date; notAfter: Date; clamped: boolean } {
  const notBefore = new Date(seconds(now) - BACKDATE_MS);
  const wanted = notBefore.getTime() + days * 86_400_000;
  const limit = caNotAfter ? caNotAfter.getTime() : Infinity;
  return { notBefore, notAfter: new Date(Math.min(wanted, limit)), clamped: wanted > limit };
}

function leafKeyUsage(spec: KeySpec): CertTemplate['keyUsage'] {
  // RSA keys also do key transport in TLS 1.2 (RSA key exchange); ECDSA keys only sign.
  return spec.algorithm === 'RSA' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'];
}

export function caTemplate(opts: { name: string; now: Date; nameConstraints?: NameConstraintSet }): CertTemplate {
  return {
    subject: { CN: opts.name },
    ...caValidity(opts.now),
    basicConstraints: { ca: true, pathLen: 0, critical: true },
    keyUsage: ['keyCertSign', 'cRLSign'],
    ...(opts.nameConstraints ? { nameConstraints: opts.nameConstraints } : {}),
    hash: 'SHA-256',
  };
}

/**
 * serverAuth and clientAuth: nats-server presents the same certificate when it dials routes, gateways and
 * leafnode remotes, where it is the TLS client (cluster/gateway TLS always verifies the peer's certificate).
 */
export function serverTemplate(opts: {
  name: string;
  dns: string[];
  ip: string[];
  now: Date;
  key: KeySpec;
  days?: number;
  caNotAfter?: Date;
}): CertTemplate {
  return leafTemplate(opts, ['serverAuth', 'clientAuth'], { dns: opts.dns, ip: opts.ip });
}

/** What every leaf we issue has: CN = name, CA:FALSE, the key usages its key type needs, SHA-256. */
function leafTemplate(
  opts: { name: string; now: Date; key: KeySpec; days?: number; caNotAfter?: Date },
  extKeyUsage: string[],
  san: CertTemplate['san'],
): CertTemplate {
  const { notBefore, notAfter } = leafValidity(opts.now, opts.days, opts.caNotAfter);
  return {
    subject: { CN: opts.name },
    notBefore,
    notAfter,
    basicConstraints: { ca: false, critical: true },
    keyUsage: leafKeyUsage(opts.key),
    extKeyUsage,
    ...(san ? { san } : {}),
    hash: 'SHA-256',
  };
}

/**
 * clientAuth only, CN = the client's name. No DNS or IP names: a client is not a host, and `verify_and_map`
 * would take a DNS SAN as the identity ahead of the subject. The email SAN (optional) is the identity it tries first.
 * Under a name-constrained CA, OpenSSL checks a hostname-like CN (one with a dot) against the DNS constraints
 * when there is no DNS SAN; `constraintViolations` reports that case so we refuse rather than issue a
 * certificate that some peers reject. Dot-free names such as `client-a` are never taken for host names.
 */
export function clientTemplate(opts: {
  name: string;
  email?: string[];
  now: Date;
  key: KeySpec;
  days?: number;
  caNotAfter?: Date;
}): CertTemplate {
  return leafTemplate(opts, ['clientAuth'], opts.email?.length ? { email: opts.email } : undefined);
}

function cryptoOf(c: Crypto | undefined): Crypto {
  return c ?? (webcrypto as unknown as Crypto);
}

export async function issueCa(opts: CaOptions): Promise<IssuedPair> {
  const crypto = cryptoOf(opts.crypto);
  const key = await generateKeyPair(keySpecOf(opts.key), crypto);
  let name = opts.name;
  if (!name) {
    const spki = await crypto.subtle.exportKey('spki', key.publicKey);
    name = `nats-tls test CA ${hex(new Uint8Array(await crypto.subtle.digest('SHA-256', spki))).slice(0, 8)}`;
  }
  const nc = opts.nameConstraints === true ? TEST_NAME_CONSTRAINTS : opts.nameConstraints || undefined;
  const issued = await issueCertificate(
    caTemplate({ name, now: opts.now, ...(nc ? { nameConstraints: nc } : {}) }),
    key,
    undefined,
    crypto,
  );
  return { issued, key, keyPem: await privateKeyPem(key, crypto) };
}

/** Splits host names from IP literals; lower-cases names, drops brackets, duplicates and a trailing dot. */
export function splitHosts(hosts: Iterable<string>): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  for (const raw of hosts) {
    const h = raw.trim().replace(/^\[(.*)\]$/, '$1');
    const bytes = parseIp(h);
    if (bytes) {
      const canon = formatIp(bytes);
      if (!ip.includes(canon)) ip.push(canon);
    } else {
      const name = h.toLowerCase().replace(/\.$/, '');
      if (name && !dns.includes(name)) dns.push(name);
    }
  }
  return { dns, ip };
}

export async function issueServer(ca: Issuer, opts: ServerOptions): Promise<IssuedPair> {
  const crypto = cryptoOf(opts.crypto);
  const spec = keySpecOf(opts.key);
  const key = await generateKeyPair(spec, crypto);
  const { dns, ip } = splitHosts([...(opts.loopback === false ? [] : LOOPBACK_HOSTS), ...opts.hosts]);
  const template = serverTemplate({
    name: opts.name,
    dns,
    ip,
    now: opts.now,
    key: spec,
    caNotAfter: ca.cert.notAfter,
    ...(opts.days ? { days: opts.days } : {}),
  });
  const issued = await issueCertificate(template, key, ca, crypto);
  return { issued, key, keyPem: await privateKeyPem(key, crypto) };
}

export async function issueClient(ca: Issuer, opts: ClientOptions): Promise<IssuedPair> {
  const crypto = cryptoOf(opts.crypto);
  const spec = keySpecOf(opts.key);
  const key = await generateKeyPair(spec, crypto);
  const template = clientTemplate({
    name: opts.name,
    email: opts.email ?? [],
    now: opts.now,
    key: spec,
    caNotAfter: ca.cert.notAfter,
    ...(opts.days ? { days: opts.days } : {}),
  });
  const issued = await issueCertificate(template, key, ca, crypto);
  return { issued, key, keyPem: await privateKeyPem(key, crypto) };
}

/** The CA as an Issuer, from `ca.pem` and `ca-key.pem` text. Throws when they are not a CA and its key. */
export async function loadIssuer(certPem: string, keyPem: string, crypto?: Crypto): Promise<Issuer> {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(certPem);
  } catch {
    throw new Error('the CA certificate file holds no PEM certificate');
  }
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  if (!bc?.ca) throw new Error(`${cert.subject} is not a CA certificate (basicConstraints CA:TRUE is missing)`);
  let key: KeyPair;
  try {
    key = await importPrivateKeyPem(keyPem, cryptoOf(crypto));
  } catch (e) {
    // The message of a key-parsing failure never carries key bytes, only what went wrong.
    throw new Error(`the CA key cannot be read (${(e as Error).message.split('\n')[0]}); it must be an unencrypted PEM key`, { cause: e });
  }
  if (!(await keyBelongsTo(key, cert, cryptoOf(crypto)))) throw new Error(`the CA key does not belong to ${cert.subject}`);
  return { cert, key };
}

export function nameConstraintsOf(cert: x509.X509Certificate): NameConstraintSet | undefined {
  const ext = cert.getExtension(id_ce_nameConstraints);
  if (!ext) return undefined;
  const nc = AsnConvert.parse(ext.value, NameConstraints);
  const names = (subtrees: NameConstraints['permittedSubtrees']): string[] =>
    Array.from(subtrees ?? [], (s) => s.base.dNSName ?? s.base.iPAddress ?? s.base.rfc822Name ?? '?');
  return { permitted: names(nc.permittedSubtrees), excluded: names(nc.excludedSubtrees) };
}

// ------------------------------------------------------------------ name constraints, as verifiers apply them

// IP literals as Go (nats-server) reads them; Go also encodes an IPv4-mapped address as a 4-byte SAN.
export function isIp(h: string): boolean {
  return parseIp(h) !== undefined;
}

function ipBytes(h: string): Uint8Array | undefined {
  const b = parseIp(h);
  return b && isV4Mapped(b) ? b.subarray(12) : b;
}

/** '0:0:0:0:0:0:0:1' → '::1', as Go prints it, so duplicates collapse. */
export function canonicalIp(h: string): string {
  const b = parseIp(h);
  return b ? formatIp(b) : h;
}

function dnsWithin(name: string, base: string): boolean {
  const n = name.toLowerCase();
  const b = base.toLowerCase();
  if (b === '') return true;
  if (b.startsWith('.')) return n.endsWith(b) && n.length > b.length;
  return n === b || n.endsWith('.' + b);
}

function ipWithin(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const a = ipBytes(ip);
  const b = ipBytes(base ?? '');
  if (!a || !b || a.length !== b.length) return false;
  const bits = bitsText === undefined ? a.length * 8 : Number(bitsText);
  for (let i = 0; i < a.length; i++) {
    const take = Math.max(0, Math.min(8, bits - i * 8));
    const mask = take === 0 ? 0 : (0xff << (8 - take)) & 0xff;
    if ((a[i]! & mask) !== (b[i]! & mask)) return false;
  }
  return true;
}

function emailWithin(email: string, base: string): boolean {
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  if (base.includes('@')) {
    // One mailbox: the local part exactly, the domain in any case (Go's matchEmailConstraint, OpenSSL's nc_email).
    const b = base.lastIndexOf('@');
    return email.slice(0, at) === base.slice(0, b) && domain.toLowerCase() === base.slice(b + 1).toLowerCase();
  }
  return base.startsWith('.') ? dnsWithin(domain, base) : domain.toLowerCase() === base.toLowerCase();
}

type NameKind = 'dns' | 'ip' | 'email';
function kindOf(constraint: string): NameKind {
  if (constraint.includes('/')) return 'ip';
  if (constraint.includes('@')) return 'email';
  return 'dns';
}

/**
 * A DNS name of LDH labels (underscores allowed, as Go allows them), optionally a leading `*.` wildcard;
 * any case, no trailing dot and no length limit: callers strip the dot and bound the length as they need.
 */
export const HOST_NAME = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/i;

/** True when `cn` looks like a host name to OpenSSL (two or more LDH labels, no wildcard), so it is checked as one. */
export function cnLooksLikeHost(cn: string): boolean {
  return cn.includes('.') && !cn.startsWith('*') && HOST_NAME.test(cn);
}

/**
 * Names a leaf would carry that its CA's constraints forbid (RFC 5280 4.2.1.10): for each kind of name,
 * permitted subtrees of that kind must match and excluded ones must not. A hostname-like CN counts as a
 * DNS name when there are no DNS SANs, as OpenSSL checks it.
 */
export function constraintViolations(
  nc: NameConstraintSet,
  names: { dns?: string[]; ip?: string[]; email?: string[]; cn?: string },
): string[] {
  const out: string[] = [];
  const within: Record<NameKind, (n: string, c: string) => boolean> = { dns: dnsWithin, ip: ipWithin, email: emailWithin };
  const test = (kind: NameKind, name: string): void => {
    const permitted = nc.permitted.filter((c) => kindOf(c) === kind);
    const excluded = nc.excluded.filter((c) => kindOf(c) === kind);
    const ok = (permitted.length === 0 || permitted.some((c) => within[kind](name, c))) && !excluded.some((c) => within[kind](name, c));
    if (!ok) out.push(name);
  };
  for (const d of names.dns ?? []) test('dns', d.replace(/^\*\./, 'x.'));
  for (const i of names.ip ?? []) test('ip', i);
  for (const e of names.email ?? []) test('email', e);
  if (names.cn && !names.dns?.length && cnLooksLikeHost(names.cn)) test('dns', names.cn);
  return out;
}
