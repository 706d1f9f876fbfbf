// Every request the server handles honours cancellation: a request cancelled before it runs (the cancellation
// arrives while it waits in the queue, as when the user types on) is answered with RequestCancelled at once,
// not with the work done. Request and cancellation are written in one pipe write, so the server reads both
// before it dispatches the request: deterministic, no timing involved.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentDiagnosticRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  LSPErrorCodes,
} from 'vscode-languageserver-protocol/node';
import type { LspClient } from './client';
import { session, type Session } from './setup';

let nextId = 0;

/**
 * Writes a request and its cancellation to the server in one write (one pipe write of a few hundred bytes:
 * the server reads both before it dispatches the request), and returns the server's response to it.
 */
async function cancelledBeforeItRuns(
  client: LspClient,
  method: string,
  params: unknown,
): Promise<{ result?: unknown; error?: { code: number } }> {
  const id = `cancel-test-${++nextId}`;
  const frame = (msg: unknown): string => {
    const body = JSON.stringify(msg);
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  const stdout = client.proc.stdout!;
  const response = new Promise<{ result?: unknown; error?: { code: number } }>((resolve) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const head = buf.indexOf('\r\n\r\n');
        if (head < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, head).toString('ascii'))?.[1]);
        if (buf.length < head + 4 + length) return;
        const msg = JSON.parse(buf.subarray(head + 4, head + 4 + length).toString('utf8')) as { id?: unknown };
        buf = buf.subarray(head + 4 + length);
        if (msg.id === id) {
          stdout.off('data', onData);
          resolve(msg as { result?: unknown; error?: { code: number } });
          return;
        }
      }
    };
    stdout.on('data', onData);
  });
  client.proc.stdin!.write(
    frame({ jsonrpc: '2.0', id, method, params }) + frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }),
  );
  return response;
}

function assertCancelled(answer: { result?: unknown; error?: { code: number } }): void {
  assert.ok(answer.error, `expected an error, got ${JSON.stringify(answer)}`);
  assert.equal(answer.error.code, LSPErrorCodes.RequestCancelled);
}

for (const pull of [false, true]) {
  describe(`requests cancelled before they run (${pull ? 'pull' : 'push'} diagnostics)`, { timeout: 60_000 }, () => {
    let s: Session;
    let uri: string;
    before(async () => {
      s = await session({}, { pull });
      ({ uri } = await s.open(
        'cancel/nats.conf',
        'port: 4222\ntls {\n  cert_fil: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n}\n',
      ));
      if (pull) await s.client.pull(uri);
      else await s.client.pushed(uri);
    });
    after(async () => s.close());

    const at = { line: 2, character: 4 };
    const range = { start: at, end: at };
    const requests: [string, string, () => unknown][] = [
      ['hover', HoverRequest.method, () => ({ textDocument: { uri }, position: at })],
      ['completion', CompletionRequest.method, () => ({ textDocument: { uri }, position: at })],
      ['code action', CodeActionRequest.method, () => ({ textDocument: { uri }, range, context: { diagnostics: [] } })],
      ['inlay hints', InlayHintRequest.method, () => ({ textDocument: { uri }, range })],
      ['document links', DocumentLinkRequest.method, () => ({ textDocument: { uri } })],
      ['document symbols', DocumentSymbolRequest.method, () => ({ textDocument: { uri } })],
      ['folding ranges', FoldingRangeRequest.method, () => ({ textDocument: { uri } })],
    ];
    if (pull) requests.push(['pull diagnostics', DocumentDiagnosticRequest.method, () => ({ textDocument: { uri } })]);
    for (const [name, method, params] of requests) {
      test(`${name}: answered RequestCancelled`, async () => {
        const answer = await cancelledBeforeItRuns(s.client, method, params());
        assertCancelled(answer);
        // No `retriggerRequest: false`: vscode-languageclient would drop the pull it queued when it cancelled.
        if (method === DocumentDiagnosticRequest.method) assert.equal((answer.error as { data?: unknown }).data, undefined);
        // The same request, not cancelled, is answered normally.
        await s.client.conn.sendRequest(method, params());
      });
    }
  });
}
