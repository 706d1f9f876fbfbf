// The client's nats-server call: a fixed argument list, no shell, the config's folder as working directory,
// a time limit, and every failure an outcome (never a throw).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { execFile } from 'node:child_process';
import { checkArgs, CHECK_TIMEOUT_MS, resolveExecutable, runCheck, runVersion } from '../../client/src/nats-server';

test('checkArgs: -t -c FILE, nothing else; a file name that looks like an option stays one argument', () => {
  assert.deepEqual(checkArgs('/srv/nats/nats.conf'), ['-t', '-c', '/srv/nats/nats.conf']);
  assert.deepEqual(checkArgs('/srv/--help; rm -rf x.conf'), ['-t', '-c', '/srv/--help; rm -rf x.conf']);
});

test('resolveExecutable: default, PATH names, absolute, ~/, workspace-relative', () => {
  assert.equal(resolveExecutable(undefined), 'nats-server');
  assert.equal(resolveExecutable('  '), 'nats-server');
  assert.equal(resolveExecutable('nats-server-2.10'), 'nats-server-2.10');
  assert.equal(resolveExecutable('/opt/nats/nats-server'), '/opt/nats/nats-server');
  assert.equal(resolveExecutable('~/bin/nats-server', { home: '/home/u' }), path.join('/home/u', 'bin/nats-server'));
  assert.equal(resolveExecutable('./bin/nats-server', { workspaceFolder: '/ws' }), '/ws/bin/nats-server');
  assert.equal(resolveExecutable('bin/nats-server', { workspaceFolder: '/ws' }), '/ws/bin/nats-server');
});

type Call = { file: string; args: readonly string[]; options: Record<string, unknown> };

type FakeError = { code?: string | number | null; killed?: boolean; signal?: string; syscall?: string };

function fakeExec(result: { error?: FakeError; stdout?: string; stderr?: string }, calls: Call[]): typeof execFile {
  return ((
    file: string,
    args: readonly string[],
    options: Record<string, unknown>,
    cb: (e: Error | null, so: string, se: string) => void,
  ) => {
    calls.push({ file, args, options });
    const e = result.error ? Object.assign(new Error('failed'), result.error) : null;
    queueMicrotask(() => cb(e, result.stdout ?? '', result.stderr ?? ''));
    return {} as ReturnType<typeof execFile>;
  }) as unknown as typeof execFile;
}

test("runCheck: no shell, cwd = the config's folder, a timeout, the output as printed (the server parses it)", async () => {
  const calls: Call[] = [];
  const exec = fakeExec({ error: { code: 1 }, stderr: 'nats-server: /srv/nats/nats.conf:2:1: unknown field "foo"\n' }, calls);
  const r = await runCheck('/opt/nats/nats-server', '/srv/nats/nats.conf', { exec });
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.file, '/opt/nats/nats-server');
  assert.deepEqual(calls[0]!.args, ['-t', '-c', '/srv/nats/nats.conf']);
  assert.equal(calls[0]!.options.cwd, '/srv/nats');
  assert.equal(calls[0]!.options.shell, false);
  assert.equal(calls[0]!.options.timeout, CHECK_TIMEOUT_MS);
  assert.equal(r.kind, 'ran');
  if (r.kind === 'ran') {
    assert.equal(r.exitCode, 1);
    assert.equal(r.cwd, '/srv/nats');
    assert.equal(r.output, 'nats-server: /srv/nats/nats.conf:2:1: unknown field "foo"\n');
  }
});

test('runCheck: a missing executable is "not-found" (real spawn)', async () => {
  const r = await runCheck('/nonexistent/nats-tls-test/nats-server', '/tmp/nats.conf');
  assert.deepEqual(r, { kind: 'not-found', executable: '/nonexistent/nats-tls-test/nats-server' });
});

test('runCheck: a killed process is a timeout', async () => {
  const r = await runCheck('/opt/nats/nats-server', '/srv/nats.conf', {
    exec: fakeExec({ error: { killed: true, signal: 'SIGTERM', code: null }, stdout: 'partial' }, []),
  });
  assert.deepEqual(r, { kind: 'timeout', executable: '/opt/nats/nats-server', output: 'partial' });
});

test('runCheck: valid config, exit 0', async () => {
  const r = await runCheck('/opt/nats/nats-server', '/srv/nats.conf', {
    exec: fakeExec({ stderr: 'nats-server: configuration file /srv/nats.conf is valid\n' }, []),
  });
  assert.equal(r.kind, 'ran');
  if (r.kind === 'ran') {
    assert.equal(r.exitCode, 0);
    assert.match(r.output, /is valid/);
  }
});

test('runCheck: the working directory the language server found (issue 12, defect 1) replaces the config folder', async () => {
  const calls: Call[] = [];
  const r = await runCheck('nats-server', '/ws/nats/nats.conf', { cwd: '/ws', exec: fakeExec({ stderr: 'valid\n' }, calls) });
  assert.equal(calls[0]!.options.cwd, '/ws');
  assert.equal(r.kind === 'ran' && r.cwd, '/ws');
});

test('runVersion: `--version` only, no shell; the output as printed, a missing executable an outcome', async () => {
  const calls: Call[] = [];
  const r = await runVersion('/opt/nats-server', { exec: fakeExec({ stdout: 'nats-server: v2.9.10\n' }, calls) });
  assert.deepEqual(calls[0]!.args, ['--version']);
  assert.equal(calls[0]!.options.shell, false);
  assert.deepEqual(r, { kind: 'ran', output: 'nats-server: v2.9.10\n' });
  const missing = await runVersion('/nonexistent/nats-tls-test/nats-server');
  assert.deepEqual(missing, { kind: 'failed', message: '/nonexistent/nats-tls-test/nats-server was not found' });
});
