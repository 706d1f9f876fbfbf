// Runs `nats-server -t -c FILE` for "Check with nats-server" and `nats-server --version` for
// natsTls.serverVersion "auto": a fixed argument list, no shell, a time limit. The check runs in the folder the
// language server says (natsTls/configStatus: where the config's relative cert/key/CA paths resolve, which is
// where nats-server opens them), by default the config's folder. The program is found before the working
// directory changes, by an absolute path: a bare name is looked up on PATH here, never in the config's folder,
// its working directory or a workspace folder, so a repository's own `nats-server` (`nats-server.exe` on Windows,
// where the working directory is searched first; or any platform with `.` or an empty entry in PATH) never runs.
// It runs here, in the client, where workspace trust is enforced; the language server reads its output
// (natsTls/natsServerReport). No vscode import, so the unit tests run it against the real nats-server.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
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

export interface LocateOptions {
  /** Folders whose programs never run when found on PATH: the config's folder and the workspace folders. */
  untrusted?: readonly string[];
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** Whether `p` is a regular file this process may execute. */
function isExecutable(p: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const pathsOf = (platform: NodeJS.Platform): typeof path.posix => (platform === 'win32' ? path.win32 : path.posix);

function within(p: string, folder: string, platform: NodeJS.Platform): boolean {
  const P = pathsOf(platform);
  // Windows paths compare without case, as its file systems do.
  const norm = (x: string): string => (platform === 'win32' ? P.resolve(x).toLowerCase() : P.resolve(x));
  const [a, b] = [norm(p), norm(folder)];
  return a === b || a.startsWith(b.endsWith(P.sep) ? b : b + P.sep);
}

function realOr(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

/**
 * The absolute path of the program to run, or undefined when there is none. A path (the setting named one) is
 * taken as it is. A bare name is searched on PATH, skipping entries that are not absolute (`.`, empty: the
 * working directory) and entries inside an untrusted folder (by path and by real path); on Windows only
 * `.exe` and `.com` files (a `.bat` or `.cmd` needs a shell, which is never used).
 */
export function locateExecutable(executable: string, opts: LocateOptions = {}): string | undefined {
  const platform = opts.platform ?? process.platform;
  const P = pathsOf(platform);
  if (/[/\\]/.test(executable)) return P.isAbsolute(executable) ? executable : undefined;
  const env = opts.env ?? process.env;
  const pathVar = (platform === 'win32' ? (env.Path ?? env.PATH) : env.PATH) ?? '';
  const untrusted = (opts.untrusted ?? []).flatMap((u) => [u, realOr(u)]);
  const names =
    platform === 'win32'
      ? /\.(exe|com)$/i.test(executable)
        ? [executable]
        : (env.PATHEXT ?? '.COM;.EXE')
            .split(';')
            .filter((e) => /^\.(exe|com)$/i.test(e))
            .map((e) => executable + e.toLowerCase())
      : [executable];
  for (const dir of pathVar.split(P.delimiter)) {
    if (!dir || !P.isAbsolute(dir)) continue;
    if (untrusted.some((u) => within(dir, u, platform) || within(realOr(dir), u, platform))) continue;
    for (const n of names) {
      const p = P.join(dir, n);
      if (isExecutable(p, platform)) return p;
    }
  }
  return undefined;
}

export type CheckOutcome =
  | { kind: 'ran'; exitCode: number | null; output: string; cwd: string; program: string }
  | { kind: 'not-found'; executable: string }
  | { kind: 'timeout'; executable: string; output: string }
  | { kind: 'failed'; executable: string; message: string };

type ExecFile = typeof execFile;

/**
 * Runs the check with the program `executable` names (located first: see locateExecutable; the config's folder
 * is always untrusted). Never throws: a missing executable or a timeout is an outcome.
 */
export function runCheck(
  executable: string,
  configFile: string,
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; exec?: ExecFile; cwd?: string; untrusted?: readonly string[] } = {},
): Promise<CheckOutcome> {
  const cwd = opts.cwd ?? path.dirname(configFile);
  const exec = opts.exec ?? execFile;
  const program = locateExecutable(executable, { untrusted: [cwd, ...(opts.untrusted ?? [])], ...(opts.env ? { env: opts.env } : {}) });
  if (!program) return Promise.resolve({ kind: 'not-found', executable });
  return new Promise((resolve) => {
    exec(
      program,
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
        resolve({ kind: 'ran', exitCode, output, cwd, program });
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
