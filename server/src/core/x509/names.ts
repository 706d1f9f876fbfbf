// Distinguished names printed exactly as `openssl x509 -nameopt RFC2253` prints them, so a subject in a
// hover or message can be compared with (and pasted into) OpenSSL output. Mirrors OpenSSL's
// do_name_ex/do_print_ex with XN_FLAG_RFC2253: reversed RDN order, ',' and '+' separators, short
// field names, RFC 2253 escapes, bytes above 0x7F as \XX, unknown fields and types as #<DER hex>.
// The name's structure comes from the asn1-x509 schema (schema.ts); values arrive as their content bytes.
import type { Name } from '@peculiar/asn1-x509';
import { parseDer } from './asn1';
import { hex } from './bytes';
import { DerName, type DerAttributeValue } from './schema';

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

/** No byte needs escaping: the common case, printed as is. */
function plain(bytes: string): boolean {
  const n = bytes.length;
  if (n === 0) return true;
  if (bytes.charCodeAt(0) === 0x20 || bytes.charCodeAt(0) === 0x23 || bytes.charCodeAt(n - 1) === 0x20) return false;
  for (let i = 0; i < n; i++) {
    const b = bytes.charCodeAt(i);
    if (b > 0x7e || CHAR_TYPE[b]! & (ESC_2253 | ESC_CTRL)) return false;
  }
  return true;
}

/** One attribute value: its universal tag and content bytes (one character per byte), and its whole DER. */
type Value = Pick<DerAttributeValue, 'tag' | 'bytes' | 'der'>;

function printValue(v: Value, knownField: boolean): string {
  const width = v.tag === undefined ? undefined : WIDTH[v.tag];
  const dump = (): string => '#' + hex(v.der).toUpperCase();
  if (!knownField || width === undefined || v.bytes === undefined) return dump();
  const bytes = v.bytes;
  const w = width === 0 ? 1 : width; // UTF-8 is printed byte by byte, so its high bytes come out as \XX
  if (w === 1 && plain(bytes)) return bytes;
  if (bytes.length % w !== 0) return dump();
  let out = '';
  for (let p = 0; p < bytes.length; p += w) {
    let c = 0;
    for (let i = 0; i < w; i++) c = c * 256 + bytes.charCodeAt(p + i);
    const first = p === 0;
    const last = p + w === bytes.length;
    if (width === 0 || c < 0x80) out += escByte(c, first, last);
    else for (const b of utf8Bytes(c)) out += HEX_UPPER(b);
  }
  return out;
}

/** A string value decoded for display in Go-style messages (CN, O). */
function decodeValue(v: Value): string | undefined {
  const bytes = v.bytes;
  if (bytes === undefined) return undefined;
  switch (v.tag) {
    case 12:
      return Buffer.from(bytes, 'latin1').toString('utf8');
    case 30: {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1));
      return s;
    }
    case 18:
    case 19:
    case 20:
    case 22:
    case 26:
      return bytes;
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

/** A Name read with the DerName schema, in OpenSSL's form, with Go's CN and O. */
export function describeName(name: Name): ParsedName {
  const entries: { set: number; field: string; known: boolean; value: Value }[] = [];
  let cn: string | undefined;
  let o: string | undefined;
  name.forEach((rdn, set) => {
    for (const atv of rdn) {
      const short = SHORT_NAMES[atv.type];
      const value = atv.value as DerAttributeValue;
      entries.push({ set, field: short ?? atv.type, known: short !== undefined, value });
      if (atv.type === '2.5.4.3') cn = decodeValue(value) ?? cn;
      else if (atv.type === '2.5.4.10' && o === undefined) o = decodeValue(value);
    }
  });
  let text = '';
  let prev = -1;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (prev !== -1) text += prev === e.set ? '+' : ',';
    prev = e.set;
    text += e.field + '=' + printValue(e.value, e.known);
  }
  return { text, cn, o };
}

/** Reads a DER Name (SEQUENCE OF SET OF AttributeTypeAndValue); undefined when malformed. */
export function parseName(der: Uint8Array): ParsedName | undefined {
  const name = parseDer(der, DerName);
  return name && describeName(name);
}
