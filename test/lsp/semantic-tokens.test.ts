// Semantic tokens over JSON-RPC: the legend, full and range requests decoded back into (text, type,
// modifiers), block strings sent one line at a time, and an included file's keys left undecided.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SemanticTokensRangeRequest, SemanticTokensRequest, type SemanticTokensLegend } from 'vscode-languageserver-protocol/node';
import { session, type Session } from './setup';

describe('semantic tokens', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  /** Decodes relative LSP token data into `text type[.modifier…]` lines. */
  const decode = (text: string, data: number[]): string[] => {
    const legend = s.client.initializeResult.capabilities.semanticTokensProvider!.legend as SemanticTokensLegend;
    const lines = text.split('\n');
    const out: string[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < data.length; i += 5) {
      const [dl, dc, len, type, mods] = data.slice(i, i + 5) as [number, number, number, number, number];
      line += dl;
      char = dl ? dc : char + dc;
      const names = legend.tokenModifiers.filter((_, b) => mods & (1 << b));
      out.push(`${lines[line]!.slice(char, char + len)} ${[legend.tokenTypes[type], ...names].join('.')}`);
    }
    return out;
  };

  test('the legend uses standard types, plus unit', () => {
    const legend = s.client.initializeResult.capabilities.semanticTokensProvider!.legend;
    assert.deepEqual(legend.tokenTypes, ['property', 'variable', 'keyword', 'number', 'string', 'comment', 'operator', 'unit']);
    assert.deepEqual(legend.tokenModifiers, ['declaration', 'defaultLibrary']);
  });

  test('full: keys by meaning, variables, units, a block string line by line', async () => {
    const text = 'MAX: 1GB\nmax_payload: $MAX\nbanner: (\n  hello\n)\nwhatever: on\n';
    const { uri } = await s.open('t/a.conf', text);
    const r = await s.client.conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    assert.deepEqual(decode(text, r!.data), [
      'MAX variable.declaration',
      ': operator',
      '1 number',
      'GB unit',
      'max_payload property.defaultLibrary',
      ': operator',
      '$MAX variable',
      'banner property',
      ': operator',
      '( string',
      '  hello string',
      ') string',
      'whatever property',
      ': operator',
      'on keyword',
    ]);
  });

  test('range: only the tokens of the requested lines', async () => {
    const text = 'port: 4222\nmax_pending: 10k\ndebug: true\n';
    const { uri } = await s.open('t/b.conf', text);
    const r = await s.client.conn.sendRequest(SemanticTokensRangeRequest.type, {
      textDocument: { uri },
      range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } },
    });
    assert.deepEqual(decode(text, r!.data), ['max_pending property.defaultLibrary', ': operator', '10 number', 'k unit']);
  });

  test('a file another config includes: its keys belong to a block we cannot see, so none is called known', async () => {
    const text = 'port: 4222\n';
    const alone = await s.open('t/alone.conf', text);
    const r1 = await s.client.conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: alone.uri } });
    assert.deepEqual(decode(text, r1!.data), ['port property.defaultLibrary', ': operator', '4222 number']);
    s.ws.write('t/part.conf', text);
    await s.open('t/main.conf', 'cluster {\n  include "part.conf"\n}\n');
    const part = await s.open('t/part.conf', text);
    const r2 = await s.client.conn.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: part.uri } });
    assert.deepEqual(decode(text, r2!.data), ['port property', ': operator', '4222 number']);
  });
});
