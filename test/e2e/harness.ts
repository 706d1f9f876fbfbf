// End-to-end harness: a real VS Code (code-server 4.100.3 = VS Code 1.100.3 web workbench + Node extension
// host) with the packaged extension installed, driven through Debian's Chromium by playwright-core.
// Install both with `npm run setup:e2e`. See test/e2e/README.md.
//
//   const vs = await startCodeServer({ workspace: dir });     // one per test file (before/after)
//   const wb = await vs.openWorkbench();                       // a browser page showing the workspace
//   await wb.openFile('nats.conf');
//   const rows = await wb.waitForProblems({ codes: ['yaml-style-block'] });
//   const r = await vs.runInHost('test/e2e/inhost/symbols.ts', { file: 'nats.conf' });   // vscode API
//   await vs.close();                                           // also done at process exit
//
// Nothing here sleeps: it waits on the server's "listening" line, on selectors and on page functions.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { codeServerTool, describeWith, locateE2E, type E2ETools } from '../helpers/tools';

export const ROOT = path.resolve(__dirname, '..', '..');
/** Git-ignored folder for screenshots, logs and build products of e2e runs. */
export const OUTPUT_DIR = path.join(ROOT, '.test-output', 'e2e');
export const EXTENSION_ID = 'nats-tls.nats-tls';
const DEFAULT_TIMEOUT = 20_000;

// ---------------------------------------------------------------------------------------------------------
// Tools: where code-server and Chromium are, and one clear failure when they are not.

export type { E2ETools };

/** Locates code-server and Chromium (test/helpers/tools.ts), or throws one message that says how to install them. */
export function findTools(): E2ETools {
  const r = locateE2E();
  if ('missing' in r) throw new Error(`e2e tests need ${r.missing}: run \`npm run setup:e2e\` first (scripts/setup-e2e.sh).`);
  return r;
}

/**
 * describe() for e2e suites. When code-server or Chromium is missing the suite is skipped loudly, or with CI
 * set becomes one failing test whose message says to run `npm run setup:e2e` (test/helpers/tools.ts).
 */
export function describeE2E(name: string, fn: () => void, options: { timeout?: number } = {}): void {
  describeWith([codeServerTool], name, fn, { timeout: options.timeout ?? 120_000 });
}

// ---------------------------------------------------------------------------------------------------------
// The .vsix under test.

const PACKAGE_INPUTS = [
  'package.json',
  '.vscodeignore',
  'esbuild.mjs',
  'scripts/package.mjs',
  'scripts/inline-images.mjs',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'language-configuration.json',
  'syntaxes',
  'images',
  'walkthroughs',
  'docs/images',
  'client/src',
  'server/src',
];
const BUNDLES = ['client/out/extension.js', 'server/out/server.js'];

function newestMtime(rels: string[]): number {
  let newest = 0;
  const visit = (p: string): void => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const r of rels) visit(path.join(ROOT, r));
  return newest;
}

const mtime = (file: string): number => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/**
 * The .vsix to install:
 * 1. $NATS_TLS_VSIX when set (CI can test the exact artifact it publishes);
 * 2. ./nats-tls.vsix from `npm run package`, when newer than the sources and the bundles;
 * 3. otherwise one built by `npm run package` in a private mirror of the checkout
 *    (.test-output/e2e/pack-*), cached as .test-output/e2e/nats-tls.vsix while newer than the sources.
 * The mirror keeps the packaging off client/out and server/out, which other test layers of the same
 * `npm test` run are reading at that moment, and leaves the developer's (unminified) bundles alone.
 */
export function ensureVsix(): string {
  if (process.env.NATS_TLS_VSIX) {
    const v = path.resolve(process.env.NATS_TLS_VSIX);
    if (!fs.existsSync(v)) throw new Error(`NATS_TLS_VSIX=${v} does not exist`);
    return v;
  }
  const sources = newestMtime(PACKAGE_INPUTS);
  const repoVsix = path.join(ROOT, 'nats-tls.vsix');
  if (mtime(repoVsix) > Math.max(sources, newestMtime(BUNDLES))) return repoVsix;
  const cached = path.join(OUTPUT_DIR, 'nats-tls.vsix');
  if (mtime(cached) > sources) return cached;

  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const stage = fs.mkdtempSync(path.join(OUTPUT_DIR, 'pack-'));
  try {
    for (const rel of PACKAGE_INPUTS) {
      const from = path.join(ROOT, rel);
      if (!fs.existsSync(from)) continue;
      const to = path.join(stage, rel);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      if (rel.endsWith('/src')) fs.symlinkSync(from, to);
      else fs.cpSync(from, to, { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'));
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const built = path.join(stage, 'nats-tls.vsix');
    if (r.status !== 0 || !fs.existsSync(built)) {
      throw new Error(`e2e: \`npm run package\` failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    // Rename within one folder is atomic, so concurrent test files never see half a file.
    const tmp = `${cached}.${process.pid}`;
    fs.copyFileSync(built, tmp);
    fs.renameSync(tmp, cached);
    return cached;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// code-server

export type Workspace =
  | string // a folder, or a .code-workspace file
  | { folders: string[]; settings?: Record<string, unknown> }; // a multi-root workspace, written for you

export interface StartOptions {
  /** What to open: a folder, a .code-workspace file, or folders for a multi-root workspace. */
  workspace: Workspace;
  /**
   * 'disabled' (default): --disable-workspace-trust, everything is trusted and nothing prompts.
   * 'restricted': workspace trust on, the folder untrusted, no prompt: the extension runs in Restricted Mode.
   */
  trust?: 'disabled' | 'restricted';
  /** User settings, merged over the harness defaults (which keep the workbench quiet and deterministic). */
  settings?: Record<string, unknown>;
  /** The .vsix to install; default: ensureVsix(). Pass null to install nothing. */
  vsix?: string | null;
  /** Names the artifacts folder (.test-output/e2e/<name>/) and the temp dir. */
  name?: string;
  /** Browser viewport of every workbench page. */
  viewport?: { width: number; height: number };
  /** More code-server arguments, e.g. ['--log', 'trace'] (the extension host log, LSP traces in the output). */
  args?: string[];
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.editor.enablePreview': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.cursorBlinking': 'solid',
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
};

const live = new Set<CodeServer>();
let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  // Last resort when a test forgets close() or the runner is interrupted: kill the groups synchronously.
  process.on('exit', () => {
    for (const s of live) s.killNow();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      for (const s of live) s.killNow();
      process.exit(128 + (os.constants.signals[sig] ?? 1));
    });
  }
}

/** Starts code-server on 127.0.0.1 with a free port and fresh dirs, with the extension installed. */
export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const tools = findTools();
  const vsix = opts.vsix === undefined ? ensureVsix() : opts.vsix;
  const name = sanitize(opts.name ?? 'e2e');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `nats-tls-${name}-`));
  const dirs = {
    tmp,
    userData: path.join(tmp, 'user-data'),
    extensions: path.join(tmp, 'extensions'),
    config: path.join(tmp, 'code-server.yaml'),
    log: path.join(tmp, 'code-server.log'),
  };
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.mkdirSync(dirs.extensions, { recursive: true });
  fs.writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  const trust = opts.trust ?? 'disabled';
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (trust === 'restricted') {
    Object.assign(settings, {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.untrustedFiles': 'open',
      'security.workspace.trust.emptyWindow': false,
    });
  }
  Object.assign(settings, opts.settings);
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Nothing of an enclosing VS Code, node:test child or loader may leak into the editor under test.
    if (/^(VSCODE_|ELECTRON_|NODE_TEST_CONTEXT$|NODE_OPTIONS$|NODE_CHANNEL_FD$)/.test(k)) continue;
    env[k] = v;
  }
  Object.assign(env, {
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery' }),
  });
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', dirs.config];

  let extensionPath: string | undefined;
  if (vsix) {
    const r = spawnSync(tools.codeServer, [...common, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
    fs.appendFileSync(dirs.log, `$ code-server --install-extension ${vsix}\n${r.stdout}${r.stderr}\n`);
    extensionPath = fs.readdirSync(dirs.extensions).find((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`));
    if (r.status !== 0 || !extensionPath) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw new Error(`e2e: installing ${vsix} into code-server failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    extensionPath = path.join(dirs.extensions, extensionPath);
  }

  const ws = resolveWorkspace(opts.workspace, tmp);
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    '127.0.0.1:0',
    ...common,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
  ];
  if (trust === 'disabled') args.push('--disable-workspace-trust');
  args.push(...(opts.args ?? []), ws.path);

  // The shell leads a new process group, runs code-server in it, and kills the whole group as soon as its
  // stdin (a pipe from this process) closes: on close(), and also when this process dies, even by SIGKILL.
  const child = spawn('/bin/sh', ['-c', '"$0" "$@" </dev/null & cat >/dev/null; kill -KILL 0', tools.codeServer, ...args], {
    env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  hookExit();
  const server = new CodeServer(child, tools, dirs, ws, extensionPath, opts);
  live.add(server);
  try {
    await server.waitListening();
  } catch (e) {
    const dir = await server.saveArtifacts('code-server-start').catch(() => undefined);
    await server.close();
    if (dir && e instanceof Error) e.message += `\n(e2e artifacts: ${path.relative(ROOT, dir)})`;
    throw e;
  }
  return server;
}

function resolveWorkspace(w: Workspace, tmp: string): { kind: 'folder' | 'workspace'; path: string; folders: string[] } {
  if (typeof w === 'string') {
    const abs = path.resolve(w);
    if (!fs.existsSync(abs)) throw new Error(`e2e: workspace ${abs} does not exist`);
    if (abs.endsWith('.code-workspace')) {
      const json = JSON.parse(fs.readFileSync(abs, 'utf8')) as { folders?: { path: string }[] };
      return { kind: 'workspace', path: abs, folders: (json.folders ?? []).map((f) => path.resolve(path.dirname(abs), f.path)) };
    }
    return { kind: 'folder', path: abs, folders: [abs] };
  }
  const folders = w.folders.map((f) => path.resolve(f));
  const file = path.join(tmp, 'e2e.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: folders.map((p) => ({ path: p })), settings: w.settings ?? {} }, null, 2));
  return { kind: 'workspace', path: file, folders };
}

const sanitize = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'e2e';

export interface InHostOptions {
  /** JSON-serialisable value handed to the module's run() as ctx.args. */
  args?: unknown;
  /** Load the extension from here instead of the installed .vsix (e.g. ROOT for the unpackaged checkout). */
  extensionDevelopmentPath?: string;
  timeoutMs?: number;
}

/** What an in-host test module receives. Modules export `run(ctx: InHostContext): Promise<unknown>`. */
export interface InHostContext {
  /** Lines collected into the result (console.log inside the extension host does not reach the harness). */
  log(...parts: unknown[]): void;
  args: unknown;
  /** A scratch folder the module may write into; the harness can read it afterwards. */
  outDir: string;
}

export interface InHostResult<T = unknown> {
  ok: boolean;
  value?: T;
  error?: string;
  logs: string[];
  exitCode: number;
}

export class CodeServer {
  port = 0;
  readonly url: () => string = () => `http://127.0.0.1:${this.port}`;
  private browser: Browser | undefined;
  private readonly contexts = new Set<BrowserContext>();
  private readonly exited: Promise<void>;
  private exitedNow = false;
  private closed = false;
  private output = '';
  private readonly logStream: fs.WriteStream;
  private inHostCount = 0;

  constructor(
    private readonly child: ChildProcess,
    readonly tools: E2ETools,
    readonly dirs: { tmp: string; userData: string; extensions: string; config: string; log: string },
    readonly workspace: { kind: 'folder' | 'workspace'; path: string; folders: string[] },
    /** Where the installed extension lives (undefined when no .vsix was installed). */
    readonly extensionPath: string | undefined,
    readonly options: StartOptions,
  ) {
    this.logStream = fs.createWriteStream(dirs.log, { flags: 'a' });
    const onData = (d: Buffer): void => {
      this.logStream.write(d);
      if (this.output.length < 64_000) this.output += d.toString();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        this.exitedNow = true;
        resolve();
      }),
    );
  }

  get name(): string {
    return sanitize(this.options.name ?? 'e2e');
  }

  /** Resolves when code-server prints its listening address and answers on it. */
  async waitListening(timeoutMs = 60_000): Promise<void> {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`code-server did not start within ${timeoutMs} ms`)), timeoutMs);
      const check = (): void => {
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(this.output);
        if (m) done(Number(m[1]));
      };
      const onExit = (code: number | null): void => fail(new Error(`code-server exited (${code}) before listening`));
      const done = (p: number): void => {
        cleanup();
        resolve(p);
      };
      const fail = (e: Error): void => {
        cleanup();
        reject(new Error(`e2e: ${e.message}; log ${this.dirs.log}:\n${this.output.slice(-4000)}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        this.child.stdout?.off('data', check);
        this.child.stderr?.off('data', check);
        this.child.off('exit', onExit);
      };
      this.child.stdout?.on('data', check);
      this.child.stderr?.on('data', check);
      this.child.once('exit', onExit);
      check();
    });
    this.port = port;
    const res = await fetch(`${this.url()}/healthz`);
    if (!res.ok) throw new Error(`e2e: code-server /healthz answered ${res.status}`);
  }

  private async ensureBrowser(): Promise<Browser> {
    this.browser ??= await chromium.launch({
      executablePath: this.tools.chromium,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    return this.browser;
  }

  private async newPage(logName: string): Promise<{ context: BrowserContext; page: Page; logFile: string }> {
    const browser = await this.ensureBrowser();
    const context = await browser.newContext({ viewport: this.options.viewport ?? { width: 1400, height: 900 } });
    this.contexts.add(context);
    context.on('close', () => this.contexts.delete(context));
    const page = await context.newPage();
    page.setDefaultTimeout(DEFAULT_TIMEOUT);
    const logFile = path.join(this.dirs.tmp, `${logName}.browser.log`);
    const out = fs.createWriteStream(logFile, { flags: 'a' });
    // Timestamps (UTC, as in VS Code's own logs) line the page console up with vscode-logs/.
    const stamp = (): string => new Date().toISOString().slice(11, 23);
    page.on('console', (m) => out.write(`${stamp()} [${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => out.write(`${stamp()} [pageerror] ${e.stack ?? e.message}\n`));
    page.on('close', () => out.end());
    return { context, page, logFile };
  }

  /** The workbench URL for this workspace, plus optional payload pairs. */
  workbenchUrl(payload?: [string, string][]): string {
    const q =
      this.workspace.kind === 'folder'
        ? `folder=${encodeURIComponent(this.workspace.path)}`
        : `workspace=${encodeURIComponent(this.workspace.path)}`;
    return `${this.url()}/?${q}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
  }

  /** The remote URI of a path on this machine, as the workbench names it. */
  remoteUri(abs: string): string {
    return `vscode-remote://127.0.0.1:${this.port}${abs.split(path.sep).map(encodeURIComponent).join('/')}`;
  }

  /** Opens a browser page on the workspace and waits until the workbench shows it. */
  async openWorkbench(): Promise<Workbench> {
    const { page, logFile } = await this.newPage('workbench');
    // The workbench's first load fetches its whole bundle: slow when other suites share the machine's cores.
    await page.goto(this.workbenchUrl(), { timeout: 3 * DEFAULT_TIMEOUT });
    const wb = new Workbench(page, this, logFile);
    await wb.step('workbench-start', () => wb.waitReady());
    return wb;
  }

  /**
   * Runs a test module INSIDE the extension host (the @vscode/test-electron contract, via the web workbench's
   * payload): the module is bundled with esbuild (vscode external) and wrapped so that its return value or
   * error, and ctx.log lines, land in a result file. Resolves with that result; throws when it failed.
   */
  async runInHost<T = unknown>(modulePath: string, opts: InHostOptions = {}): Promise<InHostResult<T>> {
    const n = ++this.inHostCount;
    const abs = path.resolve(ROOT, modulePath);
    const base = `${sanitize(path.basename(abs).replace(/\.[cm]?[tj]s$/, ''))}-${n}`;
    const dir = path.join(this.dirs.tmp, 'inhost', base);
    fs.mkdirSync(dir, { recursive: true });
    const bundle = path.join(dir, 'run.js');
    const resultFile = path.join(dir, 'result.json');
    const wrapper = `
      const fs = require('fs');
      const mod = require(${JSON.stringify(abs)});
      exports.run = async function () {
        const logs = [];
        const ctx = { log: (...p) => logs.push(p.map((x) => typeof x === 'string' ? x : JSON.stringify(x)).join(' ')), args: ${JSON.stringify(opts.args ?? null)}, outDir: ${JSON.stringify(dir)} };
        const write = (r) => fs.writeFileSync(${JSON.stringify(resultFile)}, JSON.stringify(Object.assign(r, { logs })));
        try {
          const value = await mod.run(ctx);
          write({ ok: true, value: value === undefined ? null : value });
        } catch (e) {
          write({ ok: false, error: (e && e.stack) || String(e) });
          throw e;
        }
      };`;
    const esbuild = await import('esbuild');
    await esbuild.build({
      stdin: { contents: wrapper, resolveDir: path.dirname(abs), sourcefile: `inhost-wrapper-${base}.js`, loader: 'js' },
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['vscode'],
      sourcemap: 'inline',
      logLevel: 'error',
    });

    const devPath = opts.extensionDevelopmentPath ?? this.extensionPath;
    if (!devPath) throw new Error('e2e: runInHost needs an installed .vsix or opts.extensionDevelopmentPath');
    const { context, page } = await this.newPage(`inhost-${base}`);
    const logs: string[] = [];
    let resolveExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      logs.push(`[${type}] ${Array.isArray(args) ? args.map(String).join(' ') : String(args)}`);
    });
    const timeoutMs = opts.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`e2e: in-host module ${modulePath} did not finish within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await page.goto(
        this.workbenchUrl([
          ['extensionDevelopmentPath', this.remoteUri(devPath)],
          ['extensionTestsPath', this.remoteUri(bundle)],
          ['skipWelcome', 'true'],
        ]),
      );
      const exitCode = await Promise.race([exit, timeout]);
      let result: InHostResult<T>;
      try {
        result = { ...(JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Omit<InHostResult<T>, 'exitCode'>), exitCode };
      } catch {
        result = {
          ok: false,
          error: `the module wrote no result (exit code ${exitCode}); workbench log:\n${logs.join('\n')}`,
          logs,
          exitCode,
        };
      }
      if (!result.ok || exitCode !== 0) {
        throw new Error(`e2e: in-host module ${modulePath} failed (exit ${exitCode}): ${result.error ?? ''}\n${result.logs.join('\n')}`);
      }
      return result;
    } catch (e) {
      const saved = await this.saveArtifacts(`inhost-${base}`, page).catch(() => undefined);
      if (saved && e instanceof Error) e.message += `\n(e2e artifacts: ${path.relative(ROOT, saved)})`;
      throw e;
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => undefined);
    }
  }

  /**
   * Copies what helps to debug a failure into .test-output/e2e/<server name>/<label>/: a screenshot of the
   * page, the code-server log, the browser console and the VS Code logs (extension host, NATS TLS output).
   */
  async saveArtifacts(label: string, page?: Page): Promise<string> {
    const dir = path.join(OUTPUT_DIR, this.name, sanitize(label));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    if (page && !page.isClosed()) await page.screenshot({ path: path.join(dir, 'screenshot.png') }).catch(() => undefined);
    for (const f of fs.readdirSync(this.dirs.tmp)) {
      if (f.endsWith('.log')) fs.copyFileSync(path.join(this.dirs.tmp, f), path.join(dir, f));
    }
    const logs = path.join(this.dirs.userData, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dir, 'vscode-logs'), { recursive: true });
    return dir;
  }

  /** Kills code-server's process group synchronously (exit hook). */
  killNow(): void {
    if (!this.exitedNow && this.child.pid) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    try {
      fs.rmSync(this.dirs.tmp, { recursive: true, force: true });
    } catch {
      /* best effort at exit */
    }
    live.delete(this);
  }

  /** Closes the browser, kills code-server's process group and removes the temp dir. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.browser?.close().catch(() => undefined);
    this.child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise<void>((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    if (!this.exitedNow && this.child.pid) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await new Promise<void>((r) => this.logStream.end(r));
    this.killNow();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Workbench: what a user sees and does, in one browser page.

export interface ProblemRow {
  /** Absolute path of the file the problem is in. */
  file: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source: string;
  code: string;
  line: number;
  column: number;
}

export interface ProblemsExpectation {
  /** Every one of these codes must be present (from `source`, default 'nats-tls'). */
  codes?: string[];
  source?: string;
  /** Only rows of files whose path ends with this. */
  file?: string;
  /** At least this many rows (after the filters). */
  minCount?: number;
}

export type QuickAnswer =
  | string // type into an input box and accept
  | { text: string; prompt?: string | RegExp }
  | { path: string; prompt?: string | RegExp } // a file dialog (the workbench's simple dialog): an absolute path
  | { pick: string | RegExp; filter?: string; prompt?: string | RegExp } // choose one item by its label
  | { pickMany: (string | RegExp)[]; prompt?: string | RegExp } // check items (all must be in view), then accept
  | { escape: true }; // dismiss

export interface TextTarget {
  /** Text shown in the active editor; the position is in its middle. */
  text: string;
  /** 1-based occurrence of text in the document, default 1. */
  occurrence?: number;
}

// Page-side scripts are strings so that no transpiler helper (tsx/esbuild's __name) leaks into the page.
/** The Problems tree as rendered now (it is virtualized: only rows in view exist), plus its geometry. */
const PROBLEMS_VIEW = `(() => {
  const panel = document.querySelector('.markers-panel');
  if (!panel || panel.offsetParent === null) return null;
  const rowsEl = panel.querySelector('.monaco-list-rows');
  const container = panel.querySelector('.tree-container');
  const label = panel.querySelector('#markers-panel-arialabel');
  const status = document.getElementById('status.problems');
  // Only the tree's own rows: sticky-scroll headers are clones with the same data-index.
  const rows = [...panel.querySelectorAll('.monaco-list-rows > .monaco-list-row')].map((r) => {
    const level = Number(r.getAttribute('aria-level'));
    const text = (sel) => [...r.querySelectorAll(sel)].map((e) => (e.textContent || '').trim()).join('\\n');
    const base = { index: Number(r.dataset.index), level };
    if (level === 1) {
      const l = r.querySelector('.monaco-icon-label');
      return Object.assign(base, { file: (l && (l.getAttribute('aria-label') || l.textContent)) || '' });
    }
    const icon = r.querySelector('.marker-icon');
    const has = (c) => !!icon && icon.classList.contains(c);
    const lc = /Ln (\\d+), Col (\\d+)/.exec(text('.marker-line'));
    return Object.assign(base, {
      severity: has('error') ? 'error' : has('warning') ? 'warning' : has('info') ? 'info' : 'hint',
      message: text('.marker-message'), source: text('.marker-source'), code: text('.marker-code'),
      line: lc ? Number(lc[1]) : 0, column: lc ? Number(lc[2]) : 0 });
  });
  return {
    rows,
    contentHeight: rowsEl ? parseFloat(rowsEl.style.height || '0') : 0,
    rowHeight: rows.length ? parseFloat(panel.querySelector('.monaco-list-rows > .monaco-list-row').style.height || '22') : 22,
    viewHeight: container ? container.clientHeight : 0,
    signature: [label && label.getAttribute('aria-label'), status && status.getAttribute('aria-label'),
      rows.map((r) => r.index + ':' + (r.file || r.code + '@' + r.line + ':' + r.column + ' ' + r.message)).join('|')].join('#'),
  };
})()`;

interface RawProblemRow extends Partial<Omit<ProblemRow, 'file'>> {
  index: number;
  level: number;
  file?: string;
}
interface ProblemsView {
  rows: RawProblemRow[];
  contentHeight: number;
  rowHeight: number;
  viewHeight: number;
  signature: string;
}

const NEXT_FRAMES = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))';

/**
 * Text the editor renders that is not in the document: inlay hints (`cert_file: "a.pem" server · expires …`),
 * which VS Code 1.100 renders as spans styled by dynamic CSS rules (class `dyn-rule-*`), and ghost text. Inlay
 * hints arrive at any time after the document shows, so page-side helpers leave them out and see the
 * document's text.
 */
const INJECTED_TEXT = '[class*="dyn-rule-"], .ghost-text-decoration, .ghost-text-decoration-preview, .suggest-preview-text';

/** The text nodes of a rendered line that belong to the document (not injected text), as a page-side function. */
const DOCUMENT_TEXT_NODES = `((line) => {
  const out = [];
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement && n.parentElement.closest(${JSON.stringify(INJECTED_TEXT)})) continue;
    out.push(n);
  }
  return out;
})`;

/** Finds the n-th occurrence of a text in the active editor's rendered lines; returns the middle of it. */
const LOCATE_TEXT = `((arg) => {
  const textNodes = ${DOCUMENT_TEXT_NODES};
  const editor = [...document.querySelectorAll('.part.editor .editor-group-container.active .editor-instance .monaco-editor[data-uri]')].find((e) => e.offsetParent !== null);
  if (!editor) return { error: 'no active text editor' };
  const lines = [...editor.querySelectorAll('.view-lines .view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
  let seen = 0;
  for (const line of lines) {
    const nodes = textNodes(line);
    const norm = nodes.map((n) => n.textContent).join('').replace(/\\u00a0/g, ' ');
    let from = 0;
    for (;;) {
      const i = norm.indexOf(arg.text, from);
      if (i < 0) break;
      from = i + 1;
      if (++seen < arg.occurrence) continue;
      const target = i + Math.floor(arg.text.length / 2);
      let offset = 0;
      for (const n of nodes) {
        const len = n.textContent.length;
        if (target < offset + len) {
          const range = document.createRange();
          range.setStart(n, target - offset);
          range.setEnd(n, target - offset + 1);
          const rect = range.getBoundingClientRect();
          return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
        }
        offset += len;
      }
    }
  }
  return { error: 'text not rendered in the active editor (' + seen + ' occurrence(s) visible)' };
})`;

/** The active editor's document text as rendered (injected text such as inlay hints left out). */
const EDITOR_TEXT = `(() => {
  const textNodes = ${DOCUMENT_TEXT_NODES};
  const editor = [...document.querySelectorAll('.part.editor .editor-group-container.active .editor-instance .monaco-editor[data-uri]')].find((e) => e.offsetParent !== null);
  if (!editor) return { error: 'no active text editor' };
  const guard = editor.querySelector('.overflow-guard');
  const lines = [...editor.querySelectorAll('.view-lines .view-line')]
    .map((l) => ({ top: parseFloat(l.style.top), text: textNodes(l).map((n) => n.textContent).join('').replace(/\\u00a0/g, ' ') }))
    .sort((a, b) => a.top - b.top);
  const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].map((e) => Number(e.textContent)).filter((n) => n > 0);
  const first = numbers.length ? Math.min(...numbers) : 1;
  const content = editor.querySelector('.lines-content');
  const scrolled = content ? parseFloat(content.style.top || '0') !== 0 : false;
  const lineHeight = lines.length > 1 ? lines[1].top - lines[0].top : 0;
  const bottom = lines.length ? lines[lines.length - 1].top + lineHeight : 0;
  if (first !== 1 || scrolled || (guard && bottom > guard.clientHeight - lineHeight)) {
    return { error: 'the document does not fit in the editor viewport; read it with runInHost instead' };
  }
  return { uri: editor.getAttribute('data-uri'), text: lines.map((l) => l.text).join('\\n') };
})()`;

/** The first line the active editor renders that contains a text (document text only), or false. */
const FIND_RENDERED_LINE = `((want) => {
  const textNodes = ${DOCUMENT_TEXT_NODES};
  const editor = [...document.querySelectorAll('.part.editor .editor-group-container.active .editor-instance .monaco-editor[data-uri]')].find((e) => e.offsetParent !== null);
  if (!editor) return false;
  for (const l of editor.querySelectorAll('.view-lines .view-line')) {
    const t = textNodes(l).map((n) => n.textContent).join('').replace(/\\u00a0/g, ' ');
    if (t.includes(want)) return t;
  }
  return false;
})`;

/** The injected texts (inlay hints) the active editor renders now, one string per run of injected spans. */
const EDITOR_INJECTED_TEXT = `(() => {
  const editor = [...document.querySelectorAll('.part.editor .editor-group-container.active .editor-instance .monaco-editor[data-uri]')].find((e) => e.offsetParent !== null);
  if (!editor) return [];
  return [...editor.querySelectorAll('.view-lines .view-line')].map((l) =>
    [...l.querySelectorAll(${JSON.stringify(INJECTED_TEXT)})].map((e) => e.textContent || '').join('').replace(/\\u00a0/g, ' ').trim()).filter(Boolean);
})()`;

const QUICK_INPUT_STATE = `(() => {
  const w = document.querySelector('.quick-input-widget');
  const visible = !!w && w.style.display !== 'none' && w.offsetParent !== null;
  const t = (sel) => { const e = w && w.querySelector(sel); return e ? (e.textContent || '').trim() : ''; };
  const input = w && w.querySelector('.quick-input-box input');
  return JSON.stringify({ visible, title: t('.quick-input-title'), message: t('.quick-input-message'),
    placeholder: input ? input.getAttribute('placeholder') || '' : '', gen: window.__e2eQuickInputGen || 0 });
})()`;

/** Counts how often the quick input widget was hidden, so a step can wait for the next one. */
const QUICK_INPUT_WATCH = `(() => {
  if (window.__e2eQuickInputWatch) return;
  window.__e2eQuickInputWatch = true;
  window.__e2eQuickInputGen = 0;
  let wasVisible = false;
  const tick = () => {
    const w = document.querySelector('.quick-input-widget');
    const visible = !!w && w.style.display !== 'none';
    if (wasVisible && !visible) window.__e2eQuickInputGen++;
    wasVisible = visible;
  };
  new MutationObserver(tick).observe(document.body, { attributes: true, subtree: true, childList: true, attributeFilter: ['style', 'class'] });
})()`;

/** Describes the element that has the focus, for messages. */
const ACTIVE_ELEMENT = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return 'nothing (body)';
  const part = e.closest('.quick-input-widget, .notifications-toasts, .monaco-dialog-box, .part');
  const where = part ? (part.classList.contains('part') ? [...part.classList].filter((c) => c !== 'part').join('.') + ' part' : part.className.split(' ')[0]) : 'the page';
  const what = e.tagName.toLowerCase() + (e.getAttribute('aria-label') ? ' "' + e.getAttribute('aria-label').slice(0, 60) + '"' : '');
  return what + ' in ' + where;
})()`;

const ACTIVE_EDITOR = '.part.editor .editor-group-container.active .editor-instance .monaco-editor';
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (s: string | RegExp): RegExp => (typeof s === 'string' ? new RegExp(`^\\s*${escapeRe(s)}\\s*$`) : s);

/** An image of the page, once it loaded or failed. */
export interface ImageState {
  src: string;
  loaded: boolean;
  width: number;
}

/** The part of a page's HTMLImageElement imagesSettled reads (the project compiles without the DOM library). */
interface PageImage {
  complete: boolean;
  naturalWidth: number;
  getAttribute(name: string): string | null;
  addEventListener(type: string, listener: (e: unknown) => void): void;
}

/** Waits for every located image to load or fail (their events, not a time), then says how each went. */
export async function imagesSettled(images: Locator): Promise<ImageState[]> {
  return images.evaluateAll((imgs) =>
    Promise.all(
      (imgs as unknown as PageImage[]).map((i) =>
        i.complete ? null : new Promise((r) => (i.addEventListener('load', r), i.addEventListener('error', r))),
      ),
    ).then(() =>
      (imgs as unknown as PageImage[]).map((i) => ({
        src: i.getAttribute('src') ?? '',
        loaded: i.complete && i.naturalWidth > 0,
        width: i.naturalWidth,
      })),
    ),
  );
}

export class Workbench {
  constructor(
    readonly page: Page,
    readonly server: CodeServer,
    readonly browserLog: string,
  ) {}

  /** Waits for the workbench to be restored: status bar, and the explorer showing the workspace. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: timeoutMs });
    await this.page.locator('.part.sidebar .explorer-folders-view .monaco-list-row').first().waitFor({ timeout: timeoutMs });
    await this.page.evaluate(QUICK_INPUT_WATCH);
  }

  /** Notes a retried race (see pickFromQuickInput, openCodeActions) on stderr and in the page's console log. */
  private async note(message: string): Promise<void> {
    process.stderr.write(`e2e [${this.server.name}]: ${message}\n`);
    await this.page.evaluate(`console.warn(${JSON.stringify(`[e2e] ${message}`)})`).catch(() => undefined);
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private async quickInputState(): Promise<string> {
    return (await this.page.evaluate(QUICK_INPUT_STATE)) as string;
  }

  /** Waits until the quick input hid (and maybe reappeared) or changed its title/prompt since `before`. */
  private async quickInputChanged(before: string, timeout = DEFAULT_TIMEOUT): Promise<void> {
    const b = JSON.parse(before) as { gen: number; title: string; message: string; placeholder: string };
    await this.page.waitForFunction(
      `(() => { const s = JSON.parse(${QUICK_INPUT_STATE}); const b = ${JSON.stringify(b)};
        return !s.visible || s.gen !== b.gen || s.title !== b.title || s.placeholder !== b.placeholder; })()`,
      undefined,
      { timeout },
    );
  }

  /**
   * Opens a quick input with `key` (F1: the command palette, Control+P: Quick Open), types `value` into it and
   * clicks the row whose label is `label`.
   *
   * The palette and Quick Open hide as soon as they lose focus, and whatever takes the focus right after the
   * key closes them before a row is picked: e.g. an extension action that reveals an editor (showTextDocument)
   * after its visible effect. Tests wait for such actions to end (see waitForCursor), but nothing has run when
   * the widget closed, so it is also opened again: at most 4 times, each attempt waiting for a concrete state
   * (the row shows in the open widget, or the widget closed), never for a time. Each reopening is noted on
   * stderr and in the page's console (`*.browser.log`), with what took the focus.
   */
  private async pickFromQuickInput(key: string, value: string, label: string): Promise<void> {
    const widget = this.quickInput();
    const input = widget.locator('.quick-input-box input');
    const row = widget
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first();
    const want = exactly(label);
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      const closedBefore = (JSON.parse(await this.quickInputState()) as { gen: number }).gen;
      await this.page.keyboard.press(key);
      // Open, or already closed again (the count of closings went up).
      await this.page.waitForFunction(
        `(() => { const s = JSON.parse(${QUICK_INPUT_STATE}); return s.visible || s.gen !== ${closedBefore}; })()`,
      );
      const openedState = await this.quickInputState();
      const opened = JSON.parse(openedState) as { visible: boolean; gen: number };
      let outcome: 'row' | 'closed' = 'closed';
      if (opened.visible) {
        // force: when the widget closed meanwhile, fill() sets the hidden box instead of waiting for it to show.
        await input.fill(value, { force: true });
        try {
          const handle = await this.page.waitForFunction(
            `(() => {
              const s = JSON.parse(${QUICK_INPUT_STATE});
              if (!s.visible || s.gen !== ${opened.gen}) return 'closed';
              const want = new RegExp(${JSON.stringify(want.source)}, ${JSON.stringify(want.flags)});
              const rows = [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')].filter((r) => r.offsetParent !== null);
              return rows.some((r) => [...r.querySelectorAll('.label-name')].some((l) => want.test(l.textContent || ''))) ? 'row' : false;
            })()`,
          );
          outcome = (await handle.jsonValue()) as 'row' | 'closed';
        } catch (e) {
          const shown = await widget
            .locator('.quick-input-list .monaco-list-row .label-name')
            .allTextContents()
            .catch(() => []);
          throw new Error(
            `e2e: no row labeled "${label}" after typing ${JSON.stringify(value)}; the quick input lists ${JSON.stringify(shown)}\n${(e as Error).message}`,
            { cause: e },
          );
        }
      }
      if (outcome === 'row') {
        let clicked = true;
        try {
          await row.click();
        } catch (e) {
          const s = JSON.parse(await this.quickInputState()) as { visible: boolean; gen: number };
          if (s.visible && s.gen === opened.gen) throw e;
          clicked = false; // it closed between the check and the click
        }
        if (clicked) {
          // Picked: the widget hides, or shows what the pick opened (a command's own quick pick or input box).
          // Quick Open re-renders its rows as results arrive, so a click can land on a row being replaced and do
          // nothing: while the same widget still shows (a pick would have hidden it at once), click the row again.
          for (let click = 1; ; click++) {
            try {
              await this.quickInputChanged(openedState, click < 4 ? DEFAULT_TIMEOUT / 4 : DEFAULT_TIMEOUT);
              return;
            } catch (e) {
              const s = JSON.parse(await this.quickInputState()) as { visible: boolean; gen: number };
              if (click >= 4 || !(s.visible && s.gen === opened.gen)) throw e;
              await this.note(`the click on "${label}" in the quick input (${key}) picked nothing; clicking it again`);
              await row.click();
            }
          }
        }
      }
      const focus = await this.page.evaluate(ACTIVE_ELEMENT);
      const note = `the quick input (${key}) closed before "${label}" was picked; the focus is on ${focus}`;
      if (attempt >= 4) throw new Error(`e2e: ${note} (${attempt} times)`);
      await this.note(`${note}; opening it again`);
    }
  }

  /** Opens a file through Quick Open (Ctrl+P): a path relative to a workspace folder, or absolute. */
  async openFile(file: string): Promise<void> {
    await this.pickFromQuickInput('Control+P', file, path.basename(file));
    await this.waitForActiveEditor(file);
  }

  /**
   * Saves the active editor (Ctrl+S) and waits until its tab is no longer dirty. The save is written over the
   * remote connection: a command run before it lands still sees unsaved changes.
   */
  async saveActiveEditor(timeout = DEFAULT_TIMEOUT): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.part.editor .editor-group-container.active .tab.active:not(.dirty)').waitFor({ timeout });
  }

  /** Waits until the active editor shows a file whose path ends with `file` (e.g. after Save As…). */
  async waitForActiveEditor(file: string, timeout = DEFAULT_TIMEOUT): Promise<void> {
    const uriSuffix = (file.startsWith('/') ? file : `/${file}`).split('/').map(encodeURIComponent).join('/');
    await this.page.locator(`${ACTIVE_EDITOR}[data-uri$="${uriSuffix}"]`).waitFor({ timeout });
  }

  /** The status bar entry with this id, e.g. 'status.editor.mode' (the language) or 'status.editor.selection'. */
  private statusBarEntry(id: string): Locator {
    return this.page.locator(`.part.statusbar [id="${id}"]`);
  }

  /**
   * Waits until the status bar names the active editor's language mode, e.g. 'NATS Server Config' (what the
   * extension claimed a `.conf` for, see client/src/detect-language.ts).
   */
  async waitForLanguageMode(name: string, timeout = DEFAULT_TIMEOUT): Promise<void> {
    await this.statusBarEntry('status.editor.mode')
      .filter({ hasText: exactly(name) })
      .waitFor({ timeout });
  }

  /** Waits until the status bar shows the active editor's cursor at line:column (1-based, as shown). */
  async waitForCursor(line: number, column: number, timeout = DEFAULT_TIMEOUT): Promise<void> {
    await this.statusBarEntry('status.editor.selection')
      .filter({ hasText: new RegExp(`^\\s*Ln ${line}, Col ${column}\\s*$`) })
      .waitFor({ timeout });
  }

  /**
   * Waits until the active editor renders an inlay hint (injected text) matching `match`, and returns it. A hint
   * from the language server means the server has the document open, with its current language.
   */
  async waitForInlayHint(match: string | RegExp, timeout = DEFAULT_TIMEOUT): Promise<string> {
    const re = typeof match === 'string' ? new RegExp(escapeRe(match)) : match;
    const handle = await this.page.waitForFunction(
      `(() => { const re = new RegExp(${JSON.stringify(re.source)}, ${JSON.stringify(re.flags)}); return ${EDITOR_INJECTED_TEXT}.find((t) => re.test(t)) || false; })()`,
      undefined,
      { timeout },
    );
    return (await handle.jsonValue()) as string;
  }

  /** Waits until the active editor renders a line that contains `text` (injected text left out); returns it. */
  async waitForEditorLine(text: string, timeout = DEFAULT_TIMEOUT): Promise<string> {
    const handle = await this.page.waitForFunction(`${FIND_RENDERED_LINE}(${JSON.stringify(text)})`, undefined, { timeout });
    return (await handle.jsonValue()) as string;
  }

  /**
   * Brings the first line of the active editor that contains `text` into view with the editor's find widget
   * (Ctrl+F), and returns that line as rendered (injected text left out). For documents too long for
   * editorText(), e.g. Developer: Startup Performance. Closes the find widget again.
   */
  async findLine(text: string, timeout = DEFAULT_TIMEOUT): Promise<string> {
    const editor = this.page.locator(`${ACTIVE_EDITOR}[data-uri]`).filter({ visible: true }).first();
    await this.page.keyboard.press('Escape');
    await editor.click({ position: { x: 80, y: 8 } }); // focus the editor (not a panel): a click on its first visible line
    await this.page.keyboard.press('Control+F');
    const box = editor.locator('.find-widget.visible .find-part .monaco-inputbox .input').first();
    await box.fill(text, { timeout });
    const line = await this.waitForEditorLine(text, timeout);
    await this.page.keyboard.press('Escape');
    return line;
  }

  /** The active text editor's URI and text (the document must fit in the viewport). */
  async editorText(): Promise<{ uri: string; text: string }> {
    const r = (await this.page.evaluate(EDITOR_TEXT)) as { uri: string; text: string } | { error: string };
    if ('error' in r) throw new Error(`e2e: editorText: ${r.error}`);
    return r;
  }

  /** Waits until the active editor's text satisfies a predicate (e.g. after a quick fix). */
  async waitForEditorText(pred: string | RegExp, timeout = DEFAULT_TIMEOUT): Promise<string> {
    const re = typeof pred === 'string' ? new RegExp(escapeRe(pred)) : pred;
    const handle = await this.page.waitForFunction(
      `(() => { const r = ${EDITOR_TEXT}; return !r.error && new RegExp(${JSON.stringify(re.source)}, ${JSON.stringify(re.flags)}).test(r.text) ? r.text : false; })()`,
      undefined,
      { timeout },
    );
    return (await handle.jsonValue()) as string;
  }

  private async locate(target: TextTarget): Promise<{ x: number; y: number }> {
    const pos = (await this.page.evaluate(
      `${LOCATE_TEXT}(${JSON.stringify({ text: target.text, occurrence: target.occurrence ?? 1 })})`,
    )) as { x: number; y: number } | { error: string };
    if ('error' in pos) throw new Error(`e2e: "${target.text}": ${pos.error}`);
    return pos;
  }

  /** Puts the cursor in the middle of a text of the active editor (a click, as a user would). */
  async clickText(target: TextTarget | string): Promise<void> {
    const t = typeof target === 'string' ? { text: target } : target;
    const { x, y } = await this.locate(t);
    await this.page.mouse.click(x, y);
  }

  /**
   * Moves the mouse over a text in the active editor and returns the hover's text, once it contains
   * `contains` when given (hovers fill in as providers answer), else once it has any content.
   */
  async hover(target: TextTarget | string, opts: { contains?: string | RegExp; timeout?: number } = {}): Promise<string> {
    const t = typeof target === 'string' ? { text: target } : target;
    await this.page.keyboard.press('Escape');
    const { x, y } = await this.locate(t);
    // Come from elsewhere so the editor sees a fresh mouse move onto the word.
    await this.page.mouse.move(x, y + 200);
    await this.page.mouse.move(x, y, { steps: 2 });
    const want =
      opts.contains === undefined
        ? null
        : typeof opts.contains === 'string'
          ? { source: escapeRe(opts.contains), flags: '' }
          : { source: opts.contains.source, flags: opts.contains.flags };
    const timeout = opts.timeout ?? DEFAULT_TIMEOUT;
    try {
      const handle = await this.page.waitForFunction(
        `(() => {
          const hs = [...document.querySelectorAll('.monaco-hover:not(.hidden)')].filter((h) => h.offsetParent !== null);
          const text = hs.map((h) => h.innerText.trim()).filter(Boolean).join('\\n');
          if (text) (window.__e2eHoversSeen = window.__e2eHoversSeen || []).includes(text) || window.__e2eHoversSeen.push(text);
          if (!text || /^Loading\\.\\.\\.$/.test(text)) return false;
          const want = ${JSON.stringify(want)};
          return !want || new RegExp(want.source, want.flags).test(text) ? text : false;
        })()`,
        undefined,
        { timeout },
      );
      return (await handle.jsonValue()) as string;
    } catch (e) {
      // Say what the page showed: the hovers seen meanwhile, what is under the mouse, where the text is now.
      const info = await this.page
        .evaluate(
          `(() => {
            const el = document.elementFromPoint(${x}, ${y});
            const line = el && el.closest('.view-line');
            return { seen: window.__e2eHoversSeen || [], under: el ? (line ? 'line ' + JSON.stringify(line.textContent) : el.className) : 'nothing',
              now: ${LOCATE_TEXT}(${JSON.stringify({ text: t.text, occurrence: t.occurrence ?? 1 })}) };
          })()`,
        )
        .catch((err: Error) => ({ error: err.message }));
      throw new Error(
        `e2e: no hover${want ? ` matching /${want.source}/` : ''} over "${t.text}" (mouse at ${Math.round(x)},${Math.round(y)}) within ${timeout} ms: ${JSON.stringify(info)}\n${(e as Error).message}`,
        { cause: e },
      );
    } finally {
      await this.page.evaluate('window.__e2eHoversSeen = []').catch(() => undefined);
    }
  }

  /** Shows the Problems panel (View: Show Problems) unless it is already showing. */
  async showProblems(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    if (await panel.isVisible()) return;
    await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor();
  }

  private async problemsView(): Promise<ProblemsView> {
    const v = (await this.page.evaluate(PROBLEMS_VIEW)) as ProblemsView | null;
    if (!v) throw new Error('e2e: the Problems panel is not showing');
    return v;
  }

  /**
   * Every row of the Problems panel (markers; related-information rows are left out). The tree renders only
   * the rows in view, so when it overflows this scrolls it through with the mouse wheel and back to the top.
   */
  async problems(): Promise<ProblemRow[]> {
    await this.showProblems();
    let view = await this.problemsView();
    const seen = new Map<number, RawProblemRow>();
    const add = (v: ProblemsView): void => v.rows.forEach((r) => seen.set(r.index, r));
    add(view);
    if (view.contentHeight > view.viewHeight + 1) {
      // Scroll through with the mouse wheel: the keyboard would move the selection, which opens files.
      // The workbench scales wheel deltas, so the step is calibrated on the rows each wheel moved, and a
      // step that skipped rows is taken back by half.
      await this.page.locator('.markers-panel .tree-container').hover();
      const total = Math.round(view.contentHeight / (view.rowHeight || 22));
      const first = (v: ProblemsView): number => Math.min(...v.rows.map((r) => r.index));
      const last = (v: ProblemsView): number => Math.max(...v.rows.map((r) => r.index));
      const wheel = async (dy: number): Promise<ProblemsView> => {
        await this.page.mouse.wheel(0, dy);
        await this.page.evaluate(NEXT_FRAMES);
        return this.problemsView();
      };
      for (let i = 0; i < 20 && first(view) > 0; i++) view = await wheel(-100_000);
      add(view);
      const wantRows = Math.max(1, Math.floor(view.viewHeight / (view.rowHeight || 22)) - 2);
      let delta = view.viewHeight;
      let covered = last(view);
      for (let i = 0; i < 4 * total && covered < total - 1; i++) {
        const next = await wheel(delta);
        if (first(next) > covered + 1) {
          await wheel(-delta); // skipped rows: back to where we were, with a smaller step
          delta /= 2;
          continue;
        }
        if (first(next) === first(view)) delta *= 2;
        else delta = Math.max(1, (delta * wantRows) / (first(next) - first(view)));
        view = next;
        add(view);
        covered = Math.max(covered, last(view));
      }
      for (let i = 0; i < 20 && first(view) > 0; i++) view = await wheel(-100_000);
    }
    const out: ProblemRow[] = [];
    let file = '';
    for (const r of [...seen.values()].sort((a, b) => a.index - b.index)) {
      if (r.level === 1) file = r.file ?? '';
      else if (r.level === 2) {
        out.push({
          file,
          severity: r.severity ?? 'hint',
          message: r.message ?? '',
          source: r.source ?? '',
          code: r.code ?? '',
          line: r.line ?? 0,
          column: r.column ?? 0,
        });
      }
    }
    return out;
  }

  /**
   * Waits until the Problems panel shows what is expected; returns the matching rows. It re-reads the panel
   * whenever the panel's count, the status bar's counts or the rows in view change.
   */
  async waitForProblems(expect: ProblemsExpectation, timeout = DEFAULT_TIMEOUT): Promise<ProblemRow[]> {
    const codes = expect.codes ?? [];
    return this.untilProblems(
      expect,
      (rows) => codes.every((c) => rows.some((r) => r.code === c)) && rows.length >= (expect.minCount ?? 0),
      'show',
      timeout,
    );
  }

  /**
   * Waits until the Problems panel shows none of `codes` (from `source`, default 'nats-tls'; of `file` when
   * given), e.g. once a fix took effect; returns the remaining rows of that source (and file).
   */
  async waitForProblemsGone(expect: { codes: string[]; source?: string; file?: string }, timeout = DEFAULT_TIMEOUT): Promise<ProblemRow[]> {
    return this.untilProblems(expect, (rows) => !rows.some((r) => expect.codes.includes(r.code)), 'stop showing', timeout);
  }

  private async untilProblems(
    expect: ProblemsExpectation,
    accept: (rows: ProblemRow[]) => boolean,
    what: string,
    timeout: number,
  ): Promise<ProblemRow[]> {
    await this.showProblems();
    const source = expect.source ?? 'nats-tls';
    const deadline = Date.now() + timeout;
    let rows: ProblemRow[] = [];
    for (;;) {
      const before = (await this.problemsView()).signature;
      const all = await this.problems();
      rows = all.filter((r) => r.source === source && (!expect.file || r.file.endsWith(expect.file)));
      if (accept(rows)) return rows;
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        await this.page.waitForFunction(
          `(() => { const v = ${PROBLEMS_VIEW}; return !v || v.signature !== ${JSON.stringify(before)}; })()`,
          undefined,
          { timeout: left },
        );
      } catch {
        break;
      }
    }
    const seen = await this.problems().catch(() => rows);
    throw new Error(
      `e2e: the Problems panel did not ${what} ${JSON.stringify({ ...expect, source })} within ${timeout} ms; it shows:\n` +
        (seen.map((r) => `  ${r.file}:${r.line}:${r.column} ${r.severity} [${r.source} ${r.code}] ${r.message}`).join('\n') ||
          '  (nothing)'),
    );
  }

  /**
   * Runs a command from the command palette by its full title as shown ("NATS: Restart NATS Language Server"), then
   * answers the quick inputs it opens, in order.
   */
  async runCommand(title: string, answers: QuickAnswer[] = []): Promise<void> {
    await this.pickFromQuickInput('F1', `>${title}`, title);
    for (const a of answers) await this.answerQuickInput(a);
  }

  /**
   * Waits until the command palette lists `title`. An extension's commands show once the remote extension host
   * has read the extension, which can be after the workbench shows (an activation event waits for a file; a
   * workspace without one has nothing else to wait for), and an open palette never adds rows: so it is opened
   * again, each attempt waiting for the list to show the row, at most `attempts` times.
   */
  async waitForCommand(title: string, attempts = 10): Promise<void> {
    const want = exactly(title);
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      const widget = this.quickInput();
      await widget.waitFor();
      await widget.locator('.quick-input-box input').fill(`>${title}`);
      try {
        await this.page.waitForFunction(
          `(() => {
            const want = new RegExp(${JSON.stringify(want.source)}, ${JSON.stringify(want.flags)});
            return [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row .label-name')].some((l) => want.test(l.textContent || ''));
          })()`,
          undefined,
          { timeout: 5_000 },
        );
        await this.page.keyboard.press('Escape');
        return;
      } catch (e) {
        if (attempt >= attempts) throw new Error(`e2e: the command palette does not list "${title}" (${attempt} times)`, { cause: e });
        await this.note(`the command palette does not list "${title}" yet; opening it again`);
      }
    }
  }

  /** Answers the quick input (input box or quick pick) that is showing or about to show. */
  async answerQuickInput(answer: QuickAnswer): Promise<void> {
    const widget = this.quickInput();
    await widget.waitFor();
    const prompt = typeof answer === 'object' && 'prompt' in answer ? answer.prompt : undefined;
    if (prompt !== undefined) {
      const re = typeof prompt === 'string' ? new RegExp(escapeRe(prompt)) : prompt;
      await this.page.waitForFunction(
        `(() => { const s = JSON.parse(${QUICK_INPUT_STATE}); return s.visible && new RegExp(${JSON.stringify(re.source)}, ${JSON.stringify(re.flags)}).test([s.title, s.message, s.placeholder].join('\\n')); })()`,
      );
    }
    const before = await this.quickInputState();
    const input = widget.locator('.quick-input-box input');
    const rowLabeled = (label: string | RegExp): Locator =>
      widget
        .locator('.quick-input-list .monaco-list-row')
        .filter({ has: this.page.locator('.quick-input-list-label .label-name', { hasText: exactly(label) }) })
        .first();
    if (typeof answer === 'string' || 'text' in answer) {
      await this.setValue(input, typeof answer === 'string' ? answer : answer.text);
      await input.press('Enter');
    } else if ('path' in answer) {
      // The simple file dialog first shows its folder's path, then lists the folder and puts its own default
      // in the box; a value set before that would be overwritten.
      await widget.locator('.quick-input-list .monaco-list-row').first().waitFor();
      await this.setValue(input, answer.path);
      await input.press('Enter');
    } else if ('pick' in answer) {
      // Long lists render only the rows in view: narrow them by typing (the label itself, by default).
      const filter = answer.filter ?? (typeof answer.pick === 'string' ? answer.pick : undefined);
      if (filter !== undefined) await input.fill(filter);
      await rowLabeled(answer.pick).click();
    } else if ('pickMany' in answer) {
      for (const p of answer.pickMany) await rowLabeled(p).locator('input[type=checkbox], .quick-input-list-checkbox').first().click();
      await input.press('Enter');
    } else {
      await this.page.keyboard.press('Escape');
    }
    await this.quickInputChanged(before);
  }

  /** Sets a quick input's value in one input event (as a paste would), and checks it took. */
  private async setValue(input: Locator, text: string): Promise<void> {
    await input.fill(text);
    const now = await input.inputValue();
    if (now !== text) throw new Error(`e2e: set the quick input to ${JSON.stringify(text)}, which now holds ${JSON.stringify(now)}`);
  }

  /** The code actions (Ctrl+.) offered at a text of the active editor; closes the menu again. */
  async codeActions(target: TextTarget | string): Promise<string[]> {
    const rows = await this.openCodeActions(target);
    const titles = await rows.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') || e.textContent || '').trim()));
    await this.page.keyboard.press('Escape');
    return titles;
  }

  /** Applies the quick fix titled `title` (exact string, or a RegExp) at a text of the active editor. */
  async quickFix(target: TextTarget | string, title: string | RegExp): Promise<void> {
    const rows = await this.openCodeActions(target);
    const want = exactly(title);
    const all = await rows.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') || e.textContent || '').trim()));
    const index = all.findIndex((t) => want.test(t));
    if (index < 0) {
      await this.page.keyboard.press('Escape');
      throw new Error(
        `e2e: no code action ${want} at "${typeof target === 'string' ? target : target.text}"; offered: ${JSON.stringify(all)}`,
      );
    }
    // The menu lays a pointer block over the page until the mouse moves; move onto the row, then click.
    const box = await rows.nth(index).boundingBox();
    if (box) await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 2 });
    await rows.nth(index).click();
    await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
  }

  /**
   * Ctrl+. at a text of the active editor; resolves with the rows of the menu that opens.
   *
   * VS Code 1.100 can answer Ctrl+. with "No code actions available" although the providers return actions: a
   * cursor move or a change of the document's diagnostics schedules an automatic code-action request 250 ms
   * later, which replaces the manual one 500 ms after that when the manual one's result is not in yet (a busy
   * renderer). CodeActionModel resolves a replaced request with an empty set, and CodeActionController then
   * shows the message for it. (LSP traces of such runs show the server answering the manual request with the
   * fix.) So that message is retried as a user would, at most 5 times, each attempt waiting for the menu or
   * the message, never for a time; each retry is noted on stderr and in the page's console.
   */
  private async openCodeActions(target: TextTarget | string): Promise<Locator> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const none = this.page.locator('.monaco-editor-overlaymessage', { hasText: /No code actions/i });
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await none.waitFor({ state: 'hidden' });
      await this.clickText(target);
      await this.page.keyboard.press('Control+.');
      await rows.first().or(none).waitFor();
      if (!(await none.isVisible())) return rows;
      if (attempt >= 5)
        throw new Error(`e2e: no code actions at "${typeof target === 'string' ? target : target.text}" (asked ${attempt} times)`);
      await this.note(`"No code actions available" at "${typeof target === 'string' ? target : target.text}"; asking again`);
    }
  }

  /** Texts of the notification toasts showing now. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts();
  }

  /** Waits for a notification toast whose text matches, and returns its text. */
  async waitForNotification(match: string | RegExp, timeout = DEFAULT_TIMEOUT): Promise<string> {
    const toast = this.page
      .locator('.notifications-toasts .notification-toast .notification-list-item-message', { hasText: match })
      .first();
    await toast.waitFor({ timeout });
    return toast.innerText();
  }

  /** Saves a screenshot of the whole page (folders are created). */
  async screenshot(file: string): Promise<string> {
    const abs = path.resolve(ROOT, file);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    await this.page.screenshot({ path: abs });
    return abs;
  }

  /**
   * Saves `name` into .test-output/e2e/ and, when docs/images/`name` is missing or NATS_TLS_UPDATE_SCREENSHOTS=1,
   * copies it there too: the committed docs image is refreshed on request only, so test runs leave the tree clean.
   */
  async docsScreenshot(name: string): Promise<string> {
    const shot = await this.screenshot(path.join(OUTPUT_DIR, name));
    const docImage = path.join(ROOT, 'docs', 'images', name);
    if (!fs.existsSync(docImage) || process.env.NATS_TLS_UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(path.dirname(docImage), { recursive: true });
      fs.copyFileSync(shot, docImage);
    }
    return shot;
  }

  /**
   * Runs a step of a test; when it throws, saves a screenshot and the logs into .test-output/e2e/... and
   * rethrows with the folder named in the message.
   */
  async step<T>(label: string, fn: (wb: this) => Promise<T>): Promise<T> {
    try {
      return await fn(this);
    } catch (e) {
      const dir = await this.server.saveArtifacts(label, this.page).catch(() => undefined);
      if (dir && e instanceof Error) e.message += `\n(e2e artifacts: ${path.relative(ROOT, dir)})`;
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.page
      .context()
      .close()
      .catch(() => undefined);
  }
}
