// Issue 12, defect 10: problems of closed configs cost a bounded amount. No more files than the limit (the
// workspace scan's, 5000) are pushed or reported at once, and only the files that changed are sent again.
// The connection, documents and project are fakes: what is counted is what would go over the wire.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection, Diagnostic, PublishDiagnosticsParams, TextDocuments, WorkspaceDiagnosticParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Workspace } from '../../server/src/lsp/workspace';
import { MAX_SCANNED_FILES } from '../../server/src/lsp/workspace';
import { WorkspaceProblems } from '../../server/src/lsp/workspace-problems';

const ROOT = '/ws';
const PROBLEM: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'broken' };

/** `n` closed configs under /ws, each with one problem; stamps bumped by `touch`. */
function fixture(n: number, limit?: number) {
  const files = Array.from({ length: n }, (_, i) => `${ROOT}/c${i}.conf`);
  const stamps = new Map(files.map((f) => [f, 1]));
  const sent: PublishDiagnosticsParams[] = [];
  const connection = { sendDiagnostics: (p: PublishDiagnosticsParams) => (sent.push(p), Promise.resolve()) } as unknown as Connection;
  const documents = { all: () => [] } as unknown as TextDocuments<TextDocument>;
  const workspace = {
    roots: [ROOT],
    project: { has: (f: string) => stamps.has(f), files: () => [...stamps.keys()], stamp: (f: string) => stamps.get(f) ?? 0 },
  } as unknown as Workspace;
  const problems = new WorkspaceProblems({
    connection,
    documents,
    workspace,
    scopeOf: () => 'workspace',
    diagnostics: () => [PROBLEM],
    prepare: () => undefined,
    ...(limit !== undefined ? { limit } : {}),
  });
  const touch = (f: string): void => void stamps.set(f, (stamps.get(f) ?? 0) + 1);
  return { files, sent, problems, touch };
}

const pull = async (p: WorkspaceProblems, previous: WorkspaceDiagnosticParams['previousResultIds'] = []) =>
  (await p.workspaceReport(
    { previousResultIds: previous },
    () => false,
    () => undefined,
  )) ?? [];

test('the default limit is the workspace scan file limit', async () => {
  const { problems, sent } = fixture(MAX_SCANNED_FILES + 3);
  problems.publish(undefined);
  assert.equal(sent.length, MAX_SCANNED_FILES);
  assert.equal((await pull(problems)).length, MAX_SCANNED_FILES);
});

test('push: at most the limit of closed files carry problems; the rest are not sent', () => {
  const { problems, sent, files } = fixture(5, 3);
  problems.publish(undefined);
  assert.equal(sent.length, 3);
  // Again: the same three are sent again (their problems may have changed), no fourth joins them.
  problems.publish(files);
  assert.equal(new Set(sent.map((p) => p.uri)).size, 3);
});

test('push is incremental: only the changed files are sent again', () => {
  const { problems, sent, files } = fixture(4);
  problems.publish(undefined);
  assert.equal(sent.length, 4);
  problems.publish([files[2]!]);
  assert.equal(sent.length, 5);
  assert.equal(sent[4]!.uri, 'file:///ws/c2.conf');
});

test('pull: at most the limit per report; a report with the result ids sends only what changed', async () => {
  const { problems, touch, files } = fixture(5, 3);
  const first = await pull(problems);
  assert.equal(first.length, 3);
  const previous = first.map((r) => ({ uri: r.uri, value: r.resultId! }));
  touch(files[1]!);
  const second = await pull(problems, previous);
  assert.deepEqual(
    second.map((r) => r.uri),
    ['file:///ws/c1.conf'],
  );
});
