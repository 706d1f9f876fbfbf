// IP addresses as Go's net package parses and prints them, because messages quote Go's output.

/** Go's net.IP.String(): dotted IPv4 (also for IPv4-mapped IPv6), RFC 5952 IPv6. */
export function formatIp(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  if (b.length !== 16) return '?' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  if (isV4Mapped(b)) return Array.from(b.subarray(12)).join('.');
  // Longest run of zero groups (at least two) becomes '::'.
  let bestAt = -1;
  let bestLen = 0;
  for (let i = 0; i < 16;) {
    let j = i;
    while (j < 16 && b[j] === 0 && b[j + 1] === 0) j += 2;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j > i ? j : i + 2;
  }
  if (bestLen <= 2) bestAt = -1;
  let s = '';
  for (let i = 0; i < 16; i += 2) {
    if (i === bestAt) {
      s += '::';
      i += bestLen - 2;
      continue;
    }
    if (s && !s.endsWith(':')) s += ':';
    s += ((b[i]! << 8) | b[i + 1]!).toString(16);
  }
  return s;
}

/** True for ::ffff:a.b.c.d, the 16-byte form Go gives every IPv4 address. */
export function isV4Mapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

function parseV4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // Go (since 1.17) rejects leading zeros, which other stacks read as octal.
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** Go's net.ParseIP: 16 bytes (IPv4 as IPv4-mapped), or undefined when `s` is not an IP literal. */
export function parseIp(s: string): Uint8Array | undefined {
  const v4 = parseV4(s);
  if (v4) return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4]);
  if (!s.includes(':') || s.includes('%')) return undefined;
  let head = s;
  let tail = '';
  const dbl = s.indexOf('::');
  if (dbl !== -1) {
    if (s.indexOf('::', dbl + 1) !== -1) return undefined;
    head = s.slice(0, dbl);
    tail = s.slice(dbl + 2);
  }
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i]!;
      if (i === items.length - 1 && g.includes('.')) {
        const v = parseV4(g);
        if (!v) return undefined;
        out.push((v[0]! << 8) | v[1]!, (v[2]! << 8) | v[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return undefined;
  if (head.includes('.') && dbl !== -1) return undefined; // embedded IPv4 only at the very end
  const missing = 8 - h.length - t.length;
  if (dbl === -1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...h, ...new Array<number>(dbl === -1 ? 0 : missing).fill(0), ...t];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** 16-byte form (IPv4 as IPv4-mapped), for comparisons that, like Go's IP.Equal, ignore the length. */
export function to16(b: Uint8Array): Uint8Array {
  if (b.length === 16) return b;
  return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...b]);
}

export function sameIp(a: Uint8Array, b: Uint8Array): boolean {
  const x = to16(a);
  const y = to16(b);
  for (let i = 0; i < 16; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Prefix length of a contiguous mask, or -1. */
export function maskBits(mask: Uint8Array): number {
  let bits = 0;
  let i = 0;
  for (; i < mask.length && mask[i] === 0xff; i++) bits += 8;
  if (i < mask.length) {
    const m = mask[i]!;
    const ones = m === 0 ? 0 : Math.clz32(~m & 0xff) - 24;
    if (((0xff << (8 - ones)) & 0xff) !== m) return -1;
    bits += ones;
    for (i++; i < mask.length; i++) if (mask[i] !== 0) return -1;
  }
  return bits;
}
