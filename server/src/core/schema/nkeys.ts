// NKEYS as nats-server validates them (github.com/nats-io/nkeys): base32 text whose first byte names the
// key type, ending in a CRC-16 of the rest; and NATS subjects (server/sublist.go IsValidSubject).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    const i = ALPHABET.indexOf(c);
    if (i < 0) return undefined;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

function crc16(data: Uint8Array): number {
  let crc = 0;
  for (const b of data) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const TYPES: Record<number, string> = { 0: 'account', 104: 'server', 16: 'cluster', 112: 'operator', 160: 'user', 184: 'curve' };
const SEED = 144;

/** What an nkey string is ('user', 'account', 'operator', 'curve', 'server', 'cluster', 'user-seed' …), or undefined when invalid. */
export function nkeyKind(text: string): string | undefined {
  const raw = base32(text);
  if (!raw || raw.length < 4) return undefined;
  const body = raw.subarray(0, raw.length - 2);
  const crc = raw[raw.length - 2]! | (raw[raw.length - 1]! << 8);
  if (crc16(body) !== crc) return undefined;
  const first = raw[0]! & 0xf8;
  if (first === SEED && raw.length === 36) {
    const inner = ((raw[0]! & 7) << 5) | ((raw[1]! & 0xf8) >> 3);
    const t = TYPES[inner];
    return t ? `${t}-seed` : undefined;
  }
  if (raw.length !== 35) return undefined;
  return TYPES[first];
}

/** nats-server's IsValidSubject: non-empty dot-separated tokens without whitespace, ">" only last. */
export function isSubject(s: string): boolean {
  return isSubjectIn(s, 0, s.length);
}

/** isSubject of s.slice(from, to), read in place (a config's text holds tens of thousands of subjects). */
export function isSubjectIn(s: string, from: number, to: number): boolean {
  // One pass over the characters (no split, no regex): permissions hold tens of thousands of subjects.
  let tokenStart = from;
  for (let i = from; i <= to; i++) {
    const c = i < to ? s.charCodeAt(i) : 46;
    if (c === 46) {
      // '.' (or the end): the token [tokenStart, i) must not be empty, and ">" may only be the last one.
      if (i === tokenStart) return false;
      if (i < to && i === tokenStart + 1 && s.charCodeAt(tokenStart) === 62) return false;
      tokenStart = i + 1;
    } else if (c === 32 || c === 9 || c === 10 || c === 12 || c === 13) return false;
  }
  return true;
}
