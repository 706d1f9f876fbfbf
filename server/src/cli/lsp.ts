// `nats-tls lsp --stdio`: the same language server as the VS Code extension, for other editors.
import { runLanguageServer } from '../lsp/main';
import { UsageError, type Io } from './args';

export const LSP_USAGE = `  lsp --stdio | --node-ipc | --socket=PORT
        Serve the language server (diagnostics, hovers, completion, quick fixes) to any LSP client.`;

export function runLsp(args: string[], _io: Io): Promise<number> {
  const transport = args.find((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='));
  if (!transport) throw new UsageError('lsp needs a transport: --stdio, --node-ipc or --socket=PORT');
  runLanguageServer();
  // The connection keeps the process alive; the server exits when the client sends "exit".
  return new Promise<number>(() => undefined);
}
