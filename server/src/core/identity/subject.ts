// A certificate subject the two ways nats-server's verify_and_map reads it (server/auth.go,
// checkClientTLSCertSubject, at 2.9.10, 2.10.27 and 2.15):
// - Go's pkix string, `cert.Subject.ToRDNSequence().String()`: only the attributes Go parses into named
//   fields (C, ST, L, STREET, POSTALCODE, O, OU, CN, SERIALNUMBER), in that fixed order, printed last first;
//   so "CN=alice,OU=eng,O=acme" whatever order the certificate holds them in. Domain components, when
//   present, are tried appended (",DC=example,DC=com") before the plain string.
// - nats-server's internal/ldap DN from the raw subject (every RDN in certificate order, printed last first),
//   compared with each user parsed as an RFC 4514 DN: equal RDN by RDN, or the same RDNs in another order.
//   A subject with an attribute ldap does not name (emailAddress, UID …) has no DN: that step is skipped.
import { certInternals } from '../x509/cert';
import { parseDer } from '../x509/asn1';
import { DerName, type DerAttributeValue } from '../x509/schema';
import type { CertInfo } from '../x509/model';

/** One attribute of a subject, its value decoded as Go decodes it into a string (undefined: not a string). */
interface Attribute {
  oid: string;
  value: string | undefined;
}

const OID = {
  CN: '2.5.4.3',
  SERIALNUMBER: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  STREET: '2.5.4.9',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  POSTALCODE: '2.5.4.17',
  DC: '0.9.2342.19200300.100.1.25',
} as const;

/** The names internal/ldap (and Go's pkix String) give attribute types. */
const LDAP_NAMES: Record<string, string> = Object.fromEntries(Object.entries(OID).map(([name, oid]) => [oid, name]));

/** Go's asn1 decodes these string types into a Go string when the target is an interface. */
function decode(v: DerAttributeValue): string | undefined {
  if (v.bytes === undefined) return undefined;
  switch (v.tag) {
    case 12: // UTF8String
    case 20: // T61String: Go keeps the bytes
      return Buffer.from(v.bytes, 'latin1').toString('utf8');
    case 19: // PrintableString
    case 22: // IA5String
    case 18: // NumericString
      return v.bytes;
    case 30: {
      // BMPString: UTF-16BE
      let s = '';
      for (let i = 0; i + 1 < v.bytes.length; i += 2) s += String.fromCharCode((v.bytes.charCodeAt(i) << 8) | v.bytes.charCodeAt(i + 1));
      return s;
    }
    default:
      return undefined;
  }
}

/** The subject's RDNs in certificate order, or undefined when it is not a well-formed Name. */
export function subjectRdns(cert: CertInfo): Attribute[][] | undefined {
  const raw = certInternals(cert)?.rawSubject;
  if (raw === undefined) return undefined;
  const name = parseDer(new Uint8Array(Buffer.from(raw, 'latin1')), DerName);
  if (!name) return undefined;
  // Array.from, not map: a map on the schema classes would construct them through Symbol.species.
  return Array.from(name, (rdn) => Array.from(rdn, (atv) => ({ oid: atv.type, value: decode(atv.value as DerAttributeValue) })));
}

/** Go's RDNSequence.String() escaping of one value. */
function goEscape(value: string): string {
  let out = '';
  for (let k = 0; k < value.length; k++) {
    const c = value[k]!;
    const escape = ',+"\\<>;'.includes(c) || (c === ' ' && (k === 0 || k === value.length - 1)) || (c === '#' && k === 0);
    out += escape ? `\\${c}` : c;
  }
  return out;
}

export interface GoSubject {
  /** `cert.Subject.ToRDNSequence().String()`: the last string verify_and_map tries. */
  rdn: string;
  /** The domain components as nats-server appends them ("DC=example,DC=com"), in certificate order; '' when none. */
  dcs: string;
  /** Go's Subject.String() is not empty: the certificate has a subject at all. */
  hasSubject: boolean;
}

/** How Go's pkix.Name (filled from the certificate) prints itself after ToRDNSequence. */
export function goSubject(rdns: Attribute[][]): GoSubject {
  const many: Record<string, string[]> = { C: [], ST: [], L: [], STREET: [], POSTALCODE: [], O: [], OU: [] };
  let cn = '';
  let serial = '';
  const dcs: string[] = [];
  let count = 0;
  for (const set of rdns) {
    for (const a of set) {
      count++;
      if (a.value === undefined) continue;
      const name = LDAP_NAMES[a.oid];
      if (name === 'CN') cn = a.value;
      else if (name === 'SERIALNUMBER') serial = a.value;
      else if (name === 'DC') dcs.push(`DC=${a.value}`);
      else if (name) many[name]!.push(a.value);
    }
  }
  // ToRDNSequence: one RDN per field (several values of a field share it), in this order.
  const seq: [string, string[]][] = [
    ['C', many.C!],
    ['ST', many.ST!],
    ['L', many.L!],
    ['STREET', many.STREET!],
    ['POSTALCODE', many.POSTALCODE!],
    ['O', many.O!],
    ['OU', many.OU!],
    ['CN', cn ? [cn] : []],
    ['SERIALNUMBER', serial ? [serial] : []],
  ];
  const parts = seq
    .filter(([, values]) => values.length > 0)
    .map(([type, values]) => values.map((v) => `${type}=${goEscape(v)}`).join('+'));
  return { rdn: parts.reverse().join(','), dcs: dcs.join(','), hasSubject: count > 0 };
}

// ------------------------------------------------------------------ internal/ldap

export interface LdapAttribute {
  type: string;
  value: string;
}
/** RDNs in RFC 4514 order (the certificate's last RDN first). */
export type LdapDn = LdapAttribute[][];

/** ldap.FromRawCertSubject: undefined when an attribute type is not one ldap names, or a value is not a string. */
export function ldapDnOf(rdns: Attribute[][]): LdapDn | undefined {
  const out: LdapDn = [];
  for (let i = rdns.length - 1; i >= 0; i--) {
    const set = rdns[i]!;
    if (set.length === 0) continue;
    const attrs: LdapAttribute[] = [];
    for (let j = set.length - 1; j >= 0; j--) {
      const a = set[j]!;
      const type = LDAP_NAMES[a.oid];
      if (!type || a.value === undefined) return undefined;
      attrs.push({ type, value: a.value });
    }
    out.push(attrs);
  }
  return out;
}

export function ldapDnText(dn: LdapDn): string {
  return dn.map((rdn) => rdn.map((a) => `${a.type}=${goEscape(a.value)}`).join('+')).join(',');
}

const utf8 = (bytes: number[]): string => Buffer.from(bytes).toString('utf8');

/** ldap.ParseDN (RFC 4514 as internal/ldap implements it); undefined where it returns an error. */
export function parseLdapDn(text: string): LdapDn | undefined {
  const str = Buffer.from(text, 'utf8');
  const dn: LdapDn = [];
  let rdn: LdapAttribute[] = [];
  let buffer: number[] = [];
  let type = '';
  let escaping = false;
  let trailingSpaces = 0;
  const take = (): string => {
    const s = utf8(buffer.slice(0, buffer.length - trailingSpaces));
    buffer = [];
    trailingSpaces = 0;
    return s;
  };
  for (let i = 0; i < str.length; i++) {
    const c = str[i]!;
    if (escaping) {
      trailingSpaces = 0;
      escaping = false;
      if (' "#+,;<=>\\'.includes(String.fromCharCode(c))) {
        buffer.push(c);
        continue;
      }
      if (i + 1 >= str.length) return undefined;
      const pair = str.subarray(i, i + 2).toString('latin1');
      if (!/^[0-9a-fA-F]{2}$/.test(pair)) return undefined;
      buffer.push(parseInt(pair, 16));
      i++;
    } else if (c === 0x5c /* \ */) {
      trailingSpaces = 0;
      escaping = true;
    } else if (c === 0x3d /* = */) {
      type = take();
      // A value starting with '#' is BER, which internal/ldap does not support.
      if (str[i + 1] === 0x23) return undefined;
    } else if (c === 0x2c /* , */ || c === 0x2b /* + */) {
      if (type.length === 0) return undefined;
      rdn.push({ type, value: take() });
      type = '';
      if (c === 0x2c) {
        dn.push(rdn);
        rdn = [];
      }
    } else if (c === 0x20 && buffer.length === 0) {
      continue;
    } else {
      trailingSpaces = c === 0x20 ? trailingSpaces + 1 : 0;
      buffer.push(c);
    }
  }
  if (buffer.length > 0) {
    if (type.length === 0) return undefined;
    rdn.push({ type, value: take() });
    dn.push(rdn);
  }
  return dn;
}

const sameAttr = (a: LdapAttribute, b: LdapAttribute): boolean => a.type.toLowerCase() === b.type.toLowerCase() && a.value === b.value;
const hasAll = (r: LdapAttribute[], attrs: LdapAttribute[]): boolean => attrs.every((a) => r.some((m) => sameAttr(m, a)));
const sameRdn = (a: LdapAttribute[], b: LdapAttribute[]): boolean => a.length === b.length && hasAll(a, b) && hasAll(b, a);

/** DN.Equal: same RDNs in the same order (attributes within an RDN in any order, types case-insensitive). */
export function dnEqual(a: LdapDn, b: LdapDn): boolean {
  return a.length === b.length && a.every((rdn, i) => sameRdn(rdn, b[i]!));
}

/**
 * DN.RDNsMatch: the same RDNs in any order. Before 2.14 an RDN of the other DN could stand for several of
 * this one's (a repeated OU matched once); from 2.14 each is used once.
 */
export function rdnsMatch(a: LdapDn, b: LdapDn, oneToOne: boolean): boolean {
  if (a.length !== b.length) return false;
  const used = new Array<boolean>(b.length).fill(false);
  return a.every((rdn) => {
    const j = b.findIndex((other, k) => (!oneToOne || !used[k]) && sameRdn(rdn, other));
    if (j < 0) return false;
    used[j] = true;
    return true;
  });
}
