// Document symbols and folding over real JSON-RPC (the outline of a config, comment and block folding).
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DocumentSymbolRequest, FoldingRangeRequest, type DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { session, type Session } from './setup';

describe('document symbols and folding', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  test('an outline of the config and its folding ranges', async () => {
    const { uri, fx } = await s.open('sym/nats.conf', '# one\n# two\nport: 4222\n⟦cluster {\n  ⟦tls⟧ {\n    cert_file: "a.pem"\n  }\n}⟧\n');
    const symbols = (await s.client.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((x) => x.name),
      ['port', 'cluster'],
    );
    const cluster = symbols[1]!;
    assert.deepEqual(cluster.range, fx.range(0));
    assert.deepEqual(cluster.children?.[0]?.selectionRange, fx.range(1));
    assert.deepEqual(
      cluster.children?.[0]?.children?.map((c) => c.name),
      ['cert_file'],
    );
    const folds = (await s.client.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } })) ?? [];
    assert.deepEqual(
      folds.map((f) => [f.startLine, f.endLine, f.kind ?? '']).sort(),
      [
        [0, 1, 'comment'],
        [3, 6, ''],
        [4, 5, ''],
      ].sort(), // the closing brace stays visible
    );
  });
});
