// The editor's file writing: exact modes on local disks, no overwrite without confirmation, nothing
// half-written on refusal, paths kept inside their folders, and a PlainFs (workspace.fs) path without modes.
import 'reflect-metadata';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planCa, type PlannedFile } from '../../server/src/core/ca/scaffold';
import {
  existingLocal,
  OverwriteRefused,
  renamePlanned,
  targetsOf,
  writeLocal,
  writeWith,
  type PlainFs,
} from '../../client/src/write-files';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-client-write-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => path.join(tmp, `d${n++}`);
const mode = (p: string): string => (fs.statSync(p).mode & 0o777).toString(8);

const files: PlannedFile[] = [
  { relativePath: 'server.pem', contents: 'cert\n', mode: 0o644, kind: 'certificate' },
  { relativePath: 'server-key.pem', contents: 'secret\n', mode: 0o600, kind: 'key' },
];

test('a CA plan from the engine lands with 0644 / 0400, folders created', async () => {
  const plan = await planCa({ now: new Date('2026-01-01T00:00:00Z') });
  const dir = path.join(fresh(), 'certs');
  const { written } = writeLocal([{ dir, files: plan.files }], { overwrite: false });
  assert.deepEqual(written, [path.join(dir, 'ca.pem'), path.join(dir, 'ca-key.pem')]);
  assert.deepEqual(written.map(mode), ['644', '400']);
});

test('existing files: refused without overwrite, and nothing is written', () => {
  const dir = fresh();
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'server-key.pem'), 'mine');
  assert.deepEqual(existingLocal([{ dir, files }]), [path.join(dir, 'server-key.pem')]);
  assert.throws(
    () => writeLocal([{ dir, files }], { overwrite: false }),
    (e: unknown) => e instanceof OverwriteRefused && e.existing.length === 1,
  );
  assert.deepEqual(fs.readdirSync(dir), ['server-key.pem']);
  assert.equal(fs.readFileSync(path.join(dir, 'server-key.pem'), 'utf8'), 'mine');
});

test('overwrite replaces only what was confirmed; a file that appeared since is refused', () => {
  const dir = fresh();
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'server-key.pem'), 'mine', { mode: 0o644 });
  const { written } = writeLocal([{ dir, files }], { overwrite: true, confirmed: [path.join(dir, 'server-key.pem')] });
  assert.equal(written.length, 2);
  assert.equal(fs.readFileSync(path.join(dir, 'server-key.pem'), 'utf8'), 'secret\n');
  assert.equal(mode(path.join(dir, 'server-key.pem')), '600', 'the replaced key gets the key mode, not the old one');

  const dir2 = fresh();
  fs.mkdirSync(dir2);
  fs.writeFileSync(path.join(dir2, 'server.pem'), 'other');
  fs.writeFileSync(path.join(dir2, 'server-key.pem'), 'mine');
  assert.throws(
    () => writeLocal([{ dir: dir2, files }], { overwrite: true, confirmed: [path.join(dir2, 'server.pem')] }),
    (e: unknown) => e instanceof OverwriteRefused && e.existing.join() === path.join(dir2, 'server-key.pem'),
  );
  assert.equal(fs.readFileSync(path.join(dir2, 'server.pem'), 'utf8'), 'other');
});

test('the CA key (0400) can be replaced when confirmed', async () => {
  const dir = fresh();
  const a = await planCa({ now: new Date('2026-01-01T00:00:00Z') });
  writeLocal([{ dir, files: a.files }], { overwrite: false });
  const b = await planCa({ now: new Date('2026-01-01T00:00:00Z') });
  writeLocal([{ dir, files: b.files }], { overwrite: true });
  assert.equal(fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8'), b.files[0]!.contents);
  assert.equal(mode(path.join(dir, 'ca-key.pem')), '400');
});

test('two folders in one write (a renewed certificate and its key elsewhere)', () => {
  const a = fresh();
  const b = fresh();
  const { written } = writeLocal(
    [
      { dir: a, files: [files[0]!] },
      { dir: b, files: [files[1]!] },
    ],
    { overwrite: false },
  );
  assert.deepEqual(written, [path.join(a, 'server.pem'), path.join(b, 'server-key.pem')]);
  assert.equal(mode(written[1]!), '600');
});

test('targets stay inside their folder, and no file is planned twice', () => {
  assert.throws(() => targetsOf([{ dir: '/x/certs', files: [{ ...files[0]!, relativePath: '../escape.pem' }] }]), /outside/);
  assert.throws(() => targetsOf([{ dir: '/x', files: [files[0]!, files[0]!] }]), /twice/);
  assert.deepEqual(
    targetsOf([{ dir: '/x', files: [{ ...files[0]!, relativePath: 'sub/a.pem' }] }]).map((t) => t.path),
    ['/x/sub/a.pem'],
  );
});

test('renamePlanned: the certificate and key take the names a config already uses', () => {
  const out = renamePlanned(files, { certificate: 'nats-cert.pem', key: 'nats.key' });
  assert.deepEqual(
    out.map((f) => f.relativePath),
    ['nats-cert.pem', 'nats.key'],
  );
  assert.deepEqual(
    renamePlanned(files, {}).map((f) => f.relativePath),
    ['server.pem', 'server-key.pem'],
  );
});

test('a PlainFs (workspace.fs): same refusal rules, and it reports the key modes it could not set', async () => {
  const store = new Map<string, string>([['/remote/certs/server.pem', 'old']]);
  const dirs: string[] = [];
  const pfs: PlainFs = {
    exists: async (p) => store.has(p),
    mkdirp: async (d) => void dirs.push(d),
    writeFile: async (p, data) => void store.set(p, new TextDecoder().decode(data)),
  };
  await assert.rejects(writeWith([{ dir: '/remote/certs', files }], pfs, { overwrite: false }), OverwriteRefused);
  assert.equal(store.get('/remote/certs/server.pem'), 'old');
  assert.equal(store.has('/remote/certs/server-key.pem'), false);
  const r = await writeWith([{ dir: '/remote/certs', files }], pfs, { overwrite: true, confirmed: ['/remote/certs/server.pem'] });
  assert.deepEqual(r.written, ['/remote/certs/server.pem', '/remote/certs/server-key.pem']);
  assert.deepEqual(r.modesNotSet, [{ path: '/remote/certs/server-key.pem', mode: 0o600 }]);
  assert.equal(store.get('/remote/certs/server.pem'), 'cert\n');
  assert.ok(dirs.includes('/remote/certs'));
});
