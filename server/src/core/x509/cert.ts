// Parses one DER certificate into the model. Linear in its size and never throws.
// What chain verification needs beyond the public model (raw names, TBS bytes, the signature, structured
// name constraints) is kept beside it in a WeakMap, and re-derived from `der` for copied objects.
import { hash } from 'node:crypto';
import { bitLength, bytesOf, children, hex, integerHex, oidOf, readTlv, smallInt, TAG, timeOf, view, wholeOf, type Tlv } from './der';
import { formatIp, maskBits } from './ip';
import type { CertInfo, PublicKeyInfo, SubjectAltNames } from './model';
import { parseName } from './names';
import { CURVES, EKU_NAMES, EXT, GO_HANDLED_EXTENSIONS, KEY_ALGS, KEY_USAGE_BITS, SIGNATURE_ALGS } from './oids';
import { selfSignatureValid } from './signature';

export type SanEntry = { type: 'dns' | 'email' | 'uri'; value: string } | { type: 'ip'; value: string; ip: Uint8Array };

export interface IpConstraint {
  ip: Uint8Array;
  mask: Uint8Array;
  text: string;
}

export interface Constraints {
  dns: string[];
  email: string[];
  uri: string[];
  ip: IpConstraint[];
}

/** What verification needs that the public model leaves out. */
export interface CertInternals {
  /** Raw DER of the names, as latin1 strings: Go matches issuers by these exact bytes. */
  rawSubject: string;
  rawIssuer: string;
  tbs: Uint8Array;
  signature: Uint8Array;
  signatureOid: string;
  /** Signature AlgorithmIdentifier parameters (RSASSA-PSS). */
  signatureParams: Uint8Array | undefined;
  spki: Uint8Array;
  /** Raw subjectAltName extension value, for Go's "already in chain" test. */
  sanRaw: string | undefined;
  /** Every DNS, email, URI and IP SAN in certificate order (Go reports the first offending one). */
  sans: SanEntry[];
  permitted: Constraints | undefined;
  excluded: Constraints | undefined;
  /** Critical extensions Go does not understand: Go's Verify refuses such certificates. */
  unhandledCritical: string[];
  subjectO: string | undefined;
}

const internals = new WeakMap<CertInfo, CertInternals>();

export type CertParse = { ok: true; cert: CertInfo } | { ok: false; error: string };

const fail = (error: string): CertParse => ({ ok: false, error });

export function spkiInfo(buf: Uint8Array, spki: Tlv): PublicKeyInfo {
  const spkiSha256 = hash('sha256', wholeOf(buf, spki), 'hex');
  const parts = children(buf, spki);
  const algParts = parts?.[0] && parts[0].tag === TAG.SEQUENCE ? children(buf, parts[0]) : undefined;
  const oid = algParts?.[0] ? oidOf(buf, algParts[0]) : undefined;
  const algorithm = (oid && KEY_ALGS[oid]) || 'unknown';
  const info: PublicKeyInfo = { algorithm, spkiSha256 };
  if (algorithm === 'EC' && algParts?.[1]) {
    const curve = CURVES[oidOf(buf, algParts[1]) ?? ''];
    if (curve) {
      info.curve = curve.name;
      info.bits = curve.bits;
    }
  } else if (algorithm === 'RSA' && parts?.[1]?.tag === TAG.BIT_STRING) {
    const key = readTlv(buf, parts[1].start + 1, parts[1].end);
    const n = key && key.tag === TAG.SEQUENCE ? readTlv(buf, key.start, key.end) : undefined;
    if (n?.tag === TAG.INTEGER) info.bits = bitLength(bytesOf(buf, n));
  } else if (algorithm === 'DSA' && algParts?.[1]?.tag === TAG.SEQUENCE) {
    const p = readTlv(buf, algParts[1].start, algParts[1].end);
    if (p?.tag === TAG.INTEGER) info.bits = bitLength(bytesOf(buf, p));
  }
  return info;
}

function ipConstraint(b: Uint8Array): IpConstraint | undefined {
  if (b.length !== 8 && b.length !== 32) return undefined;
  const half = b.length / 2;
  const ip = b.slice(0, half);
  const mask = b.slice(half);
  const bits = maskBits(mask);
  return { ip, mask, text: `${formatIp(ip)}/${bits >= 0 ? bits : formatIp(mask)}` };
}

/** GeneralSubtrees into structured constraints and the public 'DNS:x' / 'IP:net/bits' strings. */
function subtrees(buf: Uint8Array, t: Tlv, out: string[], unhandled: { v: boolean }): Constraints | undefined {
  const c: Constraints = { dns: [], email: [], uri: [], ip: [] };
  for (const st of children(buf, t) ?? []) {
    const base = st.tag === TAG.SEQUENCE ? readTlv(buf, st.start, st.end) : undefined;
    if (!base) return undefined;
    const v = bytesOf(buf, base);
    const text = view(v).toString('latin1');
    switch (base.tag) {
      case 0x82:
        c.dns.push(text);
        out.push(`DNS:${text}`);
        break;
      case 0x81:
        c.email.push(text);
        out.push(`email:${text}`);
        break;
      case 0x86:
        c.uri.push(text);
        out.push(`URI:${text}`);
        break;
      case 0x87: {
        const ip = ipConstraint(v);
        if (!ip) return undefined;
        c.ip.push(ip);
        out.push(`IP:${ip.text}`);
        break;
      }
      default:
        unhandled.v = true; // directoryName and others: Go does not enforce them
        out.push(
          base.tag === 0xa4
            ? `DirName:${parseName(buf, readTlv(buf, base.start, base.end) ?? base)?.text ?? '?'}`
            : `other:${base.tag.toString(16)}`,
        );
    }
  }
  return c;
}

/** Parses a DER certificate. `index`/`line` place it in its file. */
export function parseCertificate(der: Uint8Array, index: number, line: number): CertParse {
  try {
    return parse(der, index, line);
  } catch (e) {
    return fail(`malformed certificate: ${(e as Error).message}`);
  }
}

function parse(der: Uint8Array, index: number, line: number): CertParse {
  const outer = readTlv(der, 0);
  if (!outer || outer.tag !== TAG.SEQUENCE) return fail('x509: malformed certificate');
  if (outer.end !== der.length) return fail('x509: trailing data');
  const top = children(der, outer);
  if (!top || top.length !== 3 || top[0]!.tag !== TAG.SEQUENCE || top[1]!.tag !== TAG.SEQUENCE || top[2]!.tag !== TAG.BIT_STRING)
    return fail('x509: malformed certificate');
  const [tbsT, sigAlgT, sigT] = top as [Tlv, Tlv, Tlv];
  const f = children(der, tbsT);
  if (!f) return fail('x509: malformed tbs certificate');
  let i = 0;
  let version = 1;
  if (f[0]?.tag === 0xa0) {
    const v = readTlv(der, f[0].start, f[0].end);
    const n = v ? smallInt(der, v) : undefined;
    if (n === undefined || n > 2) return fail('x509: invalid version');
    version = n + 1;
    i++;
  }
  const [serialT, , issuerT, validityT, subjectT, spkiT] = f.slice(i, i + 6);
  if (
    !serialT ||
    serialT.tag !== TAG.INTEGER ||
    !issuerT ||
    !validityT ||
    validityT.tag !== TAG.SEQUENCE ||
    !subjectT ||
    !spkiT ||
    spkiT.tag !== TAG.SEQUENCE
  )
    return fail('x509: malformed tbs certificate');
  const issuer = parseName(der, issuerT);
  const subject = parseName(der, subjectT);
  if (!issuer || !subject) return fail('x509: malformed name');
  const times = children(der, validityT);
  const notBefore = times?.[0] && timeOf(der, times[0]);
  const notAfter = times?.[1] && timeOf(der, times[1]);
  if (!notBefore || !notAfter) return fail('x509: malformed validity');
  const algParts = children(der, sigAlgT);
  const signatureOid = (algParts?.[0] && oidOf(der, algParts[0])) || '';
  const sigAlg = SIGNATURE_ALGS[signatureOid];
  if (der[sigT.start] !== 0 || sigT.end <= sigT.start) return fail('x509: malformed signature');

  const cert: CertInfo = {
    index,
    line,
    subject: subject.text,
    issuer: issuer.text,
    subjectCN: subject.cn,
    issuerCN: issuer.cn,
    serial: integerHex(bytesOf(der, serialT)),
    notBefore,
    notAfter,
    san: undefined,
    isCA: undefined,
    pathLen: undefined,
    keyUsage: undefined,
    extKeyUsage: undefined,
    nameConstraints: undefined,
    publicKey: spkiInfo(der, spkiT),
    signatureAlgorithm: sigAlg?.name ?? signatureOid,
    weakSignature: sigAlg?.weak,
    sha256Fingerprint: hex(hash('sha256', der, 'buffer'), ':').toUpperCase(),
    subjectKeyId: undefined,
    authorityKeyId: undefined,
    selfSigned: false,
    der: der.buffer instanceof ArrayBuffer ? (der as Uint8Array<ArrayBuffer>) : new Uint8Array(der),
    version,
  };
  const inner: CertInternals = {
    rawSubject: view(der, subjectT.at, subjectT.end).toString('latin1'),
    rawIssuer: view(der, issuerT.at, issuerT.end).toString('latin1'),
    tbs: wholeOf(der, tbsT),
    signature: der.subarray(sigT.start + 1, sigT.end),
    signatureOid,
    signatureParams: algParts?.[1] && algParts[1].tag !== TAG.NULL ? wholeOf(der, algParts[1]) : undefined,
    spki: wholeOf(der, spkiT),
    sanRaw: undefined,
    sans: [],
    permitted: undefined,
    excluded: undefined,
    unhandledCritical: [],
    subjectO: subject.o,
  };
  const extsT = f.slice(i + 6).find((t) => t.tag === 0xa3);
  if (extsT) {
    const err = readExtensions(der, extsT, cert, inner);
    if (err) return fail(err);
  }
  if (inner.rawSubject === inner.rawIssuer) cert.selfSigned = selfSignatureValid(inner, inner.spki, der);
  internals.set(cert, inner);
  return { ok: true, cert };
}

/** The serial in decimal, as Go prints it when a certificate has neither CN nor O. */
export function serialDecimal(cert: CertInfo): string {
  const h = cert.serial;
  return h.startsWith('-') ? '-' + BigInt('0x' + h.slice(1)).toString() : BigInt('0x' + h).toString();
}

function readExtensions(der: Uint8Array, extsT: Tlv, cert: CertInfo, inner: CertInternals): string | undefined {
  const seq = readTlv(der, extsT.start, extsT.end);
  for (const ext of (seq && children(der, seq)) ?? []) {
    const p = children(der, ext);
    if (!p || p.length < 2) return 'x509: malformed extension';
    const oid = oidOf(der, p[0]!);
    const critical = p.length === 3 && p[1]!.tag === TAG.BOOLEAN && der[p[1]!.start] !== 0;
    const valueT = p[p.length - 1]!;
    if (!oid || valueT.tag !== TAG.OCTET_STRING) return 'x509: malformed extension';
    const v = readTlv(der, valueT.start, valueT.end);
    if (critical && !GO_HANDLED_EXTENSIONS.has(oid)) inner.unhandledCritical.push(oid);
    if (!v) continue;
    switch (oid) {
      case EXT.basicConstraints: {
        const bc = children(der, v) ?? [];
        let k = 0;
        cert.isCA = false;
        if (bc[k]?.tag === TAG.BOOLEAN) cert.isCA = der[bc[k++]!.start] !== 0;
        if (bc[k]?.tag === TAG.INTEGER) cert.pathLen = smallInt(der, bc[k]!);
        break;
      }
      case EXT.keyUsage: {
        if (v.tag !== TAG.BIT_STRING) break;
        const names: string[] = [];
        for (let b = 0; b < KEY_USAGE_BITS.length; b++) {
          const byte = v.start + 1 + (b >> 3);
          if (byte < v.end && der[byte]! & (0x80 >> (b & 7))) names.push(KEY_USAGE_BITS[b]!);
        }
        cert.keyUsage = names;
        break;
      }
      case EXT.extKeyUsage:
        cert.extKeyUsage = (children(der, v) ?? []).map((t) => oidOf(der, t) ?? '?').map((o) => EKU_NAMES[o] ?? o);
        break;
      case EXT.subjectAltName: {
        const err = readSan(der, v, cert, inner);
        if (err) return err;
        inner.sanRaw = view(der, valueT.start, valueT.end).toString('latin1');
        break;
      }
      case EXT.nameConstraints: {
        const nc = { permitted: [] as string[], excluded: [] as string[] };
        const unhandled = { v: false };
        for (const part of children(der, v) ?? []) {
          if (part.tag === 0xa0) inner.permitted = subtrees(der, part, nc.permitted, unhandled);
          else if (part.tag === 0xa1) inner.excluded = subtrees(der, part, nc.excluded, unhandled);
        }
        if (unhandled.v && critical) inner.unhandledCritical.push(oid);
        cert.nameConstraints = nc;
        break;
      }
      case EXT.subjectKeyId:
        if (v.tag === TAG.OCTET_STRING) cert.subjectKeyId = hex(bytesOf(der, v), ':').toUpperCase();
        break;
      case EXT.authorityKeyId: {
        const kid = (children(der, v) ?? []).find((t) => t.tag === 0x80);
        if (kid) cert.authorityKeyId = hex(bytesOf(der, kid), ':').toUpperCase();
        break;
      }
    }
  }
  return undefined;
}

function readSan(der: Uint8Array, v: Tlv, cert: CertInfo, inner: CertInternals): string | undefined {
  const san: SubjectAltNames = { dns: [], ip: [], email: [], uri: [] };
  for (const gn of children(der, v) ?? []) {
    const b = bytesOf(der, gn);
    const text = view(b).toString('latin1');
    const type = gn.tag === 0x82 ? 'dns' : gn.tag === 0x81 ? 'email' : gn.tag === 0x86 ? 'uri' : undefined;
    if (type) {
      san[type].push(text);
      inner.sans.push({ type, value: text });
    } else if (gn.tag === 0x87) {
      // Go refuses the whole certificate for an IP SAN that is neither 4 nor 16 bytes.
      if (b.length !== 4 && b.length !== 16) return `x509: cannot parse IP address of length ${b.length}`;
      const ip = b.slice();
      const value = formatIp(ip);
      san.ip.push(value);
      inner.sans.push({ type: 'ip', value, ip });
    }
  }
  cert.san = san;
  return undefined;
}

/** Verification internals of a parsed certificate (re-parsed from `der` if the object was copied). */
export function certInternals(cert: CertInfo): CertInternals | undefined {
  const known = internals.get(cert);
  if (known) return known;
  const again = parseCertificate(cert.der, cert.index, cert.line);
  if (!again.ok) return undefined;
  const inner = internals.get(again.cert)!;
  internals.set(cert, inner);
  return inner;
}
