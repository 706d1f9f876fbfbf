// `.conf` is claimed by other languages (Properties, INI); a nats-server config named e.g. `server.conf`
// would then get no analysis. Claim the ones whose content is clearly a nats-server config.
import * as vscode from 'vscode';
import { looksLikeNatsServerConf } from '../../server/src/protocol/sniff';
import { noteActiveEditor } from './walkthrough';

const CLAIMABLE = new Set(['properties', 'ini', 'plaintext']);

function adopt(doc: vscode.TextDocument): void {
  if (doc.uri.scheme !== 'file' || !/\.conf$/i.test(doc.uri.fsPath) || !CLAIMABLE.has(doc.languageId)) return;
  if (looksLikeNatsServerConf(doc.getText())) void vscode.languages.setTextDocumentLanguage(doc, 'nats').then(noteActiveEditor);
}

export function adoptNatsConfigs(): vscode.Disposable {
  for (const doc of vscode.workspace.textDocuments) adopt(doc);
  return vscode.workspace.onDidOpenTextDocument(adopt);
}
