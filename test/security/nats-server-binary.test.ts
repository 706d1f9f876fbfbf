// Finding 12 (issue 10), the client's part. "Check with nats-server" ran `execFile('nats-server')` with the
// config's folder as working directory: on Windows the working directory is searched before PATH, so a
// repository's `nats-server.exe` would run; on any platform so would a repository's `nats-server` when PATH
// holds `.` or an empty entry. The program is now found before the working directory changes, as an absolute
// path, never in the config's folder or a workspace folder; the setting's own path is honoured. And the
// editor's generate commands created folders with the umask's mode: now 0755, 0700 for a CA key's folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { locateExecutable, runCheck } from '../../client/src/nats-server';
import { writeLocal } from '../../client/src/write-files';
import { FILE_MODES } from '../../server/src/protocol/files';

let dir: string;
let ws: string;
let trusted: string;
const marker = (): string => path.join(dir, 'PWNED');

/** A program that says the config is valid; the planted one also leaves a marker behind. */
function program(file: string, planted: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const mark = planted ? `echo planted > ${JSON.stringify(marker())}\n` : '';
  fs.writeFileSync(file, `#!/bin/sh\n${mark}echo "nats-server: configuration file $3 is valid"\n`, { mode: 0o755 });
}

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-sec-bin-')));
  ws = path.join(dir, 'ws');
  trusted = path.join(dir, 'usr', 'bin');
  program(path.join(trusted, 'nats-server'), false);
  // The repository's own nats-server: next to the config, and in a folder of the workspace.
  program(path.join(ws, 'conf', 'nats-server'), true);
  program(path.join(ws, 'bin', 'nats-server'), true);
  fs.writeFileSync(path.join(ws, 'conf', 'nats.conf'), 'port: 4222\n');
  // A PATH entry outside the workspace that is a link into it.
  fs.symlinkSync(path.join(ws, 'bin'), path.join(dir, 'linked-bin'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const conf = (): string => path.join(ws, 'conf', 'nats.conf');

for (const [name, PATH] of [
  ['an empty PATH entry (the working directory)', () => `:${trusted}`],
  ['"." on PATH', () => `.:${trusted}`],
  ['a relative PATH entry', () => `conf:${trusted}`],
  ['a workspace folder on PATH', () => `${path.join(ws, 'bin')}:${trusted}`],
  ['a PATH entry linked into the workspace', () => `${path.join(dir, 'linked-bin')}:${trusted}`],
] as const) {
  test(`the repository's nats-server never runs: ${name}`, async () => {
    fs.rmSync(marker(), { force: true });
    const r = await runCheck('nats-server', conf(), { env: { PATH: PATH() }, untrusted: [ws] });
    assert.equal(fs.existsSync(marker()), false, 'the planted nats-server ran');
    assert.equal(r.kind, 'ran');
    assert.equal(r.kind === 'ran' && r.program, path.join(trusted, 'nats-server'));
  });
}

test('only untrusted folders on PATH: not found, nothing runs', async () => {
  fs.rmSync(marker(), { force: true });
  const r = await runCheck('nats-server', conf(), { env: { PATH: `:.:${path.join(ws, 'bin')}` }, untrusted: [ws] });
  assert.deepEqual(r, { kind: 'not-found', executable: 'nats-server' });
  assert.equal(fs.existsSync(marker()), false);
});

test('the config folder is untrusted even when no workspace folder is given', async () => {
  fs.rmSync(marker(), { force: true });
  const r = await runCheck('nats-server', conf(), { env: { PATH: path.join(ws, 'conf') } });
  assert.deepEqual(r, { kind: 'not-found', executable: 'nats-server' });
  assert.equal(fs.existsSync(marker()), false);
});

test('natsTls.natsServerPath: an absolute path is what runs, wherever it is', async () => {
  const named = path.join(ws, 'bin', 'nats-server');
  assert.equal(locateExecutable(named, { untrusted: [ws] }), named);
  // A relative path is never run from the working directory.
  assert.equal(locateExecutable('bin/nats-server', { untrusted: [ws] }), undefined);
});

test('Windows: .exe and .com from PATHEXT only (a .bat or .cmd needs a shell), relative entries skipped', () => {
  const env = { Path: '.;conf;', PATHEXT: '.COM;.EXE;.BAT;.CMD' };
  assert.equal(locateExecutable('nats-server', { platform: 'win32', env }), undefined);
});

test('the editor writes generated files into folders 0755, 0700 where the CA key goes, whatever the umask', () => {
  const out = path.join(dir, 'gen');
  const file = (
    relativePath: string,
    kind: keyof typeof FILE_MODES,
  ): { relativePath: string; kind: typeof kind; mode: number; contents: string } => ({
    relativePath,
    kind,
    mode: FILE_MODES[kind],
    contents: 'x\n',
  });
  const old = process.umask(0);
  try {
    writeLocal(
      [
        { dir: path.join(out, 'ca'), files: [file('ca.pem', 'certificate'), file('ca-key.pem', 'ca-key')] },
        { dir: path.join(out, 'servers', 'main'), files: [file('main.pem', 'certificate'), file('main-key.pem', 'key')] },
        {
          dir: path.join(out, 'mtls'),
          files: [file('ca/ca.pem', 'certificate'), file('ca/ca-key.pem', 'ca-key'), file('server.conf', 'config')],
        },
      ],
      { overwrite: false },
    );
  } finally {
    process.umask(old);
  }
  const mode = (p: string): string => (fs.statSync(path.join(out, p)).mode & 0o777).toString(8);
  assert.deepEqual(
    ['', 'ca', 'servers', 'servers/main', 'mtls', 'mtls/ca'].map((p) => [p, mode(p)]),
    [
      ['', '755'],
      ['ca', '700'],
      ['servers', '755'],
      ['servers/main', '755'],
      ['mtls', '755'],
      ['mtls/ca', '700'],
    ],
  );
  assert.equal(mode('ca/ca-key.pem'), '400');
});
