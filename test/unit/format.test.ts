// The formatter, case by case: input → output, with the options of each case. Every case also checks the
// two properties the fuzz tests check at scale: the output means what the input means, and formatting the
// output changes nothing. Format Selection cases mark the selection with ⟦…⟧.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Source } from '../../server/src/core/conf/ast';
import { parseConf } from '../../server/src/core/conf/parser';
import { formatConf, type FormatOptions } from '../../server/src/core/format/format';
import { meaningOf } from '../../server/src/core/format/meaning';
import { dedent, fixture } from '../helpers/fixture';

interface Case {
  name: string;
  input: string;
  output: string;
  options?: Partial<FormatOptions>;
  /** The output keeps part or all of the input as written, for this reason. */
  kept?: string;
}

const meaning = (text: string): string => JSON.stringify(meaningOf(parseConf(new Source('', text))));

const CASES: Case[] = [
  {
    name: 'separators keep their kind by default; spacing around them is normalised',
    input: 'a:1\nb  =  2\nc   3\nd:   "x"\n',
    output: 'a: 1\nb = 2\nc 3\nd: "x"\n',
  },
  {
    name: 'natsTls.format.separator colon: every key, but `tls { … }` keeps its bare form',
    input: 'a = 1\nb 2\ntls {\n  x = 1\n}\nc = { y 2 }\n',
    output: 'a: 1\nb: 2\ntls {\n  x: 1\n}\nc: { y: 2 }\n',
    options: { separator: 'colon' },
  },
  {
    name: 'separator equals',
    input: 'a: 1\nb 2\nm: { c: [1, 2 ] }\n',
    output: 'a = 1\nb = 2\nm = { c = [1, 2 ] }\n',
    options: { separator: 'equals' },
  },
  {
    name: 'separator space, except where a value starts with ":" or "=" (it would be read as the separator)',
    input: 'a: 1\nb = :x\nc: =y\nm: { d: 1 }\n',
    output: 'a 1\nb = :x\nc: =y\nm { d 1 }\n',
    options: { separator: 'space' },
  },
  {
    name: 'a key named include keeps a separator next to it (`include x` is the include directive)',
    input: 'include: "x.conf"\nINCLUDE= 2\n',
    output: 'include: "x.conf"\nINCLUDE= 2\n',
    options: { separator: 'space' },
  },
  {
    name: 'include directives: one space after the keyword, the path as written',
    input: 'include    "a.conf"\ntls {\n include\t\'b.conf\'\n}\ninclude c.conf\n',
    output: 'include "a.conf"\ntls {\n  include \'b.conf\'\n}\ninclude c.conf\n',
  },
  {
    name: 'indentation from the options: nested maps and arrays',
    input: 'a {\nb {\nc: 1\n}\nd: [\n1\n2\n]\n}\n',
    output: 'a {\n\tb {\n\t\tc: 1\n\t}\n\td: [\n\t\t1\n\t\t2\n\t]\n}\n',
    options: { indent: '\t' },
  },
  {
    name: 'comments: trailing ones stay on their line, own-line ones take the indentation of the block',
    input: dedent(`
      # top
        a: 1   # after a
      m {   # opens m
              # inside
         b: 2
      # before the close
      } // after m
      arr: [ # opens arr
        1, # one
           # between
        2
      ]
      # at the end
    `),
    output:
      dedent(`
      # top
      a: 1 # after a
      m { # opens m
        # inside
        b: 2
        # before the close
      } // after m
      arr: [ # opens arr
        1, # one
        # between
        2
      ]
      # at the end
    `) + '\n',
  },
  {
    name: 'blank lines: at most one in a row, none at the start or end of a block or the file',
    input: '\n\n\na: 1\n\n\n\nb {\n\n  c: 1\n\n\n  d: 2\n\n}\n\n\n',
    output: 'a: 1\n\nb {\n  c: 1\n\n  d: 2\n}\n',
  },
  {
    name: 'values are kept byte for byte: quoting, escapes, suffixes, variables, dates',
    input: "a:'x y'\nb:\"t\\tab\\x41\"\nc: 1GB\nd: $VAR\ne: 2024-01-01T00:00:00Z\nf: -1.5\ng: abc'\nh: $X'\n",
    output: "a: 'x y'\nb: \"t\\tab\\x41\"\nc: 1GB\nd: $VAR\ne: 2024-01-01T00:00:00Z\nf: -1.5\ng: abc'\nh: $X'\n",
  },
  {
    name: 'a ( … ) block string is kept as written, including its indentation and its ")" at column 0',
    input: 'a {\n      b: (\n  indented line\n    another\n)\n      c: 1\n}\n',
    output: 'a {\n  b: (\n  indented line\n    another\n)\n  c: 1\n}\n',
  },
  {
    name: 'one-line maps and arrays stay on one line, with normalised spacing',
    input: 'm: {a:1,b:2}\nn: {  }\nl: [ "a" ,"b" ]\nk: [1, 2 ]\nj: [ x, 1k ]\n',
    output: 'm: { a: 1, b: 2 }\nn: {}\nl: ["a", "b"]\nk: [1, 2 ]\nj: [x, 1k ]\n',
  },
  {
    name: 'an integer before "]" keeps its space ([1, 2] never closes for nats-server)',
    input: 'a: [1 ]\nb: [1, 2, ]\nc: [1.5]\n',
    output: 'a: [1 ]\nb: [1, 2,]\nc: [1.5]\n',
  },
  {
    name: 'a number-like text directly before "]" stays there (`[10m]` holds the text "10m", `[10m ]` the integer)',
    input: 'a:[1,  10m]\nb: [ x ]\n',
    output: 'a: [1,  10m]\nb: [x]\n',
  },
  {
    name: 'a quote opened at the very end of the file (nats-server reads end of input): no line break after it',
    input: "a:1\nl: [ x, '",
    output: "a: 1\nl: [ x, '",
  },
  {
    name: 'a ( … ) block closed by the last character of the file keeps its ")" (nats-server counts it in the value)',
    input: 'a:1\nb: (\nx\n)',
    output: 'a: 1\nb: (\nx\n)',
  },
  {
    name: 'old Mac line breaks ("\\r") stay "\\r"',
    input: 'a:1\rm {\rb: 2\r}\r',
    output: 'a: 1\rm {\r  b: 2\r}\r',
  },
  {
    name: 'a lone surrogate (not well-formed UTF-16) is kept as it is',
    input: 'a:1\n# \ud800 x\nb:  "\udc00"\n',
    output: 'a: 1\n# \ud800 x\nb: "\udc00"\n',
  },
  {
    name: 'Latin-1 text (é, ß, ÿ) in runs shorter and longer than 16 characters between edits is kept as written',
    input: 'a:"é"\n# Grüße aus Köln, straße ÿ: a comment longer than sixteen characters\nm {\nb:  "ßé"\n}\n',
    output: 'a: "é"\n# Grüße aus Köln, straße ÿ: a comment longer than sixteen characters\nm {\n  b: "ßé"\n}\n',
  },
  {
    name: 'text beyond Latin-1 (日本, emoji) is kept as written',
    input: 'a:"日本"\n# 東京 ✓ 🚀 a comment longer than sixteen characters\nm {\nb:  "🚀"\n}\n',
    output: 'a: "日本"\n# 東京 ✓ 🚀 a comment longer than sixteen characters\nm {\n  b: "🚀"\n}\n',
  },
  {
    name: 'a byte order mark stays (nats-server reads it as part of the first key)',
    input: '\ufeffport:1\n',
    output: '\ufeffport: 1\n',
  },
  {
    name: 'multi-line blocks: one item per line, except items written on one line, which stay together',
    input: 'tls { cert_file: a\n  key_file: b }\nl: [ "x",\n  "y", "z" ]\nusers: [{\n  user: a\n}, {\n  user: b\n}]\n',
    output:
      'tls {\n  cert_file: a\n  key_file: b\n}\nl: [\n  "x",\n  "y", "z"\n]\nusers: [\n  {\n    user: a\n  }, {\n    user: b\n  }\n]\n',
  },
  {
    name: 'terminators stay where they were written',
    input: 'a: 1; b: 2\nc: 3,\nm {\n  d: 4,\n  e: 5;\n}\n',
    output: 'a: 1; b: 2\nc: 3,\nm {\n  d: 4,\n  e: 5;\n}\n',
  },
  {
    name: 'JSON style: the whole file in braces',
    input: '{\n"port": 4222,\n    "tls": {\n"cert_file": "a.pem"\n},\n"routes": ["a", "b"]\n}',
    output: '{\n  "port": 4222,\n  "tls": {\n    "cert_file": "a.pem"\n  },\n  "routes": ["a", "b"]\n}\n',
  },
  {
    name: 'an empty multi-line block closes up; one with only comments keeps them',
    input: 'a {\n}\nb [\n  # nothing yet\n]\n',
    output: 'a {}\nb [\n  # nothing yet\n]\n',
  },
  {
    name: 'CRLF files stay CRLF',
    input: 'a {\r\nb: 1\r\n}\r\n',
    output: 'a {\r\n  b: 1\r\n}\r\n',
  },
  {
    name: 'a key without a value (nats-server files the map under it): that map is kept as written',
    input: 'x {\n      a:\n}\ny {\nb: 1\n}\n',
    output: 'x {\n      a:\n}\ny {\n  b: 1\n}\n',
  },
  {
    name: 'a syntax error: top-level entries before it are formatted, the rest is kept as written',
    input: 'a:1\nb   {\nc: 2\n}\nd: [1, 2]\ne:    3\n',
    output: 'a: 1\nb {\n  c: 2\n}\nd: [1, 2]\ne:    3\n',
    kept: 'a syntax error follows',
  },
  {
    name: 'an unclosed quote far from where the error is reported: formatting stops before the quote',
    input: 'a:1\nb: "oops\nc:    3\n',
    output: 'a: 1\nb: "oops\nc:    3\n',
    kept: 'a syntax error follows',
  },
  {
    name: 'a NUL byte: nothing changes',
    input: 'a:1\nb: 2\0\n',
    output: 'a:1\nb: 2\0\n',
    kept: 'the file holds a NUL byte',
  },
  {
    name: 'a lone "/" between tokens (nats-server skips it): that block is kept as written',
    input: 'm {\n  a: 1 /\n    b: 2\n}\nn {\n c: 3\n}\n',
    output: 'm {\n  a: 1 /\n    b: 2\n}\nn {\n  c: 3\n}\n',
  },
  {
    name: 'only comments',
    input: '\n  # one\n\n\n# two',
    output: '# one\n\n# two\n',
  },
  { name: 'an empty file', input: '', output: '' },
];

describe('formatConf', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const r = formatConf(c.input, c.options);
      assert.equal(r.text, c.output);
      assert.equal(r.kept, c.kept);
      assert.equal(meaning(r.text), meaning(c.input), 'the output means what the input means');
      assert.equal(formatConf(r.text, c.options).text, r.text, 'formatting the output changes nothing');
    });
  }
});

describe('Format Selection', () => {
  const cases: { name: string; marked: string; output: string }[] = [
    {
      name: 'only the gaps that touch the selection change',
      marked: 'a:1\n⟦b {\nc:2\n}⟧\nd:3\n',
      output: 'a:1\nb {\n  c: 2\n}\nd:3\n',
    },
    {
      name: 'a selection inside one line',
      marked: 'a:1\nb:⟦⟧2\nc:3\n',
      output: 'a:1\nb: 2\nc:3\n',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const fx = fixture(c.marked);
      const r = formatConf(fx.text, {}, fx.spans[0]);
      assert.equal(r.text, c.output);
      assert.equal(meaning(r.text), meaning(fx.text));
    });
  }
});
