// The one way a test requires something outside the repository: the real nats-server, openssl, the shared
// corpus, code-server + Chromium (e2e), and the nats-server oracle releases.
//
//   describeWith([natsServerTool], 'suite', () => { … })      a suite that needs them
//   testWith([opensslTool], 'name', async (t) => { … })        one test that needs them
//   if (!need(t, corpusTool)) return;                          inside a test
//   const dir = optional(t, corpusTool)                        use it when there, else fall back (loudly)
//
// Missing outside CI: the test is skipped, with the reason in the test report and a loud line on the console.
// Missing with CI set (any value but "", "0" or "false"): the test fails, with a message that says what is
// missing and how to install it. `npm test` installs the tools it can (scripts/setup-test-env.sh).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { natsServerPath } from './nats-server';
import { latestOracle, oracle, oraclesDir } from './oracles';

const repoRoot = path.resolve(__dirname, '..', '..');

export function inCI(): boolean {
  const v = (process.env.CI ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

export interface Tool {
  /** What it is, for messages ("nats-server", "the corpus"). */
  name: string;
  /** How to get it. */
  install: string;
  /** Where it is, or why it is missing. */
  locate(): { path: string } | { missing: string };
}

const found = new Map<Tool, { path: string } | { missing: string }>();
function lookup(tool: Tool): { path: string } | { missing: string } {
  let r = found.get(tool);
  if (!r) found.set(tool, (r = tool.locate()));
  return r;
}

/** The tool's path, or undefined when it is missing (no skip, no failure: for scripts and reports). */
export function find(tool: Tool): string | undefined {
  const r = lookup(tool);
  return 'path' in r ? r.path : undefined;
}

function missingText(tools: Tool[]): string | undefined {
  const missing = tools.flatMap((t) => {
    const r = lookup(t);
    return 'missing' in r ? [`${t.name} (${r.missing}; ${t.install})`] : [];
  });
  return missing.length ? `missing ${missing.join(' and ')}` : undefined;
}

const announced = new Set<string>();
function announce(what: string, text: string): void {
  const line = `*** SKIPPED ${what}: ${text} ***`;
  if (announced.has(line)) return;
  announced.add(line);
  console.warn(`\n${line}\n`);
}

function ciFailure(what: string, text: string): Error {
  const e = new Error(`${what}: ${text}. CI is set, so a missing tool fails the run instead of skipping.`);
  e.stack = e.message; // the message is the whole story
  return e;
}

/**
 * describe() for a suite that needs `tools`. When one is missing the suite is skipped loudly, or with CI set
 * becomes one failing test that says what is missing (never a pile of failing hooks).
 */
export function describeWith(tools: Tool[], name: string, fn: () => void, options: { timeout?: number } = {}): void {
  const text = missingText(tools);
  if (!text) {
    describe(name, options, fn);
  } else if (inCI()) {
    const err = ciFailure(name, text);
    test(name, () => {
      throw err;
    });
  } else {
    announce(name, text);
    describe(name, { ...options, skip: text }, fn);
  }
}

type TestFn = (t: TestContext) => void | Promise<void>;
/** test() for one test that needs `tools` (skipped loudly outside CI, failing with CI set). */
export function testWith(tools: Tool[], name: string, options: { timeout?: number } | TestFn, fn?: TestFn): void {
  const body = (typeof options === 'function' ? options : fn)!;
  const opts = typeof options === 'function' ? {} : options;
  test(name, opts, (t) => (need(t, ...tools) ? body(t) : undefined));
}

/**
 * Inside a test: true when every tool is there. Otherwise, outside CI, skips the test (reason in the report,
 * a loud console line) and returns false; with CI set, fails the test.
 */
export function need(t: TestContext, ...tools: Tool[]): boolean {
  const text = missingText(tools);
  if (!text) return true;
  if (inCI()) throw ciFailure(t.name, text);
  announce(t.name, text);
  t.skip(text);
  return false;
}

/**
 * Inside a test that can run without `tool` (on smaller built-in inputs): its path, or undefined after a loud
 * note; with CI set a missing tool fails the test.
 */
export function optional(t: TestContext, tool: Tool, fallback: string): string | undefined {
  const r = lookup(tool);
  if ('path' in r) return r.path;
  const text = `${tool.name} is missing (${r.missing}; ${tool.install})`;
  if (inCI()) throw ciFailure(t.name, text);
  const line = `*** ${t.name}: ${text}; ${fallback} ***`;
  console.warn(`\n${line}\n`);
  t.diagnostic(line);
  return undefined;
}

// ------------------------------------------------------------------------------------------ the tools

export const natsServerTool: Tool = {
  name: 'nats-server',
  install: 'Debian: apt-get install nats-server',
  locate: () => {
    const p = natsServerPath();
    return p ? { path: p } : { missing: 'not on PATH, /usr/sbin, /usr/bin or /usr/local/bin' };
  },
};

export const opensslTool: Tool = {
  name: 'openssl',
  install: 'Debian: apt-get install openssl',
  locate: () => {
    const bin = fs.existsSync('/usr/bin/openssl') ? '/usr/bin/openssl' : 'openssl';
    return spawnSync(bin, ['version']).status === 0 ? { path: bin } : { missing: '`openssl version` does not run' };
  },
};

/** The shared corpus of real configs and certificates: $NATS_TLS_CORPUS, else ../shared/corpus. */
export function corpusPath(): string {
  return path.resolve(process.env.NATS_TLS_CORPUS || path.join(repoRoot, '..', 'shared', 'corpus'));
}

export const corpusTool: Tool = {
  name: 'the corpus',
  install: 'put the shared corpus next to the repository (../shared/corpus) or set NATS_TLS_CORPUS',
  locate: () => {
    const dir = corpusPath();
    const marks = ['nats-server-2.9.10-parse.tsv', 'nats-server'];
    const lacking = marks.filter((m) => !fs.existsSync(path.join(dir, m)));
    if (!fs.existsSync(dir)) return { missing: `no folder ${dir}` };
    return lacking.length ? { missing: `${dir} has no ${lacking.join(' or ')}` } : { path: dir };
  },
};

export interface E2ETools {
  codeServer: string;
  chromium: string;
}

/** Where code-server and Chromium are ($NATS_TLS_CODE_SERVER, $NATS_TLS_E2E_DIR, $NATS_TLS_CHROMIUM), or what is missing. */
export function locateE2E(): E2ETools | { missing: string } {
  const dir = process.env.NATS_TLS_E2E_DIR || path.join(os.homedir(), '.cache', 'nats-tls-e2e', 'code-server');
  const codeServer = process.env.NATS_TLS_CODE_SERVER || path.join(dir, 'node_modules', '.bin', 'code-server');
  const chromium = process.env.NATS_TLS_CHROMIUM || '/usr/bin/chromium';
  const missing: string[] = [];
  if (!isExecutable(codeServer)) missing.push(`code-server (looked for ${codeServer})`);
  else if (!process.env.NATS_TLS_CODE_SERVER && !fs.existsSync(path.join(dir, '.nats-tls-e2e-complete')))
    missing.push(`a complete code-server install (${dir} has no completion stamp)`);
  if (!isExecutable(chromium)) missing.push(`Chromium (looked for ${chromium})`);
  return missing.length ? { missing: missing.join(' and ') } : { codeServer, chromium };
}

export const codeServerTool: Tool = {
  name: 'code-server and Chromium',
  install: 'run `npm run setup:e2e` (scripts/setup-e2e.sh)',
  locate: () => {
    const r = locateE2E();
    return 'missing' in r ? r : { path: r.codeServer };
  },
};

/**
 * Root dropping to `nobody` with setpriv, able to run node: to observe EACCES, which root itself never gets.
 * Only asked for when running as root.
 */
export const unprivilegedUserTool: Tool = {
  name: 'an unprivileged user (setpriv to nobody)',
  install: 'Debian: apt-get install util-linux (setpriv), with the users nobody and nogroup and node readable by them',
  locate: () => {
    const r = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', ''], {
      encoding: 'utf8',
      cwd: os.tmpdir(),
    });
    return r.status === 0
      ? { path: 'setpriv' }
      : { missing: `setpriv cannot run ${process.execPath} as nobody: ${(r.stderr || String(r.error ?? r.status)).split('\n')[0]}` };
  },
};

const oracleInstall = 'run scripts/install-nats-servers.sh (as root, once; `npm test` runs it)';

/** One nats-server release from the oracles (test/helpers/oracles.ts), e.g. oracleTool('2.9.10'). */
export function oracleTool(version: string): Tool {
  return {
    name: `nats-server ${version}`,
    install: oracleInstall,
    locate: () => {
      const o = oracle(version);
      return o ? { path: o.path } : { missing: `not in ${oraclesDir()} and not the system nats-server` };
    },
  };
}

/** The newest installed nats-server release. */
export const latestOracleTool: Tool = {
  name: 'the newest nats-server release',
  install: oracleInstall,
  locate: () => {
    const o = latestOracle();
    return o ? { path: o.path } : { missing: `no release in ${oraclesDir()}` };
  },
};

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** For a test that checks the helper itself: forget what was found (env changes between cases). */
export function resetTools(): void {
  found.clear();
  announced.clear();
}
