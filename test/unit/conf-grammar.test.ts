// nats-server's config grammar, area by area (reference §1), as data-driven tables: for each case the
// exact findings (code, range via ⟦markers⟧, nats-server's reason) and the values nats-server would store.
// The same tables are checked against the real nats-server in test/integration/differential.test.ts.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Source } from '../../server/src/core/conf/ast';
import { parseConf } from '../../server/src/core/conf/parser';
import { assertAccepts, assertFindings, DIALECTS, nodeAt, parse, show, valueAt, type ConfResult } from '../helpers/conf';
import { fixture, materialize, showRange, type Workspace } from '../helpers/fixture';
import { TABLES, type GrammarCase } from './conf-grammar.cases';

function label(c: GrammarCase): string {
  const t = JSON.stringify(c.text.replace(/[⟦⟧]/g, ''));
  return (t.length > 70 ? t.slice(0, 67) + '…"' : t) + (c.note ? ` (${c.note})` : '');
}

for (const table of TABLES) {
  describe(`grammar: ${table.area}`, () => {
    for (const c of table.cases) {
      for (const dialect of c.dialects ?? DIALECTS) {
        test(`${label(c)} [${dialect}]`, () => {
          const fx = fixture(c.text, { cursor: false });
          const r = parse(fx.text, { dialect, ...(c.env ? { env: c.env } : {}) });
          assertFindings(r, fx, c.findings ?? []);
          for (const [at, want] of Object.entries(c.values ?? {})) {
            assert.deepEqual(valueAt(r.root, at), want, `value of ${at} in ${JSON.stringify(fx.text)}\n${show(r.findings)}`);
          }
        });
      }
    }
  });
}

describe('grammar: include', () => {
  /** Parses /nats.conf of a materialized fixture (dialect latest unless given). */
  const run = (ws: Workspace, opts: { dialect?: 'latest' | '2.9.10'; env?: Record<string, string> } = {}): ConfResult =>
    parse(ws.file('/nats.conf').text, { file: ws.path('/nats.conf'), ...opts });

  test('paths are relative to the including file; nested includes to their own file; keys merge in place', () => {
    const ws = materialize(`
//- /nats.conf
include "conf/a.conf"
port: $A
//- /conf/a.conf
A: 4222
include 'sub/b.conf'
//- /conf/sub/b.conf
B: true
include c.conf
//- /conf/sub/c.conf
C: "deep"
`);
    try {
      for (const dialect of DIALECTS) {
        const r = run(ws, { dialect });
        assertAccepts(r);
        assert.equal(valueAt(r.root, 'port'), 4222);
        assert.equal(valueAt(r.root, 'B'), true);
        assert.equal(valueAt(r.root, 'C'), 'deep');
        assert.deepEqual(
          [...r.doc.includedFiles].sort(),
          [ws.path('/conf/a.conf'), ws.path('/conf/sub/b.conf'), ws.path('/conf/sub/c.conf')].sort(),
        );
      }
    } finally {
      ws.cleanup();
    }
  });

  test("a missing file is include-not-found at the path, with nats-server's reason", () => {
    const ws = materialize(`
//- /nats.conf
port: 4222
include "⟦missing.conf⟧"
include ⟦other/gone.conf⟧
`);
    try {
      for (const dialect of DIALECTS) {
        const r = run(ws, { dialect });
        assertFindings(r, ws.file('/nats.conf'), [
          {
            code: 'include-not-found',
            severity: 'error',
            reason: `error parsing include file 'missing.conf', open ${ws.path('/missing.conf')}: no such file or directory`,
          },
          { code: 'include-not-found', severity: 'error', reason: "error parsing include file 'other/gone.conf'" },
        ]);
      }
    } finally {
      ws.cleanup();
    }
  });

  test('an include cycle is reported where it closes, and the including file fails too', () => {
    const ws = materialize(`
//- /nats.conf
include "⟦a.conf⟧"
//- /a.conf
x: 1
⟦include "nats.conf"⟧
`);
    try {
      const r = run(ws);
      assertFindings(r, ws.file('/a.conf'), [{ code: 'include-cycle', severity: 'error' }], { file: ws.path('/a.conf') });
      // nats-server crashes (a Go stack overflow) instead of printing "error parsing include file".
      assertFindings(r, ws.file('/nats.conf'), [{ code: 'include-cycle', severity: 'error' }]);
    } finally {
      ws.cleanup();
    }
  });

  test('a file that includes itself', () => {
    const ws = materialize(`
//- /nats.conf
port: 4222
⟦include nats.conf⟧
`);
    try {
      assertFindings(run(ws), ws.file('/nats.conf'), [{ code: 'include-cycle', severity: 'error', reason: 'includes itself' }]);
    } finally {
      ws.cleanup();
    }
  });

  test('an absolute path is joined onto the including folder (nats-server quirk)', () => {
    const ws = materialize(`
//- /nats.conf
include "/sub/x.conf"
//- /sub/x.conf
x: 1
`);
    try {
      const r = run(ws);
      assertAccepts(r);
      assert.equal(valueAt(r.root, 'x'), 1, '/sub/x.conf is found as <folder>/sub/x.conf');
      // The real absolute path of an existing file is not found: nats-server opens <folder>/<absolute path>.
      const abs = ws.path('/sub/x.conf');
      const text = `include "${abs}"\n`;
      const r2 = parse(text, { file: ws.path('/nats.conf') });
      assert.equal(r2.errors.length, 1, show(r2.findings));
      const f = r2.errors[0]!;
      assert.equal(f.code, 'include-not-found');
      assert.ok(f.message.includes(path.join(ws.dir, abs)), `the message names the joined path: ${f.message}`);
      assert.ok(f.message.includes('joins even an absolute include path'), f.message);
      assert.equal(showRange(f.range), `0:9-0:${9 + abs.length}`);
    } finally {
      ws.cleanup();
    }
  });

  test('`include:` with a colon is an ordinary key, `INCLUDE` is the directive, `includes` is a key', () => {
    const ws = materialize(`
//- /nats.conf
include: "inc.conf"
INCLUDE inc.conf
includes x
//- /inc.conf
from_inc: 1
`);
    try {
      const r = run(ws);
      assertAccepts(r);
      assert.equal(valueAt(r.root, 'include'), 'inc.conf');
      assert.equal(valueAt(r.root, 'from_inc'), 1);
      assert.equal(valueAt(r.root, 'includes'), 'x');
      assert.equal(r.doc.conf!.includes.length, 1);
    } finally {
      ws.cleanup();
    }
  });

  test('include inside a map merges into that map; unquoted paths end at ; and }', () => {
    const ws = materialize(`
//- /nats.conf
tls { include tls.conf}
auth { include 'auth.conf'; timeout: 2 }
//- /tls.conf
cert_file: "a.pem"
//- /auth.conf
user: u
`);
    try {
      const r = run(ws);
      assertAccepts(r);
      assert.equal(valueAt(r.root, 'tls.cert_file'), 'a.pem');
      assert.equal(valueAt(r.root, 'auth.user'), 'u');
      assert.equal(valueAt(r.root, 'auth.timeout'), 2);
    } finally {
      ws.cleanup();
    }
  });

  test('variables from an include are visible after it, not before', () => {
    const ws = materialize(`
//- /nats.conf
a: ⟦$P⟧
include vars.conf
b: $P
c { d: $P }
//- /vars.conf
P: 4222
`);
    try {
      const r = run(ws);
      assertFindings(r, ws.file('/nats.conf'), [
        { code: 'undefined-variable', reason: "variable reference for 'P' on line 1 can not be found" },
      ]);
      assert.equal(valueAt(r.root, 'b'), 4222);
      assert.equal(valueAt(r.root, 'c.d'), 4222);
    } finally {
      ws.cleanup();
    }
  });

  test('a syntax error inside an included file is reported there and at the include', () => {
    const ws = materialize(`
//- /nats.conf
port: 4222
include "⟦bad.conf⟧"
//- /bad.conf
port: 1
listen: [1, ⟦,⟧ 2 ]
`);
    try {
      for (const dialect of DIALECTS) {
        const r = run(ws, { dialect });
        assertFindings(r, ws.file('/bad.conf'), [{ code: 'syntax-error', reason: "Unexpected array value terminator ','." }], {
          file: ws.path('/bad.conf'),
        });
        assertFindings(r, ws.file('/nats.conf'), [{ code: 'syntax-error', reason: "error parsing include file 'bad.conf'" }]);
        assert.ok(
          r.findings.find((f) => f.file === ws.path('/nats.conf'))!.message.includes('bad.conf:2:13'),
          'points at the line and column in the included file',
        );
      }
    } finally {
      ws.cleanup();
    }
  });

  test('an included file that is empty does not get the empty-config warning', () => {
    const ws = materialize({ '/nats.conf': 'port: 4222\ninclude empty.conf\n', '/empty.conf': '# nothing\n' });
    try {
      const r = run(ws);
      assert.deepEqual(r.findings, []);
    } finally {
      ws.cleanup();
    }
  });

  test('later keys win across includes, in either direction', () => {
    const ws = materialize({ '/nats.conf': 'a: 1\ninclude inc.conf\nb: 1\n', '/inc.conf': 'a: 2\nb: 2\n' });
    try {
      const r = run(ws);
      assert.equal(valueAt(r.root, 'a'), 2);
      assert.equal(valueAt(r.root, 'b'), 1);
    } finally {
      ws.cleanup();
    }
  });

  const includeSyntax: [string, string][] = [
    ['include ⟦[⟧x]', 'Expected include value but found start of an array'],
    ['include ⟦{⟧x}', 'Expected include value but found start of a map'],
    ['include ⟦(⟧x', 'Expected include value but found start of a block'],
    ['include ⟦1⟧', 'Expected include value but found start of a number'],
    ['include ⟦-⟧1', 'Expected include value but found start of a number'],
    ['include ⟦\\⟧x', 'Expected include value but found escape sequence'],
    ['include⟦\n⟧x', 'Expected include value but found new line'],
    ['include "x⟦⟧', 'Unexpected EOF in double quoted include'],
    ["include 'x⟦⟧", 'Unexpected EOF in quoted include'],
  ];
  for (const [text, reason] of includeSyntax) {
    test(`${JSON.stringify(text.replace(/[⟦⟧]/g, ''))} is a syntax error`, () => {
      for (const dialect of DIALECTS) {
        const fx = fixture(text);
        assertFindings(parse(fx.text, { dialect }), fx, [{ code: 'syntax-error', severity: 'error', reason }]);
      }
    });
  }
});

describe('grammar: the tree', () => {
  test('nodes carry exact offsets: keys, values, quotes, maps and arrays', () => {
    const fx = fixture('⟦⟦port⟧: ⟦4222⟧⟧\n⟦⟦tls⟧ ⟦{ ⟦⟦cert_file⟧: ⟦"a.pem"⟧⟧ }⟧⟧\n⟦list⟧: ⟦[ ⟦1k⟧, ⟦\'x\'⟧ ]⟧');
    const r = parse(fx.text);
    assertAccepts(r);
    const [port, tls] = r.root.entries;
    const sp = (n: { start: number; end: number }): string => `${n.start}-${n.end}`;
    const at = (i: number): string => `${fx.spans[i]!.start}-${fx.spans[i]!.end}`;
    assert.ok(port?.kind === 'entry' && tls?.kind === 'entry');
    assert.equal(sp(port), at(0));
    assert.equal(`${port.keyStart}-${port.keyEnd}`, at(1));
    assert.equal(sp(port.value!), at(2));
    assert.equal(sp(tls), at(3));
    assert.equal(`${tls.keyStart}-${tls.keyEnd}`, at(4));
    assert.equal(sp(tls.value!), at(5));
    const certEntry = tls.value!.kind === 'map' ? tls.value!.entries[0] : undefined;
    assert.ok(certEntry?.kind === 'entry');
    assert.equal(sp(certEntry), at(6));
    assert.equal(`${certEntry.keyStart}-${certEntry.keyEnd}`, at(7));
    const cert = certEntry.value!;
    assert.equal(sp(cert), at(8));
    assert.ok(cert.kind === 'string' && cert.style === 'double' && cert.value === 'a.pem');
    assert.equal(`${cert.innerStart}-${cert.innerEnd}`, `${fx.spans[8]!.start + 1}-${fx.spans[8]!.end - 1}`);
    const list = nodeAt(r.root, 'list')!;
    assert.ok(list.kind === 'array');
    assert.equal(sp(list), at(10));
    assert.equal(sp(list.items[0]!), at(11));
    assert.equal(sp(list.items[1]!), at(12));
    const k = list.items[0]!;
    assert.ok(k.kind === 'integer' && k.value === 1000 && k.suffix === 'k' && k.raw === '1k');
  });

  test('parents link every node to its entry and map', () => {
    const r = parse('a { b: [ { c: 1 } ] }');
    const c = nodeAt(r.root, 'a.b.0.c')!;
    const entry = c.parent;
    assert.ok(entry?.kind === 'entry' && entry.key === 'c');
    const map = entry.parent;
    assert.ok(map?.kind === 'map');
    assert.equal(map.parent?.kind, 'array');
    assert.equal(map.parent?.parent?.kind, 'entry');
  });

  test('comments are recorded as offset pairs', () => {
    const fx = fixture('a: 1 ⟦# one⟧\n⟦// two⟧\nb { ⟦#three⟧\n}');
    const parsed = parseConf(new Source('/x.conf', fx.text));
    assert.deepEqual(
      parsed.comments,
      fx.spans.flatMap((s) => [s.start, s.end]),
    );
  });

  test('variables and includes are listed in document order; suffixed integers for the unit check', () => {
    const parsed = parseConf(new Source('/x.conf', 'X: 1\na: $X\ninclude a.conf\nb { c: $Y, d: 2MiB }\ninclude b.conf'));
    assert.deepEqual(
      parsed.variables.map((v) => v.name),
      ['X', 'Y'],
    );
    assert.deepEqual(
      parsed.includes.map((i) => i.path),
      ['a.conf', 'b.conf'],
    );
    assert.deepEqual(
      parsed.suffixed.map((n) => n.raw),
      ['2MiB'],
    );
  });

  test('an environment value keeps the reference resolved to its parsed node', () => {
    const r = parse('a: $E', { env: { E: '[1, x ]' } });
    const v = nodeAt(r.root, 'a');
    assert.equal(r.root.entries[0]?.kind === 'entry' && r.root.entries[0].value?.kind, 'variable');
    assert.equal(v?.kind, 'array');
    assert.deepEqual(valueAt(r.root, 'a'), [1, 'x']);
  });
});
