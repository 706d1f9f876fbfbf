// `nats-tls` command line: the same engine as the editor, for CI and other editors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terminalSafe } from '../core/text/controls';
import { UsageError, type Io } from './args';
import { CHECK_USAGE, runCheck } from './check';
import { FMT_USAGE, runFmt } from './fmt';
import { GEN_USAGE, runGen } from './gen';
import { INSPECT_USAGE, runInspect } from './inspect';
import { LSP_USAGE, runLsp } from './lsp';
import { runTopology, TOPOLOGY_USAGE } from './topology';

export const USAGE = `Usage: nats-tls <command> [options]

Commands:
${CHECK_USAGE}
${FMT_USAGE}
${GEN_USAGE}
${INSPECT_USAGE}
${TOPOLOGY_USAGE}
${LSP_USAGE}
  help  Show this help.

Exit status: 0 when there are no errors, 1 when there are errors (topology: a failing link), 2 on bad usage.`;

export async function main(argv: string[], rawIo: Io = defaultIo()): Promise<number> {
  const [command, ...rest] = argv;
  // Everything printed may hold an attacker's paths and names: no control character reaches the terminal, and
  // no line is a CI workflow command (`lsp` speaks JSON-RPC on stdout and prints nothing through io).
  const io: Io = { out: (t) => rawIo.out(terminalSafe(t)), err: (t) => rawIo.err(terminalSafe(t)), cwd: rawIo.cwd };
  try {
    switch (command) {
      case 'check':
        return runCheck(rest, io);
      case 'fmt':
        return runFmt(rest, io);
      case 'gen':
        return await runGen(rest, io);
      case 'inspect':
        return runInspect(rest, io);
      case 'topology':
        return runTopology(rest, io);
      case 'lsp':
        return await runLsp(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      case '--version':
      case 'version':
        io.out(readVersion());
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`nats-tls: ${e.message}\n\n${e.usage ?? USAGE}`);
      return 2;
    }
    // A bug: said through io, so the message (which may quote a path) is made safe like every other output.
    io.err(`nats-tls: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 3;
  }
}

function defaultIo(): Io {
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
    cwd: process.cwd(),
  };
}

function readVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}
