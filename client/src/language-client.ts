// The language client (client/out/language-client.js): vscode-languageclient is most of the client's code,
// so it loads just after activation returns rather than during it.
import type * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from '../../server/src/protocol/launch';
import type { LanguageServer } from './language-server';
import type { LanguageStatus } from './language-status';
import { markDone, SAW_A_HOVER } from './walkthrough';

export { startConfigStatus } from './config-status';

export interface NatsLanguageClient extends LanguageServer {
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  status: LanguageStatus,
): NatsLanguageClient {
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] } },
  };
  let sawHover = false;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'nats' }, { scheme: 'file', language: 'yaml' }, { scheme: 'file', language: 'json' }],
    outputChannel: output,
    middleware: {
      // The walkthrough's "see a hover" step completes on the first hover the server shows in a config.
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        if (hover && !sawHover && document.languageId === 'nats') {
          sawHover = true;
          markDone(SAW_A_HOVER);
        }
        return hover;
      },
    },
    // No synchronize.configurationSection: the server registers for natsTls changes itself and pulls the values.
  };
  const client = new LanguageClient('natsTls', 'NATS TLS', serverOptions, clientOptions);
  /** Set while the client is stopped on purpose (restart, deactivate), so that is no failure. */
  let stopping = false;
  context.subscriptions.push(
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) status.setServer('ready');
      else if (e.newState === State.Starting) status.setServer('starting');
      // Stopped without being asked to (a crash the client gave up restarting): an error.
      else status.setServer(stopping ? 'stopped' : 'failed', stopping ? undefined : 'the language server stopped; see the output');
    }),
  );
  const deliberately = async (fn: () => Promise<void>): Promise<void> => {
    stopping = true;
    try {
      await fn();
    } finally {
      stopping = false;
    }
  };
  return {
    start: () => client.start(),
    restart: () => deliberately(() => client.restart()),
    stop: () => deliberately(() => client.stop()),
    // By method name: the protocol module's request types carry no vscode-jsonrpc classes.
    request: (type, params) => client.sendRequest(type.method, params),
    onNotification: (type, handler) => void client.onNotification(type.method, handler),
  };
}
