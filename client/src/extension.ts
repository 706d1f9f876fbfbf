// VS Code side: starts the language server and offers the UI. Analysis lives in the server; the commands
// (client/src/commands/) ask, let the engine plan, and write.
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { NatsServerCheck } from './commands/check';
import { generateClientCertificate, generateServerCertificate, generateTestCa, setUpMutualTls } from './commands/generate';
import { INSPECT_SCHEME, InspectProvider, inspectCertificate } from './commands/inspect';
import { renewCertificate } from './commands/renew';
import { makeServices } from './commands/shared';
import { adoptNatsConfigs } from './detect-language';
import { LanguageStatus } from './language-status';

let client: LanguageClient | undefined;
/** Set while the client is stopped on purpose (restart, deactivate), so that is no failure. */
let stopping = false;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('NATS TLS', { log: true });
  const status = new LanguageStatus();
  const services = makeServices(context, output, status);
  const inspect = new InspectProvider(services);
  const check = new NatsServerCheck(services);
  context.subscriptions.push(output, status, inspect, check, adoptNatsConfigs());

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
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) status.setServer('ready');
      else if (e.newState === State.Starting) status.setServer('starting');
      // Stopped without being asked to (a crash the client gave up restarting): an error.
      else status.setServer(stopping ? 'stopped' : 'failed', stopping ? undefined : 'the language server stopped; see the output');
    }),
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspect),
    vscode.commands.registerCommand('natsTls.restartServer', async () => {
      stopping = true;
      try {
        await client?.restart();
      } finally {
        stopping = false;
      }
    }),
    vscode.commands.registerCommand('natsTls.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('natsTls.generateTestCa', (arg?: unknown) => generateTestCa(services, arg)),
    vscode.commands.registerCommand('natsTls.generateServerCertificate', (arg?: unknown) => generateServerCertificate(services, arg)),
    vscode.commands.registerCommand('natsTls.generateClientCertificate', (arg?: unknown) => generateClientCertificate(services, arg)),
    vscode.commands.registerCommand('natsTls.setUpMutualTls', (arg?: unknown) => setUpMutualTls(services, arg)),
    vscode.commands.registerCommand('natsTls.renewCertificate', (arg?: unknown) => renewCertificate(services, arg)),
    vscode.commands.registerCommand('natsTls.inspectCertificate', (arg?: unknown, selection?: unknown) => inspectCertificate(services, inspect, arg, selection)),
    vscode.commands.registerCommand('natsTls.checkWithNatsServer', (arg?: unknown) => check.run(arg)),
  );
  try {
    await client.start();
  } catch (e) {
    const message = (e as Error).message;
    status.setServer('failed', message);
    void vscode.window.showErrorMessage(`NATS TLS: the language server did not start: ${message}`);
  }
}

export async function deactivate(): Promise<void> {
  stopping = true;
  await client?.stop();
  client = undefined;
}
