// Seeded mutators for NATS configs: byte-level edits and grammar-aware token edits.
//
// Every mutant is a pure function of (text, seed): the same seed always gives the same mutant, so a
// disagreement found by the differential fuzzer reproduces from its seed alone.

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

/**
 * Files the differential fuzzer writes next to each mutant, so `include` mutations reach a real file,
 * a file with a syntax error and a file with a variable (a missing file needs nothing).
 */
export const FUZZ_FILES: Readonly<Record<string, string>> = {
  'inc.conf': 'inc_key: 1\nINC_VAR: 2\n',
  'bad.conf': 'x: [1, 2\n',
  'nested.conf': 'include inc.conf\nnested_key: $INC_VAR\n',
};

/** Environment both sides see, so `$NAME` mutations exercise the environment fallback and its parsing. */
export const FUZZ_ENV: Readonly<Record<string, string>> = {
  FUZZ_NUM: '4222',
  FUZZ_STR: 'abc',
  FUZZ_QUOTED: '"a b"',
  FUZZ_SPACE: 'a b',
  FUZZ_MAP: '{a: 1, b: [1, 2 ]}',
  FUZZ_BADMAP: '{a: 1, b: [1, 2]}',
  FUZZ_UNIT: '2m',
  FUZZ_BAD: 'C:\\certs\\x',
  FUZZ_DOT: './x.pem',
  FUZZ_REF: '$FUZZ_NUM',
  FUZZ_EMPTY: '',
};

const PUNCT = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ':',
  '=',
  ',',
  ';',
  '"',
  "'",
  '#',
  '//',
  '/',
  '\\',
  '$',
  '.',
  '-',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  '\n)\n',
  'include ',
  '\\x4',
  '\\t',
  'k',
  'MB',
  'ki',
  'T',
];
const TOKENS = [
  'true',
  'off',
  'yes',
  'On',
  '1k',
  '2m',
  '1kbi',
  '1e5',
  '-1',
  '-.5',
  '.5',
  '1.5',
  '1.5k',
  '127.0.0.1:4222',
  '10.0.0.1-5',
  '2020-01-01',
  '2020-01-01T00:00:00Z',
  '2020-13-01T00:00:00Z',
  '2021-02-29T00:00:00Z',
  '$VAR',
  '$2a$11$abc',
  '$2b$11$abc',
  '"a\\qb"',
  "'C:\\certs'",
  'C:\\certs',
  '"\\x41"',
  '(\nraw\n)',
  '(\r\nraw\r\n)',
  '(\nraw\n  )',
  '[1, 2]',
  '[1, 2 ]',
  '[,1]',
  '{a: 1}',
  '{a: }',
  '{}',
  '[]',
  'tls { cert_file: "a" }',
  'tls:\n  verify: true',
  'key',
  'a b',
  "ab'c",
  './x.pem',
  '9223372036854775808',
  '-9223372036854775808',
  '٣',
  '１２',
  '\u00a0',
  '\u2028',
  '\u0085',
  '\u3000',
  '\ufeff',
  '\u200b',
  'include "x.conf"',
  'port: 4222',
  '"q": 1',
  '\0',
  '$FUZZ_NUM',
  '$FUZZ_STR',
  '$FUZZ_SPACE',
  '$FUZZ_QUOTED',
  '$FUZZ_MAP',
  '$FUZZ_BAD',
  '$FUZZ_DOT',
  '$FUZZ_REF',
  '$FUZZ_EMPTY',
  '$FUZZ_BADMAP',
  '$FUZZ_UNIT',
  '${FUZZ_NUM}',
  '$FUZZ_NUM/x',
];
const SEPARATORS = [':', ': ', ' = ', '=', ' ', '\t', '', '::', ' : ', ':\n', '= :'];
const SUFFIXES = [
  'k',
  'K',
  'm',
  'M',
  'MB',
  'mib',
  'Gi',
  'GIB',
  't',
  'p',
  'e',
  'E',
  'kbi',
  'kbb',
  'ki1',
  'e5',
  '.5',
  '.5k',
  's',
  'ms',
  'h',
  'b',
  'i',
  'x',
  '-',
  '-1',
  ':1',
  '.',
  '..',
  '_000',
  '0000000000000000000',
  '٣',
  '#c',
  ' #c',
  '//c',
  ' //c',
];
const ESCAPES = [
  '\\t',
  '\\n',
  '\\r',
  '\\"',
  '\\\\',
  '\\x41',
  '\\x4',
  '\\xg1',
  '\\x',
  '\\q',
  '\\u0041',
  '\\0',
  '\\',
  '\\\n',
  '\\ ',
  "\\'",
  '\\/',
];
const COMMENTS = ['#', '# c', ' # c', '//', '// c', ' // c', '/', ' / ', '#c\n', '// c\n', '/* c */'];
const UNICODE = [
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u202f',
  '\u205f',
  '\u3000',
  '\u200b',
  '\ufeff',
  '\u000b',
  '\u000c',
  '٣',
  '०',
  '８',
  '𝟙',
  'é',
  '€',
];
const INCLUDES = [
  'include inc.conf',
  'include "inc.conf"',
  "include 'inc.conf'",
  'INCLUDE inc.conf',
  'include nested.conf',
  'include bad.conf',
  'include missing.conf',
  'include "missing.conf"',
  'include: inc.conf',
  'include = "inc.conf"',
  'include /inc.conf',
  'include ./inc.conf',
  'include inc.conf;',
  'include inc.conf }',
  'include [inc.conf]',
  'include {inc.conf}',
  'include 1',
  'include \\x',
  'include\n inc.conf',
  'include',
  'include ',
  'include "inc.conf',
  'include (\n)',
];
const KEYS = [
  'a',
  'tls',
  'port',
  'x_y',
  '"k"',
  "'k k'",
  'include',
  'INC_VAR',
  'FUZZ_NUM',
  'cert_file',
  'K$',
  'k.k',
  'k-k',
  'k{',
  'k[',
  '/k',
  '$k',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** A rough tokenizer: good enough to edit at token boundaries; it does not need to agree with nats-server. */
interface Tok {
  kind: 'space' | 'nl' | 'comment' | 'dq' | 'sq' | 'punct' | 'number' | 'word';
  start: number;
  end: number;
}

const TOKEN_RE =
  /([ \t]+)|(\r?\n)|(#[^\n]*|\/\/[^\n]*)|("(?:[^"\\\n]|\\.)*"?)|('[^'\n]*'?)|([{}[\]()=:;,])|(-?[0-9][0-9.:-]*[A-Za-z]*)|([^\s{}[\]()=:;,"'#]+)/gy;
const KINDS: Tok['kind'][] = ['space', 'nl', 'comment', 'dq', 'sq', 'punct', 'number', 'word'];

export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  TOKEN_RE.lastIndex = 0;
  let i = 0;
  while (i < text.length) {
    TOKEN_RE.lastIndex = i;
    const m = TOKEN_RE.exec(text);
    if (!m || m[0].length === 0) {
      out.push({ kind: 'word', start: i, end: i + 1 });
      i++;
      continue;
    }
    let k = 1;
    while (m[k] === undefined) k++;
    out.push({ kind: KINDS[k - 1]!, start: i, end: i + m[0].length });
    i += m[0].length;
  }
  return out;
}

type Mutation = (t: string, r: () => number) => string;

function splice(t: string, start: number, end: number, insert: string): string {
  return t.slice(0, start) + insert + t.slice(end);
}

function tokenOf(t: string, r: () => number, kinds?: readonly Tok['kind'][]): Tok | undefined {
  const toks = tokenize(t);
  const candidates = kinds ? toks.filter((x) => kinds.includes(x.kind)) : toks;
  return candidates.length ? pick(r, candidates) : undefined;
}

/** An offset at a token boundary (where grammar-level edits make sense). */
function boundary(t: string, r: () => number): number {
  const tok = tokenOf(t, r);
  if (!tok) return 0;
  return r() < 0.5 ? tok.start : tok.end;
}

function lineStarts(t: string): number[] {
  const out = [0];
  for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** Keys defined in the text (`name:` / `name =` / `name {` at a line start), for variable mutations. */
function keysIn(t: string): string[] {
  const out: string[] = [];
  for (const m of t.matchAll(/^[ \t]*([A-Za-z_][\w-]*)[ \t]*[:={ \t]/gm)) out.push(m[1]!);
  return out;
}

const MUTATIONS: [weight: number, name: string, fn: Mutation][] = [
  // --- byte level (the original mutator)
  [
    6,
    'punct',
    (t, r) => {
      const at = Math.floor(r() * (t.length + 1));
      return splice(t, at, at, pick(r, PUNCT));
    },
  ],
  [
    5,
    'delete',
    (t, r) => {
      const at = Math.floor(r() * (t.length + 1));
      return splice(t, at, at + 1 + Math.floor(r() * 3), '');
    },
  ],
  [
    5,
    'token',
    (t, r) => {
      const at = Math.floor(r() * (t.length + 1));
      return splice(t, at, at + Math.floor(r() * 4), pick(r, TOKENS));
    },
  ],
  [
    3,
    'line',
    (t, r) => {
      const lines = t.split('\n');
      const i = Math.floor(r() * lines.length);
      const j = Math.floor(r() * lines.length);
      lines[i] = r() < 0.5 ? lines[j]! : `${pick(r, KEYS)}${pick(r, SEPARATORS)}${pick(r, TOKENS)}`;
      return lines.join('\n');
    },
  ],
  [
    2,
    'ascii',
    (t, r) => {
      const at = Math.floor(r() * (t.length + 1));
      return splice(t, at, at, String.fromCharCode(Math.floor(r() * 128)));
    },
  ],
  // --- grammar aware
  [
    5,
    'separator',
    (t, r) => {
      const tok = tokenOf(t, r, ['punct', 'space']);
      if (!tok) return t;
      const s = t.slice(tok.start, tok.end);
      if (s !== ':' && s !== '=' && tok.kind !== 'space')
        return splice(t, tok.start, tok.end, pick(r, ['{', '}', '[', ']', ',', ';', ':', '=', '', '{}', '}}', '{{', ']]', '[[']));
      return splice(t, tok.start, tok.end, pick(r, SEPARATORS));
    },
  ],
  [
    4,
    'brackets',
    (t, r) => {
      const toks = tokenize(t).filter((x) => x.kind === 'punct' && '{}[]'.includes(t[x.start]!));
      if (!toks.length) return t;
      const tok = pick(r, toks);
      const c = t[tok.start]!;
      const swap: Record<string, string> = { '{': '[', '[': '{', '}': ']', ']': '}' };
      return splice(t, tok.start, tok.end, pick(r, ['', c + c, swap[c]!, c + '\n', ',' + c, c + ',', c + ';', c + '}', c + ']']));
    },
  ],
  [
    4,
    'escape',
    (t, r) => {
      const tok = tokenOf(t, r, ['dq', 'word']);
      if (!tok) return t;
      const at = tok.start + 1 + Math.floor(r() * Math.max(1, tok.end - tok.start - 1));
      return splice(t, at, at, pick(r, ESCAPES));
    },
  ],
  [
    4,
    'suffix',
    (t, r) => {
      const tok = tokenOf(t, r, ['number']);
      if (!tok) return t;
      const digits = /^-?[0-9]+/.exec(t.slice(tok.start, tok.end))?.[0] ?? '1';
      const body = r() < 0.2 ? pick(r, ['0', '00', '9223372036854775807', '9223372036854775808', '-0', '١', '1٣']) : digits;
      return splice(t, tok.start, tok.end, body + pick(r, SUFFIXES));
    },
  ],
  [
    4,
    'quotes',
    (t, r) => {
      const tok = tokenOf(t, r, ['dq', 'sq', 'word', 'number']);
      if (!tok) return t;
      const s = t.slice(tok.start, tok.end);
      const inner = tok.kind === 'dq' || tok.kind === 'sq' ? s.slice(1, s.endsWith(s[0]!) && s.length > 1 ? -1 : undefined) : s;
      return splice(
        t,
        tok.start,
        tok.end,
        pick(r, [
          `"${inner}"`,
          `'${inner}'`,
          inner,
          `"${inner}`,
          `'${inner}`,
          `${inner}"`,
          `${inner}'`,
          `"${inner}'`,
          `(\n${inner}\n)`,
          `"${inner}"x`,
          `'${inner}' `,
        ]),
      );
    },
  ],
  [
    3,
    'comment',
    (t, r) => {
      const at = boundary(t, r);
      return splice(t, at, at, pick(r, COMMENTS));
    },
  ],
  [
    4,
    'variable',
    (t, r) => {
      const keys = keysIn(t);
      const name =
        keys.length && r() < 0.6
          ? pick(r, keys)
          : pick(r, [
              'UNDEFINED',
              'INC_VAR',
              'FUZZ_NUM',
              'FUZZ_SPACE',
              'FUZZ_MAP',
              'FUZZ_REF',
              'FUZZ_BAD',
              'FUZZ_QUOTED',
              '2a$10$x',
              'x.y',
              '{X}',
            ]);
      if (r() < 0.3) {
        // Define a variable on a new line (maybe after its use, or in a sibling block).
        const starts = lineStarts(t);
        const at = pick(r, starts);
        return splice(t, at, at, `${name}${pick(r, SEPARATORS)}${pick(r, ['1', '"v"', '{a: 1}', '[1]', '$' + name, 'true'])}\n`);
      }
      const tok = tokenOf(t, r, ['dq', 'sq', 'word', 'number']);
      if (!tok) return t;
      return splice(t, tok.start, tok.end, pick(r, [`$${name}`, `$${name}`, `"$${name}"`, `$${name}x`, `[$${name}]`, `{k: $${name}}`]));
    },
  ],
  [
    2,
    'nul',
    (t, r) => {
      const at = r() < 0.5 ? boundary(t, r) : Math.floor(r() * (t.length + 1));
      return splice(t, at, at, '\0');
    },
  ],
  [
    3,
    'unicode',
    (t, r) => {
      if (r() < 0.4) {
        const tok = tokenOf(t, r, ['number']);
        if (tok) {
          const at = tok.start + Math.floor(r() * (tok.end - tok.start + 1));
          return splice(t, at, at, pick(r, ['٣', '०', '８', '𝟙', '\u00a0', '\u2028']));
        }
      }
      const at = boundary(t, r);
      return splice(t, at, at, pick(r, UNICODE));
    },
  ],
  [
    2,
    'crlf',
    (t, r) => {
      const op = r();
      if (op < 0.4) return t.replace(/\r?\n/g, '\r\n');
      if (op < 0.7) return t.replace(/\n/g, '\r');
      const at = pick(r, lineStarts(t));
      return splice(t, Math.max(0, at - 1), at, '\r\n');
    },
  ],
  [
    3,
    'block-string',
    (t, r) => {
      const tok = tokenOf(t, r, ['dq', 'sq', 'word', 'number']);
      if (!tok) return t;
      const s = t.slice(tok.start, tok.end);
      return splice(
        t,
        tok.start,
        tok.end,
        pick(r, [
          `(\n${s}\n)`,
          `(\n${s}\n )`,
          `(${s})`,
          `(\n${s}\n)x`,
          `(\r\n${s}\r\n)`,
          `(\n${s}\n)\r\n`,
          `(\n)`,
          `(\n${s}\n) # c`,
          `(\n${s}\n)\0`,
          `(\n${s}`,
        ]),
      );
    },
  ],
  [
    3,
    'yaml',
    (t, r) => {
      // Turn a `key {` block into an indented YAML-style block: `key:` and drop one closing brace.
      const opens = [...t.matchAll(/[ \t]*[:=]?[ \t]*\{[ \t]*(?=\r?\n)/g)];
      if (!opens.length) return t;
      const m = pick(r, opens);
      let out = splice(t, m.index!, m.index! + m[0].length, pick(r, [':', ':', ': ', '', ' =']));
      const closes = [...out.slice(m.index!).matchAll(/^[ \t]*\}[ \t]*$/gm)];
      if (closes.length && r() < 0.8) {
        const c = closes[0]!;
        const at = m.index! + c.index!;
        out = splice(out, at, at + c[0].length, '');
      }
      return out;
    },
  ],
  [
    2,
    'top-braces',
    (t, r) => {
      const op = r();
      if (op < 0.4) return `{\n${t}\n}`;
      if (op < 0.55) return `{${t}`;
      if (op < 0.7) return `${t}}`;
      if (op < 0.85) return `{ ${t} } x: 1`;
      return `{${t}}\n{}`;
    },
  ],
  [
    3,
    'no-value',
    (t, r) => {
      // Drop a value: `key: value` → `key:` / `key` (bare key, key-without-value, EOF cases).
      const m = [...t.matchAll(/([A-Za-z_][\w-]*)([ \t]*[:=][ \t]*|[ \t]+)([^\s{}[\]]+|"[^"\n]*")/g)];
      if (!m.length) return t;
      const x = pick(r, m);
      return splice(t, x.index!, x.index! + x[0].length, x[1]! + pick(r, ['', ':', ': ', ' ', ':\n']));
    },
  ],
  [
    3,
    'include',
    (t, r) => {
      const starts = lineStarts(t);
      const at = r() < 0.7 ? pick(r, starts) : boundary(t, r);
      return splice(t, at, at, pick(r, INCLUDES) + pick(r, ['\n', '\n', ' ', ';', '']));
    },
  ],
  [
    3,
    'truncate',
    (t, r) => {
      // End of input inside a construct: keys, quotes, escapes, blocks, maps.
      const at = r() < 0.6 ? boundary(t, r) : Math.floor(r() * (t.length + 1));
      return (
        t.slice(0, at) +
        pick(r, ['', '', '"', "'", '\\', '(', '{', '[', ':', ' ', '$', '-', '1', '1.', 'include', 'k', 'k ', '"k', '// c', '#', '/'])
      );
    },
  ],
  [
    2,
    'values',
    (t, r) => {
      const tok = tokenOf(t, r, ['dq', 'sq', 'word', 'number']);
      if (!tok) return t;
      return splice(
        t,
        tok.start,
        tok.end,
        pick(r, [
          '2020-01-01T00:00:00Z',
          '2020-02-30T00:00:00Z',
          '2000-02-29T00:00:00Z',
          '2020-01-01',
          '2020-01-01T00:00:00',
          '1-2',
          '12-',
          '1.2.3',
          '1.2.3.4:5-6',
          '127.0.0.1.pem',
          '2.10.0-beta',
          '1.',
          '1.x',
          '0.0',
          '1e5',
          '+1',
          '-',
          '-x',
          '-.5',
          '--1',
          'TRUE',
          'Off',
          'yes1',
          "true'",
          '[::1]:4222',
          ':4222',
          '*.x.>',
          'a.b.>',
          '/abs/path.pem',
          'C:/x.pem',
          'nats://h:4222',
        ]),
      );
    },
  ],
  [
    2,
    'duplicate',
    (t, r) => {
      const a = Math.floor(r() * (t.length + 1));
      const len = Math.floor(r() * 40);
      const at = Math.floor(r() * (t.length + 1));
      return splice(t, at, at, t.slice(a, a + len));
    },
  ],
];
const TOTAL = MUTATIONS.reduce((s, [w]) => s + w, 0);

/** Names of the mutation operators, for reports. */
export const MUTATION_NAMES = MUTATIONS.map(([, n]) => n);

/** One mutant of `text`: 1–3 edits chosen by the seed. `applied` (if given) receives the operator names. */
export function mutate(text: string, seed: number, applied?: string[]): string {
  const r = rng(seed);
  let t = text;
  const edits = 1 + Math.floor(r() * 3);
  for (let k = 0; k < edits; k++) {
    let x = r() * TOTAL;
    let chosen = MUTATIONS[MUTATIONS.length - 1]!;
    for (const m of MUTATIONS) {
      x -= m[0];
      if (x < 0) {
        chosen = m;
        break;
      }
    }
    t = chosen[2](t, r);
    applied?.push(chosen[1]);
  }
  return t;
}
