// The shortcuts the option checks take on large configs must never hide a finding or change one: a value the
// walk settles (schema/values.ts settledValue) is one checkValue has nothing to say about, for every option and
// target; parseGoDuration answers as Go does; a block's visit found by its map (checks/block-visit.ts) is the
// walk's own; line starts kept in a typed array give the positions a plain scan gives.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { visitOfMap } from '../../server/src/core/checks/block-visit';
import type { Entry } from '../../server/src/core/conf/ast';
import { deref } from '../../server/src/core/conf/resolve';
import type { ConfigDoc } from '../../server/src/core/document';
import { BLOCKS, type OptionSpec } from '../../server/src/core/schema';
import { checkValue, parseGoDuration, settledValue } from '../../server/src/core/schema/values';
import { schemaWalk } from '../../server/src/core/schema/walk';
import { LineIndex } from '../../server/src/core/text/line-index';
import { parseVersion } from '../../server/src/core/tls/versions';
import { openConf } from '../helpers/conf';

const open = (text: string): ConfigDoc => openConf('/nonexistent-nats-tls-test/settled.conf', text);

/** Values of every shape, good and bad for the kinds the walk settles (subjects, lists of blocks, enums, durations). */
const SAMPLES = `
s1: "orders.>"
s2: "a.*.c"
s3: "a..b"
s4: "a.>.b"
s5: "with space"
s6: "q.x grp"
s7: ""
s8: stream
s9: STREAM
s10: Service
s11: "30s"
s12: "1h30m"
s13: "1.5x"
s14: "-2m"
s15: ".s"
s16: "0"
s17: full
s18: "2.10.0"
s19: "UABC"
a1: [ "a.>", "b.*" ]
a2: [ "a.>", "bad subject" ]
a3: [ "a.>", 1 ]
a4: [ { x: 1 }, { y: 2 } ]
a5: [ { x: 1 }, "str" ]
a6: []
a7: [ "nats://h:4222", "nats://h:4222" ]
a8: [ true ]
m1: { allow: [ "a.>" ] }
m2: {}
i1: 5
i2: -1
i3: 1000000000
i4: 1kb
f1: 2.5
b1: true
b2: false
d1: 2026-01-01T00:00:00Z
`;

function optionsOf(): OptionSpec[] {
  const out: OptionSpec[] = [];
  for (const b of BLOCKS)
    for (const o of b.options) {
      out.push(o);
      if (o.entry) out.push(o.entry);
    }
  return out;
}

test('a value the walk settles is one checkValue has nothing to say about, for every option and target', () => {
  const doc = open(SAMPLES);
  const entries = doc.root.entries.filter((e): e is Entry => e.kind === 'entry');
  assert.equal(entries.length, 37);
  const versions = ['2.9.10', '2.9.25', '2.10.0', '2.10.29', '2.11.0', '2.12.0', '2.14.0', 'latest'].map((v) => parseVersion(v)!);
  let settled = 0;
  for (const option of optionsOf())
    for (const e of entries) {
      if (!settledValue(option, deref(e.value))) continue;
      settled++;
      for (const version of versions)
        for (const block of BLOCKS) {
          const problems = checkValue(option, e, { version, key: e.key, block: block.id });
          assert.deepEqual(problems, [], `${option.name} (${option.kind}) = ${e.key}, ${block.id}`);
        }
    }
  // The samples do reach the shortcuts (subjects, lists of blocks, enums, durations, unions of blocks).
  assert.ok(settled > 1000, String(settled));
});

test("parseGoDuration answers as Go's time.ParseDuration", () => {
  const cases: [string, { seconds: number } | { error: string }][] = [
    ['0', { seconds: 0 }],
    ['-0', { seconds: 0 }],
    ['30s', { seconds: 30 }],
    ['1h30m', { seconds: 5400 }],
    ['1.5h', { seconds: 5400 }],
    ['.5s', { seconds: 0.5 }],
    ['5.s', { seconds: 5 }],
    ['-2m', { seconds: -120 }],
    ['+2m', { seconds: 120 }],
    ['10ms', { seconds: 0.01 }],
    ['', { error: 'time: invalid duration ""' }],
    ['-', { error: 'time: invalid duration "-"' }],
    ['.s', { error: 'time: invalid duration ".s"' }],
    ['s', { error: 'time: invalid duration "s"' }],
    ['1', { error: 'time: missing unit in duration "1"' }],
    ['1s2', { error: 'time: missing unit in duration "1s2"' }],
    ['1x', { error: 'time: unknown unit "x" in duration "1x"' }],
    ['1 s', { error: 'time: unknown unit " s" in duration "1 s"' }],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseGoDuration(text), want, text);
});

test("a block's visit found by its map is the walk's own, also for a map a $VAR reaches", () => {
  const doc = open(`
SRC: { account: A, subject: "a.>" }
leafnodes { remotes: [ { url: "nats://h:7422", proxy: { url: "http://p:8080" } } ] }
accounts {
  A: { exports: [ { stream: "a.>" } ] }
  B: { imports: [ { stream: { account: A, subject: "a.>" } }, { stream: $SRC } ] }
}
`);
  const walk = schemaWalk(doc);
  assert.ok(walk);
  let found = 0;
  for (const v of walk.visits)
    for (const id of ['import.source', 'leafnodes.remote.proxy', 'accounts', 'user']) {
      assert.equal(visitOfMap(walk, id, v.map), walk.byMap.get(v.map));
      if (v.block.id === id) found++;
    }
  assert.ok(found >= 3);
});

test('line starts in a typed array: positions and offsets as a plain scan gives them, past its first size too', () => {
  const texts = ['', 'one line', 'a\nb\n', '\n\n\n', 'x\r\ny\rz\n', Array.from({ length: 300 }, (_, i) => 'x'.repeat(i % 7)).join('\n')];
  for (const text of texts) {
    const lines = new LineIndex(text);
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
    assert.equal(lines.lineCount, starts.length);
    for (let offset = -1; offset <= text.length + 1; offset++) {
      const clamped = Math.max(0, Math.min(offset, text.length));
      let line = 0;
      while (line + 1 < starts.length && starts[line + 1]! <= clamped) line++;
      assert.deepEqual(lines.position(offset), { line, character: clamped - starts[line]! });
    }
    for (let line = 0; line < starts.length; line++) {
      assert.equal(lines.lineStart(line), starts[line]);
      assert.equal(lines.offset({ line, character: 0 }), starts[line]);
    }
    assert.equal(lines.offset({ line: starts.length, character: 0 }), text.length);
  }
});
