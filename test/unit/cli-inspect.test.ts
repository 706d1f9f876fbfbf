// `nats-tls inspect`: text and JSON output, exit codes, and no key material in either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Io } from '../../server/src/cli/args';
import { runInspect } from '../../server/src/cli/inspect';
import { main } from '../../server/src/cli/main';
import type { FileDescription } from '../../server/src/core/x509/describe';
import { base64Lines, CertFactory, encryptedPkcs8, scenarioFiles, TEST_NOW, writeFixtureDir, type FixtureDir } from '../helpers/certs';

const f = new CertFactory();

function capture(cwd: string): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd };
}

async function files(): Promise<{ dir: FixtureDir; keyPems: string[] }> {
  const root = await f.ca();
  const leaf = await f.leaf(root, { notAfter: new Date(TEST_NOW.getTime() + 93 * 86_400_000) });
  const encrypted = encryptedPkcs8(leaf.keyPem);
  const dir = writeFixtureDir({
    'chain.pem': leaf.pem + root.pem,
    'key.pem': leaf.keyPem,
    'combined.pem': leaf.pem + leaf.keyPem,
    'encrypted.pem': encrypted,
    'leaf.der': leaf.der,
    'notes.txt': 'not a certificate\n',
    'broken.pem': leaf.pem.replace(/-----END CERTIFICATE-----\n$/, ''),
  });
  return { dir, keyPems: [leaf.keyPem, encrypted] };
}

test('text output for a chain and a key, exit 0', async () => {
  const { dir } = await files();
  try {
    const io = capture(dir.dir);
    assert.equal(runInspect(['chain.pem', 'key.pem'], io, TEST_NOW), 0);
    const out = io.stdout.join('\n');
    assert.match(out, /^chain\.pem: 2 certificates, 0 private keys/m);
    assert.match(out, /Subject {8}CN=server-main/);
    assert.match(out, /expires 2026-04-04, in 93 days/);
    assert.match(out, /^key\.pem: 0 certificates, 1 private key/m);
    assert.match(out, /Private key \(line 1\): EC P-256, PKCS#8, matches no certificate in this file/);
  } finally {
    dir.cleanup();
  }
});

test('JSON output: one entry per file, failures included; exit 1 when any file cannot be read or parsed', async () => {
  const { dir } = await files();
  try {
    const io = capture(dir.dir);
    assert.equal(runInspect(['--format', 'json', 'combined.pem', 'missing.pem'], io, TEST_NOW), 1);
    const json = JSON.parse(io.stdout.join('\n'));
    assert.equal(json.files.length, 2);
    assert.equal(json.files[0].file, 'combined.pem');
    assert.equal(json.files[0].description.keys[0].matchesCertificate, 0);
    assert.equal(json.files[0].description.certificates[0].timeLeft, 'expires 2026-04-04, in 93 days');
    assert.deepEqual(json.files[1], {
      file: 'missing.pem',
      error: { reason: 'not-found', detail: `open ${dir.path('missing.pem')}: no such file or directory` },
    });
  } finally {
    dir.cleanup();
  }
});

test('exit codes: DER and encrypted keys are still readable (0); no PEM or a broken block is not (1)', async () => {
  const { dir } = await files();
  try {
    const cases: [string[], number][] = [
      [['leaf.der'], 0],
      [['encrypted.pem'], 0],
      [['notes.txt'], 1],
      [['broken.pem'], 1],
      [['chain.pem', 'broken.pem'], 1],
    ];
    for (const [args, code] of cases) {
      const io = capture(dir.dir);
      assert.equal(runInspect(args, io, TEST_NOW), code, args.join(' '));
    }
    const io = capture(dir.dir);
    runInspect(['leaf.der', 'notes.txt'], io, TEST_NOW);
    assert.match(io.stdout.join('\n'), /DER-encoded certificate/);
    assert.match(io.stdout.join('\n'), /No PEM block/);
  } finally {
    dir.cleanup();
  }
});

test('bad usage exits 2 through main()', async () => {
  for (const args of [['inspect'], ['inspect', '--format', 'xml', 'x.pem'], ['inspect', '--bogus', 'x.pem']]) {
    const io = capture('/');
    assert.equal(await main(args, io), 2, args.join(' '));
    assert.match(io.stderr.join('\n'), /nats-tls: /);
  }
});

test('main() dispatches inspect', async () => {
  const { dir } = await files();
  try {
    const io = capture(dir.dir);
    assert.equal(await main(['inspect', 'chain.pem'], io), 0);
    assert.match(io.stdout.join('\n'), /chain\.pem: 2 certificates/);
  } finally {
    dir.cleanup();
  }
});

test('no key material in text or JSON output', async () => {
  const { dir, keyPems } = await files();
  try {
    for (const format of ['text', 'json']) {
      const io = capture(dir.dir);
      runInspect(['--format', format, 'key.pem', 'combined.pem', 'encrypted.pem'], io, TEST_NOW);
      const out = io.stdout.join('\n');
      for (const line of keyPems.flatMap(base64Lines)) assert.ok(!out.includes(line), `${format} output leaks key material`);
    }
  } finally {
    dir.cleanup();
  }
});

test('the standard scenario files, inspected together', async () => {
  const { files: content } = await scenarioFiles(f);
  const dir = writeFixtureDir(content);
  try {
    const io = capture(dir.dir);
    const names = Object.keys(content).sort();
    assert.equal(runInspect(['--format', 'json', ...names], io, TEST_NOW), 1, 'empty.pem and garbage.pem have no PEM data');
    const byName = new Map<string, { description: FileDescription }>(
      JSON.parse(io.stdout.join('\n')).files.map((r: { file: string; description: FileDescription }) => [r.file, r]),
    );
    const d = (name: string): FileDescription => byName.get(name)!.description;
    assert.deepEqual(
      d('chain.pem').certificates.map((c) => c.subject),
      ['CN=server-main', 'CN=Test Intermediate,O=nats-tls tests'],
    );
    assert.deepEqual(
      d('chain-reversed.pem').certificates.map((c) => c.subject),
      ['CN=Test Intermediate,O=nats-tls tests', 'CN=server-main'],
    );
    assert.equal(d('combined.pem').keys[0]!.matchesCertificate, 0);
    assert.deepEqual([d('swapped-cert.pem').certificates.length, d('swapped-cert.pem').keys.length], [0, 1]);
    assert.deepEqual([d('swapped-key.pem').certificates.length, d('swapped-key.pem').keys.length], [1, 0]);
    assert.equal(d('leaf-key-encrypted.pem').keys[0]!.encrypted, true);
    assert.equal(d('leaf-key-sec1.pem').keys[0]!.format, 'SEC1');
    assert.deepEqual([d('leaf.der').der, d('leaf-key.der').der], ['certificate', 'key']);
    assert.deepEqual([d('empty.pem').blocks, d('garbage.pem').blocks], [[], []]);
  } finally {
    dir.cleanup();
  }
});
