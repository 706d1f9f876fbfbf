// Writing plans and the `gen` command line: modes, overwrite refusal, exit codes, output without key material.
import 'reflect-metadata';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';
import { main } from '../../server/src/cli/main';
import { OverwriteRefused, writePlan } from '../../server/src/cli/write-plan';
import type { PlannedFile } from '../../server/src/core/ca/scaffold';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-ca-write-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => path.join(tmp, `d${n++}`);
const mode = (p: string): string => (fs.statSync(p).mode & 0o777).toString(8);
const NOW = '2026-03-01T10:00:00Z';

const files: PlannedFile[] = [
  { relativePath: 'ca.pem', contents: 'cert\n', mode: 0o644, kind: 'certificate' },
  { relativePath: 'ca-key.pem', contents: 'secret\n', mode: 0o400, kind: 'ca-key' },
  { relativePath: 'x-key.pem', contents: 'secret\n', mode: 0o600, kind: 'key' },
];

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t + '\n'), err: (t) => void (err += t + '\n'), cwd: tmp });
  return { code, out, err };
}

test('writePlan: exact modes whatever the umask, folders created', () => {
  for (const umask of [0o000, 0o022, 0o077]) {
    const old = process.umask(umask);
    try {
      const dir = path.join(freshDir(), 'nested');
      const written = writePlan(dir, files, { force: false });
      assert.deepEqual(
        written,
        files.map((f) => path.join(dir, f.relativePath)),
      );
      assert.deepEqual(written.map(mode), ['644', '400', '600'], `umask ${umask.toString(8)}`);
      assert.equal(fs.readFileSync(written[0]!, 'utf8'), 'cert\n');
    } finally {
      process.umask(old);
    }
  }
});

test('writePlan: refuses to overwrite anything without force, and then writes nothing at all', () => {
  const dir = freshDir();
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'x-key.pem'), 'mine');
  fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'ca-key.pem')); // a dangling link counts as existing
  assert.throws(
    () => writePlan(dir, files, { force: false }),
    (e: unknown) => e instanceof OverwriteRefused && e.existing.length === 2 && /use --force/.test(e.message),
  );
  assert.deepEqual(fs.readdirSync(dir).sort(), ['ca-key.pem', 'x-key.pem']);
  assert.equal(fs.readFileSync(path.join(dir, 'x-key.pem'), 'utf8'), 'mine');
});

test('writePlan --force: replaces read-only files and symlinks themselves, never writes through a link', () => {
  const dir = freshDir();
  writePlan(dir, files, { force: false });
  const outside = path.join(tmp, 'victim.txt');
  fs.writeFileSync(outside, 'untouched');
  fs.rmSync(path.join(dir, 'x-key.pem'));
  fs.symlinkSync(outside, path.join(dir, 'x-key.pem'));
  writePlan(
    dir,
    files.map((f) => ({ ...f, contents: f.contents.toUpperCase() })),
    { force: true },
  );
  assert.equal(fs.readFileSync(path.join(dir, 'ca-key.pem'), 'utf8'), 'SECRET\n');
  assert.equal(mode(path.join(dir, 'ca-key.pem')), '400');
  assert.equal(fs.lstatSync(path.join(dir, 'x-key.pem')).isSymbolicLink(), false);
  assert.equal(fs.readFileSync(outside, 'utf8'), 'untouched');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['ca-key.pem', 'ca.pem', 'x-key.pem']); // no temp files left
  assert.throws(() => writePlan(dir, [{ ...files[0]!, relativePath: '../escape.pem' }], { force: true }), /outside/);
});

test('gen ca | server | client: files, modes, what is printed, and never a key', async () => {
  const ca = freshDir();
  const r1 = await run('gen', 'ca', '--out', ca, '--name', 'Test CA', '--constrain', '--now', NOW);
  assert.equal(r1.code, 0, r1.err);
  assert.match(
    r1.out,
    /ca\.pem +CA certificate {2}CN=Test CA\n +ECDSA P-256, valid 2026-03-01 09:55:00Z to 2036-03-01 09:55:00Z\n +name constraints: localhost, \.test, 127\.0\.0\.0\/8, ::1\/128/,
  );
  assert.match(r1.out, /ca-key\.pem +CA private key, mode 0400/);

  const conf = path.join(tmp, 'nats.conf');
  fs.writeFileSync(
    conf,
    'cluster { routes: [ "nats-route://n2.test:6222" ] }\nleafnodes { remotes: [ { url: "tls://hub.test:7422" } ] }\n',
  );
  const r2 = await run(
    'gen',
    'server',
    '--ca',
    ca,
    '--out',
    ca,
    '--name',
    'n1',
    '--host',
    'n1.test',
    '--host',
    '127.0.0.2',
    '--config',
    conf,
    '--now',
    NOW,
  );
  assert.equal(r2.code, 0, r2.err);
  assert.match(
    r2.out,
    /n1\.pem +server certificate {2}CN=n1\n +SANs: DNS:localhost, DNS:n1\.test, DNS:n2\.test, DNS:hub\.test, IP:127\.0\.0\.1, IP:::1, IP:127\.0\.0\.2\n +serverAuth\+clientAuth, ECDSA P-256, valid 2026-03-01 09:55:00Z to 2028-06-03 09:55:00Z/,
  );
  assert.match(r2.out, /note: hosts from .*nats\.conf: n2\.test \(cluster\.routes\[0\]\), hub\.test \(leafnodes\.remotes\[0\]\.url\)/);

  const r3 = await run(
    'gen',
    'client',
    '--ca',
    ca,
    '--out',
    ca,
    '--name',
    'alice',
    '--email',
    'alice@example.test',
    '--key',
    'rsa-2048',
    '--now',
    NOW,
  );
  assert.equal(r3.code, 0, r3.err);
  assert.match(r3.out, /alice\.pem +client certificate {2}CN=alice\n +SANs: email:alice@example\.test\n +clientAuth, RSA 2048/);

  assert.deepEqual(fs.readdirSync(ca).sort(), ['alice-key.pem', 'alice.pem', 'ca-key.pem', 'ca.pem', 'n1-key.pem', 'n1.pem']);
  assert.deepEqual(
    ['ca-key.pem', 'n1-key.pem', 'alice-key.pem', 'ca.pem', 'n1.pem'].map((f) => mode(path.join(ca, f))),
    ['400', '600', '600', '644', '644'],
  );
  const leaf = new x509.X509Certificate(fs.readFileSync(path.join(ca, 'n1.pem'), 'utf8'));
  assert.equal(leaf.issuer, 'CN=Test CA');
  const printed = r1.out + r2.out + r3.out + r1.err + r2.err + r3.err;
  assert.doesNotMatch(printed, /PRIVATE KEY/);
  for (const k of ['ca-key.pem', 'n1-key.pem', 'alice-key.pem']) {
    for (const line of fs
      .readFileSync(path.join(ca, k), 'utf8')
      .split('\n')
      .filter((l) => l.length > 20))
      assert.ok(!printed.includes(line), `${k} leaked`);
  }
});

test('gen: refusals exit 1, bad usage exits 2', async () => {
  const ca = freshDir();
  assert.equal((await run('gen', 'ca', '--out', ca)).code, 0);
  const again = await run('gen', 'ca', '--out', ca);
  assert.equal(again.code, 1);
  assert.match(again.err, /refusing to overwrite .*ca\.pem, .*ca-key\.pem \(use --force/);
  assert.equal((await run('gen', 'ca', '--out', ca, '--force')).code, 0);
  const outside = await run('gen', 'server', '--ca', ca, '--out', ca, '--name', 's', '--host', 'example.com');
  assert.equal(outside.code, 0, 'an unconstrained CA issues for any host');
  const c = freshDir();
  assert.equal((await run('gen', 'ca', '--out', c, '--constrain')).code, 0);
  const refused = await run('gen', 'server', '--ca', c, '--out', c, '--name', 's', '--host', 'example.com');
  assert.equal(refused.code, 1);
  assert.match(refused.err, /example\.com would be rejected/);
  assert.deepEqual(fs.readdirSync(c).sort(), ['ca-key.pem', 'ca.pem']);
  const noCa = await run('gen', 'client', '--ca', path.join(tmp, 'none'), '--out', c, '--name', 'x');
  assert.equal(noCa.code, 1);
  assert.match(noCa.err, /cannot read .*ca\.pem/);
  const aFile = path.join(tmp, 'a-file');
  fs.writeFileSync(aFile, '');
  const onFile = await run('gen', 'ca', '--out', aFile);
  assert.equal(onFile.code, 1);
  assert.match(onFile.err, /^nats-tls gen ca: .*(EEXIST|ENOTDIR)/);
  const notServer = path.join(tmp, 'client.yaml');
  fs.writeFileSync(notServer, 'servers: ["tls://localhost:4222"]\n');
  assert.match((await run('gen', 'server', '--ca', c, '--out', c, '--name', 's', '--config', notServer)).err, /not a nats-server config/);

  for (const argv of [
    ['gen'],
    ['gen', 'bogus', '--out', c],
    ['gen', 'ca'],
    ['gen', 'server', '--ca', c, '--out', c],
    ['gen', 'server', '--ca', c, '--out', c, '--name', 'ca'],
    ['gen', 'client', '--ca', c, '--out', c, '--name', 'x', '--host', 'h'],
    ['gen', 'ca', '--out', c, '--key', 'dsa'],
    ['gen', 'ca', '--out', c, '--now', 'yesterday'],
    ['gen', 'mtls', '--out', c, '--port', '0'],
    ['gen', 'mtls', '--out', c, 'extra'],
  ]) {
    const r = await run(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, /^nats-tls: /);
  }
});

test('gen mtls: the whole story in one folder, with next steps', async () => {
  const dir = freshDir();
  const r = await run('gen', 'mtls', '--out', dir, '--port', '14222');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Wrote 11 files to /);
  assert.match(r.out, /nats --server tls:\/\/localhost:14222 --tlscert client-a\.pem/);
  assert.match(fs.readFileSync(path.join(dir, 'client-b.yaml'), 'utf8'), /servers: \["tls:\/\/localhost:14222"\]/);
  assert.equal(mode(path.join(dir, 'ca-key.pem')), '400');
});
