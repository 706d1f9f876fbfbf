// One group per diagnostic code the parser owns: code, severity, exact range (⟦markers⟧), nats-server's
// reason in quotes plus one fix sentence, and the data quick fixes rely on. Then recovery and robustness:
// independent errors are all reported, ranges stay inside the document, and nothing throws.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Source } from '../../server/src/core/conf/ast';
import { parseConf } from '../../server/src/core/conf/parser';
import { parseConfig } from '../../server/src/engine';
import { loadConf } from '../../server/src/core/conf/resolve';
import { PARSER_FUZZ_SEED, parserFuzzInputs } from '../fuzz/parser-inputs';
import {
  assertFindings,
  assertRangesInside,
  DIALECTS,
  expectFindings,
  nodeAt,
  NOWHERE,
  OWNED_CODES,
  parse,
  valueAt,
} from '../helpers/conf';
import { fixture, materialize, showRange } from '../helpers/fixture';

/**
 * What nats-server does and one plain sentence on how to fix it first (the Problems panel shows a message's
 * start), then nats-server's own words in quotes.
 */
const REJECTS = /^nats-server rejects this config\. (\S.*?\.) nats-server says: "(.+)"$/s;

function assertRejectsMessage(message: string, reason: string): void {
  const m = REJECTS.exec(message);
  assert.ok(m, `message should be 'nats-server rejects this config. <fix> nats-server says: "<reason>"': ${message}`);
  assert.ok(m[2]!.includes(reason), `the quoted reason should contain ${JSON.stringify(reason)}: ${message}`);
  assert.ok(m[1]!.trim().length > 10, `a fix sentence should come first: ${message}`);
}

describe('code: syntax-error', () => {
  test("is an error at the offending token, with nats-server's reason and a fix", () => {
    for (const dialect of DIALECTS) {
      const r = expectFindings('port: 4222\nserver_name: my ⟦server⟧\n', [{ code: 'syntax-error', severity: 'error' }], { dialect });
      assertRejectsMessage(
        r.findings[0]!.message,
        "Expected a top-level value to end with a new line, comment or EOF, but got 's' instead.",
      );
    }
  });

  test('an invalid escape in a Windows path names the character and suggests single quotes', () => {
    const r2 = expectFindings('pid_file: "C:⟦\\c⟧erts\\nats.pid"', ['syntax-error']);
    assertRejectsMessage(
      r2.findings[0]!.message,
      "Invalid escape character 'c'. Only the following escape characters are allowed: \\xXX, \\t, \\n, \\r, \\\", \\\\.",
    );
    assert.match(r2.findings[0]!.message, /single quotes/);
  });

  test('end-of-input errors sit at the end and point back to what was opened', () => {
    const r = expectFindings('tls {\n  verify: true\n⟦⟧', ['syntax-error']);
    assertRejectsMessage(r.findings[0]!.message, 'Unexpected EOF processing map.');
    assert.equal(r.findings[0]!.related?.[0]?.message, 'opened here');
    assert.equal(showRange(r.findings[0]!.related![0]!.range), '0:4-0:5');
  });

  test("conversion errors from nats-server's parser cover the value", () => {
    const r = expectFindings('max_payload: ⟦99999999999999999999⟧', ['syntax-error']);
    assertRejectsMessage(r.findings[0]!.message, "integer '99999999999999999999' is out of the range");
  });

  test('a bare key at the end of the file: error in the newest nats-server only', () => {
    const r = expectFindings('port: 4222\n⟦debug⟧', [{ code: 'syntax-error', severity: 'error' }], { dialect: 'latest' });
    assertRejectsMessage(r.findings[0]!.message, 'config is invalid');
    expectFindings('port: 4222\ndebug', [], { dialect: '2.9.10' });
  });

  test('a NUL byte where nats-server stops reading is a warning (the rest is ignored)', () => {
    const r = expectFindings('port: 4222\nx⟦\u0000⟧\ngarbage here [', [{ code: 'syntax-error', severity: 'warning' }], {
      dialect: '2.9.10',
    });
    assert.match(r.findings[0]!.message, /ignores the rest of the file/);
  });
});

describe('code: yaml-style-block', () => {
  const text =
    'port: 4222\n⟦tls:⟧\n  cert_file: "./certs/server.pem"\n  key_file: "./certs/server-key.pem"\n  ⟦client_auth:⟧\n    verify: true\ndebug: true\n';
  for (const dialect of DIALECTS) {
    test(`is an error on the key's line; the recovered block keeps its fields [${dialect}]`, () => {
      const r = expectFindings(
        text,
        [
          { code: 'yaml-style-block', severity: 'error' },
          { code: 'yaml-style-block', severity: 'error' },
        ],
        { dialect },
      );
      for (const f of r.findings) assertRejectsMessage(f.message, 'Expected value but found new line');
      assert.match(r.findings[0]!.message, /^nats-server rejects this config\. Write tls \{ … \}/);
      assert.deepEqual(r.findings[0]!.data, { key: 'tls', kind: 'map' });
      assert.deepEqual(r.findings[1]!.data, { key: 'client_auth', kind: 'map' });
      // Later checks still see the fields: client_auth under tls, and what follows the block.
      assert.equal(valueAt(r.root, 'tls.cert_file'), './certs/server.pem');
      assert.equal(valueAt(r.root, 'tls.client_auth.verify'), true);
      assert.equal(valueAt(r.root, 'debug'), true);
      assert.equal(valueAt(r.root, 'port'), 4222);
      const tls = nodeAt(r.root, 'tls')!;
      assert.ok(tls.kind === 'map' && tls.style === 'yaml-block');
    });
  }

  test('a YAML list is recovered as an array', () => {
    const r = expectFindings('cluster {\n  ⟦routes:⟧\n    - nats://a:6222\n    - nats://b:6222\n}\n', ['yaml-style-block']);
    assert.deepEqual(r.findings[0]!.data, { key: 'routes', kind: 'list' });
    assert.deepEqual(valueAt(r.root, 'cluster.routes'), ['nats://a:6222', 'nats://b:6222']);
  });

  test('sits where the fix goes; its related information is the line nats-server names', () => {
    // nats-server has counted the line break after `tls:` when it fails: "Parse error on line 3".
    const seed = expectFindings('listen: ":4222"\n⟦tls:⟧\n  cert_file: "a.pem"\n', ['yaml-style-block']);
    assert.deepEqual(
      seed.findings[0]!.related?.map((r) => [showRange(r.range), r.message]),
      [['2:2-2:20', 'nats-server reports this error on line 3']],
    );
    // Not a "\r": with CRLF nats-server names the key's own line.
    const crlf = expectFindings('⟦tls:⟧\r\n  verify: true\r\n', ['yaml-style-block']);
    assert.deepEqual(
      crlf.findings[0]!.related?.map((r) => [showRange(r.range), r.message]),
      [['0:4-0:5', 'nats-server reports this error on line 1']],
    );
    // Inside braces nats-server reads the next line as the value and fails after its first token.
    const braces = expectFindings('cluster {\n  ⟦tls:⟧\n\n    verify: true\n}\n', ['yaml-style-block']);
    assert.deepEqual(
      braces.findings[0]!.related?.map((r) => [showRange(r.range), r.message]),
      [['3:12-3:13', 'nats-server reports this error on line 4']],
    );
    assertRejectsMessage(braces.findings[0]!.message, `Expected a map value terminator "," or a map terminator "}", but got 't' instead.`);
    const list = expectFindings('cluster {\n  ⟦routes:⟧\n    - nats://a:6222\n}\n', ['yaml-style-block']);
    assertRejectsMessage(list.findings[0]!.message, "Expected a digit but got ' '.");
  });

  test('inside braces only where nats-server fails: a key and its value on the next line is fine', () => {
    expectFindings('tls {\n  verify:\n    true\n}\n', []);
    expectFindings('tls {\n  ⟦verify:⟧\n    x: true\n}\n', ['yaml-style-block']);
  });
});

describe('code: unquoted-dot-value', () => {
  for (const dialect of DIALECTS) {
    test(`covers the whole value and says to quote it [${dialect}]`, () => {
      const r = expectFindings(
        'tls {\n  cert_file: ⟦./certs/a.pem⟧\n  key_file: "./certs/a-key.pem"\n}',
        [{ code: 'unquoted-dot-value', severity: 'error' }],
        { dialect },
      );
      assertRejectsMessage(r.findings[0]!.message, 'Floats must start with a digit');
      assert.match(r.findings[0]!.message, /Quote the value/);
      assert.deepEqual(r.findings[0]!.data, { value: './certs/a.pem' });
    });
  }
});

describe('code: undefined-variable', () => {
  for (const dialect of DIALECTS) {
    test(`covers the reference, says where nats-server looks [${dialect}]`, () => {
      const r = expectFindings('tls {\n  cert_file: ⟦$CERT⟧\n}\nCERT: "a.pem"\n', [{ code: 'undefined-variable', severity: 'error' }], {
        dialect,
      });
      assertRejectsMessage(r.findings[0]!.message, "variable reference for 'CERT' on line 2 can not be found");
      assert.match(r.findings[0]!.message, /Define CERT earlier in this block or an enclosing one, or set the environment variable CERT/);
      assert.deepEqual(r.findings[0]!.data, {
        name: 'CERT',
        reason: "variable reference for 'CERT' on line 2 can not be found",
        fix: 'Define CERT earlier in this block or an enclosing one, or set the environment variable CERT.',
      });
    });
  }

  test('interpolation attempts get their own hint', () => {
    const r = expectFindings('DIR: "/etc"\ncert: ⟦$DIR/a.pem⟧', ['undefined-variable']);
    assert.match(r.findings[0]!.message, /does not interpolate/);
  });

  test('the environment fills in; a value that does not parse is a syntax error at the reference', () => {
    expectFindings('port: $PORT', [], { env: { PORT: '4222' } });
    const r = expectFindings('cert: ⟦$CERT⟧', [{ code: 'syntax-error', severity: 'error' }], { env: { CERT: '/path/with space.pem' } });
    assertRejectsMessage(
      r.findings[0]!.message,
      "variable reference for 'CERT' on line 1 could not be parsed: Parse error on line 1: 'Expected a top-level value to end with a new line, comment or EOF, but got 's' instead.'",
    );
    // The fix shows how to quote it, never the value itself (issue 10: environment values are not echoed).
    assert.match(r.findings[0]!.message, /CERT='"…"'/);
    assert.doesNotMatch(r.findings[0]!.message, /with space/);
  });
});

describe('code: include-not-found and include-cycle', () => {
  test('include-not-found is an error on the path, naming the file nats-server opens', () => {
    const ws = materialize({ '/nats.conf': 'port: 4222\ninclude "⟦tls/missing.conf⟧"\n' });
    try {
      for (const dialect of DIALECTS) {
        const r = parse(ws.file('/nats.conf').text, { file: ws.path('/nats.conf'), dialect });
        assertFindings(r, ws.file('/nats.conf'), [{ code: 'include-not-found', severity: 'error' }]);
        const f = r.findings[0]!;
        assertRejectsMessage(
          f.message,
          `error parsing include file 'tls/missing.conf', open ${ws.path('/tls/missing.conf')}: no such file or directory`,
        );
        assert.deepEqual(f.data, { path: 'tls/missing.conf', target: ws.path('/tls/missing.conf') });
      }
    } finally {
      ws.cleanup();
    }
  });

  test('include-not-found for a folder', () => {
    const ws = materialize({ '/nats.conf': 'include ⟦conf⟧\n', '/conf/x.conf': 'x: 1\n' });
    try {
      const r = parse(ws.file('/nats.conf').text, { file: ws.path('/nats.conf') });
      assertFindings(r, ws.file('/nats.conf'), ['include-not-found']);
      assert.match(r.findings[0]!.message, /is a directory/);
    } finally {
      ws.cleanup();
    }
  });

  test('include-cycle is an error on the include that closes the loop', () => {
    const ws = materialize(`
//- /nats.conf
include a.conf
//- /a.conf
include b.conf
//- /b.conf
⟦include a.conf⟧
`);
    try {
      for (const dialect of DIALECTS) {
        const r = parse(ws.file('/nats.conf').text, { file: ws.path('/nats.conf'), dialect });
        assertFindings(r, ws.file('/b.conf'), [{ code: 'include-cycle', severity: 'error' }], { file: ws.path('/b.conf') });
        const f = r.findings.find((x) => x.code === 'include-cycle' && x.file === ws.path('/b.conf'))!;
        assert.match(f.message, /a\.conf includes itself through a\.conf → b\.conf → a\.conf/);
        // Measured on 2.9.10, 2.10.27 and 2.15.1: a Go stack overflow, no "error parsing include file".
        assert.match(f.message, /crashes.*"fatal error: stack overflow"/);
        assert.deepEqual(f.data, { target: ws.path('/a.conf') });
        // The file given to nats-server says the same at its include, not a parse error nats-server never prints.
        const top = r.findings.filter((x) => x.file === ws.path('/nats.conf'));
        assert.deepEqual(
          top.map((x) => x.code),
          ['include-cycle'],
        );
        assert.match(top[0]!.message, /stack overflow/);
        assert.doesNotMatch(top[0]!.message, /error parsing include file/);
      }
    } finally {
      ws.cleanup();
    }
  });
});

describe('code: unit-trap', () => {
  test('a duration written with a size suffix is a warning on the value, with a quoted replacement', () => {
    for (const dialect of DIALECTS) {
      const r = expectFindings(
        'tls {\n  timeout: ⟦1m⟧\n}\nping_interval: ⟦2M⟧\n',
        [
          { code: 'unit-trap', severity: 'warning', reason: 'reads 1m as 1,000,000' },
          { code: 'unit-trap', severity: 'warning', reason: 'ping_interval becomes 2,000,000 seconds' },
        ],
        { dialect },
      );
      assert.deepEqual(r.findings[0]!.data, { replacement: '"1m"' });
      assert.deepEqual(r.findings[1]!.data, { replacement: '"2m"' });
    }
  });

  test('a suffix nats-server silently drops is a warning naming the suffix', () => {
    const r = expectFindings('max_payload: ⟦1kbi⟧\nmax_connections: ⟦10MiBB⟧\n', [
      { code: 'unit-trap', severity: 'warning', reason: 'does not know the suffix "kbi"' },
      { code: 'unit-trap', severity: 'warning', reason: '"MiBB"' },
    ]);
    assert.deepEqual(r.findings[0]!.data, { suffix: 'kbi' });
    assert.match(r.findings[0]!.message, /max_payload keeps its default/);
  });

  test('sizes and real durations are not traps', () => {
    expectFindings('max_payload: 1MB\nmax_pending: 64MiB\nping_interval: "2m"\nwrite_deadline: 10s\ntimeout: 2\n', []);
  });
});

describe('code: empty-config', () => {
  for (const text of ['', '\n\n', '# just a comment\n', '// c\n   \n']) {
    test(`${JSON.stringify(text)}: a warning at the start in the newest nats-server, nothing for 2.9.10`, () => {
      const r = expectFindings('⟦⟧' + text, [{ code: 'empty-config', severity: 'warning', reason: 'config has no values or is empty' }], {
        dialect: 'latest',
      });
      assert.match(r.findings[0]!.message, /nats-server -t fails on an empty config/);
      expectFindings(text, [], { dialect: '2.9.10' });
    });
  }

  test('not when the file has a value, nor on top of a syntax error', () => {
    expectFindings('port: 4222', [], { dialect: 'latest' });
    expectFindings('⟦/⟧', ['syntax-error'], { dialect: 'latest' });
  });
});

describe('code: byte-order-mark', () => {
  for (const dialect of DIALECTS) {
    test(`an error on the first key, quoting the unknown field nats-server reports [${dialect}]`, () => {
      const r = expectFindings('⟦\ufeffport⟧: 4222\n', [{ code: 'byte-order-mark', severity: 'error' }], { dialect });
      assertRejectsMessage(r.findings[0]!.message, 'unknown field \\"\\ufeffport\\"');
      assert.match(r.findings[0]!.message, /without a byte order mark/);
    });
  }

  test('when the BOM breaks parsing, it is named as the cause without claiming "unknown field"', () => {
    const r = expectFindings('⟦\ufeff{⟧ port: ⟦4222⟧ }', ['byte-order-mark', 'syntax-error']);
    assert.equal(r.findings[0]!.severity, 'error');
    assert.doesNotMatch(r.findings[0]!.message, /unknown field/);
  });

  test('not in YAML, and not for a BOM later in the file', () => {
    assert.deepEqual(parse('\ufeffport: 4222\n', { file: '/x/a.yaml', languageId: 'yaml' }).findings, []);
    expectFindings('port: 4222\n\ufeffx: 1', []);
  });
});

describe('code: key-without-value', () => {
  for (const dialect of DIALECTS) {
    test(`a warning on the key, saying where nats-server files the map [${dialect}]`, () => {
      const r = expectFindings('authorization {\n  users: []\n  ⟦timeout⟧:\n}\n', [{ code: 'key-without-value', severity: 'warning' }], {
        dialect,
      });
      assert.match(r.findings[0]!.message, /files this map under "timeout" instead of "authorization"/);
      assert.deepEqual(valueAt(r.root, 'timeout'), { users: [] });
    });
  }

  test('variables see the map under the key nats-server uses', () => {
    expectFindings('x { ⟦a⟧: }\nb: $a', ['key-without-value']);
    expectFindings('x { ⟦a⟧: }\nb: ⟦$x⟧', ['key-without-value', 'undefined-variable']);
  });
});

describe('recovery', () => {
  test('independent errors far apart are all reported', () => {
    const filler = Array.from({ length: 200 }, (_, i) => `k${i}: ${i}`).join('\n');
    for (const dialect of DIALECTS) {
      const r = expectFindings(
        `port: 4222 ⟦x⟧\n${filler}\nauthorization {\n  user: a\n  password: ⟦./p⟧\n}\n${filler}\ntls {\n  ca_file: "⟦\\q⟧"\n}\nlast: ⟦$NOPE⟧\nafter: [1, ⟦,⟧ ]\ncluster { a: 1 \n⟦⟧`,
        ['syntax-error', 'unquoted-dot-value', 'syntax-error', 'undefined-variable', 'syntax-error', 'syntax-error'],
        { dialect },
      );
      assert.equal(r.errors.length, 6);
    }
  });

  test('after an error the rest of a map is still read', () => {
    const r = expectFindings('tls {\n  cert_file: a ⟦b⟧\n  key_file: "k.pem"\n}\nport: 4222', ['syntax-error']);
    assert.equal(valueAt(r.root, 'tls.key_file'), 'k.pem');
    assert.equal(valueAt(r.root, 'port'), 4222);
  });

  test('an error inside a string does not swallow the closing brace', () => {
    const r = expectFindings('a { b: "⟦\\q⟧ \\" x" }\nc: 1', ['syntax-error']);
    assert.equal(valueAt(r.root, 'c'), 1);
  });
});

describe('robustness', () => {
  const DEEP = 100_000;
  const shapes: [string, string][] = [
    ['100,000 {', 'a ' + '{'.repeat(DEEP)],
    ['100,000 [', 'a: ' + '['.repeat(DEEP)],
    ['100,000 [ closed', 'a: ' + '['.repeat(DEEP) + ' 1 ' + ']'.repeat(DEEP)],
    ['100,000 { a: ', 'x: ' + '{ a: '.repeat(DEEP) + '1' + ' }'.repeat(DEEP)],
    ['100,000 [{', 'x: ' + '[{a: '.repeat(DEEP / 2)],
    ['100,000 top-level {', '{'.repeat(DEEP) + 'a: 1' + '}'.repeat(DEEP)],
    ['2,000 YAML levels', Array.from({ length: 2000 }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + '\n' + ' '.repeat(2000) + 'v: 1'],
    ['a 1 MB line', 'a: ' + 'x'.repeat(1 << 20)],
    ['a 1 MB quoted line', 'a: "' + 'x'.repeat(1 << 20)],
    ['a 1 MB comment', '#' + 'x'.repeat(1 << 20)],
    ['1 MB of escapes', 'a: "' + '\\t'.repeat(1 << 19) + '"'],
    ['100,000 variables', 'X: 1\n' + 'a: ['.concat(Array.from({ length: DEEP }, () => '$X').join(', '), ' ]')],
    ['20,000 errors', Array.from({ length: 20_000 }, () => 'a b c').join('\n')],
  ];
  for (const [name, text] of shapes) {
    test(`${name}: no throw, ranges inside the document`, () => {
      for (const dialect of DIALECTS) {
        const r = parse(text, { dialect });
        assertRangesInside(r, text);
      }
    });
  }

  // Fixed seeds, no clock: the time budget for these inputs is in `npm run bench -- budgets`.
  test('20,000 seeded random and mutated inputs: the parser never throws and every range is inside', () => {
    let findings = 0;
    for (const { i, text, dialect } of parserFuzzInputs(PARSER_FUZZ_SEED, 20_000)) {
      let parsed;
      try {
        parsed = parseConf(new Source('/fuzz/x.conf', text), dialect);
      } catch (e) {
        assert.fail(`parseConf threw on input #${i} ${JSON.stringify(text)}: ${(e as Error).stack}`);
      }
      findings += parsed.issues.length;
      for (const is of parsed.issues) {
        assert.ok(
          is.start >= 0 && is.start <= is.end && is.end <= text.length,
          `input #${i} ${JSON.stringify(text)}: ${is.code} at ${is.start}-${is.end} (length ${text.length})`,
        );
      }
      if (i % 10 === 0) {
        // The whole document (variables, includes, checks) on a tenth of them.
        const res = parse(text, { dialect, env: { VAR: '1', X: '$VAR' } });
        assertRangesInside(res, text);
      }
    }
    assert.ok(findings > 1000, 'the inputs should be broken enough to produce findings');
  });

  test('loadConf never throws on a document whose variables nest through the environment', () => {
    const env: Record<string, string> = {};
    for (let i = 0; i < 40; i++) env[`V${i}`] = `$V${i + 1}`;
    env.V40 = '{ a: $V0 }';
    for (const dialect of DIALECTS) {
      const doc = loadConf(new Source(NOWHERE, 'x: $V0'), { env, fs: undefined, dialect });
      assert.ok(
        doc.issues.some((i) => i.code === 'syntax-error'),
        doc.issues.map((i) => i.message).join('\n'),
      );
    }
  });
});

describe('through the library entry parseConfig', () => {
  test("the engine reports the parser's findings unchanged: code, severity, range, message, data", () => {
    const text = 'port: 4222 ⟦x⟧\n⟦tls:⟧\n  cert_file: ⟦./a.pem⟧\n  timeout: ⟦1m⟧\nk: ⟦$NOPE⟧\nx { ⟦a⟧: }\n';
    const fx = fixture(text);
    for (const dialect of DIALECTS) {
      const ours = parse(fx.text, { dialect });
      assertFindings(ours, fx, [
        'syntax-error',
        'yaml-style-block',
        'unquoted-dot-value',
        'unit-trap',
        'undefined-variable',
        'key-without-value',
      ]);
      const engine = parseConfig(fx.text, { uri: NOWHERE, languageId: 'nats', env: {}, dialect });
      assert.equal(engine.format, 'conf');
      assert.equal(engine.role, 'server');
      const owned = engine.errors.filter((f) => OWNED_CODES.includes(f.code));
      assert.deepEqual(owned, ours.findings);
      assert.ok(owned.every((f) => f.file === NOWHERE));
      assert.equal(valueAt(engine.root!, 'tls.timeout'), 1e6);
    }
  });

  test('the default dialect is the newest nats-server', () => {
    assert.ok(parseConfig('port', { uri: NOWHERE, languageId: 'nats', env: {} }).errors.some((f) => f.code === 'syntax-error'));
    assert.ok(
      !parseConfig('port', { uri: NOWHERE, languageId: 'nats', env: {}, dialect: '2.9.10' }).errors.some((f) => f.code === 'syntax-error'),
    );
  });

  test('the environment given is the one variables see', () => {
    assert.deepEqual(
      parseConfig('port: $P', { uri: NOWHERE, languageId: 'nats', env: { P: '4222' } }).errors.filter((f) => OWNED_CODES.includes(f.code)),
      [],
    );
    assert.ok(parseConfig('port: $P', { uri: NOWHERE, languageId: 'nats', env: {} }).errors.some((f) => f.code === 'undefined-variable'));
  });
});

describe('owned codes', () => {
  test('every owned code is exercised above', () => {
    // A guard: when a code is added to OWNED_CODES it needs its own group here.
    assert.deepEqual([...OWNED_CODES].sort(), [
      'byte-order-mark',
      'empty-config',
      'include-cycle',
      'include-not-found',
      'key-without-value',
      'syntax-error',
      'undefined-variable',
      'unit-trap',
      'unquoted-dot-value',
      'yaml-style-block',
    ]);
  });

  test('fixture markers and findings agree on a multi-line document (sanity of the helper)', () => {
    const fx = fixture('a: 1\nb: ⟦$X⟧\n');
    assert.equal(showRange(fx.range()), '1:3-1:5');
    assertFindings(parse(fx.text), fx, ['undefined-variable']);
  });
});
