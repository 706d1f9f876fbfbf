// Issue 12, defect 4: natsTls.serverVersion "auto" (the default). Without a detected version it is the latest
// release; once the client says what `nats-server --version` printed (natsTls/serverVersionDetected, which
// the client sends in trusted workspaces only), diagnostics, completion and natsTls/configStatus use that
// release; an explicit version or "latest" wins. The real 2.9.10 oracle's output is read as 2.9.10.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runVersion } from '../../client/src/nats-server';
import { LATEST_VERSION } from '../../server/src/core/tls/versions';
import { ConfigStatusRequest, ServerVersionDetectedRequest } from '../../server/src/protocol/requests';
import { find, need, oracleTool } from '../helpers/tools';
import { session, type Session } from './setup';

const MIN_VERSION = 'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  min_version: "1.3"\n}\n';
const codes = (d: { code?: unknown }[]): unknown[] => d.map((x) => x.code);

describe('target version "auto"', { timeout: 60_000 }, () => {
  let s: Session;
  let uri: string;
  /** An empty block to complete in. */
  let empty: string;
  before(async () => {
    s = await session();
    uri = (await s.open('nats/tls.conf', MIN_VERSION)).uri;
    empty = (await s.open('nats/empty.conf', 'tls {\n  \n}\n')).uri;
  });
  after(async () => s.close());

  test('nothing detected: the latest release, and min_version is fine', async () => {
    const r = await s.client.request(ConfigStatusRequest, { uri });
    assert.deepEqual(r.target, {
      setting: 'auto',
      version: LATEST_VERSION,
      source: 'latest',
      description: `${LATEST_VERSION} (auto: no nats-server version known, so the latest)`,
    });
    assert.ok(!codes(await s.client.pushed(uri)).includes('field-not-in-version'));
    assert.ok((await s.client.completion(empty, { line: 1, character: 2 })).some((i) => i.label === 'min_version'));
  });

  test('nats-server 2.9.10 detected: diagnostics, completion and the status follow it', async () => {
    const changes = s.client.statusChanges.seen.length;
    const r = await s.client.request(ServerVersionDetectedRequest, {
      folder: s.ws.dir,
      executable: 'nats-server',
      output: 'nats-server: v2.9.10\n',
    });
    assert.deepEqual(r, { version: '2.9.10' });
    const d = await s.client.pushed(uri, (x) => codes(x).includes('field-not-in-version'));
    assert.match(String(d.find((x) => x.code === 'field-not-in-version')!.message), /min_version/);
    const status = await s.client.request(ConfigStatusRequest, { uri });
    assert.deepEqual(status.target, {
      setting: 'auto',
      version: '2.9.10',
      source: 'detected',
      description: "2.9.10 (auto: the configured nats-server's --version)",
      detected: '2.9.10',
    });
    const labels = (await s.client.completion(empty, { line: 1, character: 2 })).map((i) => i.label);
    assert.ok(!labels.includes('min_version') && labels.includes('cert_file'), labels.join(', '));
    // The language status is told to ask again.
    await s.client.statusChanges.next(() => true, changes);
  });

  test('an explicit version or "latest" wins over what was detected', async () => {
    await s.client.setSettings({ '': { serverVersion: '2.10.27' } });
    const pinned = await s.client.request(ConfigStatusRequest, { uri });
    assert.deepEqual(pinned.target, {
      setting: '2.10.27',
      version: '2.10.27',
      source: 'setting',
      description: '2.10.27 (natsTls.serverVersion)',
      detected: '2.9.10',
    });
    await s.client.pushed(uri, (x) => !codes(x).includes('field-not-in-version'));
    await s.client.setSettings({ '': { serverVersion: 'latest' } });
    assert.equal((await s.client.request(ConfigStatusRequest, { uri })).target.version, LATEST_VERSION);
    await s.client.setSettings({ '': {} });
  });

  test('nats-server did not run: back to the latest release', async () => {
    const r = await s.client.request(ServerVersionDetectedRequest, { folder: s.ws.dir, executable: 'nats-server', error: 'not found' });
    assert.deepEqual(r, {});
    await s.client.pushed(uri, (x) => !codes(x).includes('field-not-in-version'));
    assert.equal((await s.client.request(ConfigStatusRequest, { uri })).target.source, 'latest');
  });

  test('the releases the checks tell apart, newest first, for the version picker', async () => {
    const { knownVersions } = await s.client.request(ConfigStatusRequest, { uri });
    assert.equal(knownVersions[0], LATEST_VERSION);
    for (const v of ['2.10.21', '2.9.20', '2.12.0', '2.2.0']) assert.ok(knownVersions.includes(v), v);
    const sorted = [...knownVersions].sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    assert.deepEqual(knownVersions, sorted);
  });

  test("the real nats-server 2.9.10's --version output, as the client runs it, is read as 2.9.10", async (t) => {
    const tool = oracleTool('2.9.10');
    if (!need(t, tool)) return;
    const outcome = await runVersion(find(tool)!);
    assert.equal(outcome.kind, 'ran');
    const r = await s.client.request(ServerVersionDetectedRequest, {
      folder: s.ws.dir,
      executable: find(tool)!,
      ...(outcome.kind === 'ran' ? { output: outcome.output } : {}),
    });
    assert.deepEqual(r, { version: '2.9.10' });
    await s.client.pushed(uri, (x) => codes(x).includes('field-not-in-version'));
  });
});
