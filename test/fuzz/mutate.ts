// Seeded mutators for NATS configs: byte-level edits and grammar-aware token edits.

/** Small, fast, seedable PRNG (mulberry32), so every failure reproduces from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PUNCT = ['{', '}', '[', ']', '(', ')', ':', '=', ',', ';', '"', "'", '#', '//', '/', '\\', '$', '.', '-', '\n', '\r\n', ' ', '\t', '\n)\n', 'include ', '\\x4', '\\t', 'k', 'MB', 'ki', 'T'];
const TOKENS = [
  'true', 'off', 'yes', '1k', '2m', '1kbi', '1e5', '-1', '-.5', '.5', '1.5', '1.5k', '127.0.0.1:4222', '2020-01-01', '2020-01-01T00:00:00Z', '2020-13-01T00:00:00Z',
  '$VAR', '$2a$11$abc', '"a\\qb"', "'C:\\certs'", 'C:\\certs', '"\\x41"', '(\nraw\n)', '[1, 2]', '[1, 2 ]', '{a: 1}', '{}', '[]', 'tls { cert_file: "a" }', 'tls:\n  verify: true',
  'key', 'a b', "ab'c", './x.pem', '9223372036854775808', '٣', '\u00a0', '\u2028', '\ufeff', 'include "x.conf"', 'port: 4222', '"q": 1',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** One mutant of `text`: 1–3 edits chosen by the seed. */
export function mutate(text: string, seed: number): string {
  const r = rng(seed);
  let t = text;
  const edits = 1 + Math.floor(r() * 3);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(r() * (t.length + 1));
    const op = r();
    if (op < 0.3) t = t.slice(0, at) + pick(r, PUNCT) + t.slice(at);
    else if (op < 0.5) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 3));
    else if (op < 0.7) t = t.slice(0, at) + pick(r, TOKENS) + t.slice(at + Math.floor(r() * 4));
    else if (op < 0.85) {
      // Replace a whole line with a token-level variant of another line.
      const lines = t.split('\n');
      const i = Math.floor(r() * lines.length);
      const j = Math.floor(r() * lines.length);
      lines[i] = r() < 0.5 ? lines[j]! : `${pick(r, ['a', 'tls', 'port', 'x_y', '"k"'])}${pick(r, [': ', ' = ', ' ', ':'])}${pick(r, TOKENS)}`;
      t = lines.join('\n');
    } else t = t.slice(0, at) + String.fromCharCode(Math.floor(r() * 128)) + t.slice(at);
  }
  return t;
}
