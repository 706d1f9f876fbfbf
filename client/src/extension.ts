// VS Code side: starts the language server and offers the UI. Analysis lives in the server; the commands
// (client/src/commands/) ask, let the engine plan, and write.
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Commands } from './commands/index';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/launch';
import { adoptNatsConfigs } from './detect-language';
import { LanguageStatus } from './language-status';

let client: LanguageClient | undefined;
/** Set while the client is stopped on purpose (restart, deactivate), so that is no failure. */
let stopping = false;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('NATS TLS', { log: true });
  const status = new LanguageStatus();
  context.subscriptions.push(output, status, adoptNatsConfigs());

  // The commands (and the engine they carry) load on first use, not at activation.
  let commands: Commands | undefined;
  const inspectChanged = new vscode.EventEmitter<vscode.Uri>();
  const load = (): Commands => {
    if (!commands) {
      const mod = require(COMMANDS_BUNDLE) as typeof import('./commands/index');
      commands = mod.createCommands(context, output, status);
      context.subscriptions.push(commands, commands.inspect.onDidChange((u) => inspectChanged.fire(u)));
    }
    return commands;
  };
  const inspectProxy: vscode.TextDocumentContentProvider = {
    onDidChange: inspectChanged.event,
    provideTextDocumentContent: (uri) => load().inspect.provideTextDocumentContent(uri),
  };

  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] } },
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
    inspectChanged,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectProxy),
    vscode.commands.registerCommand('natsTls.restartServer', async () => {
      stopping = true;
      try {
        await client?.restart();
      } finally {
        stopping = false;
      }
    }),
    vscode.commands.registerCommand('natsTls.showOutput', () => output.show(true)),
    ...COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => load().run(id, args))),
  );
  // Not awaited: activation returns at once and the server starts in the background.
  client.start().catch((e: Error) => {
    status.setServer('failed', e.message);
    void vscode.window.showErrorMessage(`NATS TLS: the language server did not start: ${e.message}`);
  });
}

/** Must match esbuild.mjs; resolved next to this bundle at run time. */
const COMMANDS_BUNDLE = './commands.js';
/** The commands the lazy bundle handles (kept here so activation need not load it). */
const COMMAND_IDS = [
  'natsTls.generateTestCa',
  'natsTls.generateServerCertificate',
  'natsTls.generateClientCertificate',
  'natsTls.setUpMutualTls',
  'natsTls.renewCertificate',
  'natsTls.inspectCertificate',
  'natsTls.checkWithNatsServer',
] as const;
const INSPECT_SCHEME = 'nats-tls-inspect';

export async function deactivate(): Promise<void> {
  stopping = true;
  await client?.stop();
  client = undefined;
}
