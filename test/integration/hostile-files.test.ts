// Hostile targets for cert_file / key_file / ca_file / include: devices, FIFOs, huge sparse files,
// directories, symlink loops, unreadable files, binary garbage, giant bundles. Each must give a clear
// diagnostic without hanging on a FIFO, reading a device, or reading a gigabyte: the work is bounded by what
// the engine asks of the file system (counted through the EngineFs), not by a clock. Their time budgets live
// in `npm run bench -- budgets` (scripts/bench/test-budgets.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_FILE_BYTES } from '../../server/src/core/types';
import { bigConfig, confFor, deepConfig, HOSTILE_INCLUDES, hostileDir, TARGETS, type HostileDir } from '../helpers/hostile';
import { need, unprivilegedUserTool } from '../helpers/tools';
import { assertLinear, showGrowth, type CountingFs } from '../helpers/work';

let h: HostileDir;
let dir = '';

before(async () => {
  h = await hostileDir();
  dir = h.dir;
});
after(() => h?.cleanup());

const checkOnce = (conf: string): ReturnType<HostileDir['check']> => h.check(conf);

/**
 * What the engine may do with a hostile target: look at it a few times (a stat or a refused read per role the
 * file plays; never a retry loop), read nothing from a non-regular or oversized file, never more than the limit.
 */
function assertBoundedReads(counted: CountingFs, target: string, maxBytes: number): void {
  const calls = counted.calls.filter((c) => c.path === target);
  const show = JSON.stringify(calls);
  assert.ok(calls.length >= 1 && calls.length <= 4, `${target}: ${calls.length} file-system calls ${show}`);
  for (const r of counted.reads(target))
    assert.ok(r.limit !== undefined && r.limit <= 16 * MAX_FILE_BYTES, `${target}: read limit ${r.limit}`);
  assert.ok(counted.bytesRead(target) <= maxBytes, `${target}: ${counted.bytesRead(target)} bytes read, at most ${maxBytes} ${show}`);
}

for (const t of TARGETS) {
  test(`${t.name}: a clear diagnostic, reading at most ${t.maxBytes} bytes of it`, () => {
    const { findings, fs: counted } = checkOnce(confFor(t));
    const hit = findings.find((f) => f.code === t.code && f.range.start.line === (t.field === 'ca_file' ? 3 : 1));
    assert.ok(hit, `expected ${t.code}; got ${findings.map((f) => `${f.code}: ${f.message}`).join('\n')}`);
    assert.match(hit.message, t.says);
    assertBoundedReads(counted, h.abs(t.target), t.maxBytes);
  });
}

test('a file without read permission (checked as an unprivileged user, since root reads anything)', (t) => {
  if (process.getuid?.() !== 0) {
    // Not root: permission is enforced for this process itself.
    const { findings } = checkOnce('tls {\n  cert_file: "unreadable.pem"\n  key_file: "ca.pem"\n}\n');
    assert.ok(findings.some((f) => f.code === 'file-unreadable' && /permission denied/.test(f.message)));
    return;
  }
  if (!need(t, unprivilegedUserTool)) return;
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(path.join(dir, 'ca.pem'), 0o644);
  fs.writeFileSync(path.join(dir, 'nats.conf'), 'tls {\n  cert_file: "unreadable.pem"\n  key_file: "ca.pem"\n}\n', { mode: 0o644 });
  // The unprivileged user must be able to read the CLI: run a copy of its self-contained bundle from the
  // (world-readable) test folder, wherever the repository is.
  const bundle = path.resolve(__dirname, '..', '..', 'server', 'out', 'cli.js');
  fs.copyFileSync(bundle, path.join(dir, 'cli.js'));
  fs.chmodSync(path.join(dir, 'cli.js'), 0o644);
  const run = `require(${JSON.stringify(path.join(dir, 'cli.js'))}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;
  const r = spawnSync(
    'setpriv',
    [
      '--reuid=nobody',
      '--regid=nogroup',
      '--clear-groups',
      process.execPath,
      '-e',
      run,
      '--',
      'check',
      '--format',
      'json',
      '--base',
      'config',
      path.join(dir, 'nats.conf'),
    ],
    { encoding: 'utf8', cwd: os.tmpdir() },
  );
  assert.ok(r.stdout, `the unprivileged user could not run the CLI: ${(r.stderr || String(r.error)).split('\n')[0]}`);
  const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string }[] };
  assert.ok(
    out.diagnostics.some((d) => d.code === 'file-unreadable' && /permission denied/.test(d.message)),
    r.stdout,
  );
});

test('an include of /dev/zero, a FIFO, a directory: a clear diagnostic, nothing read', () => {
  for (const target of HOSTILE_INCLUDES) {
    const { findings, fs: counted } = checkOnce(`include "${target.startsWith('/') ? path.relative(dir, target) : target}"\nport: 4222\n`);
    assert.ok(
      findings.some((f) => f.code === 'include-not-found'),
      `${target}: ${findings.map((f) => f.code).join(', ')}`,
    );
    const reads = counted.reads(h.abs(target));
    assert.ok(reads.length <= 1, `${target}: ${JSON.stringify(reads)}`);
    assert.equal(counted.bytesRead(h.abs(target)), 0, `${target}: ${JSON.stringify(reads)}`);
  }
});

test('a config nested 100,000 levels deep does not overflow the stack', () => {
  const { findings } = checkOnce(deepConfig(100_000));
  assert.ok(Array.isArray(findings));
});

test('a 10 MB config is checked, reading only the file it names', () => {
  const { findings, fs: counted } = checkOnce(bigConfig(10 * 1024 * 1024));
  assert.ok(Array.isArray(findings));
  // The text comes from the editor: the engine reads no config file, and ca.pem once per role at most.
  const read = new Set(counted.calls.filter((c) => c.op === 'readFile').map((c) => path.basename(c.path)));
  assert.deepEqual([...read], ['ca.pem']);
  assert.ok(counted.reads(h.abs('ca.pem')).length <= 2, JSON.stringify(counted.calls));
});

test('checking grows linearly with the size of a config (CPU time, 8× the text)', (t) => {
  const texts = new Map<number, string>();
  const text = (n: number): string => texts.get(n) ?? (texts.set(n, bigConfig(n)), texts.get(n)!);
  t.diagnostic(showGrowth(assertLinear('check a config of n bytes', (n) => checkOnce(text(n)), 128 * 1024, { samples: 3 })));
});
