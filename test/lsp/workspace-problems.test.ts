// Issue 12, defect 10: problems for every NATS config in the workspace, open or not (natsTls.problems.scope
// "workspace", the default), or only open ones ("openFiles"). Push clients get publishDiagnostics for closed
// files, incrementally (only what changed is sent again); pull clients get workspace/diagnostic reports, held
// until something changed when the client is up to date. Closing a document keeps its problems.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FullDocumentDiagnosticReport, WorkspaceFullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { uriOf } from './client';
import { session, type Session } from './setup';

/** nats-server rejects YAML-style nesting (yaml-style-block). */
const BROKEN = 'listen: ":4222"\ntls:\n  cert_file: "certs/server.pem"\n';
/** A client config whose certificate is missing (file-not-found). */
const CLIENT_B = 'servers: ["tls://localhost:4222"]\ntls:\n  cert_file: "../certs/client-b.pem"\n  key_file: "../certs/client-b-key.pem"\n';
const FIXED = 'listen: ":4222"\n';
const OTHER = 'listen: ":4223"\nauthorization {\n  token: $UNDEFINED_TOKEN_FOR_TESTS\n}\n';

const codes = (d: { code?: unknown }[]): unknown[] => d.map((x) => x.code);

describe('workspace problems, push', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session({ 'nats/broken.conf': BROKEN, 'clients/client-b.yaml': CLIENT_B, 'nats/other.conf': OTHER });
  });
  after(async () => s.close());

  test('closed configs get their problems at start', async () => {
    const broken = await s.client.pushed(uriOf(s.ws.path('nats/broken.conf')), (d) => d.length > 0);
    assert.ok(codes(broken).includes('yaml-style-block'), JSON.stringify(codes(broken)));
    const client = await s.client.pushed(uriOf(s.ws.path('clients/client-b.yaml')), (d) => d.length > 0);
    assert.ok(codes(client).includes('file-not-found'), JSON.stringify(codes(client)));
  });

  test('closing a tab keeps its problems (those of its saved text)', async () => {
    const file = s.ws.path('clients/client-b.yaml');
    const uri = await s.client.open(file, CLIENT_B);
    await s.client.pushed(uri, (d) => codes(d).includes('file-not-found'));
    const from = s.client.diagnostics.seen.length;
    await s.client.close(uri);
    const after = await s.client.diagnostics.next((p) => p.uri === uri, from);
    assert.equal(after.version, undefined);
    assert.ok(codes(after.diagnostics).includes('file-not-found'), 'not cleared on close');
  });

  test('incremental: an edit re-publishes only the files whose findings changed', async () => {
    const other = uriOf(s.ws.path('nats/other.conf'));
    await s.client.pushed(other, (d) => d.length > 0);
    const count = (): number => s.client.diagnostics.seen.filter((p) => p.uri === other).length;
    const before = count();
    const { uri } = await s.open('nats/edited.conf', 'listen: ":4224"\n');
    await s.client.pushed(uri);
    await s.client.change(uri, 'listen: ":4225"\n');
    await s.client.pushed(uri);
    await s.client.barrier();
    assert.equal(count(), before, 'an unrelated closed config is not sent again');
  });

  test('a file fixed on disk: its problems go (watcher event, or natsTls/filesChanged)', async () => {
    const file = s.ws.path('nats/broken.conf');
    fs.writeFileSync(file, FIXED);
    await s.client.filesChanged([{ file }]);
    await s.client.pushed(uriOf(file), (d) => d.length === 0);
  });

  test('scope "openFiles": closed files are cleared once, open ones keep theirs; "workspace" brings them back', async () => {
    const client = uriOf(s.ws.path('clients/client-b.yaml'));
    const from = s.client.diagnostics.seen.length;
    await s.client.setSettings({ '': { problems: { scope: 'openFiles' } } });
    await s.client.diagnostics.next((p) => p.uri === client && p.diagnostics.length === 0, from);
    const { uri } = await s.open('nats/open.conf', BROKEN);
    assert.ok(codes(await s.client.pushed(uri, (d) => d.length > 0)).includes('yaml-style-block'));
    const closing = s.client.diagnostics.seen.length;
    await s.client.close(uri);
    await s.client.diagnostics.next((p) => p.uri === uri && p.diagnostics.length === 0, closing);
    const back = s.client.diagnostics.seen.length;
    await s.client.setSettings({ '': {} });
    await s.client.diagnostics.next((p) => p.uri === client && codes(p.diagnostics).includes('file-not-found'), back);
  });
});

describe('workspace problems, pull (workspace/diagnostic)', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session({ 'nats/broken.conf': BROKEN, 'clients/client-b.yaml': CLIENT_B, 'nats/other.conf': OTHER }, { pull: true });
  });
  after(async () => s.close());

  /** The client's result ids after applying a report. */
  const ids = new Map<string, string>();
  const remember = (items: { uri: string; resultId?: string }[]): void => {
    for (const i of items) if (i.resultId) ids.set(i.uri, i.resultId);
  };
  const previous = (): { uri: string; value: string }[] => [...ids].map(([uri, value]) => ({ uri, value }));

  test('the first report has every closed config with problems, each with a result id', async () => {
    const r = await s.client.workspacePull();
    const byUri = new Map(r.items.map((i) => [i.uri, i as WorkspaceFullDocumentDiagnosticReport]));
    const broken = byUri.get(uriOf(s.ws.path('nats/broken.conf')))!;
    assert.equal(broken.kind, 'full');
    assert.equal(broken.version, null);
    assert.ok(codes(broken.items).includes('yaml-style-block'));
    assert.ok(codes(byUri.get(uriOf(s.ws.path('clients/client-b.yaml')))!.items).includes('file-not-found'));
    remember(r.items);
  });

  test('up to date: the request is held until a file changes, then only that file is reported', async () => {
    let answered = false;
    const pending = s.client.workspacePull(previous()).then((r) => ((answered = true), r));
    await s.client.barrier();
    assert.equal(answered, false, 'nothing changed: no answer yet');
    const file = s.ws.path('nats/broken.conf');
    fs.writeFileSync(file, FIXED);
    await s.client.filesChanged([{ file }]);
    const r = await pending;
    assert.deepEqual(
      r.items.map((i) => [i.uri, (i as WorkspaceFullDocumentDiagnosticReport).items.length]),
      [[uriOf(file), 0]],
    );
    remember(r.items);
  });

  test('an open document is left to the document pull; closed, its pull answers its saved problems', async () => {
    const file = s.ws.path('clients/client-b.yaml');
    const uri = await s.client.open(file, CLIENT_B.replace('client-b.pem', 'client-c.pem'));
    const fresh = await s.client.workspacePull();
    assert.ok(!fresh.items.some((i) => i.uri === uri), 'an open document is not in the workspace report');
    await s.client.close(uri);
    // VS Code pulls a closing document once more (the close may arrive first): its saved text's problems.
    const closed = (await s.client.pull(uri)) as FullDocumentDiagnosticReport;
    assert.equal(closed.kind, 'full');
    assert.ok(codes(closed.items).includes('file-not-found'));
    assert.match(JSON.stringify(closed.items), /client-b\.pem/, 'the saved text, not the edited one');
  });

  test('scope "openFiles": the files the client has are cleared, once', async () => {
    await s.client.setSettings({ '': { problems: { scope: 'openFiles' } } });
    const r = await s.client.workspacePull(previous());
    const client = r.items.find((i) => i.uri === uriOf(s.ws.path('clients/client-b.yaml'))) as WorkspaceFullDocumentDiagnosticReport;
    assert.deepEqual(client.items, []);
    remember(r.items);
    let answered = false;
    const pending = s.client.workspacePull(previous()).then((x) => ((answered = true), x));
    await s.client.barrier();
    assert.equal(answered, false, 'cleared files are not sent again');
    await s.client.setSettings({ '': {} });
    const back = await pending;
    assert.ok(back.items.some((i) => i.uri === uriOf(s.ws.path('clients/client-b.yaml'))));
  });
});
