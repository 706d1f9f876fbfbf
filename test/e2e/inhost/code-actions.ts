// In-host module: the code actions VS Code gets for a cursor on each line of a file (every provider, as the
// light bulb asks for them), once the language server has the document.
//   args: { file: string; lines: number[] (0-based) ; character?: number }
//   returns: per line, the actions as { title, kind }
import * as vscode from 'vscode';
import type { InHostContext } from '../harness';
import { activateExtension, openInEditor, waitForLanguageServer, workspaceUri } from './vscode-helpers';

export interface CodeActionsArgs {
  file: string;
  lines: number[];
  character?: number;
}

export type CodeActionsResult = Record<number, { title: string; kind: string }[]>;

export async function run(ctx: InHostContext): Promise<CodeActionsResult> {
  const args = ctx.args as CodeActionsArgs;
  await activateExtension();
  const uri = workspaceUri(args.file);
  await openInEditor(uri);
  await waitForLanguageServer(uri);
  const out: CodeActionsResult = {};
  for (const line of args.lines) {
    const at = new vscode.Position(line, args.character ?? 2);
    const actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        new vscode.Range(at, at),
      )) ?? [];
    out[line] = actions.map((a) => ({ title: a.title, kind: 'kind' in a && a.kind ? a.kind.value : '' }));
    ctx.log(`line ${line}: ${out[line]!.map((a) => `${a.kind} ${a.title}`).join(' | ') || '(none)'}`);
  }
  return out;
}
