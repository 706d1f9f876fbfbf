// The language server parses an open document once per version, also when it turns out to be no NATS config:
// an open YAML/JSON file used to be parsed again on every request and, in push mode, on every keystroke.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { fileUri } from '../../server/src/lsp/convert';
import { Workspace } from '../../server/src/lsp/workspace';
import { nodeHost } from '../../server/src/node-host';

/** The workspace reads a document's text exactly when it parses it, so counting reads counts parses. */
function opened(name: string, languageId: string, text: string): { td: TextDocument; parses: () => number } {
  const td = TextDocument.create(fileUri(path.join(os.tmpdir(), 'nats-tls-no-such-dir', name)), languageId, 1, text);
  let parses = 0;
  const getText = td.getText.bind(td);
  td.getText = (range) => {
    parses++;
    return getText(range);
  };
  return { td, parses: () => parses };
}

function workspace(): Workspace {
  return new Workspace(nodeHost({}), {}, () => DEFAULT_SETTINGS);
}

test('an open file that is no NATS config is parsed once per version', () => {
  const ws = workspace();
  const { td, parses } = opened('values.yaml', 'yaml', 'replicas: 3\nimage: nginx\n');
  assert.equal(ws.update(td), undefined);
  assert.equal(ws.update(td), undefined);
  assert.equal(parses(), 1);
  TextDocument.update(td, [{ text: 'replicas: 4\nimage: nginx\n' }], 2);
  assert.equal(ws.update(td), undefined);
  assert.equal(ws.update(td), undefined);
  assert.equal(parses(), 2);
});

test('an open NATS config is parsed once per version and again after it is reopened', () => {
  const ws = workspace();
  const { td, parses } = opened('nats.conf', 'nats', 'port: 4222\n');
  const doc = ws.update(td);
  assert.ok(doc);
  assert.equal(ws.update(td), doc);
  assert.equal(parses(), 1);
  ws.close(td.uri);
  assert.ok(ws.update(td));
  assert.equal(parses(), 2);
});
