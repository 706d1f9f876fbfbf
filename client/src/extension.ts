// VS Code side: starts the language server and offers the UI. Analysis lives in the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('NATS TLS', { log: true });
  context.subscriptions.push(output);
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'nats' },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
    ],
    outputChannel: output,
    synchronize: { configurationSection: 'natsTls' },
  };
  client = new LanguageClient('natsTls', 'NATS TLS', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('natsTls.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('natsTls.showOutput', () => output.show(true)),
  );
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`NATS TLS: the language server did not start: ${(e as Error).message}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
