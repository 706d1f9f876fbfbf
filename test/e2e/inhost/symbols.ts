// In-host module: the document symbols (Outline) the language server gives for one file.
//   args: { file: string; folder?: string }   (see workspaceUri)
//   returns: { languageId, symbols: { name, kind, children }[] }
import * as vscode from 'vscode';
import type { InHostContext } from '../harness';
import { activateExtension, openInEditor, waitForLanguageServer, workspaceUri } from './vscode-helpers';

export interface SymbolsArgs {
  file: string;
  folder?: string;
}

export interface SymbolNode {
  name: string;
  kind: string;
  children: SymbolNode[];
}

export async function run(ctx: InHostContext): Promise<{ languageId: string; symbols: SymbolNode[] }> {
  const args = ctx.args as SymbolsArgs;
  await activateExtension();
  const uri = workspaceUri(args.file, args.folder);
  const editor = await openInEditor(uri);
  ctx.log(`opened ${uri.toString()} as ${editor.document.languageId}`);
  // activate() does not wait for the language server: ask once it has reported on the document (its
  // providers are registered then, and it has the document open).
  await waitForLanguageServer(uri);
  const symbols =
    (await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
  const convert = (list: vscode.DocumentSymbol[]): SymbolNode[] =>
    list.map((s) => ({ name: s.name, kind: vscode.SymbolKind[s.kind], children: convert(s.children ?? []) }));
  return { languageId: editor.document.languageId, symbols: convert(symbols) };
}
