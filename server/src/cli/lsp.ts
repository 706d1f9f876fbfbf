// `nats-tls lsp --stdio`: the same language server as the VS Code extension, for other editors.
import { runLanguageServer } from '../lsp/main';
import { commandUsage, parseCommand, UsageError, type Io } from './args';

export const LSP_USAGE = `  lsp --stdio | --node-ipc | --socket=PORT
        Serve the language server (diagnostics, hovers, completion, quick fixes) to any LSP client.`;

const USAGE = commandUsage(
  LSP_USAGE,
  `Also --pipe=NAME, and --clientProcessId=PID to exit when that process does.
The server runs until the client sends "exit".`,
);

// vscode-languageserver reads these from process.argv itself; they are parsed here to refuse anything else.
const OPTIONS = {
  stdio: { type: 'boolean' },
  'node-ipc': { type: 'boolean' },
  socket: { type: 'string' },
  pipe: { type: 'string' },
  clientProcessId: { type: 'string' },
} as const;

export function runLsp(args: string[], io: Io): Promise<number> {
  const parsed = parseCommand(args, { name: 'lsp', usage: USAGE, options: OPTIONS, positionals: false }, io);
  if (!parsed) return Promise.resolve(0);
  const { values } = parsed;
  const transports = (['stdio', 'node-ipc', 'socket', 'pipe'] as const).filter((t) => values[t] !== undefined);
  if (transports.length === 0) throw new UsageError('lsp needs a transport: --stdio, --node-ipc or --socket=PORT', USAGE);
  if (transports.length > 1) throw new UsageError(`lsp takes one transport, not ${transports.map((t) => `--${t}`).join(' and ')}`, USAGE);
  if (values.socket !== undefined && !(/^\d+$/.test(values.socket) && +values.socket >= 1 && +values.socket <= 65535))
    throw new UsageError(`--socket needs a port number from 1 to 65535, not "${values.socket}"`, USAGE);
  if (values.clientProcessId !== undefined && !/^\d+$/.test(values.clientProcessId))
    throw new UsageError(`--clientProcessId needs a process id, not "${values.clientProcessId}"`, USAGE);
  runLanguageServer();
  // The connection keeps the process alive; the server exits when the client sends "exit".
  return new Promise<number>(() => undefined);
}
