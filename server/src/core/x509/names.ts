// Distinguished names printed exactly as `openssl x509 -nameopt RFC2253` prints them, so a subject in a
// hover or message can be compared with (and pasted into) OpenSSL output. Mirrors OpenSSL's
// do_name_ex/do_print_ex with XN_FLAG_RFC2253: reversed RDN order, ',' and '+' separators, short
// field names, RFC 2253 escapes, bytes above 0x7F as \XX, unknown fields and types as #<DER hex>.
import { children, hex, oidOf, TAG, view, type Tlv } from './der';

/** Attribute types OpenSSL names (its short names); any other OID prints numerically with a DER dump. */
const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.13': 'description',
  '2.5.4.14': 'searchGuide',
  '2.5.4.15': 'businessCategory',
  '2.5.4.16': 'postalAddress',
  '2.5.4.17': 'postalCode',
  '2.5.4.18': 'postOfficeBox',
  '2.5.4.19': 'physicalDeliveryOfficeName',
  '2.5.4.20': 'telephoneNumber',
  '2.5.4.41': 'name',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.45': 'x500UniqueIdentifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.72': 'role',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '1.2.840.113549.1.9.2': 'unstructuredName',
  '1.2.840.113549.1.9.8': 'unstructuredAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

/** Bytes per character by string tag (OpenSSL's tag2nbyte); 0 = UTF-8; absent = not a string, dumped. */
const WIDTH: Record<number, number> = { 12: 0, 18: 1, 19: 1, 20: 1, 22: 1, 23: 1, 24: 1, 26: 1, 28: 4, 30: 2 };

// OpenSSL char_type bits that matter with RFC 2253 flags.
const ESC_2253 = 1;
const ESC_CTRL = 2;
const FIRST = 32;
const LAST = 64;
const CHAR_TYPE = new Uint8Array(128);
for (let c = 0; c < 32; c++) CHAR_TYPE[c] = ESC_CTRL;
CHAR_TYPE[0x7f] = ESC_CTRL;
CHAR_TYPE[0x20] = FIRST | LAST;
CHAR_TYPE[0x23] = FIRST; // '#'
for (const ch of '"+,;<>\\') CHAR_TYPE[ch.charCodeAt(0)] = ESC_2253;

const HEX_UPPER = (b: number): string => '\\' + b.toString(16).toUpperCase().padStart(2, '0');

function escByte(b: number, first: boolean, last: boolean): string {
  if (b > 0x7f) return HEX_UPPER(b);
  const t = CHAR_TYPE[b]! & (ESC_2253 | ESC_CTRL | (first ? FIRST : 0) | (last ? LAST : 0));
  if (t & (ESC_2253 | FIRST | LAST)) return '\\' + String.fromCharCode(b);
  if (t & ESC_CTRL) return HEX_UPPER(b);
  return String.fromCharCode(b);
}

function utf8Bytes(c: number): number[] {
  if (c < 0x80) return [c];
  if (c < 0x800) return [0xc0 | (c >> 6), 0x80 | (c & 0x3f)];
  if (c < 0x10000) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
  return [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
}

/** No byte needs escaping: the common case, decoded natively. */
function plain(buf: Uint8Array, start: number, end: number): boolean {
  if (start === end) return true;
  if (buf[start] === 0x20 || buf[start] === 0x23 || buf[end - 1] === 0x20) return false;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b > 0x7e || CHAR_TYPE[b]! & (ESC_2253 | ESC_CTRL)) return false;
  }
  return true;
}

function printValue(buf: Uint8Array, v: Tlv, knownField: boolean): string {
  const width = WIDTH[v.tag];
  if (!knownField || width === undefined) return '#' + hex(buf.subarray(v.at, v.end)).toUpperCase();
  const w = width === 0 ? 1 : width; // UTF-8 is printed byte by byte, so its high bytes come out as \XX
  const n = v.end - v.start;
  if (w === 1 && plain(buf, v.start, v.end)) return view(buf, v.start, v.end).toString('latin1');
  if (n % w !== 0) return '#' + hex(buf.subarray(v.at, v.end)).toUpperCase();
  let out = '';
  for (let p = v.start; p < v.end; p += w) {
    let c = 0;
    for (let i = 0; i < w; i++) c = c * 256 + buf[p + i]!;
    const first = p === v.start;
    const last = p + w === v.end;
    if (width === 0 || c < 0x80) out += escByte(c, first, last);
    else for (const b of utf8Bytes(c)) out += HEX_UPPER(b);
  }
  return out;
}

/** A string value decoded for display in Go-style messages (CN, O). */
function decodeValue(buf: Uint8Array, v: Tlv): string | undefined {
  const bytes = buf.subarray(v.start, v.end);
  switch (v.tag) {
    case TAG.UTF8:
      return view(bytes).toString('utf8');
    case 30: {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
      return s;
    }
    case 18:
    case 19:
    case 20:
    case 22:
    case 26:
      return view(bytes).toString('latin1');
    default:
      return undefined;
  }
}

export interface ParsedName {
  /** OpenSSL RFC 2253 one-line form. */
  text: string;
  /** Last commonName, as Go's pkix.Name keeps it. */
  cn: string | undefined;
  /** First organizationName (Go's fallback for naming a certificate in errors). */
  o: string | undefined;
}

/** Reads a Name (SEQUENCE OF SET OF AttributeTypeAndValue); undefined when malformed. */
export function parseName(buf: Uint8Array, name: Tlv): ParsedName | undefined {
  if (name.tag !== TAG.SEQUENCE) return undefined;
  const rdns = children(buf, name);
  if (!rdns) return undefined;
  const entries: { set: number; field: string; known: boolean; value: Tlv }[] = [];
  let cn: string | undefined;
  let o: string | undefined;
  for (let i = 0; i < rdns.length; i++) {
    const rdn = rdns[i]!;
    if (rdn.tag !== TAG.SET) return undefined;
    const atvs = children(buf, rdn);
    if (!atvs) return undefined;
    for (const atv of atvs) {
      const parts = atv.tag === TAG.SEQUENCE ? children(buf, atv) : undefined;
      if (!parts || parts.length !== 2) return undefined;
      const oid = oidOf(buf, parts[0]!);
      if (!oid) return undefined;
      const short = SHORT_NAMES[oid];
      entries.push({ set: i, field: short ?? oid, known: short !== undefined, value: parts[1]! });
      if (oid === '2.5.4.3') cn = decodeValue(buf, parts[1]!) ?? cn;
      else if (oid === '2.5.4.10' && o === undefined) o = decodeValue(buf, parts[1]!);
    }
  }
  let text = '';
  let prev = -1;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (prev !== -1) text += prev === e.set ? '+' : ',';
    prev = e.set;
    text += e.field + '=' + printValue(buf, e.value, e.known);
  }
  return { text, cn, o };
}
