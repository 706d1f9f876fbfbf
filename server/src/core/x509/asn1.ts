// DER through @peculiar/asn1-schema (asn1js underneath), held to what Go's crypto/x509 accepts: one element that
// fills the input exactly, definite minimal lengths, primitive strings. Never throws: undefined instead.
import { AsnParser, type IAsnConverter } from '@peculiar/asn1-schema';
import { MAX_FILE_BYTES } from '../types';
import { latin1 } from './bytes';

/** What the readers use of an asn1js node (asn1-schema hands these to converters); asn1js itself is not imported. */
export interface AsnNode {
  idBlock: { tagClass: number; tagNumber: number; isConstructed: boolean };
  lenBlock: { isIndefiniteForm: boolean; longFormUsed: boolean; length: number };
  valueBlock: { value?: unknown; valueHexView?: Uint8Array; blockLength: number };
  /** The whole element: tag, length and contents. */
  valueBeforeDecodeView: Uint8Array;
}

// Bounds on hostile input: 100,000 nodes is ~50 MB of parse tree at most, and a CA with 10,000 name constraints
// (which Go reads) has ~40,000. Embedded OCTET/BIT STRING contents are not parsed speculatively: extension
// values are read on their own, with their own schema.
const BER_OPTIONS = { parseEmbedded: false, maxDepth: 64, maxNodes: 100_000, maxContentLength: MAX_FILE_BYTES };

const UNIVERSAL = 1;
const SEQUENCE = 16;
const SET = 17;

/** Captures the parsed element itself, so its length and encoding can be checked before a schema reads it. */
class Element {
  node: AsnNode | undefined;
  fromASN(node: AsnNode): this {
    this.node = node;
    return this;
  }
  toASN(): never {
    throw new Error('read only');
  }
  toSchema(): never {
    throw new Error('read only');
  }
}

/**
 * DER rules Go's cryptobyte enforces and asn1js lets through: no indefinite or needlessly long lengths, no
 * constructed strings, and a constructed value's elements fill exactly its stated length (asn1js reads on past it).
 */
function strictDer(root: AsnNode): boolean {
  const stack: AsnNode[] = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.lenBlock.isIndefiniteForm || (n.lenBlock.longFormUsed && n.lenBlock.length < 128)) return false;
    if (!n.idBlock.isConstructed) continue;
    if (n.valueBlock.blockLength !== n.lenBlock.length) return false;
    if (n.idBlock.tagClass === UNIVERSAL && n.idBlock.tagNumber !== SEQUENCE && n.idBlock.tagNumber !== SET) return false;
    if (Array.isArray(n.valueBlock.value)) for (const c of n.valueBlock.value as AsnNode[]) stack.push(c);
  }
  return true;
}

export type DerRead = { ok: true; node: AsnNode } | { ok: false; trailing: boolean };

/** Reads the one DER element `bytes` holds; `trailing` when a valid element is followed by more bytes. */
export function readDer(bytes: Uint8Array | ArrayBuffer): DerRead {
  try {
    // An exact ArrayBuffer is read in place; asn1-schema copies any other view.
    const exact = bytes instanceof ArrayBuffer || (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength);
    const input = exact && !(bytes instanceof ArrayBuffer) && bytes.buffer instanceof ArrayBuffer ? bytes.buffer : bytes;
    const node = AsnParser.parse(input, Element, { berOptions: BER_OPTIONS }).node;
    if (!node || !strictDer(node)) return { ok: false, trailing: false };
    if (node.valueBeforeDecodeView.byteLength !== bytes.byteLength) return { ok: false, trailing: true };
    return { ok: true, node };
  } catch {
    return { ok: false, trailing: false };
  }
}

/** A parsed element read as `Type`; undefined when it does not fit the schema. */
export function fromNode<T>(node: AsnNode, Type: new () => T): T | undefined {
  try {
    return AsnParser.fromASN(node as never, Type);
  } catch {
    return undefined;
  }
}

/** DER bytes read as `Type` (the whole input, strict DER); undefined when they are anything else. */
export function parseDer<T>(bytes: Uint8Array | ArrayBuffer, Type: new () => T): T | undefined {
  const r = readDer(bytes);
  return r.ok ? fromNode(r.node, Type) : undefined;
}

const readOnly = (): never => {
  throw new Error('read only');
};

/** A string's content bytes, one character per byte (asn1js would decode UTF-8 and BMP; OpenSSL prints bytes). */
export const CONTENT_BYTES: IAsnConverter<string> = {
  fromASN: (n) => latin1((n as unknown as AsnNode).valueBlock.valueHexView ?? new Uint8Array(0)),
  toASN: readOnly,
};

const digits = (s: string, from: number, n: number): number => {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
};

/**
 * UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ), only in the forms Go's parser accepts for
 * certificates; an Invalid Date for any other form (asn1js alone would take fractions, offsets and 31 February).
 */
export const GO_TIME: IAsnConverter<Date> = {
  fromASN: (n) => {
    const node = n as unknown as AsnNode;
    const s = latin1(node.valueBlock.valueHexView ?? new Uint8Array(0));
    let year: number;
    let p: number;
    if (node.idBlock.tagNumber === 23 && s.length === 13) {
      const yy = digits(s, 0, 2);
      year = yy >= 50 ? 1900 + yy : 2000 + yy;
      p = 2;
    } else if (node.idBlock.tagNumber === 24 && s.length === 15) {
      year = digits(s, 0, 4);
      p = 4;
    } else return new Date(NaN);
    const [month, day, hour, min, sec] = [0, 2, 4, 6, 8].map((o) => digits(s, p + o, 2)) as [number, number, number, number, number];
    const valid = s.endsWith('Z') && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && min <= 59 && sec <= 59;
    if (!valid || Number.isNaN(year)) return new Date(NaN); // NaN fails every comparison above too
    const d = new Date(Date.UTC(year, month - 1, day, hour, min, sec));
    if (year < 100) d.setUTCFullYear(year); // Date.UTC reads years 0–99 as 1900+
    return d.getUTCDate() === day ? d : new Date(NaN); // no 31 February
  },
  toASN: readOnly,
};

/** A BIT STRING's bytes when it holds whole bytes (signatures, keys); empty when it does not, as Go refuses those. */
export const WHOLE_BYTES: IAsnConverter<ArrayBuffer> = {
  fromASN: (n) => {
    const node = n as unknown as AsnNode & { valueBlock: { unusedBits?: number } };
    const bytes = node.valueBlock.valueHexView;
    if (!bytes || node.valueBlock.unusedBits) return new ArrayBuffer(0);
    return bytes.slice().buffer;
  },
  toASN: readOnly,
};
