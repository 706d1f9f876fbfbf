// Runs `nats-server -t -c FILE` for "Check with nats-server" and `nats-server --version` for
// natsTls.serverVersion "auto": a fixed argument list, no shell, a time limit. The check runs in the folder the
// language server says (natsTls/configStatus: where the config's relative cert/key/CA paths resolve, which is
// where nats-server opens them), by default the config's folder. It runs here, in the client, where workspace
// trust is enforced; the language server reads its output. No vscode import, so the unit tests run it against
// the real nats-server.
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { SETTING_DEFAULTS } from '../../server/src/protocol/settings';

export const DEFAULT_NATS_SERVER = SETTING_DEFAULTS.natsServerPath;
export const CHECK_TIMEOUT_MS = 20_000;
const MAX_OUTPUT = 1024 * 1024;

/** The argument list: nothing from the config or the setting ever becomes an option. */
export function checkArgs(configFile: string): string[] {
  return ['-t', '-c', configFile];
}

/**
 * The executable from the `natsTls.natsServerPath` setting: a bare name is looked up on PATH by execFile;
 * `~/…` is the home folder; another relative path is taken from the workspace folder.
 */
export function resolveExecutable(setting: string | undefined, opts: { workspaceFolder?: string; home?: string } = {}): string {
  const s = (setting ?? '').trim() || DEFAULT_NATS_SERVER;
  if (s === '~' || s.startsWith('~/') || s.startsWith('~\\')) return path.join(opts.home ?? os.homedir(), s.slice(1));
  if (path.isAbsolute(s) || !/[/\\]/.test(s)) return s;
  return opts.workspaceFolder ? path.resolve(opts.workspaceFolder, s) : path.resolve(s);
}

export type CheckOutcome =
  | { kind: 'ran'; exitCode: number | null; output: string; cwd: string }
  | { kind: 'not-found'; executable: string }
  | { kind: 'timeout'; executable: string; output: string }
  | { kind: 'failed'; executable: string; message: string };

type ExecFile = typeof execFile;

/** Runs the check. Never throws: a missing executable or a timeout is an outcome. */
export function runCheck(
  executable: string,
  configFile: string,
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; exec?: ExecFile; cwd?: string } = {},
): Promise<CheckOutcome> {
  const cwd = opts.cwd ?? path.dirname(configFile);
  const exec = opts.exec ?? execFile;
  return new Promise((resolve) => {
    exec(
      executable,
      checkArgs(configFile),
      {
        cwd,
        timeout: opts.timeoutMs ?? CHECK_TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT,
        windowsHide: true,
        shell: false,
        encoding: 'utf8',
        ...(opts.env ? { env: opts.env } : {}),
      },
      (error, stdout, stderr) => {
        const output = `${String(stdout ?? '')}${String(stderr ?? '')}`;
        const e = error as (NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: string | number | null }) | null;
        if (e && (e.code === 'ENOENT' || e.code === 'EACCES') && typeof e.syscall === 'string')
          return resolve({ kind: 'not-found', executable });
        if (e && e.killed) return resolve({ kind: 'timeout', executable, output });
        if (e && typeof e.code !== 'number' && output.trim() === '') return resolve({ kind: 'failed', executable, message: e.message });
        const exitCode = e ? (typeof e.code === 'number' ? e.code : null) : 0;
        resolve({ kind: 'ran', exitCode, output, cwd });
      },
    );
  });
}

export type VersionOutcome = { kind: 'ran'; output: string } | { kind: 'failed'; message: string };

/** `nats-server --version` (for natsTls.serverVersion "auto"). Never throws; the server reads the version from the output. */
export function runVersion(executable: string, opts: { timeoutMs?: number; exec?: ExecFile } = {}): Promise<VersionOutcome> {
  const exec = opts.exec ?? execFile;
  return new Promise((resolve) => {
    exec(
      executable,
      ['--version'],
      { timeout: opts.timeoutMs ?? CHECK_TIMEOUT_MS, maxBuffer: 64 * 1024, windowsHide: true, shell: false, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const output = `${String(stdout ?? '')}${String(stderr ?? '')}`;
        if (error && !output.trim()) {
          const e = error as NodeJS.ErrnoException;
          return resolve({ kind: 'failed', message: e.code === 'ENOENT' ? `${executable} was not found` : e.message });
        }
        resolve({ kind: 'ran', output });
      },
    );
  });
}
