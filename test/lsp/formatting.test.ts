// Format Document and Format Selection over JSON-RPC: indentation from the request's options, the separator
// from natsTls.format.separator, nothing for YAML/JSON documents, and registration for `nats` documents only
// where the client lets the server register dynamically.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DocumentFormattingRequest, DocumentRangeFormattingRequest, type TextEdit } from 'vscode-languageserver-protocol/node';
import { registerForNats } from '../../server/src/lsp/nats-documents';
import type { ServerContext } from '../../server/src/lsp/server';
import { applyTextEdits } from './client';
import { session, type Session } from './setup';

const UNFORMATTED = 'port:4222\ntls   {\ncert_file = "certs/server.pem"   # the server\n\n\n    key_file "certs/server-key.pem"\n}\n';

describe('formatting', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  const format = async (uri: string, tabSize = 2, insertSpaces = true): Promise<TextEdit[] | null> =>
    s.client.conn.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize, insertSpaces } });

  test('the capability is declared (this client registers nothing dynamically)', () => {
    assert.equal(s.client.initializeResult.capabilities.documentFormattingProvider, true);
    assert.equal(s.client.initializeResult.capabilities.documentRangeFormattingProvider, true);
  });

  test('Format Document: the separators as written, indentation from the options', async () => {
    const { uri } = await s.open('f/a.conf', UNFORMATTED);
    const edits = (await format(uri, 4))!;
    assert.equal(
      applyTextEdits(UNFORMATTED, edits),
      'port: 4222\ntls {\n    cert_file = "certs/server.pem" # the server\n\n    key_file "certs/server-key.pem"\n}\n',
    );
    const tabs = (await format(uri, 4, false))!;
    assert.match(applyTextEdits(UNFORMATTED, tabs), /\n\tcert_file = /);
  });

  test('natsTls.format.separator: colon', async () => {
    await s.client.setSettings({ '': { format: { separator: 'colon' } } });
    try {
      const { uri } = await s.open('f/b.conf', UNFORMATTED);
      const edits = (await format(uri))!;
      assert.equal(
        applyTextEdits(UNFORMATTED, edits),
        'port: 4222\ntls {\n  cert_file: "certs/server.pem" # the server\n\n  key_file: "certs/server-key.pem"\n}\n',
      );
    } finally {
      await s.client.setSettings({});
    }
  });

  test('Format Selection: only the selected lines change', async () => {
    const { uri } = await s.open('f/c.conf', UNFORMATTED);
    const edits = await s.client.conn.sendRequest(DocumentRangeFormattingRequest.type, {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.equal(
      applyTextEdits(UNFORMATTED, edits!),
      'port:4222\ntls   {\n  cert_file = "certs/server.pem" # the server\n\n\n    key_file "certs/server-key.pem"\n}\n',
    );
  });

  test('a formatted document gives no edits; a syntax error stops formatting before it', async () => {
    const { uri } = await s.open('f/d.conf', 'port: 4222\n');
    assert.deepEqual(await format(uri), []);
    const broken = 'a:1\nb: [1, 2]\nc:    3\n';
    const bad = await s.open('f/e.conf', broken);
    assert.equal(applyTextEdits(broken, (await format(bad.uri))!), 'a: 1\nb: [1, 2]\nc:    3\n');
  });

  test('YAML and JSON documents are not formatted by this server', async () => {
    const yaml = await s.open('f/client.yaml', 'servers:   nats://localhost:4222\n');
    assert.equal(await format(yaml.uri), null);
    const json = await s.open('f/ctx.json', '{"url":"nats://localhost:4222"}');
    assert.equal(await format(json.uri), null);
  });
});

test('where the client registers dynamically, the features are registered for nats documents only', () => {
  const listeners: (() => void)[] = [];
  const registered: unknown[] = [];
  const ctx = {
    onRefresh: (l: () => void) => void listeners.push(l),
    connection: { console: { error: () => undefined } },
  } as unknown as ServerContext;
  const register = (): Promise<void> => {
    registered.push('formatting');
    return Promise.resolve();
  };
  assert.equal(registerForNats(ctx, false, register), false, 'no dynamic registration: a static capability');
  assert.equal(registerForNats(ctx, true, register), true);
  assert.deepEqual(registered, [], 'nothing is registered before the client is initialized');
  for (const l of listeners) l();
  for (const l of listeners) l();
  assert.deepEqual(registered, ['formatting'], 'registered once, after the first refresh');
});
