// "Check with nats-server": the output parser on output formats a test cannot get from the installed release
// (newer servers, Windows paths, a missing config, no output). What nats-server 2.9.10 really prints is
// parsed in test/integration/nats-server-output.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  byteColumnToIndex,
  parseNatsServerOutput,
  problemRange,
  quirkColumnToByte,
  summarizeReport,
} from '../../server/src/core/nats-server-output';

describe('output formats without a real server', () => {
  const ctx = { configFile: '/srv/nats/nats.conf', cwd: '/srv/nats' };

  test('the column quirk', () => {
    assert.equal(quirkColumnToByte(1, 3), 3);
    assert.equal(quirkColumnToByte(2, 4), 3);
    assert.equal(quirkColumnToByte(2, 0), 0);
  });

  test('byte columns to UTF-16 indexes', () => {
    assert.equal(byteColumnToIndex('abc', 2), 2);
    assert.equal(byteColumnToIndex('x: "ééé", foo', 13), 10);
    assert.equal(byteColumnToIndex('😀x', 4), 2);
    assert.equal(byteColumnToIndex('ab', 10), 2);
  });

  test('newer servers: "is valid (sha256:…)" and "config is invalid (file:l:c)"', () => {
    const ok = parseNatsServerOutput('nats-server: configuration file /srv/nats/nats.conf is valid (sha256:ABCDEF0123)\n', ctx);
    assert.equal(ok.valid, true);
    assert.equal(ok.digest, 'abcdef0123');
    const bad = parseNatsServerOutput('nats-server: config is invalid (nats.conf:3:1)\n', ctx);
    assert.deepEqual(
      bad.problems.map((p) => [p.file, p.line, p.byteColumn, p.message]),
      [['/srv/nats/nats.conf', 2, 0, 'config is invalid']],
    );
  });

  test('relative names resolve against the working directory; Windows drive letters survive', () => {
    const r = parseNatsServerOutput('nats-server: sub/x.conf:2:1: unknown field "a"\nC:\\nats\\y.conf:1:0: unknown field "b"\n', ctx);
    assert.equal(r.problems[0]!.file, '/srv/nats/sub/x.conf');
    assert.equal(r.problems[1]!.raw, 'C:\\nats\\y.conf:1:0: unknown field "b"');
    assert.equal(r.problems[1]!.line, 0);
    assert.equal(r.problems[1]!.message, 'unknown field "b"');
  });

  test('the config itself missing; unknown lines are kept as problems on the config', () => {
    const r = parseNatsServerOutput('nats-server: open /srv/nats/nats.conf: no such file or directory\n', ctx);
    assert.equal(r.valid, false);
    assert.equal(r.problems[0]!.file, ctx.configFile);
    assert.equal(r.problems[0]!.line, undefined);
    assert.deepEqual(problemRange('', r.problems[0]!), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  test('no output at all and a failing exit: the summary says so', () => {
    const r = parseNatsServerOutput('', ctx);
    assert.match(
      summarizeReport(r, 2, (f) => f),
      /exited with 2/,
    );
  });
});
