// Parses one DER certificate into the model with the asn1-x509 schema (schema.ts). Linear in its size and
// never throws. What chain verification needs beyond the public model (raw names, TBS bytes, the signature,
// structured name constraints) is kept beside it in a WeakMap, and re-derived from `der` for copied objects.
import { hash } from 'node:crypto';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  ExtendedKeyUsage,
  KeyUsage,
  SubjectKeyIdentifier,
  type GeneralName,
  type GeneralSubtree,
  type SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import { fromNode, parseDer, readDer, type AsnNode } from './asn1';
import { bitLength, hex, integerHex, latin1 } from './bytes';
import { formatIp, maskBits } from './ip';
import type { CertInfo, PublicKeyInfo, SubjectAltNames } from './model';
import { describeName } from './names';
import { CURVES, EKU_NAMES, EXT, GO_HANDLED_EXTENSIONS, KEY_ALGS, KEY_USAGE_BITS, SIGNATURE_ALGS } from './oids';
import { DerCertificate, DerNameConstraints, DssParams, EcParameters, RsaPublicKey, type DerTBSCertificate } from './schema';
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

const bytesOf = (b: ArrayBuffer): Uint8Array => new Uint8Array(b);
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;
/** Bytes the schema handed over one character per byte (CONTENT_BYTES). */
const bytesOfLatin1 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

function spkiInfo(spki: SubjectPublicKeyInfo, raw: Uint8Array): PublicKeyInfo {
  const algorithm = KEY_ALGS[spki.algorithm.algorithm] ?? 'unknown';
  const info: PublicKeyInfo = { algorithm, spkiSha256: hash('sha256', raw, 'hex') };
  const params = spki.algorithm.parameters;
  if (algorithm === 'EC' && params) {
    const curve = CURVES[parseDer(params, EcParameters)?.namedCurve ?? ''];
    if (curve) {
      info.curve = curve.name;
      info.bits = curve.bits;
    }
  } else if (algorithm === 'RSA') {
    const key = parseDer(spki.subjectPublicKey, RsaPublicKey);
    if (key) info.bits = bitLength(bytesOf(key.modulus));
  } else if (algorithm === 'DSA' && params) {
    const dss = parseDer(params, DssParams);
    if (dss) info.bits = bitLength(bytesOf(dss.p));
  }
  return info;
}

/** Go's reading of one IP name constraint: address and mask of 4 or 16 bytes each, the mask contiguous. */
function ipConstraint(b: Uint8Array): IpConstraint | string {
  if (b.length !== 8 && b.length !== 32) return `x509: IP constraint contained value of length ${b.length}`;
  const half = b.length / 2;
  const ip = b.slice(0, half);
  const mask = b.slice(half);
  const bits = maskBits(mask);
  if (bits < 0) return `x509: IP constraint contained invalid mask ${hex(mask)}`;
  return { ip, mask, text: `${formatIp(ip)}/${bits}` };
}

/** The GeneralName choice that is set, as Go's tag switch sees it. */
const otherTag = (gn: GeneralName): string =>
  gn.otherName ? 'a0' : gn.x400Address ? 'a3' : gn.ediPartyName ? 'a5' : gn.registeredID ? '88' : '?';

/** GeneralSubtrees into structured constraints and the public 'DNS:x' / 'IP:net/bits' strings; a string is Go's error. */
function subtrees(list: GeneralSubtree[] | undefined, out: string[], unhandled: { v: boolean }): Constraints | string {
  const c: Constraints = { dns: [], email: [], uri: [], ip: [] };
  for (const { base } of list ?? []) {
    if (base.dNSName !== undefined) {
      c.dns.push(base.dNSName);
      out.push(`DNS:${base.dNSName}`);
    } else if (base.rfc822Name !== undefined) {
      c.email.push(base.rfc822Name);
      out.push(`email:${base.rfc822Name}`);
    } else if (base.uniformResourceIdentifier !== undefined) {
      c.uri.push(base.uniformResourceIdentifier);
      out.push(`URI:${base.uniformResourceIdentifier}`);
    } else if (base.iPAddress !== undefined) {
      const ip = ipConstraint(bytesOfLatin1(base.iPAddress));
      if (typeof ip === 'string') return ip;
      c.ip.push(ip);
      out.push(`IP:${ip.text}`);
    } else {
      unhandled.v = true; // directoryName and others: Go does not enforce them
      out.push(base.directoryName ? `DirName:${describeName(base.directoryName).text}` : `other:${otherTag(base)}`);
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

const INTEGER = 2;
const BIT_STRING = 3;
const SEQUENCE = 16;
const SET = 17;
const universal = (n: AsnNode | undefined, tag: number): boolean => n?.idBlock.tagClass === 1 && n.idBlock.tagNumber === tag;
const elements = (n: AsnNode): AsnNode[] => (n.idBlock.isConstructed ? (n.valueBlock.value as AsnNode[]) : []);
const nameShape = (n: AsnNode | undefined): boolean =>
  !!n &&
  universal(n, SEQUENCE) &&
  elements(n).every((rdn) => universal(rdn, SET) && elements(rdn).every((atv) => universal(atv, SEQUENCE)));

/**
 * The certificate's skeleton as Go reads it. asn1-schema matches a SEQUENCE by its first elements, and takes any
 * context-tagged constructed value where a SEQUENCE or SET is due (that is how it reads IMPLICIT tags); Go wants
 * exactly three parts and the universal tags, in the names too.
 */
function goShape(cert: AsnNode): boolean {
  const top = elements(cert);
  if (!universal(cert, SEQUENCE) || top.length !== 3) return false;
  if (!universal(top[0], SEQUENCE) || !universal(top[1], SEQUENCE) || !universal(top[2], BIT_STRING)) return false;
  const tbs = elements(top[0]!);
  const first = tbs[0]?.idBlock.tagClass === 3 && tbs[0].idBlock.tagNumber === 0 ? 1 : 0; // [0] version
  const [serial, signature, issuer, validity, subject, spki] = tbs.slice(first, first + 6);
  return (
    universal(serial, INTEGER) &&
    universal(signature, SEQUENCE) &&
    nameShape(issuer) &&
    universal(validity, SEQUENCE) &&
    nameShape(subject) &&
    universal(spki, SEQUENCE)
  );
}

/** The DER in a buffer of its own: the model keeps it, and asn1js reads it in place (the raw parts are views). */
function ownBytes(der: Uint8Array): Uint8Array<ArrayBuffer> {
  const exact = der.buffer instanceof ArrayBuffer && der.byteOffset === 0 && der.byteLength === der.buffer.byteLength;
  return exact ? (der as Uint8Array<ArrayBuffer>) : new Uint8Array(der);
}

function parse(input: Uint8Array, index: number, line: number): CertParse {
  const der = ownBytes(input);
  const read = readDer(der);
  if (!read.ok) return fail(read.trailing ? 'x509: trailing data' : 'x509: malformed certificate');
  if (!goShape(read.node)) return fail('x509: malformed certificate');
  const c = fromNode(read.node, DerCertificate) as (DerCertificate & { tbsCertificateRaw?: Uint8Array }) | undefined;
  const tbs = c?.tbsCertificate as DerTBSCertificate | undefined;
  const tbsRaw = c?.tbsCertificateRaw;
  if (!c || !tbs || !tbsRaw || !tbs.issuerRaw || !tbs.subjectRaw || !tbs.subjectPublicKeyInfoRaw)
    return fail('x509: malformed certificate');
  if (typeof tbs.version !== 'number' || tbs.version < 0 || tbs.version > 2) return fail('x509: invalid version');
  if (!c.signatureAlgorithmRaw || !tbs.signatureRaw || !sameBytes(c.signatureAlgorithmRaw, tbs.signatureRaw))
    return fail("x509: inner and outer signature algorithm identifiers don't match");
  const issuer = describeName(tbs.issuer);
  const subject = describeName(tbs.subject);
  const notBefore = tbs.validity.notBefore.utcTime ?? tbs.validity.notBefore.generalTime;
  const notAfter = tbs.validity.notAfter.utcTime ?? tbs.validity.notAfter.generalTime;
  if (!notBefore || !notAfter || Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime()))
    return fail('x509: malformed validity');
  const signatureOid = c.signatureAlgorithm.algorithm;
  const sigAlg = SIGNATURE_ALGS[signatureOid];
  if (c.signatureValue.byteLength === 0) return fail('x509: malformed signature');
  const params = c.signatureAlgorithm.parameters;

  const cert: CertInfo = {
    index,
    line,
    subject: subject.text,
    issuer: issuer.text,
    subjectCN: subject.cn,
    issuerCN: issuer.cn,
    serial: integerHex(bytesOf(tbs.serialNumber)),
    notBefore,
    notAfter,
    san: undefined,
    isCA: undefined,
    pathLen: undefined,
    keyUsage: undefined,
    extKeyUsage: undefined,
    nameConstraints: undefined,
    publicKey: spkiInfo(tbs.subjectPublicKeyInfo, tbs.subjectPublicKeyInfoRaw),
    signatureAlgorithm: sigAlg?.name ?? signatureOid,
    weakSignature: sigAlg?.weak,
    sha256Fingerprint: hex(hash('sha256', der, 'buffer'), ':').toUpperCase(),
    subjectKeyId: undefined,
    authorityKeyId: undefined,
    selfSigned: false,
    der,
    version: tbs.version + 1,
  };
  const inner: CertInternals = {
    rawSubject: latin1(tbs.subjectRaw),
    rawIssuer: latin1(tbs.issuerRaw),
    tbs: tbsRaw,
    signature: bytesOf(c.signatureValue),
    signatureOid,
    signatureParams: params ? bytesOf(params) : undefined,
    spki: tbs.subjectPublicKeyInfoRaw,
    sanRaw: undefined,
    sans: [],
    permitted: undefined,
    excluded: undefined,
    unhandledCritical: [],
    subjectO: subject.o,
  };
  const err = readExtensions(tbs, cert, inner);
  if (err) return fail(err);
  if (inner.rawSubject === inner.rawIssuer) cert.selfSigned = selfSignatureValid(inner, inner.spki);
  internals.set(cert, inner);
  return { ok: true, cert };
}

/** The serial in decimal, as Go prints it when a certificate has neither CN nor O. */
export function serialDecimal(cert: CertInfo): string {
  const h = cert.serial;
  return h.startsWith('-') ? '-' + BigInt('0x' + h.slice(1)).toString() : BigInt('0x' + h).toString();
}

const keyId = (b: ArrayBuffer): string => hex(bytesOf(b), ':').toUpperCase();

/** Reads the extensions the model shows; an extension of these Go cannot parse fails the certificate, with Go's text. */
function readExtensions(tbs: DerTBSCertificate, cert: CertInfo, inner: CertInternals): string | undefined {
  const seen = new Set<string>();
  for (const ext of tbs.extensions ?? []) {
    const oid = ext.extnID;
    if (seen.has(oid)) return 'x509: certificate contains duplicate extensions';
    seen.add(oid);
    if (ext.critical && !GO_HANDLED_EXTENSIONS.has(oid)) inner.unhandledCritical.push(oid);
    const value = ext.extnValue.buffer;
    switch (oid) {
      case EXT.basicConstraints: {
        const bc = parseDer(value, BasicConstraints);
        if (!bc) return 'x509: invalid basic constraints';
        cert.isCA = bc.cA;
        const pathLen = Number(bc.pathLenConstraint);
        if (bc.pathLenConstraint !== undefined && Number.isSafeInteger(pathLen) && pathLen >= 0) cert.pathLen = pathLen;
        break;
      }
      case EXT.keyUsage: {
        const ku = parseDer(value, KeyUsage);
        if (!ku) return 'x509: invalid key usage';
        const bits = bytesOf(ku.value);
        cert.keyUsage = KEY_USAGE_BITS.filter((_, b) => b >> 3 < bits.length && bits[b >> 3]! & (0x80 >> (b & 7)));
        break;
      }
      case EXT.extKeyUsage: {
        const eku = parseDer(value, ExtendedKeyUsage);
        if (!eku) return 'x509: invalid extended key usages';
        cert.extKeyUsage = Array.from(eku, (o) => EKU_NAMES[o] ?? o);
        break;
      }
      case EXT.subjectAltName: {
        const names = generalNames(value);
        if (!names) return 'x509: invalid subject alternative names';
        const err = readSan(names, cert, inner);
        if (err) return err;
        inner.sanRaw = latin1(bytesOf(value));
        break;
      }
      case EXT.nameConstraints: {
        const ncs = parseDer(value, DerNameConstraints);
        if (!ncs) return 'x509: invalid NameConstraints extension';
        const nc = { permitted: [] as string[], excluded: [] as string[] };
        const unhandled = { v: false };
        const permitted = subtrees(ncs.permittedSubtrees, nc.permitted, unhandled);
        const excluded = subtrees(ncs.excludedSubtrees, nc.excluded, unhandled);
        if (typeof permitted === 'string') return permitted;
        if (typeof excluded === 'string') return excluded;
        if (ncs.permittedSubtrees) inner.permitted = permitted;
        if (ncs.excludedSubtrees) inner.excluded = excluded;
        if (unhandled.v && ext.critical) inner.unhandledCritical.push(oid);
        cert.nameConstraints = nc;
        break;
      }
      case EXT.subjectKeyId: {
        const ski = parseDer(value, SubjectKeyIdentifier);
        if (!ski) return 'x509: invalid subject key identifier';
        cert.subjectKeyId = keyId(ski.buffer);
        break;
      }
      case EXT.authorityKeyId: {
        const aki = parseDer(value, AuthorityKeyIdentifier);
        if (!aki) return 'x509: invalid authority key identifier';
        if (aki.keyIdentifier) cert.authorityKeyId = keyId(aki.keyIdentifier.buffer);
        break;
      }
    }
  }
  return undefined;
}

/**
 * A SAN's GeneralNames as Go's forEachSAN reads them: by tag, the primitive rfc822Name [1], dNSName [2], URI [6] and
 * iPAddress [7]; other kinds and forms are skipped. Strings are their bytes, one character per byte, as Go keeps them.
 */
function generalNames(value: ArrayBuffer): SanName[] | undefined {
  const read = readDer(value);
  if (!read.ok || !universal(read.node, SEQUENCE)) return undefined;
  const names: SanName[] = [];
  for (const element of elements(read.node)) {
    if (element.idBlock.tagClass !== 3 || element.idBlock.isConstructed) continue;
    const type = SAN_TAGS[element.idBlock.tagNumber];
    if (type) names.push({ type, bytes: element.valueBlock.valueHexView ?? new Uint8Array(0) });
  }
  return names;
}

type SanName = { type: 'dns' | 'email' | 'uri' | 'ip'; bytes: Uint8Array };
const SAN_TAGS: Record<number, SanName['type']> = { 1: 'email', 2: 'dns', 6: 'uri', 7: 'ip' };

function readSan(names: SanName[], cert: CertInfo, inner: CertInternals): string | undefined {
  const san: SubjectAltNames = { dns: [], ip: [], email: [], uri: [] };
  for (const { type, bytes } of names) {
    if (type !== 'ip') {
      const text = latin1(bytes);
      san[type].push(text);
      inner.sans.push({ type, value: text });
      continue;
    }
    // Go refuses the whole certificate for an IP SAN that is neither 4 nor 16 bytes.
    if (bytes.length !== 4 && bytes.length !== 16) return `x509: cannot parse IP address of length ${bytes.length}`;
    const ip = bytes.slice();
    const value = formatIp(ip);
    san.ip.push(value);
    inner.sans.push({ type: 'ip', value, ip });
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
