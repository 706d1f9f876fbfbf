// `[1, 2]`: nats-server reads `2]` as text, so the array never closes and the error shows up later (often at
// the end of the file). The diagnostic stays where nats-server reports it, and says why, pointing back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../server/src/engine';

test('an integer glued to "]" is explained, with a pointer to it', () => {
  const { errors } = parseConfig('ports: [4222, 4223]\nport: 4222\n', { uri: '/nowhere/nats.conf', env: {} });
  assert.ok(errors.length >= 1);
  const e = errors[0]!;
  assert.equal(e.code, 'syntax-error');
  assert.equal(e.range.start.line, 1, 'the error stays where nats-server reports it');
  assert.match(e.message, /read "4223\]" as text/);
  const rel = e.related?.find((r) => /not as the end of the array/.test(r.message));
  assert.ok(rel, JSON.stringify(e.related));
  assert.deepEqual(rel.range, { start: { line: 0, character: 14 }, end: { line: 0, character: 19 } });
});

test('no hint when the array is fine or the problem is elsewhere', () => {
  assert.deepEqual(parseConfig('ports: [4222, 4223 ]\n', { uri: '/nowhere/nats.conf', env: {} }).errors, []);
  const { errors } = parseConfig('ports: [4222, ,]\n', { uri: '/nowhere/nats.conf', env: {} });
  assert.ok(errors.length && !/as text/.test(errors[0]!.message));
});
