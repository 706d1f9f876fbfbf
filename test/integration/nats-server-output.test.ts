// "Check with nats-server": the output parser against what nats-server 2.9.10 (the oracle release,
// test/helpers/oracles.ts) really prints for broken configs, run through the client's process call (fixed
// arguments, no shell, the config's folder as working directory), and the ranges the problems get in the
// files' text. The parser on recorded output of other releases is in test/unit/nats-server-output.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  parseNatsServerOutput,
  problemRange,
  summarizeReport,
  type NatsServerProblem,
  type NatsServerReport,
} from '../../server/src/core/nats-server-output';
import { runCheck, type CheckOutcome } from '../../client/src/nats-server';
import { describeWith, find, oracleTool } from '../helpers/tools';

const nats2910 = oracleTool('2.9.10');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-nso-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** A slice of `text` by a problem's range (single-line ranges). */
function at(text: string, p: NatsServerProblem): string {
  const r = problemRange(text, p);
  assert.equal(r.start.line, r.end.line);
  return text.split('\n')[r.start.line]!.slice(r.start.character, r.end.character);
}

const text = (file: string): string => fs.readFileSync(file, 'utf8');

type Ran = Extract<CheckOutcome, { kind: 'ran' }>;

/** Runs nats-server as the client does, and parses its output as the language server does. */
async function check(file: string): Promise<Ran & { report: NatsServerReport }> {
  const r = await runCheck(find(nats2910)!, file);
  assert.equal(r.kind, 'ran', JSON.stringify(r));
  const ran = r as Ran;
  return { ...ran, report: parseNatsServerOutput(ran.output, { configFile: file, cwd: ran.cwd }) };
}

describeWith([nats2910], 'real nats-server -t output', () => {
  test('a valid config: "configuration file … is valid", exit 0, no problems', async () => {
    const file = write('ok/nats.conf', 'port: 4222\n');
    const r = await check(file);
    assert.equal(r.exitCode, 0);
    assert.equal(r.report.valid, true);
    assert.deepEqual(r.report.problems, []);
    assert.match(
      summarizeReport(r.report, r.exitCode, (f) => f),
      /accepts/,
    );
  });

  test('unknown fields: file:line:col with the column quirk (0-based on line 1, 1-based after)', async () => {
    const file = write('quirk/nats.conf', '   foo: 1\nport: 4222\n  bar: 2\n');
    const r = await check(file);
    assert.equal(r.exitCode, 1);
    assert.equal(r.report.valid, false);
    const byName = new Map(r.report.problems.map((p) => [/"(\w+)"/.exec(p.message)![1], p]));
    assert.equal(byName.size, 2, JSON.stringify(r.report.problems));
    for (const [name, p] of byName) {
      assert.equal(p.file, file);
      assert.equal(p.severity, 'error');
      assert.match(p.message, /^unknown field "/);
      assert.equal(at(text(file), p), name, `${name}: ${p.raw}`);
    }
    assert.equal(byName.get('foo')!.line, 0);
    assert.equal(byName.get('bar')!.line, 2);
  });

  test('columns count UTF-8 bytes: a key after non-ASCII text on the same line', async () => {
    const file = write('utf8/nats.conf', 'port: 4222\nx: "ééé", foo: 1\n');
    const r = await check(file);
    const foo = r.report.problems.find((p) => /"foo"/.test(p.message));
    assert.ok(foo, r.output);
    assert.equal(at(text(file), foo), 'foo');
  });

  test('a tls block whose certificate is missing: the error points at the tls key', async () => {
    const file = write('tls/nats.conf', 'port: 4222\ntls {\n  cert_file: "nope.pem"\n  key_file: "nope-key.pem"\n}\n');
    const r = await check(file);
    const [p] = r.report.problems;
    assert.ok(p && r.report.problems.length === 1, r.output);
    assert.match(p.message, /error parsing X509 certificate\/key pair: open nope\.pem: no such file or directory/);
    assert.equal(at(text(file), p), 'tls');
  });

  test('array elements keep their own position: a bad cipher name inside its quotes', async () => {
    const file = write('cipher/nats.conf', 'port: 4222\ntls {\n  cert_file: "a.pem"\n  cipher_suites: ["FOO"]\n}\n');
    const r = await check(file);
    const [p] = r.report.problems;
    assert.ok(p, r.output);
    assert.match(p.message, /unrecognized cipher FOO/);
    assert.equal(at(text(file), p), 'FOO');
  });

  test('warnings fail -t too, and are warnings; several problems come one per line', async () => {
    const file = write('warn/nats.conf', 'port: "4222"\nping_interval: 2m\n');
    const r = await check(file);
    assert.equal(r.exitCode, 1);
    const warn = r.report.problems.find((p) => p.severity === 'warning');
    const err = r.report.problems.find((p) => p.severity === 'error');
    assert.ok(warn && err, r.output);
    assert.match(warn.message, /^invalid use of field "ping_interval"/);
    assert.equal(at(text(file), warn), 'ping_interval');
    assert.match(err.message, /interface conversion/);
    assert.equal(err.line, 0);
    assert.equal(at(text(file), err), 'port');
    assert.match(
      summarizeReport(r.report, r.exitCode, (f) => path.basename(f)),
      /2 problems in nats\.conf/,
    );
  });

  test('a lexer error: "Parse error on line N" with no file or column is put on the config, whole line', async () => {
    const file = write('parse/nats.conf', 'port: 4222\nserver_name: my server\n');
    const r = await check(file);
    const [p] = r.report.problems;
    assert.ok(p && r.report.problems.length === 1, r.output);
    assert.equal(p.file, file);
    assert.equal(p.line, 1);
    assert.match(p.message, /^Parse error: Expected a top-level value to end/);
    assert.equal(at(text(file), p), 'server_name: my server');
  });

  test('an EOF error names the line after the last one: the range stays in the file', async () => {
    const file = write('eof/nats.conf', 'port: 4222\nx {\n');
    const r = await check(file);
    const [p] = r.report.problems;
    assert.ok(p, r.output);
    assert.match(p.message, /Unexpected EOF/);
    const range = problemRange(text(file), p);
    assert.ok(range.start.line <= 2, JSON.stringify(range));
  });

  test('errors in included files land on the included file, resolved along the include chain', async () => {
    const file = write('inc/nats.conf', 'port: 4222\ninclude "nested/a.conf"\n');
    write('inc/nested/a.conf', 'include "b.conf"\n');
    const b = write('inc/nested/b.conf', 'ok: {\n  x: 1\n  y = {\n');
    const r = await check(file);
    const [p] = r.report.problems;
    assert.ok(p && r.report.problems.length === 1, r.output);
    assert.match(r.output, /error parsing include file 'nested\/a\.conf', error parsing include file 'b\.conf', Parse error/);
    assert.equal(p.file, b);
    assert.match(p.message, /^Parse error: /);
  });

  test("option errors in included files carry that file's path", async () => {
    const file = write('inc2/nats.conf', 'port: 4222\ninclude "sub.conf"\n');
    const sub = write('inc2/sub.conf', 'a: 1\n\n  zzz: 2\n');
    const r = await check(file);
    assert.equal(r.report.problems.length, 2, r.output);
    for (const p of r.report.problems) {
      assert.equal(p.file, sub);
      assert.equal(at(text(sub), p), /"(\w+)"/.exec(p.message)![1]);
    }
  });

  test('a missing include: the problem is on the include line of the including file', async () => {
    const file = write('inc3/nats.conf', 'port: 4222\ninclude "nested/missing.conf"\n');
    const r = await check(file);
    const [p] = r.report.problems;
    assert.ok(p, r.output);
    assert.equal(p.file, file);
    assert.equal(p.include, 'nested/missing.conf');
    assert.equal(at(text(file), p), 'nested/missing.conf');
  });

  test('an undefined variable: line only; the range is the $reference', async () => {
    const file = write('var/nats.conf', 'port: 4222\nserver_name: $NATS_TLS_TEST_UNDEFINED_VAR\n');
    const r = await check(file);
    const [p] = r.report.problems;
    assert.ok(p, r.output);
    assert.equal(p.variable, 'NATS_TLS_TEST_UNDEFINED_VAR');
    assert.equal(at(text(file), p), '$NATS_TLS_TEST_UNDEFINED_VAR');
  });

  test('a conversion error without any position: the quoted value, where the file has it', async () => {
    const file = write('range/nats.conf', 'port: 4222\nmax_payload: 99999999999999999999\n');
    const r = await check(file);
    const [p] = r.report.problems;
    assert.ok(p, r.output);
    assert.equal(p.line, undefined);
    assert.equal(at(text(file), p), '99999999999999999999');
  });

  test("runs in the config's folder: relative certificate paths resolve there", async () => {
    // Same config, run from elsewhere, would miss the files; the check must find them.
    const dir = path.join(tmp, 'cwd');
    fs.mkdirSync(dir, { recursive: true });
    const file = write('cwd/nats.conf', 'port: 4222\ntls {\n  cert_file: "server.pem"\n  key_file: "server-key.pem"\n}\n');
    fs.writeFileSync(path.join(dir, 'server.pem'), 'not a certificate\n');
    fs.writeFileSync(path.join(dir, 'server-key.pem'), 'not a key\n');
    const r = await check(file);
    const [p] = r.report.problems;
    assert.ok(p, r.output);
    // Found but unreadable (not "no such file"): the working directory was the config's folder.
    assert.doesNotMatch(p.message, /no such file/);
    assert.match(p.message, /PEM|certificate/i);
  });
});
