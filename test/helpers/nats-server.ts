// A real nats-server (Debian's) for integration tests: started in a folder, driven by its log lines
// (never by sleeps), always killed, also when a test fails. Tests require it through ./tools
// (`natsServerTool`), which skips loudly or, with CI set, fails when it is missing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The nats-server binary as an absolute path (PATH, then the folders packages install it in), so it can run
 * with an empty environment (no $VAR leaks into configs); undefined when it is not installed.
 */
export function natsServerPath(): string | undefined {
  for (const d of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/usr/bin', '/usr/local/bin'])) {
    const p = path.join(d, 'nats-server');
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/** The binary every test here runs (found once per process); require it with `natsServerTool` (./tools). */
export const natsServerBin: string = natsServerPath() ?? 'nats-server';

/** Fail-safe for a wait that never comes (a hang would otherwise hold the suite); not a delay. */
const WAIT_LIMIT_MS = 20_000;
const running = new Set<NatsServer>();
process.on('exit', () => running.forEach((s) => s.proc.kill('SIGKILL')));

export class NatsServer {
  readonly log: string[] = [];
  private waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    const onLine = (line: string): void => {
      this.log.push(line);
      this.waiters = this.waiters.filter((w) => (w.re.test(line) ? (w.resolve(line), false) : true));
    };
    createInterface({ input: proc.stderr! }).on('line', onLine);
    createInterface({ input: proc.stdout! }).on('line', onLine);
    this.exited = new Promise((resolve) => proc.on('exit', (code) => ((this.exitCode = code), running.delete(this), resolve(code))));
  }

  /**
   * Starts `nats-server -c conf` in `cwd` (cert paths in our configs are relative to it) and waits until ready;
   * `bin` picks a release (test/helpers/oracles.ts), `args` adds flags (e.g. `-D` for the debug lines).
   */
  static async start(name: string, cwd: string, conf: string, opts: { bin?: string; args?: string[] } = {}): Promise<NatsServer> {
    const bin = opts.bin ?? natsServerBin;
    const s = new NatsServer(name, spawn(bin, ['-c', conf, ...(opts.args ?? [])], { cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
    running.add(s);
    await s.waitFor(/Server is ready/);
    return s;
  }

  /** Resolves with the first log line (past or future; past ones from line `from` on) matching `re`. */
  waitFor(re: RegExp, from = 0): Promise<string> {
    const seen = this.log.slice(from).find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: no log line matching ${re} within ${WAIT_LIMIT_MS} ms\n${this.tail()}`)),
        WAIT_LIMIT_MS,
      );
      const done = (line: string): void => (clearTimeout(timer), resolve(line));
      this.waiters.push({ re, resolve: done });
      void this.exited.then(
        (code) => (clearTimeout(timer), reject(new Error(`${this.name} exited (${code}) before logging ${re}\n${this.tail()}`))),
      );
    });
  }

  /** Resolves with the next log line matching `re` that is logged from now on (not one already logged). */
  waitForNext(re: RegExp): Promise<string> {
    return this.waitFor(re, this.log.length);
  }

  /** The port nats-server picked for `listen: ...:-1` (the route listener may start after "Server is ready"). */
  async port(kind: 'client' | 'route' | 'leafnode'): Promise<number> {
    const line = await this.waitFor(new RegExp(`Listening for ${kind} connections on .*:\\d+\\s*$`));
    return Number(/:(\d+)\s*$/.exec(line)![1]);
  }

  tail(): string {
    return this.log
      .slice(-15)
      .map((l) => `  | ${l}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.proc.kill('SIGTERM');
    const killer = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(killer);
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

/**
 * `nats-server -t -c conf` run from `cwd`, as the oracle for what a config does at load time; `bin` picks a
 * release (test/helpers/oracles.ts), default the system nats-server.
 */
export function natsServerCheck(cwd: string, conf: string, bin = natsServerBin): { ok: boolean; output: string } {
  const r = spawnSync(bin, ['-t', '-c', conf], { cwd, env: {}, encoding: 'utf8', timeout: 20_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}
