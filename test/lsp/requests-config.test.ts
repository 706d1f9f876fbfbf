// The reading requests behind the client's commands, over real JSON-RPC, each with the document's own settings:
// describing a certificate or key (Inspect), the hosts a config names ($VARs from the server's environment),
// the cert_file/key_file edit (paths written as natsTls.pathBase resolves them), and nats-server's output read
// against natsTls.serverVersion (a field 2.9.10 lacks and latest has gives different results).
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DescribeFileRequest,
  HostsInConfigRequest,
  NatsServerReportRequest,
  TlsFileEditRequest,
  type NatsServerReportParams,
  type NatsServerReportResult,
  type TlsFileEditParams,
} from '../../server/src/protocol/requests';
import { base64Lines } from '../helpers/certs';
import { dedent } from '../helpers/fixture';
import { applyTextEdits, uriOf } from './client';
import { pki, session, type Session } from './setup';

describe('natsTls/describeFile', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  test('a certificate: its public facts under the name the client gives', async () => {
    const r = await s.client.request(DescribeFileRequest, { path: s.ws.path('certs/server.pem'), name: 'certs/server.pem' });
    assert.equal(r.ok, true);
    assert.match(r.text, /^certs\/server\.pem/);
    assert.match(r.text, /Certificate 1 \(line 1\)/);
    assert.match(r.text, /server-main/);
    assert.match(r.text, /key material is never shown/);
  });

  test('a key: what it is, never a line of it', async () => {
    const r = await s.client.request(DescribeFileRequest, { path: s.ws.path('certs/server-key.pem') });
    assert.match(r.text, /Private key \(line 1\)/);
    for (const line of base64Lines((await pki()).server.keyPem)) assert.ok(!r.text.includes(line), 'a line of the key is shown');
  });

  test('a missing file: why it cannot be read, and no failure', async () => {
    const r = await s.client.request(DescribeFileRequest, { path: s.ws.path('certs/none.pem'), name: 'none.pem' });
    assert.equal(r.ok, false);
    assert.match(r.text, /^none\.pem: cannot read it: /);
  });

  test('a relative path is refused', async () => {
    await assert.rejects(s.client.request(DescribeFileRequest, { path: 'certs/server.pem' }), /absolute path/);
  });
});

describe('natsTls/hostsInConfig', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session(
      {
        'nats/closed.conf': 'listen: "nats-a.test:4222"\ncluster { routes: ["nats-route://nats-b.test:6222"] }\n',
        'nats/client.yaml': 'servers: ["tls://localhost:4222"]\ntls:\n  cert_file: "a.pem"\n',
      },
      { env: { EDGE_HOST: 'edge.nats.test' } },
    );
  });
  after(async () => s.close());

  test('an open config: listen, advertise and routes, `$VAR`s from the server environment, unsaved text included', async () => {
    const { uri } = await s.open(
      'nats/open.conf',
      dedent(`
        listen: "0.0.0.0:4222"
        client_advertise: $EDGE_HOST
        cluster {
          routes: ["nats://10.0.0.7:6222"]
        }
      `),
      { write: false },
    );
    const r = await s.client.request(HostsInConfigRequest, { uri });
    assert.equal(r.serverConfig, true);
    assert.deepEqual(r.hosts, [
      { host: 'edge.nats.test', kind: 'dns', from: 'client_advertise' },
      { host: '10.0.0.7', kind: 'ip', from: 'cluster.routes[0]' },
    ]);
  });

  test('a closed config is read from disk; a client config is no server config', async () => {
    const closed = await s.client.request(HostsInConfigRequest, { uri: uriOf(s.ws.path('nats/closed.conf')) });
    assert.deepEqual(
      closed.hosts.map((h) => h.host),
      ['nats-a.test', 'nats-b.test'],
    );
    const client = await s.client.request(HostsInConfigRequest, { uri: uriOf(s.ws.path('nats/client.yaml')) });
    assert.deepEqual(client, { serverConfig: false, hosts: [] });
  });
});

describe('natsTls/tlsFileEdit', { timeout: 60_000 }, () => {
  let s: Session;
  let n = 0;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  const BARE = 'listen: "127.0.0.1:4223"\ntls {\n  timeout: 2\n}\n';
  const files = (): TlsFileEditParams['files'] => ({
    cert_file: s.ws.path('certs/server.pem'),
    key_file: s.ws.path('certs/server-key.pem'),
  });

  /** Opens `text` (its `tls` key on line `line`) with these settings and applies the edit the server returns. */
  async function edit(
    settings: Record<string, unknown>,
    text = BARE,
    line = 1,
  ): Promise<{ text: string; entries: { key: string; value: string }[] }> {
    await s.client.setSettings({ '': settings });
    const { uri } = await s.open(`nats/bare${n++}.conf`, text);
    const version = s.client.version(uri);
    const r = await s.client.request(TlsFileEditRequest, { uri, version, block: { line, character: 0 }, files: files() });
    assert.ok(r.edits, r.reason);
    assert.equal(r.version, version);
    return { text: applyTextEdits(text, r.edits), entries: r.entries };
  }

  test('with the default pathBase ("auto"): relative to the config, after the last entry', async () => {
    const r = await edit({});
    assert.equal(
      r.text,
      'listen: "127.0.0.1:4223"\ntls {\n  timeout: 2\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n}\n',
    );
  });

  test('pathBase names the folder nats-server starts in: the paths are written relative to it', async () => {
    const r = await edit({ pathBase: '..' });
    assert.deepEqual(r.entries, [
      { key: 'cert_file', value: 'certs/server.pem' },
      { key: 'key_file', value: 'certs/server-key.pem' },
    ]);
    const abs = await edit({ pathBase: s.ws.dir });
    assert.deepEqual(
      abs.entries.map((e) => e.value),
      ['certs/server.pem', 'certs/server-key.pem'],
    );
    const config = await edit({ pathBase: 'config' });
    assert.deepEqual(
      config.entries.map((e) => e.value),
      ['../certs/server.pem', '../certs/server-key.pem'],
    );
  });

  test('a field the block has is left alone; the others follow its folder', async () => {
    const r = await edit({ pathBase: 'auto' }, 'tls {\n  cert_file: "../certs/server.pem"\n}\n', 0);
    assert.equal(r.text, 'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n}\n');
  });

  test('a document changed since the code action gets no edit, only the lines and why', async () => {
    await s.client.setSettings({});
    const { uri } = await s.open(`nats/bare${n++}.conf`, BARE);
    const old = s.client.version(uri);
    await s.client.change(uri, `# moved\n${BARE}`);
    const r = await s.client.request(TlsFileEditRequest, { uri, version: old, block: { line: 1, character: 0 }, files: files() });
    assert.equal(r.edits, undefined);
    assert.match(r.reason!, /changed since/);
    assert.deepEqual(
      r.entries.map((e) => e.key),
      ['cert_file', 'key_file'],
    );
  });
});

describe('natsTls/natsServerReport', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  /** What nats-server 2.9.10 prints for min_version (added in 2.10.21), run in the config's folder. */
  const OUTPUT_2_9_10 = 'nats-server: tls.conf:5:3: error parsing tls config, unknown field ["min_version"]\n';
  const CONFIG = dedent(`
    listen: "127.0.0.1:4222"
    tls {
      cert_file: "../certs/server.pem"
      key_file: "../certs/server-key.pem"
      min_version: "1.3"
    }
  `);

  test('the same output reads differently with natsTls.serverVersion latest and 2.9.10', async () => {
    const { uri, file } = await s.open('nats/tls.conf', CONFIG);
    const report = (): Promise<NatsServerReportResult> => reportOf(s, { configFile: file, output: OUTPUT_2_9_10, exitCode: 1 });

    // latest knows min_version: nats-tls reports nothing there, and the hint says the binary is older.
    await s.client.setSettings({ '': { serverVersion: 'latest' } });
    await s.client.pushed(uri, (d) => !d.some((x) => x.code === 'field-not-in-version'));
    const latest = await report();
    assert.equal(latest.problems.length, 1);
    assert.deepEqual(latest.problems[0]!.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 13 } });
    assert.equal(latest.problems[0]!.predictedBy, undefined);
    assert.match(latest.hint!, /rejects min_version, which nats-server latest has \(added in 2\.10\.21 \/ 2\.11\.0\)/);
    assert.equal(latest.summary, 'nats-server reports 1 problem in nats/tls.conf');

    // 2.9.10 lacks it: nats-tls reports it on the same line, and there is nothing to hint.
    await s.client.setSettings({ '': { serverVersion: '2.9.10' } });
    await s.client.pushed(uri, (d) => d.some((x) => x.code === 'field-not-in-version'));
    const old = await report();
    assert.equal(old.problems[0]!.predictedBy, 'field-not-in-version');
    assert.equal(old.hint, undefined);
    await s.client.setSettings({});
  });

  test('a valid config; file names resolve against the folder nats-server ran in', async () => {
    const file = s.ws.path('nats/ok.conf');
    s.ws.write('nats/ok.conf', 'port: 4222\n');
    const ok = await reportOf(s, {
      configFile: file,
      output: `nats-server: configuration file ${file} is valid (sha256:ab12)\n`,
      exitCode: 0,
    });
    assert.deepEqual(ok, { valid: true, problems: [], summary: 'nats-server accepts the configuration' });
    s.ws.write('nats/sub/inc.conf', 'a: 1\nzzz: 2\n');
    const inc = await reportOf(s, {
      configFile: file,
      cwd: s.ws.path('nats'),
      output: 'nats-server: sub/inc.conf:2:1: unknown field "zzz"\n',
      exitCode: 1,
    });
    assert.equal(inc.problems[0]!.file, s.ws.path('nats/sub/inc.conf'));
    assert.deepEqual(inc.problems[0]!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
  });
});

function reportOf(s: Session, params: NatsServerReportParams): Promise<NatsServerReportResult> {
  return s.client.request(NatsServerReportRequest, params);
}
