// The whole config over real JSON-RPC (not only tls blocks): the five-mistake config gets five diagnostics
// with their stage in data, the misspelling's quick fix, hovers and completion from the schema table; and
// `nats-tls check --format json` prints the stage.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DocumentSymbolRequest, type DocumentSymbol, type MarkupContent, type TextEdit } from 'vscode-languageserver-protocol/node';
import { applyTextEdits, applyWorkspaceEdit, ROOT } from './client';
import { session, tempWorkspace, type Session } from './setup';

const FIVE =
  '⟦server_nme⟧: "x"\nport: ⟦"abc"⟧\ncluster {\n  ⟦rotues⟧: ["nats://a:1"]\n}\nauthorization {\n  users: [ {user: a, ⟦pasword⟧: b} ]\n}\njetstream { store_dir: ⟦5⟧ }\n';

describe('options outside tls', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  test("the five-mistake config: five errors at the load stage, at nats-server's places", async () => {
    const { uri, fx } = await s.open('schema/five.conf', FIVE);
    const ds = await s.client.pushed(uri, (d) => d.length >= 5);
    const mine = ds.filter((d) => d.code === 'unknown-field' || d.code === 'invalid-value');
    assert.deepEqual(
      mine.map((d) => d.range),
      fx.ranges,
    );
    for (const d of mine) assert.equal((d.data as { stage?: string }).stage, 'load', String(d.message));
  });

  test('unknown-field: the quick fix writes the suggestion', async () => {
    const { uri, fx } = await s.open('schema/typo.conf', 'cluster {\n  rotues: ["nats://a:6222"]\n}\n');
    const ds = await s.client.pushed(uri, (d) => d.some((x) => x.code === 'unknown-field'));
    const d = ds.find((x) => x.code === 'unknown-field')!;
    const actions = await s.client.codeActions(uri, d.range, [d]);
    const fix = actions.find((a) => a.title === 'Change to routes');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.equal(applyWorkspaceEdit(fix.edit, uri, fx.text, s.client.version(uri)), 'cluster {\n  routes: ["nats://a:6222"]\n}\n');
  });

  test('hover and completion read the schema table', async () => {
    const { uri } = await s.open('schema/assist.conf', 'jetstream {\n  max_file_store: 10GB\n  \n}\n');
    const h = await s.client.hover(uri, { line: 1, character: 4 });
    assert.match((h!.contents as MarkupContent).value, /\*\*max_file_store\*\* \(also `max_file`\)/);
    const items = await s.client.completion(uri, { line: 2, character: 2 });
    const strict = items.find((i) => i.label === 'strict');
    assert.ok(strict && !items.some((i) => i.label === 'max_file_store'), items.map((i) => i.label).join(', '));
    assert.equal(
      applyTextEdits('jetstream {\n  max_file_store: 10GB\n  \n}\n', [strict.textEdit as TextEdit]),
      'jetstream {\n  max_file_store: 10GB\n  strict: ${1|true,false|}\n}\n',
    );
  });

  test('the outline says what each block is, from the schema table', async () => {
    const { uri } = await s.open('schema/outline.conf', 'cluster {\n  name: c\n}\naccounts {\n  A: {}\n}\n');
    const symbols = (await s.client.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((x) => [x.name, x.detail, x.children?.map((c) => c.detail)]),
      [
        ['cluster', 'Routes between the servers of one cluster', ['c']],
        ['accounts', 'Accounts (isolated subject spaces), each with its users, …', ['account']],
      ],
    );
  });
});

test("check --format json prints each diagnostic's stage", () => {
  const ws = tempWorkspace({ 'nats.conf': 'port: "abc"\nSystem_Account: SYS\n' });
  try {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'nats-tls.js'), 'check', '--format', 'json', ws.path('nats.conf')], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; stage: string }[] };
    assert.deepEqual(
      out.diagnostics.map((d) => `${d.code}:${d.stage}`),
      ['invalid-value:load', 'unknown-field:advice'],
    );
  } finally {
    ws.cleanup();
  }
});
