// Hostile targets for cert_file / key_file / ca_file / include: devices, FIFOs, huge sparse files,
// directories, symlink loops, unreadable files, binary garbage, giant bundles. Each must give a clear
// diagnostic quickly, without hanging on a FIFO, reading a device, or reading a gigabyte.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { CertFactory } from '../helpers/certs';

const BUDGET_MS = 100;
let dir = '';

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-hostile-'));
  const f = new CertFactory(new Date());
  const ca = await f.ca();
  fs.mkdirSync(path.join(dir, 'a-directory'));
  execFileSync('mkfifo', [path.join(dir, 'fifo.pem')]);
  // A 1 GB file that takes no disk: only its size is ever looked at.
  fs.closeSync(fs.openSync(path.join(dir, 'sparse.pem'), 'w'));
  fs.truncateSync(path.join(dir, 'sparse.pem'), 1024 ** 3);
  fs.symlinkSync(path.join(dir, 'loop.pem'), path.join(dir, 'loop.pem'));
  fs.writeFileSync(path.join(dir, 'unreadable.pem'), ca.pem, { mode: 0o000 });
  fs.writeFileSync(path.join(dir, 'garbage.pem'), Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 256)));
  fs.writeFileSync(path.join(dir, 'bundle-10000.pem'), ca.pem.repeat(10_000));
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca.pem);
});
after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function checkOnce(conf: string): { findings: Finding[]; ms: number } {
  const file = path.join(dir, 'nats.conf');
  fs.writeFileSync(file, conf);
  const project = new Project(nodeHost({}), () => ({ ...DEFAULT_SETTINGS, base: 'config', roots: [dir] }));
  const t0 = performance.now();
  const doc = openDocument(file, conf, { ctx: { env: {}, fs: nodeFs, dialect: 'latest' } })!;
  project.set(doc);
  const findings = project.findings(file);
  return { findings, ms: performance.now() - t0 };
}

const TARGETS: { name: string; target: string; field?: string; code: string; says: RegExp }[] = [
  { name: '/dev/zero', target: '/dev/zero', code: 'file-unreadable', says: /not a regular file/ },
  { name: '/dev/urandom', target: '/dev/urandom', code: 'file-unreadable', says: /not a regular file/ },
  { name: 'a FIFO', target: 'fifo.pem', code: 'file-unreadable', says: /not a regular file/ },
  { name: 'a 1 GB sparse file', target: 'sparse.pem', code: 'file-unreadable', says: /1 MiB|limit/ },
  { name: 'a directory', target: 'a-directory', code: 'file-unreadable', says: /is a directory/ },
  { name: 'a symlink loop', target: 'loop.pem', code: 'file-unreadable', says: /symbolic links/ },
  { name: 'binary garbage', target: 'garbage.pem', code: 'not-pem', says: /PEM/ },
  { name: 'a bundle of 10,000 certificates', target: 'bundle-10000.pem', field: 'ca_file', code: 'file-unreadable', says: /1 MiB/ },
];

for (const t of TARGETS) {
  test(`${t.name}: a clear diagnostic in under ${BUDGET_MS} ms`, () => {
    const field = t.field ?? 'cert_file';
    const conf =
      field === 'ca_file'
        ? `tls {\n  cert_file: "ca.pem"\n  key_file: "ca.pem"\n  ca_file: "${t.target}"\n  verify: true\n}\n`
        : `tls {\n  cert_file: "${t.target}"\n  key_file: "ca.pem"\n}\n`;
    checkOnce(conf); // warm the modules
    const { findings, ms } = checkOnce(conf);
    const hit = findings.find((f) => f.code === t.code && f.range.start.line === (field === 'ca_file' ? 3 : 1));
    assert.ok(hit, `expected ${t.code}; got ${findings.map((f) => `${f.code}: ${f.message}`).join('\n')}`);
    assert.match(hit.message, t.says);
    assert.ok(ms < BUDGET_MS, `took ${ms.toFixed(1)} ms`);
  });
}

test('a file without read permission (checked as an unprivileged user, since root reads anything)', (t) => {
  const setpriv = spawnSync('setpriv', ['--version']).status === 0;
  if (process.getuid?.() !== 0 || !setpriv) {
    // Not root: permission is enforced for this process itself.
    if (process.getuid?.() === 0) return t.skip('running as root without setpriv: cannot observe EACCES');
    const { findings } = checkOnce('tls {\n  cert_file: "unreadable.pem"\n  key_file: "ca.pem"\n}\n');
    assert.ok(findings.some((f) => f.code === 'file-unreadable' && /permission denied/.test(f.message)));
    return;
  }
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
  if (!r.stdout) return t.skip(`the unprivileged user could not run the CLI: ${(r.stderr || String(r.error)).split('\n')[0]}`);
  const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string }[] };
  assert.ok(
    out.diagnostics.some((d) => d.code === 'file-unreadable' && /permission denied/.test(d.message)),
    r.stdout,
  );
});

test('an include of /dev/zero, a FIFO, a directory: a clear diagnostic, quickly', () => {
  for (const target of ['/dev/zero', 'fifo.pem', 'a-directory']) {
    const { findings, ms } = checkOnce(`include "${target.startsWith('/') ? path.relative(dir, target) : target}"\nport: 4222\n`);
    assert.ok(
      findings.some((f) => f.code === 'include-not-found'),
      `${target}: ${findings.map((f) => f.code).join(', ')}`,
    );
    assert.ok(ms < BUDGET_MS, `${target}: ${ms.toFixed(1)} ms`);
  }
});

test('a config nested 100,000 levels deep does not overflow the stack', () => {
  const depth = 100_000;
  const conf =
    'tls {\n  cert_file: "ca.pem"\n  key_file: "ca.pem"\n}\n' +
    'a { '.repeat(depth) +
    'b: 1 ' +
    '} '.repeat(depth) +
    '\n' +
    'c: ' +
    '['.repeat(depth) +
    ']'.repeat(depth) +
    ' \n';
  const { findings, ms } = checkOnce(conf);
  assert.ok(Array.isArray(findings));
  assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
});

test('a 10 MB config is checked within budget', () => {
  const block =
    'accounts {\n' +
    Array.from({ length: 20 }, (_, i) => `  ACC${i}: { users: [ { user: "u${i}", password: "p${i}" } ] }\n`).join('') +
    '}\n';
  let conf = 'tls {\n  cert_file: "ca.pem"\n  key_file: "ca.pem"\n}\n';
  let i = 0;
  while (conf.length < 10 * 1024 * 1024) conf += `# section ${i++}\n` + block.replace(/ACC/g, `A${i}_`);
  const { findings, ms } = checkOnce(conf);
  assert.ok(Array.isArray(findings));
  assert.ok(ms < 3000, `${ms.toFixed(0)} ms for ${(conf.length / 1e6).toFixed(1)} MB`);
});
