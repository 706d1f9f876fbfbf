// In-host module: runs the extension's commands through vscode.commands.executeCommand with arguments (no
// prompts) and reports what they did.
//   args: { action: 'generate-ca', folder: string }          → { trusted, result, files }
//         { action: 'inspect', file: string }                 → { text }
//         { action: 'check', file: string }                   → { diagnostics: { message, line, character, severity }[] }
//         { action: 'commands' }                              → { commands: string[] } (the natsTls.* ones registered)
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { InHostContext } from '../harness';
import { activateExtension } from './vscode-helpers';

export type CommandsArgs =
  | { action: 'generate-ca'; folder: string }
  | { action: 'inspect'; file: string }
  | { action: 'check'; file: string }
  | { action: 'commands' };

export async function run(ctx: InHostContext): Promise<unknown> {
  const args = ctx.args as CommandsArgs;
  await activateExtension();
  switch (args.action) {
    case 'commands': {
      const all = await vscode.commands.getCommands(true);
      return { commands: all.filter((c) => c.startsWith('natsTls.')).sort(), trusted: vscode.workspace.isTrusted };
    }
    case 'generate-ca': {
      const result = await vscode.commands.executeCommand<vscode.Uri | undefined>('natsTls.generateTestCa', {
        folder: args.folder,
        nameConstraints: true,
      });
      const files = fs.existsSync(args.folder) ? fs.readdirSync(args.folder).sort() : [];
      ctx.log(`trusted=${vscode.workspace.isTrusted} result=${result?.toString() ?? 'undefined'} files=${files.join(',')}`);
      return { trusted: vscode.workspace.isTrusted, result: result?.fsPath ?? null, files };
    }
    case 'inspect': {
      await vscode.commands.executeCommand('natsTls.inspectCertificate', vscode.Uri.file(args.file));
      const doc = vscode.workspace.textDocuments.find(
        (d) => d.uri.scheme === 'nats-tls-inspect' && d.uri.query === vscode.Uri.file(args.file).toString(),
      );
      if (!doc) throw new Error(`no inspect document; open: ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', ')}`);
      return { text: doc.getText(), active: vscode.window.activeTextEditor?.document.uri.scheme };
    }
    case 'check': {
      const uri = vscode.Uri.file(args.file);
      await vscode.commands.executeCommand('natsTls.checkWithNatsServer', uri);
      const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nats-server');
      return {
        diagnostics: diags.map((d) => ({
          message: d.message,
          line: d.range.start.line,
          character: d.range.start.character,
          end: d.range.end.character,
          severity: vscode.DiagnosticSeverity[d.severity],
        })),
      };
    }
  }
}
