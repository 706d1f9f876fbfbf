// Node entry of the language server: stdio (`--stdio`), IPC or a socket, as the client asks.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodeFs } from '../node-fs';
import { startServer } from './server';

export function runLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  // One bad request must not take the server down for the whole editor session.
  process.on('uncaughtException', (e) => connection.console.error(`nats-tls: uncaught ${e.stack ?? e}`));
  startServer(connection, { fs: nodeFs, env: process.env });
}

if (require.main === module) runLanguageServer();
