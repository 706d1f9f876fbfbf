// The fixture helper itself (test/helpers/fixture.ts): markers to ranges, cursors, multi-file fixtures.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  dedent,
  fixture,
  materialize,
  offsetAt,
  parseFiles,
  positionAt,
  rangeContains,
  showRange,
  textOf,
  withWorkspace,
} from '../helpers/fixture';

describe('fixture markers', () => {
  test('⟦ ⟧ become 0-based ranges in the stripped text', () => {
    const fx = fixture('port: ⟦4222⟧\ntls {\n  ⟦cert_file⟧: x\n}');
    assert.equal(fx.text, 'port: 4222\ntls {\n  cert_file: x\n}');
    assert.deepEqual(fx.ranges, [
      { start: { line: 0, character: 6 }, end: { line: 0, character: 10 } },
      { start: { line: 2, character: 2 }, end: { line: 2, character: 11 } },
    ]);
    assert.deepEqual(fx.spans, [
      { start: 6, end: 10 },
      { start: 19, end: 28 },
    ]);
    assert.equal(textOf(fx.text, fx.range(1)), 'cert_file');
  });

  test('ranges may nest and span lines; they are listed in the order they open', () => {
    const fx = fixture('⟦a ⟦b⟧\nc⟧ ⟦⟧');
    assert.equal(fx.text, 'a b\nc ');
    assert.deepEqual(fx.ranges.map(showRange), ['0:0-1:1', '0:2-0:3', '1:2-1:2']);
  });

  test('$0 is the cursor, unless turned off', () => {
    const fx = fixture('a: $0b');
    assert.equal(fx.text, 'a: b');
    assert.deepEqual(fx.cursor, { line: 0, character: 3 });
    assert.equal(fx.cursorOffset, 3);
    const raw = fixture('a: $0b', { cursor: false });
    assert.equal(raw.text, 'a: $0b');
    assert.equal(raw.cursor, undefined);
  });

  test('characters count UTF-16 units; only \\n ends a line', () => {
    const fx = fixture('𝟙\r⟦x⟧\r\n⟦y⟧');
    assert.deepEqual(fx.ranges.map(showRange), ['0:3-0:4', '1:0-1:1']);
  });

  test('broken markers are test bugs and throw', () => {
    assert.throws(() => fixture('a ⟦b'), /without/);
    assert.throws(() => fixture('a ⟧b'), /without/);
    assert.throws(() => fixture('$0 $0'), /more than one cursor/);
    assert.throws(() => fixture('a').range(0), /no range #0/);
  });

  test('positions and offsets convert both ways, clamped like LSP', () => {
    const text = 'ab\ncde\n';
    for (let o = 0; o <= text.length; o++) assert.equal(offsetAt(text, positionAt(text, o)), o);
    assert.equal(offsetAt(text, { line: 0, character: 99 }), 2);
    assert.equal(offsetAt(text, { line: 9, character: 0 }), text.length);
    assert.deepEqual(positionAt(text, 99), { line: 2, character: 0 });
    assert.ok(
      rangeContains(
        { start: { line: 0, character: 0 }, end: { line: 1, character: 3 } },
        { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
      ),
    );
    assert.ok(
      !rangeContains(
        { start: { line: 0, character: 0 }, end: { line: 1, character: 2 } },
        { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
      ),
    );
  });

  test('dedent removes common indentation and the framing blank lines', () => {
    assert.equal(dedent('\n    a {\n      b: 1\n    }\n  '), 'a {\n  b: 1\n}');
  });
});

describe('multi-file fixtures', () => {
  const spec = `
//- /nats.conf
include "conf/tls.conf"
port: ⟦4222⟧
//- /conf/tls.conf
tls { cert_file: "$0a.pem" }
`;

  test('sections split at //- headers, each with its own markers', () => {
    const files = parseFiles(spec);
    assert.deepEqual(
      files.map((f) => f.path),
      ['/nats.conf', '/conf/tls.conf'],
    );
    assert.equal(files[0]!.fixture.text, 'include "conf/tls.conf"\nport: 4222');
    assert.equal(showRange(files[0]!.fixture.range()), '1:6-1:10');
    assert.deepEqual(files[1]!.fixture.cursor, { line: 0, character: 18 });
    assert.throws(() => parseFiles('stray\n//- /a.conf\nx'), /before the first/);
    assert.throws(() => parseFiles('//- /a.conf\nx\n//- /a.conf\ny'), /appears twice/);
  });

  test('materialize writes the files into a temporary folder and cleanup removes it', () => {
    const ws = materialize(spec);
    assert.ok(fs.existsSync(ws.dir));
    assert.equal(fs.readFileSync(ws.path('/conf/tls.conf'), 'utf8'), 'tls { cert_file: "a.pem" }\n');
    assert.equal(fs.readFileSync(ws.path('/nats.conf'), 'utf8'), 'include "conf/tls.conf"\nport: 4222');
    assert.equal(ws.path('/nats.conf'), path.join(ws.dir, 'nats.conf'));
    assert.ok(ws.uri('/nats.conf').startsWith('file:///'));
    assert.equal(ws.file('nats.conf').text, 'include "conf/tls.conf"\nport: 4222');
    assert.throws(() => ws.file('/missing.conf'), /no file/);
    ws.cleanup();
    assert.ok(!fs.existsSync(ws.dir));
    ws.cleanup();
  });

  test('a map of paths works too, and paths cannot escape the folder', () => {
    const ws = materialize({ 'a.conf': 'x: ⟦1⟧', '/sub/b.conf': 'y' });
    try {
      assert.equal(fs.readFileSync(ws.path('/a.conf'), 'utf8'), 'x: 1');
      assert.equal(showRange(ws.file('/a.conf').range()), '0:3-0:4');
    } finally {
      ws.cleanup();
    }
    assert.throws(() => materialize({ '/../escape.conf': 'x' }), /escapes/);
  });

  test('withWorkspace cleans up even when the body throws', async () => {
    let dir = '';
    await assert.rejects(
      withWorkspace('//- /a.conf\nx', (ws) => {
        dir = ws.dir;
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.ok(dir && !fs.existsSync(dir));
  });
});
