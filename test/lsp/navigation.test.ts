// Go to Definition, Find All References, Rename (and its refusals), document highlights and selection
// ranges over JSON-RPC, against the built server, in a workspace with the standard test PKI under certs/.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DefinitionRequest,
  DocumentHighlightKind,
  DocumentHighlightRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SelectionRangeRequest,
  type Location,
  type LocationLink,
  type Position,
  type SelectionRange,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { textOf } from '../helpers/fixture';
import { applyTextEdits, LspClient, uriOf } from './client';
import { NOW, session, tempWorkspace, type Session } from './setup';

describe('navigation', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session({}, { env: { NATS_HOME: '/home/nats' } });
  });
  after(async () => s.close());

  const definition = (uri: string, position: Position): Promise<Location[] | null> =>
    s.client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position }) as Promise<Location[] | null>;

  test('the capabilities are declared', () => {
    const caps = s.client.initializeResult.capabilities;
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.equal(caps.documentHighlightProvider, true);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.equal(caps.selectionRangeProvider, true);
  });

  test('Go to Definition: a variable, an included key, an include, a certificate path; nothing for the environment', async () => {
    s.ws.write('n/vars.conf', 'LIMIT: 100\n');
    const { uri, fx } = await s.open(
      'n/a.conf',
      'include "vars.conf$0"\n⟦CERT⟧: "../certs/server.pem"\nmax_connections: $LIMIT\ntls {\n  cert_file: $CERT\n  ca_file: "../certs/ca.pem"\n}\nstore_dir: $NATS_HOME\n',
    );
    const lines = fx.text.split('\n');
    const at = (line: number, needle: string): Position => ({ line, character: lines[line]!.indexOf(needle) + 1 });
    assert.deepEqual(await definition(uri, fx.cursor!), [{ uri: uriOf(s.ws.path('n/vars.conf')), range: zero() }]);
    assert.deepEqual(await definition(uri, at(2, '$LIMIT')), [
      { uri: uriOf(s.ws.path('n/vars.conf')), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } } },
    ]);
    assert.deepEqual(await definition(uri, at(4, '$CERT')), [{ uri, range: fx.range(0) }]);
    assert.deepEqual(await definition(uri, at(5, 'ca.pem')), [{ uri: uriOf(s.ws.path('certs/ca.pem')), range: zero() }]);
    assert.equal(await definition(uri, at(7, '$NATS_HOME')), null);
  });

  test('Find All References and highlights', async () => {
    const { uri, fx } = await s.open('n/r.conf', '⟦A⟧: 1\nb: ⟦$A⟧\nm { A: 2, c: $A }\nd: [ ⟦$A$0⟧ ]\n');
    const refs = await s.client.conn.sendRequest(ReferencesRequest.type, {
      textDocument: { uri },
      position: fx.cursor!,
      context: { includeDeclaration: true },
    });
    assert.deepEqual(
      refs?.map((l) => textOf(fx.text, l.range)),
      ['A', '$A', '$A'],
    );
    assert.deepEqual(
      refs?.map((l) => l.range),
      [fx.range(0), fx.range(1), fx.range(2)],
    );
    const hl = await s.client.conn.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position: fx.cursor! });
    assert.deepEqual(hl, [
      { range: fx.range(0), kind: DocumentHighlightKind.Write },
      { range: fx.range(1), kind: DocumentHighlightKind.Read },
      { range: fx.range(2), kind: DocumentHighlightKind.Read },
    ]);
  });

  test('Rename: the key and its references, pinned to the document version', async () => {
    const { uri, fx } = await s.open('n/rn.conf', 'A: 1\nb: $A$0\nm { A: 2, c: $A }\n');
    const prep = await s.client.conn.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: fx.cursor! });
    assert.deepEqual(prep, { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } }, placeholder: 'A' });
    const edit = (await s.client.conn.sendRequest(RenameRequest.type, {
      textDocument: { uri },
      position: fx.cursor!,
      newName: 'LIMIT',
    })) as WorkspaceEdit;
    const change = edit.documentChanges![0] as { textDocument: { uri: string; version: number }; edits: [] };
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(applyTextEdits(fx.text, change.edits), 'LIMIT: 1\nb: $LIMIT\nm { A: 2, c: $A }\n');
  });

  test('Rename refused with an error: an option name, a captured reference, an environment variable', async () => {
    const { uri, fx } = await s.open('n/rf.conf', 'A: 1\nm {\n  B: 2\n  x: $A$0\n}\ny: $NATS_HOME\n');
    const rename = (newName: string, position = fx.cursor!): Promise<unknown> =>
      s.client.conn.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName });
    await assert.rejects(rename('port'), /port is a nats-server option/);
    await assert.rejects(rename('B'), /would then stand for another definition instead of the renamed A/);
    await assert.rejects(rename('not a name'), /cannot be a variable name/);
    await assert.rejects(
      s.client.conn.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: { line: 5, character: 5 } }),
      /comes from the environment/,
    );
  });

  test('selection ranges grow from the token to the file', async () => {
    const { uri, fx } = await s.open('n/sel.conf', 'tls {\n  cert_file: "../certs/ser$0ver.pem"\n}\n');
    const [r] = (await s.client.conn.sendRequest(SelectionRangeRequest.type, {
      textDocument: { uri },
      positions: [fx.cursor!],
    })) as SelectionRange[];
    const chain: string[] = [];
    for (let x: SelectionRange | undefined = r; x; x = x.parent) chain.push(textOf(fx.text, x.range));
    assert.deepEqual(chain, [
      '../certs/server.pem',
      '"../certs/server.pem"',
      'cert_file: "../certs/server.pem"',
      '{\n  cert_file: "../certs/server.pem"\n}',
      'tls {\n  cert_file: "../certs/server.pem"\n}',
      fx.text,
    ]);
  });

  test('YAML and JSON documents get nothing', async () => {
    const { uri } = await s.open('n/client.yaml', 'servers: nats://localhost:4222\ntls:\n  ca_file: ../certs/ca.pem\n');
    assert.equal(await definition(uri, { line: 2, character: 14 }), null);
  });
});

test('Go to Definition answers with location links where the client supports them', async () => {
  const ws = tempWorkspace({});
  const client = await LspClient.start({
    now: NOW,
    folders: [ws.dir],
    capabilities: { textDocument: { definition: { linkSupport: true } } },
  });
  try {
    const file = ws.path('a.conf');
    const uri = await client.open(file, 'X: 1\ny: $X\n');
    const links = (await client.conn.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: { line: 1, character: 4 },
    })) as LocationLink[];
    assert.deepEqual(links, [
      {
        originSelectionRange: { start: { line: 1, character: 3 }, end: { line: 1, character: 5 } },
        targetUri: uri,
        targetRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        targetSelectionRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      },
    ]);
  } finally {
    await client.stop();
    ws.cleanup();
  }
});

function zero(): { start: Position; end: Position } {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
