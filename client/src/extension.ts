// VS Code side: starts the language server and offers the UI. The engine lives in the server; the commands
// (client/src/commands/) ask, send natsTls/* requests (server/src/protocol/requests.ts), write and show.
import * as vscode from 'vscode';
import { COMMAND_IDS, INSPECT_SCHEME } from '../../server/src/protocol/commands';
import type { Commands } from './commands/index';
import { adoptNatsConfigs } from './detect-language';
import type { NatsLanguageClient } from './language-client';
import type { LanguageServer } from './language-server';
import { LanguageStatus } from './language-status';

let client: NatsLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('NATS TLS', { log: true });
  const status = new LanguageStatus();
  context.subscriptions.push(output, status, adoptNatsConfigs());

  // Commands may run before the language client exists (right after activation): their requests wait for it.
  let created!: (c: NatsLanguageClient) => void;
  let notCreated!: (e: Error) => void;
  const ready = new Promise<NatsLanguageClient>((resolve, reject) => ((created = resolve), (notCreated = reject)));
  ready.catch(() => undefined); // reported by failed(); requests get the rejection
  const server: LanguageServer = {
    request: async (type, params) => (await ready).request(type, params),
    onNotification: (type, handler) => void ready.then((c) => c.onNotification(type, handler)),
  };

  // The commands load on first use, not at activation.
  let commands: Commands | undefined;
  const inspectChanged = new vscode.EventEmitter<vscode.Uri>();
  const load = (): Commands => {
    if (!commands) {
      const mod = require(COMMANDS_BUNDLE) as typeof import('./commands/index');
      commands = mod.createCommands(context, output, status, server);
      context.subscriptions.push(
        commands,
        commands.inspect.onDidChange((u) => inspectChanged.fire(u)),
      );
    }
    return commands;
  };
  const inspectProxy: vscode.TextDocumentContentProvider = {
    onDidChange: inspectChanged.event,
    provideTextDocumentContent: (uri) => load().inspect.provideTextDocumentContent(uri),
  };

  context.subscriptions.push(
    inspectChanged,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectProxy),
    vscode.commands.registerCommand('natsTls.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('natsTls.showOutput', () => output.show(true)),
    ...COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => load().run(id, args))),
  );
  // Activation returns at once; the language client (most of the client's code) loads and starts right after.
  setImmediate(() => {
    try {
      const mod = require(LANGUAGE_CLIENT_BUNDLE) as typeof import('./language-client');
      client = mod.createLanguageClient(context, output, status);
      created(client);
      client.start().catch((e: Error) => failed(e, status));
      // The target version and working directory items (they ask the server once it runs).
      mod.startConfigStatus(context, client, output);
    } catch (e) {
      notCreated(e as Error);
      failed(e as Error, status);
    }
  });
}

function failed(e: Error, status: LanguageStatus): void {
  status.setServer('failed', e.message);
  void vscode.window.showErrorMessage(`NATS TLS: the language server did not start: ${e.message}`);
}

/** Must match esbuild.mjs; resolved next to this bundle at run time. */
const LANGUAGE_CLIENT_BUNDLE = './language-client.js';

/** Must match esbuild.mjs; resolved next to this bundle at run time. */
const COMMANDS_BUNDLE = './commands.js';

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
