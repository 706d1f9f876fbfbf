// Code actions stay bounded however many findings a document has: on the one-line `tls { a: 1, a: 1, … }`
// of robustness input 77166192 (5,498 findings), a request looks only at the diagnostics in its range
// (at most MAX_FIXED_DIAGNOSTICS), matches each in O(1) against an index built once per version, and does
// nothing once cancelled. Work is counted, never timed.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CancellationTokenSource,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type Range,
  type TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS as ENGINE_DEFAULTS } from '../../server/src/core/tls/model';
import { honouring } from '../../server/src/lsp/cancel';
import { codeActions, codeActionWork, MAX_FIXED_DIAGNOSTICS } from '../../server/src/lsp/code-actions';
import { fileUri, toDiagnostic } from '../../server/src/lsp/convert';
import type { ServerContext } from '../../server/src/lsp/server';
import { resolveTarget } from '../../server/src/lsp/target-version';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { Workspace } from '../../server/src/lsp/workspace';
import { nodeHost } from '../../server/src/node-host';

/** The shape of robustness input 77166192: a tls block, then a second one of thousands of repeated keys on one line. */
const KEYS = 5497;
const TEXT = `tls {\n  cert_file: "certs/server.pem"\n}\n\ntls { ${'a: 1, '.repeat(KEYS - 1)}a: 1 }\n`;
const LONG_LINE = 4;

const FILE = '/nats-tls-no-such-dir/huge.conf';

function context(text: string): { ctx: ServerContext; uri: string; td: TextDocument } {
  const uri = fileUri(FILE);
  const td = TextDocument.create(uri, 'nats', 1, text);
  const host = nodeHost({ NATS_TLS_NOW: '2026-06-01T12:00:00Z' });
  const workspace = new Workspace(host, {}, () => ENGINE_DEFAULTS);
  const ctx: ServerContext = {
    connection: undefined as unknown as Connection,
    documents: { get: (u: string) => (u === uri ? td : undefined), all: () => [td] } as unknown as TextDocuments<TextDocument>,
    workspace,
    runtime: { host, env: {} },
    settingsFor: () => DEFAULT_SETTINGS,
    targetFor: () => resolveTarget(DEFAULT_SETTINGS.serverVersion, undefined),
    setDetectedVersion: () => undefined,
    filesChanged: () => false,
    refresh: () => undefined,
    onRefresh: () => undefined,
  };
  return { ctx, uri, td };
}

function contains(r: Range, line: number, character: number): boolean {
  const before = (l: number, c: number, l2: number, c2: number): boolean => l < l2 || (l === l2 && c < c2);
  return !before(line, character, r.start.line, r.start.character) && !before(r.end.line, r.end.character, line, character);
}

describe('code actions on a document with thousands of findings', () => {
  const { ctx, uri } = context(TEXT);
  ctx.workspace.update(ctx.documents.get(uri)!);
  const diagnostics: Diagnostic[] = ctx.workspace.findings(FILE).map((f) => toDiagnostic(f));
  const ask = (range: Range, ds: Diagnostic[], token?: CancellationToken): ReturnType<typeof codeActions> =>
    codeActions(ctx, { textDocument: { uri }, range, context: { diagnostics: ds } }, { documentChanges: true }, token);

  test('the document has 5,498 findings, all but one on one line', () => {
    assert.equal(diagnostics.length, 5498);
    assert.ok(diagnostics.filter((d) => d.range.start.line === LONG_LINE).length >= KEYS);
  });

  test('a request at the cursor examines only the diagnostics there, though the client sends them all', () => {
    const at = { line: LONG_LINE, character: 6 + 6 * 2000 + 1 };
    const inRange = diagnostics.filter((d) => contains(d.range, at.line, at.character));
    assert.ok(inRange.length >= 1 && inRange.length < 5, `${inRange.length} diagnostics at the cursor`);
    const before = codeActionWork.examined;
    const actions = ask({ start: at, end: at }, diagnostics);
    assert.equal(codeActionWork.examined - before, inRange.length, 'one lookup per diagnostic in range');
    assert.ok(actions.length >= 1, 'the unknown key there gets its fix');
    for (const a of actions) for (const d of a.diagnostics ?? []) assert.ok(inRange.includes(d));
  });

  test('a request over the whole document examines at most MAX_FIXED_DIAGNOSTICS', () => {
    const before = codeActionWork.examined;
    const actions = ask({ start: { line: 0, character: 0 }, end: { line: LONG_LINE + 1, character: 0 } }, diagnostics);
    assert.equal(codeActionWork.examined - before, MAX_FIXED_DIAGNOSTICS);
    assert.ok(actions.length <= MAX_FIXED_DIAGNOSTICS + 1);
  });

  test('the index of current findings is built once per version, whatever the number of requests', () => {
    const before = codeActionWork.indexed;
    for (let i = 0; i < 20; i++) {
      const at = { line: LONG_LINE, character: 6 + 6 * i };
      ask({ start: at, end: at }, diagnostics);
    }
    assert.ok(codeActionWork.indexed - before <= 1);
  });

  test('a cancelled request examines nothing', () => {
    const source = new CancellationTokenSource();
    source.cancel();
    const before = codeActionWork.examined;
    assert.deepEqual(ask({ start: { line: 0, character: 0 }, end: { line: LONG_LINE + 1, character: 0 } }, diagnostics, source.token), []);
    assert.equal(codeActionWork.examined, before);
  });
});

test('a handler cancelled before it runs answers RequestCancelled and does no work', () => {
  let ran = 0;
  const handler = honouring((n: number) => {
    ran++;
    return n * 2;
  });
  const source = new CancellationTokenSource();
  assert.equal(handler(2, source.token), 4);
  source.cancel();
  const r = handler(2, source.token);
  assert.ok(r instanceof ResponseError);
  assert.equal(r.code, LSPErrorCodes.RequestCancelled);
  assert.equal(ran, 1);
});
