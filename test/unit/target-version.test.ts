// natsTls.serverVersion "auto" (lsp/target-version.ts): the version read from `nats-server --version`, the
// target a setting and a detected version give, and the releases the version picker offers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LATEST_VERSION } from '../../server/src/core/tls/versions';
import { knownVersions, resolveTarget, versionFromOutput } from '../../server/src/lsp/target-version';

test('versionFromOutput: what nats-server prints, and nothing else', () => {
  assert.equal(versionFromOutput('nats-server: v2.9.10\n'), '2.9.10');
  assert.equal(versionFromOutput('nats-server v2.10.27'), '2.10.27');
  assert.equal(versionFromOutput('nats-server: v2.11.0-RC.1\n'), '2.11.0');
  assert.equal(versionFromOutput('command not found'), undefined);
  assert.equal(versionFromOutput(''), undefined);
});

test('resolveTarget: auto follows the detected version, else the latest; a setting wins', () => {
  assert.deepEqual(resolveTarget('auto', '2.9.10'), {
    setting: 'auto',
    version: '2.9.10',
    source: 'detected',
    description: "2.9.10 (auto: the configured nats-server's --version)",
    detected: '2.9.10',
  });
  assert.equal(resolveTarget('auto', undefined).version, LATEST_VERSION);
  assert.equal(resolveTarget('auto', undefined).source, 'latest');
  assert.deepEqual(resolveTarget('v2.10', '2.9.10'), {
    setting: 'v2.10',
    version: '2.10.0',
    source: 'setting',
    description: '2.10.0 (natsTls.serverVersion)',
    detected: '2.9.10',
  });
  assert.equal(resolveTarget('latest', '2.9.10').version, LATEST_VERSION);
  assert.equal(resolveTarget('nonsense', undefined).version, LATEST_VERSION);
});

test('knownVersions: the latest first, each release where a field arrives, no duplicates', () => {
  const v = knownVersions();
  assert.equal(v[0], LATEST_VERSION);
  assert.equal(new Set(v).size, v.length);
  for (const x of ['2.10.21', '2.11.0', '2.9.20', '2.12.0']) assert.ok(v.includes(x), x);
});
