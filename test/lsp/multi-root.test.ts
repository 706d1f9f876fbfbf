// Multi-root workspaces: natsTls.* settings per workspace folder (serverVersion, pathBase,
// expiryWarningDays), and folders added while the server runs.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DidChangeWorkspaceFoldersNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, uriOf } from './client';
import { NOW, pkiFiles, tempWorkspace, type TestWorkspace } from './setup';

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code)).sort();

describe('multi-root workspaces', { timeout: 30_000 }, () => {
  let a: TestWorkspace;
  let b: TestWorkspace;
  let client: LspClient;
  const conf = 'tls {\n  cert_file: "certs/server.pem"\n  key_file: "certs/server-key.pem"\n  min_version: "1.3"\n}\n';

  before(async () => {
    const files = await pkiFiles();
    a = tempWorkspace(files);
    b = tempWorkspace(files);
    client = await LspClient.start({
      now: NOW,
      folders: [a.dir, b.dir],
      settings: { [a.dir]: { serverVersion: '2.9.0', pathBase: 'config' }, [b.dir]: { expiryWarningDays: 200 } },
    });
  });
  after(async () => {
    await client.stop();
    a.cleanup();
    b.cleanup();
  });

  test('the server asks for the settings of each folder', () => {
    const asked = client.configurationRequests.seen[0]!;
    assert.equal(asked.length, 3, 'global + two folders');
  });

  test('each folder is checked with its own settings', async () => {
    a.write('conf/nats.conf', conf);
    b.write('conf/nats.conf', conf);
    const ua = await client.open(a.path('conf/nats.conf'), conf);
    const ub = await client.open(b.path('conf/nats.conf'), conf);
    // Folder a: pathBase "config" (certs/ is not next to the config) and target 2.9.0 (no min_version yet).
    const da = await client.pushed(ua, (d) => d.length > 0);
    assert.deepEqual(codes(da), ['field-not-in-version', 'file-not-found', 'file-not-found']);
    // Folder b: "auto" finds certs/ in the folder root; 200 warning days make the 90-day certificate "expiring".
    const db = await client.pushed(ub, (d) => d.length > 0);
    assert.deepEqual(codes(db), ['cert-expiring']);
  });

  test('a folder added later is scanned and gets its settings', async () => {
    const c = tempWorkspace({
      ...(await pkiFiles()),
      'nats.conf': 'tls {\n  cert_file: "certs/expired.pem"\n  key_file: "certs/expired-key.pem"\n}\n',
    });
    try {
      client.settings = { ...client.settings, [c.dir]: { serverVersion: '2.10.0' } };
      const asked = client.configurationRequests.seen.length;
      await client.conn.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
        event: { added: [{ uri: uriOf(c.dir), name: 'c' }], removed: [] },
      });
      const values = await client.configurationRequests.next(() => true, asked);
      assert.equal(values.length, 4);
      await client.barrier();
      const u = await client.open(
        c.path('nats.conf'),
        'tls {\n  cert_file: "certs/expired.pem"\n  key_file: "certs/expired-key.pem"\n  min_version: "1.3"\n}\n',
      );
      const d = await client.pushed(u, (x) => x.length > 0);
      assert.deepEqual(codes(d), ['cert-expired', 'field-not-in-version'], '2.10.0 predates min_version (2.10.21)');
    } finally {
      c.cleanup();
    }
  });
});
