// Diagnostics over real JSON-RPC: push and pull, exact ranges, source/code/data, stale-version handling,
// and re-checks when settings, certificate files on disk, included files and paired configs change.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FileChangeType, type Diagnostic, type FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { dedent, showRange } from '../helpers/fixture';
import { uriOf } from './client';
import { editRepeatedly } from './edit-latency';
import { pki, session, type Session } from './setup';

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code)).sort();

describe('push diagnostics', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  test('every diagnostic has source nats-tls, a stable code, an exact range and data', async () => {
    const { uri, fx } = await s.open(
      'push/a.conf',
      dedent(`
        port: 4222
        tls {
          cert_file: "../certs/server.pem"
          key_file: "../certs/server-key.pem"
          ⟦cert_fil⟧: "x"
          min_version: ⟦1.2⟧
        }
      `),
    );
    const ds = await s.client.pushed(uri, (d) => d.length > 0);
    for (const d of ds) assert.equal(d.source, 'nats-tls');
    const unknown = ds.find((d) => d.code === 'unknown-field')!;
    assert.ok(unknown, `got ${codes(ds)}`);
    assert.deepEqual(unknown.range, fx.range(0), showRange(unknown.range));
    assert.deepEqual(unknown.data, { key: 'cert_fil', suggestion: 'cert_file', stage: 'load' });
    const invalid = ds.find((d) => d.code === 'invalid-value')!;
    assert.deepEqual(invalid.range, fx.range(1));
    assert.deepEqual(invalid.data, { replacement: '"1.2"', stage: 'load' });
    assert.equal(typeof unknown.codeDescription?.href, 'string');
  });

  test('a change publishes for the new version only, and fixed problems disappear', async () => {
    const { uri } = await s.open('push/b.conf', 'tls {\n  verfy: true\n}\n');
    const first = await s.client.pushed(uri, (d) => d.some((x) => x.code === 'unknown-field'));
    assert.ok(first.length > 0);
    // Two quick versions: diagnostics are computed for the current one, never for a version already gone.
    await s.client.change(uri, 'tls {\n  verfy: true\n  x: 1\n}\n');
    await s.client.change(uri, 'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n}\n');
    const now = await s.client.pushed(uri, (d) => !d.some((x) => x.code === 'unknown-field'));
    assert.deepEqual(codes(now), []);
    const published = s.client.diagnostics.seen.filter((p) => p.uri === uri);
    assert.ok(published.every((p) => p.version !== 2 || p.diagnostics.length > 0));
    assert.equal(published.at(-1)!.version, 3);
  });

  test('closing a document clears its diagnostics', async () => {
    const { uri } = await s.open('push/c.conf', 'tls {\n  bogus: 1\n}\n', { write: false });
    await s.client.pushed(uri, (d) => d.length > 0);
    const seen = s.client.diagnostics.seen.length;
    await s.client.close(uri);
    const cleared = await s.client.diagnostics.next((p) => p.uri === uri && p.diagnostics.length === 0, seen);
    assert.deepEqual(cleared.diagnostics, []);
  });
});

describe('re-checks on disk, settings and paired configs (push)', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  test('a renewed certificate on disk clears cert-expired after didChangeWatchedFiles', async () => {
    const p = await pki();
    s.ws.write('renew/cert.pem', p.expired.pem);
    s.ws.write('renew/key.pem', p.expired.keyPem);
    const { uri, fx } = await s.open('renew/nats.conf', 'tls {\n  cert_file: "⟦cert.pem⟧"\n  key_file: "key.pem"\n}\n');
    const before = await s.client.pushed(uri, (d) => d.some((x) => x.code === 'cert-expired'));
    assert.deepEqual(before.find((d) => d.code === 'cert-expired')!.range, fx.range(0));
    // Renewed: the same path now holds a valid certificate (and its key).
    s.ws.write('renew/cert.pem', p.server.pem);
    s.ws.write('renew/key.pem', p.server.keyPem);
    const seen = s.client.diagnostics.seen.length;
    await s.client.filesChanged([{ file: s.ws.path('renew/cert.pem') }, { file: s.ws.path('renew/key.pem') }]);
    const after = await s.client.diagnostics.next((x) => x.uri === uri && !x.diagnostics.some((d) => d.code === 'cert-expired'), seen);
    assert.deepEqual(codes(after.diagnostics), []);
  });

  test('a certificate deleted on disk becomes file-not-found', async () => {
    const p = await pki();
    s.ws.write('gone/cert.pem', p.server.pem);
    s.ws.write('gone/key.pem', p.server.keyPem);
    const { uri } = await s.open('gone/nats.conf', 'tls {\n  cert_file: "cert.pem"\n  key_file: "key.pem"\n}\n');
    await s.client.pushed(uri, (d) => d.length === 0);
    const seen = s.client.diagnostics.seen.length;
    const fs = await import('node:fs');
    fs.rmSync(s.ws.path('gone/cert.pem'));
    await s.client.filesChanged([{ file: s.ws.path('gone/cert.pem'), type: FileChangeType.Deleted }]);
    const after = await s.client.diagnostics.next((x) => x.uri === uri && x.diagnostics.some((d) => d.code === 'file-not-found'), seen);
    assert.deepEqual(codes(after.diagnostics), ['file-not-found']);
  });

  test('an included file edited on disk re-checks the config that includes it', async () => {
    // The included file defines the variables the tls block uses: the findings land in the includer.
    s.ws.write('inc/vars.conf', 'CERT: "../certs/expired.pem"\nKEY: "../certs/expired-key.pem"\n');
    const { uri, fx } = await s.open('inc/nats.conf', 'include "vars.conf"\ntls {\n  cert_file: ⟦$CERT⟧\n  key_file: $KEY\n}\n');
    const before = await s.client.pushed(uri, (d) => d.some((x) => x.code === 'cert-expired'));
    assert.deepEqual(before.find((d) => d.code === 'cert-expired')!.range, fx.range(0));
    const seen = s.client.diagnostics.seen.length;
    s.ws.write('inc/vars.conf', 'CERT: "../certs/server.pem"\nKEY: "../certs/server-key.pem"\n');
    await s.client.filesChanged([{ file: s.ws.path('inc/vars.conf') }]);
    const after = await s.client.diagnostics.next((x) => x.uri === uri && x.diagnostics.length === 0, seen);
    assert.deepEqual(after.diagnostics, []);
  });

  test('expiryWarningDays comes from settings: raising it warns about a certificate 90 days from expiry', async () => {
    const { uri } = await s.open(
      'expiry/nats.conf',
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n}\n',
    );
    await s.client.pushed(uri, (d) => d.length === 0);
    const seen = s.client.diagnostics.seen.length;
    await s.client.setSettings({ '': { expiryWarningDays: 120 } });
    const after = await s.client.diagnostics.next((x) => x.uri === uri && x.diagnostics.some((d) => d.code === 'cert-expiring'), seen);
    assert.match(String(after.diagnostics[0]!.message), /in 90 days/);
    await s.client.setSettings({});
  });

  test('a paired server config changing re-checks the client config that talks to it', async () => {
    const client = await s.open(
      'pair/client.yaml',
      dedent(`
        servers: nats://localhost:4333
        tls:
          cert_file: ../certs/client.pem
          key_file: ../certs/client-key.pem
          ca_file: ../certs/ca.pem
      `),
    );
    const server = await s.open(
      'pair/server.conf',
      'port: 4333\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  ca_file: "../certs/ca.pem"\n  verify: true\n}\n',
    );
    await s.client.pushed(client.uri, (d) => d.length === 0);
    await s.client.pushed(server.uri, (d) => d.length === 0);
    // The server now verifies clients against a CA that did not issue client-a.
    const seen = s.client.diagnostics.seen.length;
    s.ws.write('pair/other-ca.pem', (await pki()).otherCa.pem);
    await s.client.change(
      server.uri,
      'port: 4333\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  ca_file: "other-ca.pem"\n  verify: true\n}\n',
    );
    const after = await s.client.diagnostics.next(
      (x) => x.uri === client.uri && x.diagnostics.some((d) => d.code === 'peer-untrusted'),
      seen,
    );
    const d = after.diagnostics.find((x) => x.code === 'peer-untrusted')!;
    assert.equal(d.range.start.line, 2);
    assert.deepEqual(d.data, { server: server.file, stage: 'connect' });
  });
});

describe('pull diagnostics', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session({}, { pull: true });
  });
  after(async () => s.close());

  test('the server offers pull diagnostics and answers with a full report and a result id', async () => {
    assert.deepEqual(s.client.initializeResult.capabilities.diagnosticProvider, {
      identifier: 'nats-tls',
      interFileDependencies: true,
      workspaceDiagnostics: false,
    });
    const { uri, fx } = await s.open('pull/a.conf', 'tls {\n  ⟦client_auth⟧: true\n}\n');
    const r = (await s.client.pull(uri)) as FullDocumentDiagnosticReport;
    assert.equal(r.kind, 'full');
    const d = r.items.find((x) => x.code === 'client-auth-field')!;
    assert.deepEqual(d.range, fx.range(0));
    assert.deepEqual(d.data, { replacement: 'verify', stage: 'load' });
    assert.equal(s.client.diagnostics.seen.filter((p) => p.uri === uri).length, 0, 'no push in pull mode');
    // Same version, nothing else changed: unchanged.
    const again = await s.client.pull(uri, r.resultId);
    assert.equal(again.kind, 'unchanged');
    // A new version: a new result.
    await s.client.change(uri, 'tls {\n  verify: true\n}\n');
    const next = (await s.client.pull(uri, r.resultId)) as FullDocumentDiagnosticReport;
    assert.equal(next.kind, 'full');
    assert.notEqual(next.resultId, r.resultId);
    assert.ok(!next.items.some((x) => x.code === 'client-auth-field'));
  });

  test('a certificate changing on disk asks the client to pull again, and the new pull sees it', async () => {
    const p = await pki();
    s.ws.write('pull-renew/cert.pem', p.expiring.pem);
    s.ws.write('pull-renew/key.pem', p.expiring.keyPem);
    const { uri } = await s.open('pull-renew/nats.conf', 'tls {\n  cert_file: "cert.pem"\n  key_file: "key.pem"\n}\n');
    const r1 = (await s.client.pull(uri)) as FullDocumentDiagnosticReport;
    assert.deepEqual(codes(r1.items), ['cert-expiring']);
    const refreshes = s.client.refreshes.seen.length;
    s.ws.write('pull-renew/cert.pem', p.server.pem);
    s.ws.write('pull-renew/key.pem', p.server.keyPem);
    await s.client.filesChanged([{ file: s.ws.path('pull-renew/cert.pem') }, { file: s.ws.path('pull-renew/key.pem') }]);
    await s.client.refreshes.next((k) => k === 'diagnostics', refreshes);
    const r2 = (await s.client.pull(uri, r1.resultId)) as FullDocumentDiagnosticReport;
    assert.equal(r2.kind, 'full');
    assert.deepEqual(r2.items, []);
  });

  test('a settings change asks the client to pull again (serverVersion per folder)', async () => {
    const { uri } = await s.open(
      'pull-version/nats.conf',
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  min_version: "1.3"\n}\n',
    );
    const r1 = (await s.client.pull(uri)) as FullDocumentDiagnosticReport;
    assert.deepEqual(codes(r1.items), []);
    const refreshes = s.client.refreshes.seen.length;
    await s.client.setSettings({ [s.ws.dir]: { serverVersion: '2.9.0' } });
    await s.client.refreshes.next((k) => k === 'diagnostics', refreshes);
    const r2 = (await s.client.pull(uri, r1.resultId)) as FullDocumentDiagnosticReport;
    assert.deepEqual(codes(r2.items), ['field-not-in-version']);
    await s.client.setSettings({});
  });

  test('a closed paired config edited on disk refreshes the open client config', async () => {
    s.ws.write(
      'pull-pair/server.conf',
      'port: 4444\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  ca_file: "../certs/ca.pem"\n  verify: true\n}\n',
    );
    await s.client.filesChanged([{ file: s.ws.path('pull-pair/server.conf'), type: FileChangeType.Created }]);
    await s.client.barrier();
    const { uri } = await s.open('pull-pair/client.yaml', 'servers: nats://localhost:4444\ntls:\n  ca_file: ../certs/ca.pem\n');
    const r1 = (await s.client.pull(uri)) as FullDocumentDiagnosticReport;
    assert.deepEqual(codes(r1.items), ['peer-untrusted'], 'verify: true and no client certificate');
    const refreshes = s.client.refreshes.seen.length;
    s.ws.write(
      'pull-pair/server.conf',
      'port: 4444\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n}\n',
    );
    await s.client.filesChanged([{ file: s.ws.path('pull-pair/server.conf') }]);
    await s.client.refreshes.next((k) => k === 'diagnostics', refreshes);
    const r2 = (await s.client.pull(uri, r1.resultId)) as FullDocumentDiagnosticReport;
    assert.deepEqual(r2.items, []);
    assert.equal(uriOf(s.ws.path('pull-pair/client.yaml')), uri);
  });
});

describe('settings notifications (pull)', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session({}, { pull: true });
  });
  after(async () => s.close());

  test('a settings notification that changes no setting does not ask the client to pull again', async () => {
    // Refresh requests can reach the client after setSettings returns; they arrive in the order they were sent.
    await s.client.refreshes.next((k) => k === 'inlayHints');
    assert.deepEqual(s.client.refreshes.seen, ['diagnostics', 'inlayHints'], 'one refresh after the initial scan');
    await s.client.setSettings({});
    await s.client.setSettings({ '': { expiryWarningDays: 45 } });
    await s.client.refreshes.next((k) => k === 'inlayHints', 2);
    // A refresh for the unchanged notification would come first and end the wait above; two more round trips
    // let the change's refresh arrive too before counting.
    await s.client.barrier();
    await s.client.barrier();
    assert.deepEqual(s.client.refreshes.seen, ['diagnostics', 'inlayHints', 'diagnostics', 'inlayHints'], 'only the change refreshed');
  });
});

// The latency budgets (push and pull p95 under 50 ms after an edit) are in `npm run bench -- budgets`; here,
// what 200 edits in a comment must leave: one report per version, each the same as before the edits.
describe('diagnostics after many edits', { timeout: 60_000 }, () => {
  for (const mode of ['push', 'pull'] as const) {
    test(`${mode}: every edit gets ${mode === 'push' ? 'diagnostics for its version' : 'a full report'}, and a comment edit changes none`, async () => {
      const s = await session({}, { pull: mode === 'pull' });
      try {
        const seen: Diagnostic[][] = [];
        const first = await editRepeatedly(s, mode, 200, (_i, d) => void seen.push(d));
        assert.equal(seen.length, 200);
        assert.deepEqual(
          first.map((d) => d.code),
          ['unknown-field'],
        );
        seen.forEach((d, i) => assert.deepEqual(d, first, `edit ${i + 1}`));
      } finally {
        await s.close();
      }
    });
  }
});
