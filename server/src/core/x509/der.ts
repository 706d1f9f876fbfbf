// A minimal DER reader: just enough ASN.1 to read certificates and keys fast.
// @peculiar/x509 takes ~1.5 ms per certificate and node's X509Certificate ~0.1 ms; a language server
// re-reads CA bundles of hundreds of certificates, so the hot path walks the bytes itself.
// Every function returns undefined on malformed input instead of throwing.

/** One tag-length-value: the value is bytes [start, end); the whole element is [at, end). */
export interface Tlv {
  tag: number;
  at: number;
  start: number;
  end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  PRINTABLE: 0x13,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Reads the element at `pos`; undefined when it does not fit before `limit` or is not DER (indefinite or long tags). */
export function readTlv(buf: Uint8Array, pos: number, limit: number = buf.length): Tlv | undefined {
  if (pos + 2 > limit) return undefined;
  const tag = buf[pos]!;
  if ((tag & 0x1f) === 0x1f) return undefined; // high tag numbers never occur in certificates
  let len = buf[pos + 1]!;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    start += n;
  }
  const end = start + len;
  if (end > limit) return undefined;
  return { tag, at: pos, start, end };
}

/** The elements inside a constructed value, or undefined when they do not tile it exactly. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  let pos = parent.start;
  while (pos < parent.end) {
    const t = readTlv(buf, pos, parent.end);
    if (!t) return undefined;
    out.push(t);
    pos = t.end;
  }
  return out;
}

export function bytesOf(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.start, t.end);
}

export function wholeOf(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.at, t.end);
}

const oidCache = new Map<string, string>();

export function oidOf(buf: Uint8Array, t: Tlv): string | undefined {
  if (t.tag !== TAG.OID || t.end === t.start) return undefined;
  // Certificates repeat a few dozen OIDs; decoding each once matters when a bundle holds thousands.
  let key = '';
  for (let i = t.start; i < t.end; i++) key += String.fromCharCode(buf[i]!);
  const known = oidCache.get(key);
  if (known) return known;
  const parts: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    const b = buf[i]!;
    v = v * 128 + (b & 0x7f);
    if (b & 0x80) continue;
    if (parts.length === 0) parts.push(v < 40 ? 0 : v < 80 ? 1 : 2, v < 80 ? v % 40 : v - 80);
    else parts.push(v);
    v = 0;
  }
  const oid = parts.join('.');
  if (oidCache.size < 4096) oidCache.set(key, oid);
  return oid;
}

/** A Buffer over the same memory (no copy), for node's native hex/latin1/utf8 decoders. */
export function view(bytes: Uint8Array, start = 0, end = bytes.length): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
}

export function hex(bytes: Uint8Array, sep = ''): string {
  const h = view(bytes).toString('hex');
  return sep ? h.replace(/(..)(?!$)/g, `$1${sep}`) : h;
}

/** INTEGER content as `openssl -serial` prints it: upper-case magnitude, '-' for negatives, '00' for zero. */
export function integerHex(bytes: Uint8Array): string {
  if (bytes.length === 0) return '00';
  if (bytes[0]! & 0x80) {
    // Two's complement negative: print the magnitude.
    const mag = new Uint8Array(bytes.length);
    let borrow = 1;
    for (let i = bytes.length - 1; i >= 0; i--) {
      const v = (~bytes[i]! & 0xff) + borrow;
      mag[i] = v & 0xff;
      borrow = v >> 8;
    }
    return '-' + integerHex(mag);
  }
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return hex(bytes.subarray(i)).toUpperCase();
}

/** Small non-negative INTEGER (pathLen, versions); undefined when negative or too large. */
export function smallInt(buf: Uint8Array, t: Tlv): number | undefined {
  if (t.tag !== TAG.INTEGER || t.end === t.start || t.end - t.start > 6 || buf[t.start]! & 0x80) return undefined;
  let v = 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + buf[i]!;
  return v;
}

/** Bit length of an unsigned big-endian integer (leading zero bytes ignored). */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

const digits = (buf: Uint8Array, from: number, n: number): number => {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
};

/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ), as Go's parser accepts them. */
export function timeOf(buf: Uint8Array, t: Tlv): Date | undefined {
  const n = t.end - t.start;
  let p = t.start;
  let year: number;
  if (t.tag === TAG.UTC_TIME && n === 13) {
    const yy = digits(buf, p, 2);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    p += 2;
  } else if (t.tag === TAG.GENERALIZED_TIME && n === 15) {
    year = digits(buf, p, 4);
    p += 4;
  } else return undefined;
  if (buf[t.end - 1] !== 0x5a /* Z */) return undefined;
  const month = digits(buf, p, 2);
  const day = digits(buf, p + 2, 2);
  const hour = digits(buf, p + 4, 2);
  const min = digits(buf, p + 6, 2);
  const sec = digits(buf, p + 8, 2);
  if (
    [year, month, day, hour, min, sec].some(Number.isNaN) ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    min > 59 ||
    sec > 59
  )
    return undefined;
  const d = new Date(Date.UTC(year, month - 1, day, hour, min, sec));
  // Date.UTC treats years 0–99 as 1900+; certificates never use them, but keep the value exact.
  if (year < 100) d.setUTCFullYear(year);
  return d.getUTCDate() === day ? d : undefined; // no 31 February
}
