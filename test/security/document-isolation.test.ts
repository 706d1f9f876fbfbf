// Finding 7 (issue 10): one document that could not be analysed stopped diagnostics for every document after
// it. A `didOpen` of `file://remotehost/share/nats.conf` made fileURLToPath throw ERR_INVALID_FILE_URL_HOST
// inside the publishing loop. Now a URI names a path only when it can (another host's file is a document
// named by its URI, like `untitled:`), every request about such a document is answered, and the documents
// opened after it get their diagnostics, in push and pull mode alike.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticReportKind,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  type Diagnostic,
  type FullDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { uriToPath } from '../../server/src/lsp/workspace';
import { HostsInConfigRequest, NatsServerReportRequest, TlsFileEditRequest } from '../../server/src/protocol/requests';
import { LspClient } from '../lsp/client';
import { NOW, tempWorkspace, type TestWorkspace } from '../lsp/setup';
import { lspOutput } from './harness';

const REMOTE = 'file://remotehost/share/nats.conf';
const REMOTE_TEXT = 'port: 4222\ntls {\n  cert_file: "server.pem"\n}\n';
const GOOD_TEXT = 'port: 4223\ntls {\n  cert_file: "certs/server.pem"\n}\n';
const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code));

test('uriToPath never throws: a file URI of another host stays a URI', () => {
  assert.equal(uriToPath(REMOTE), process.platform === 'win32' ? '\\\\remotehost\\share\\nats.conf' : REMOTE);
  assert.doesNotThrow(() => uriToPath('file://a%2Fb/x'));
  assert.doesNotThrow(() => uriToPath('file:///a%2Fb'));
  assert.doesNotThrow(() => uriToPath('file:'));
});

/** Every request a client may send about a document, each answered (a result or an error response, not silence). */
async function askEverything(client: LspClient, uri: string): Promise<void> {
  const doc = { textDocument: { uri } };
  const at = { line: 2, character: 16 };
  const range = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
  const answers = await Promise.allSettled([
    client.conn.sendRequest(HoverRequest.type, { ...doc, position: at }),
    client.conn.sendRequest(CompletionRequest.type, { ...doc, position: at }),
    client.conn.sendRequest(DocumentLinkRequest.type, doc),
    client.conn.sendRequest(InlayHintRequest.type, { ...doc, range }),
    client.conn.sendRequest(CodeActionRequest.type, { ...doc, range, context: { diagnostics: [] } }),
    client.conn.sendRequest(DocumentSymbolRequest.type, doc),
    client.conn.sendRequest(FoldingRangeRequest.type, doc),
    client.request(HostsInConfigRequest, { uri }),
    client.request(TlsFileEditRequest, { uri, version: 1, block: { line: 1, character: 0 }, files: { key_file: '/k.pem' } }),
    client.request(NatsServerReportRequest, { configFile: uri, output: 'nats-server: configuration file nats.conf is valid', exitCode: 0 }),
  ]);
  // The LSP requests answer; natsTls/* requests may refuse with a message, never with an internal failure.
  if (process.env.DEBUG_ISO) console.log(JSON.stringify(answers).slice(0, 3000));
  for (const [i, a] of answers.entries()) {
    if (a.status === 'fulfilled') continue;
    const message = String((a.reason as Error).message);
    assert.ok(i >= 7, `request ${i} failed: ${message}`);
    assert.doesNotMatch(message, /ERR_INVALID_FILE_URL|Request .* failed with unhandled|TypeError/, `request ${i}`);
  }
}

describe('push diagnostics', () => {
  let ws: TestWorkspace;
  let client: LspClient;
  before(async () => {
    ws = tempWorkspace({ 'certs/server.pem': 'not a certificate\n' });
    client = await LspClient.start({ now: NOW, folders: [ws.dir] });
  });
  after(async () => {
    await client.stop();
    ws.cleanup();
  });

  test('a document of another host does not stop the documents opened after it', { timeout: 60_000 }, async () => {
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: REMOTE, languageId: 'nats', version: 1, text: REMOTE_TEXT },
    });
    const good = await client.open(ws.path('good.conf'), GOOD_TEXT);
    assert.ok(codes(await client.pushed(good)).includes('missing-key-file'));
    // Its own diagnostics are published too: the text is checked, and no internal error.
    const remote = await client.diagnostics.next((p) => p.uri === REMOTE);
    assert.ok(codes(remote.diagnostics).includes('missing-key-file'), JSON.stringify(remote.diagnostics));
    assert.ok(!codes(remote.diagnostics).includes('internal-error'));
    await askEverything(client, REMOTE);
    // Still alive and still publishing for others.
    await client.change(good, '# edited\n' + GOOD_TEXT);
    assert.ok(codes(await client.pushed(good)).includes('missing-key-file'));
    assert.doesNotMatch(lspOutput(client), /ERR_INVALID_FILE_URL_HOST|uncaught/);
  });
});

describe('pull diagnostics', () => {
  let ws: TestWorkspace;
  let client: LspClient;
  before(async () => {
    ws = tempWorkspace({ 'certs/server.pem': 'not a certificate\n' });
    client = await LspClient.start({ now: NOW, folders: [ws.dir], pull: true });
  });
  after(async () => {
    await client.stop();
    ws.cleanup();
  });

  test('a document of another host is pulled like any other, and so are the others', { timeout: 60_000 }, async () => {
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: REMOTE, languageId: 'nats', version: 1, text: REMOTE_TEXT },
    });
    const good = await client.open(ws.path('good.conf'), GOOD_TEXT);
    const r = (await client.pull(REMOTE)) as FullDocumentDiagnosticReport;
    assert.equal(r.kind, DocumentDiagnosticReportKind.Full);
    assert.ok(codes(r.items).includes('missing-key-file'), JSON.stringify(r.items));
    const g = (await client.pull(good)) as FullDocumentDiagnosticReport;
    assert.ok(codes(g.items).includes('missing-key-file'));
    await askEverything(client, REMOTE);
    assert.doesNotMatch(lspOutput(client), /ERR_INVALID_FILE_URL_HOST|uncaught/);
  });
});
