// What the schema walk shares or skips to allocate and read less on a large config (issue 10), and the facts
// each saving rests on:
// - the walk looks for blocks ending in a key without a value only when the parser reported something, which
//   holds because the parser reports every such braces block;
// - visits of blocks with the same keys in the same order share one options array, and the walk skips the
//   duplicate search for them: a block with a repeated key or a key without a value must not be read as one;
// - a large text's keys are looked up in a table (one string per distinct key): every key still reads as
//   written, past slots shared and overwritten;
// - a walk from scratch lists each block's visits as it makes them: the lists hold every visit, in walk order.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Source, type Entry, type MapNode, type ValueNode } from '../../server/src/core/conf/ast';
import { parseConf } from '../../server/src/core/conf/parser';
import { schemaWalk, visitsOf } from '../../server/src/core/schema/walk';
import { DIALECTS, openConf } from '../helpers/conf';
import { TABLES } from './conf-grammar.cases';

/** Every map and array of a tree, depth first. */
function containers(root: MapNode): (MapNode | { kind: 'array'; items: ValueNode[] })[] {
  const out: (MapNode | { kind: 'array'; items: ValueNode[] })[] = [];
  const stack: ValueNode[] = [root];
  // A value nats-server files under another key is reached twice (misfiled): once is enough.
  const seen = new Set<ValueNode>();
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.kind === 'map') {
      out.push(n);
      for (const e of n.entries) if (e.kind === 'entry' && e.value) stack.push(e.value);
      for (const m of n.misfiled ?? []) stack.push(m.value);
    } else if (n.kind === 'array') {
      out.push(n);
      for (const item of n.items) stack.push(item);
    }
  }
  return out;
}

/** Texts the parser recovers from in every way it knows: unclosed, too deep, YAML-style, stray brackets. */
const RECOVERED = [
  'a {',
  'a { b: [ 1, 2',
  'a: [',
  'a { b {} c [] }',
  'a: []\nb: {}\nc { d: {}, e: [] }',
  'tls:\n  cert_file: "x"\n  list:\n    - 1\n    - {}\n',
  'a { b: 1 ] }',
  'a: ' + '['.repeat(3000) + ']'.repeat(3000),
  'a { b: }',
  'a { b }',
  'x { a: { } b: [ ] } y: [ { }, [ ] ]',
];

const ALL_TEXTS = [...TABLES.flatMap((t) => t.cases.map((c) => c.text.replace(/[⟦⟧]/g, ''))), ...RECOVERED];

describe('walk: blocks ending in a key without a value', () => {
  /** Braces maps whose last entry has no value. */
  function valuelessTail(root: MapNode): boolean {
    return containers(root).some((c) => {
      if (c.kind !== 'map' || c.style !== 'braces') return false;
      const last = c.entries[c.entries.length - 1];
      return last?.kind === 'entry' && last.value === undefined;
    });
  }

  test('the parser reports every braces block that ends in a key without a value (the walk looks only then)', () => {
    const texts = [
      ...ALL_TEXTS,
      'tls { verify: true\n  timeout:\n}',
      'tls { verify: true; timeout; }',
      'tls { verify: true, timeout }',
      'tls {\n  verify: true\n  "timeout"\n}',
      "tls { 'timeout' = }",
      'tls { timeout: # no value\n}',
      'a { b { c { d } } }',
      'accounts { A { users [ { user a, password } ] } }',
      'leafnodes { remotes [ { url: "nats://x", tls { ... } } ] }',
    ];
    let tails = 0;
    for (const dialect of DIALECTS) {
      for (const text of texts) {
        const parsed = parseConf(new Source('/t/nats.conf', text), dialect);
        if (!valuelessTail(parsed.root)) continue;
        tails++;
        assert.ok(parsed.issues.length > 0, `${JSON.stringify(text)} [${dialect}] ends a block in a key without a value, unreported`);
      }
    }
    assert.ok(tails >= 18, `only ${tails} texts had such a block`);
  });

  test('the walk of a text the parser found nothing in has no valueless tails; one with them finds each', () => {
    assert.deepEqual(schemaWalk(openConf('/t/clean.conf', 'tls { verify: true }\ncluster { port: 6222 }\n'))!.valuelessTails, []);
    const walk = schemaWalk(openConf('/t/tails.conf', 'tls { verify: true\n  timeout:\n}\ncluster { name: c, port }\n'))!;
    assert.deepEqual(
      walk.valuelessTails.map((t) => `${t.owner.key}.${t.last.key}`),
      ['tls.timeout', 'cluster.port'],
    );
  });
});

describe('walk: blocks read alike', () => {
  const CONFIG = `accounts {
  A: { users: [
    { user: a1, password: p1 }
    { user: a2, password: p2 }
    { user: a3, password: p3, user: a4 }
    { user: a5, password: p5 }
  ] }
}
`;

  test('users written with the same keys share one options array; each still reads its own entries', () => {
    const walk = schemaWalk(openConf('/t/shared.conf', CONFIG))!;
    const users = visitsOf(walk, 'user');
    assert.equal(users.length, 4);
    const [u1, u2, , u4] = users;
    assert.equal(u1!.options, u2!.options, 'same keys, one array');
    assert.equal(u2!.options, u4!.options);
    assert.deepEqual(
      u1!.options.map((o) => o?.name),
      ['user', 'password'],
    );
    assert.deepEqual(
      users.map((u) => u.processed.map((e) => `${e.key}=${(e.value as { value?: unknown }).value}`)),
      [
        ['user=a1', 'password=p1'],
        ['user=a2', 'password=p2'],
        ['password=p3', 'user=a4'],
        ['user=a5', 'password=p5'],
      ],
    );
  });

  test('a block whose keys repeat is searched for duplicates even after blocks with the same first keys', () => {
    const text = `authorization { users: [
  { user: a, password: b }
  { user: c, password: d }
  { user: e, user: f }
  { user: g, password: h }
] }
`;
    const walk = schemaWalk(openConf('/t/dup.conf', text))!;
    const users = visitsOf(walk, 'user');
    assert.deepEqual(
      users.map((u) => u.processed.map((e) => e.key).join(',')),
      ['user,password', 'user,password', 'user', 'user,password'],
    );
    assert.equal((users[2]!.processed[0]!.value as { value?: unknown }).value, 'f', 'the last value of a repeated key counts');
  });
});

describe('parse: keys of a large text', () => {
  /** Every entry of a tree, depth first. */
  function entriesOf(root: MapNode): { key: string; start: number; keyEnd: number; quoted: boolean }[] {
    const out: { key: string; start: number; keyEnd: number; quoted: boolean }[] = [];
    for (const c of containers(root))
      if (c.kind === 'map')
        for (const e of c.entries) if (e.kind === 'entry') out.push({ key: e.key, start: e.start, keyEnd: e.keyEnd, quoted: e.keyQuoted });
    return out;
  }

  test('a large text (its keys looked up in a table) reads every key as a small one does, past collisions and evictions', () => {
    // 9,000 different keys (more than the table's slots, so slots are shared and overwritten), keys equal in
    // length and hash-neighbours (ab/ba), repeated keys, quoted keys and keys that start with "/".
    const lines: string[] = [];
    for (let i = 0; i < 9000; i++) lines.push(`k${i.toString(36)}: ${i}`, `ab${i % 7}: x`, `ba${i % 7} = y`, `"q${i % 5}": z`);
    lines.push('/slashed: 1', 'user: u', 'usex: v', 'User: w');
    const text = `big {\n${lines.join('\n')}\n}\n`;
    const parsed = parseConf(new Source('/t/large.conf', text));
    assert.deepEqual(parsed.issues, []);
    const entries = entriesOf(parsed.root);
    assert.ok(text.length >= 256 * 1024 && entries.length > 30_000, `${text.length} characters, ${entries.length} entries`);
    for (const e of entries) {
      const written = e.quoted ? text.slice(e.start + 1, e.keyEnd - 1) : text.slice(e.start, e.keyEnd);
      if (e.key !== written) assert.fail(`key at ${e.start} read as ${JSON.stringify(e.key)}, written ${JSON.stringify(written)}`);
    }
    // The same lines parsed in small texts (each key cut, no table) read the same keys, in the same order.
    const big = (parsed.root.entries[0] as Entry).value as MapNode;
    const pieces: string[] = [];
    for (let i = 0; i < lines.length; i += 2000) {
      const piece = parseConf(new Source('/t/piece.conf', `big {\n${lines.slice(i, i + 2000).join('\n')}\n}\n`));
      assert.ok(piece.src.text.length < 64 * 1024);
      for (const e of ((piece.root.entries[0] as Entry).value as MapNode).entries) pieces.push((e as Entry).key);
    }
    assert.deepEqual(
      big.entries.map((e) => (e as Entry).key),
      pieces,
    );
  });
});

describe('walk: visits by block', () => {
  test('a walk from scratch lists each block’s visits as they were made: every visit of the block, in walk order', () => {
    const texts = [
      ...ALL_TEXTS,
      'accounts { A { users [ { user a, permissions { publish { allow: [x] } } } ] }, B { users [ { nkey: UABC } ] } }',
      'leafnodes { remotes [ { url: "nats://a", tls { cert_file: a } }, { url: "nats://b" } ] }\ncluster { tls { ca_file: c } }',
      'authorization { users [ { user: a }, { user: b } ] }\naccounts { S { jetstream { max_mem: 1G } } }',
    ];
    let lists = 0;
    for (const text of texts) {
      const walk = schemaWalk(openConf('/t/by-block.conf', text));
      if (!walk) continue;
      const ids = new Set(walk.visits.map((v) => v.block.id));
      for (const id of ids) {
        lists++;
        assert.deepEqual(
          visitsOf(walk, id),
          walk.visits.filter((v) => v.block.id === id),
          `${id} in ${JSON.stringify(text)}`,
        );
      }
      assert.deepEqual(visitsOf(walk, 'no-such-block'), []);
    }
    assert.ok(lists >= 40, `only ${lists} lists compared`);
  });
});
