// What nats-server does when it loads cert_file, key_file and ca_file: file-not-found, file-unreadable,
// not-pem, wrong-pem-type, pem-swapped, encrypted-key, key-mismatch, chain-order, key-permissions.
import { before, test } from 'node:test';
import * as fs from 'node:fs';
import { CertFactory, encryptedPkcs8, legacyEncryptedPkcs1, pemToDer, pkcs1Pem, sec1Pem, type Material } from '../helpers/certs';
import { expectFindings, NOW, runTls, type TlsCase } from '../helpers/tls';

const FILE_CODES = [
  'file-not-found',
  'file-unreadable',
  'not-pem',
  'wrong-pem-type',
  'pem-swapped',
  'encrypted-key',
  'key-mismatch',
  'chain-order',
  'key-permissions',
];

const f = new CertFactory(NOW);
let root: Material;
let inter: Material;
let leaf: Material;
let other: Material;
let rsaLeaf: Material;

before(async () => {
  root = await f.ca();
  inter = await f.intermediate(root);
  leaf = await f.leaf(inter);
  other = await f.leaf(root, { cn: 'other' });
  rsaLeaf = await f.leaf(root, { cn: 'rsa', key: { algorithm: 'RSA', bits: 2048 } });
});

function check(c: TlsCase, expected: Parameters<typeof expectFindings>[3], file = '/nats.conf'): void {
  expectFindings(runTls(c), file, FILE_CODES, expected);
}

const tls = (cert: string, key: string, ca = ''): string =>
  `tls {\n  cert_file: ${cert}\n  key_file: ${key}\n${ca ? `  ca_file: ${ca}\n` : ''}}\n`;

test('a correct pair with a chain, and a CA bundle, load cleanly', () => {
  check(
    {
      configs: { '/nats.conf': tls('"certs/chain.pem"', '"certs/leaf-key.pem"', '"certs/ca.pem"') },
      raw: { '/certs/chain.pem': leaf.pem + inter.pem, '/certs/leaf-key.pem': leaf.keyPem, '/certs/ca.pem': root.pem },
    },
    [],
  );
  // Other key encodings Go reads: SEC1, PKCS#1, a leading EC PARAMETERS block, cert and key in one file.
  check({ configs: { '/nats.conf': tls('"c.pem"', '"k.pem"') }, raw: { '/c.pem': leaf.pem, '/k.pem': sec1Pem(leaf.keyPem) } }, []);
  check({ configs: { '/nats.conf': tls('"c.pem"', '"k.pem"') }, raw: { '/c.pem': rsaLeaf.pem, '/k.pem': pkcs1Pem(rsaLeaf.keyPem) } }, []);
  check(
    {
      configs: { '/nats.conf': tls('"both.pem"', '"both.pem"') },
      raw: { '/both.pem': leaf.pem + leaf.keyPem },
      modes: { '/both.pem': 0o600 },
    },
    [],
  );
});

test('file-not-found lists every path tried (config folder, then ancestors up to the root)', () => {
  const r = runTls({ configs: { '/a/b/nats.conf': tls('"⟦missing.pem⟧"', '"k.pem"') }, raw: { '/a/k.pem': leaf.keyPem } });
  const [nf] = expectFindings(r, '/a/b/nats.conf', FILE_CODES, [
    { code: 'file-not-found', says: 'open missing.pem: no such file or directory' },
  ]);
  const tried = (nf!.data as { tried: string[] }).tried;
  if (tried.length !== 3 || !tried[0]!.endsWith('/a/b/missing.pem') || !tried[2]!.endsWith('/missing.pem'))
    throw new Error(`tried: ${tried.join(', ')}`);
  // Paths found in an ancestor folder (nats-server's working directory) are not errors.
  check(
    {
      configs: { '/a/b/nats.conf': tls('"certs/c.pem"', '"certs/k.pem"') },
      raw: { '/a/certs/c.pem': leaf.pem, '/a/certs/k.pem': leaf.keyPem },
    },
    [],
    '/a/b/nats.conf',
  );
  // ca_file: nats-server's bare "open …" error.
  check({ configs: { '/nats.conf': tls('"c.pem"', '"k.pem"', '"⟦nope/ca.pem⟧"') }, raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem } }, [
    { code: 'file-not-found', says: '"open nope/ca.pem: no such file' },
  ]);
  check({ configs: { '/nats.conf': tls('"⟦~/c.pem⟧"', '"k.pem"') }, raw: { '/k.pem': leaf.keyPem } }, [
    { code: 'file-not-found', says: 'does not expand "~"' },
  ]);
  // base: config folder only.
  check(
    {
      configs: { '/a/b/nats.conf': tls('"⟦certs/c.pem⟧"', '"⟦certs/k.pem⟧"') },
      raw: { '/a/certs/c.pem': leaf.pem, '/a/certs/k.pem': leaf.keyPem },
      settings: { base: 'config' },
    },
    ['file-not-found', 'file-not-found'],
    '/a/b/nats.conf',
  );
});

test('file-unreadable: a directory, a file over 1 MiB', () => {
  const big = 'x'.repeat(1024 * 1024 + 10);
  check({ configs: { '/nats.conf': tls('"⟦dir⟧"', '"k.pem"') }, raw: { '/dir/x': 'x', '/k.pem': leaf.keyPem } }, [
    { code: 'file-unreadable', says: 'is a directory' },
  ]);
  check({ configs: { '/nats.conf': tls('"⟦big.pem⟧"', '"k.pem"') }, raw: { '/big.pem': big, '/k.pem': leaf.keyPem } }, [
    { code: 'file-unreadable', says: '1 MiB' },
  ]);
});

test('not-pem: garbage, empty, DER (said so), an empty CA bundle', () => {
  check({ configs: { '/nats.conf': tls('"⟦c.pem⟧"', '"k.pem"') }, raw: { '/c.pem': 'not a certificate\n', '/k.pem': leaf.keyPem } }, [
    { code: 'not-pem', says: 'failed to find any PEM data in certificate input' },
  ]);
  check({ configs: { '/nats.conf': tls('"⟦c.der⟧"', '"k.pem"') }, raw: { '/c.der': leaf.der, '/k.pem': leaf.keyPem } }, [
    { code: 'not-pem', says: 'DER' },
  ]);
  check({ configs: { '/nats.conf': tls('"c.pem"', '"⟦k.der⟧"') }, raw: { '/c.pem': leaf.pem, '/k.der': pemToDer(leaf.keyPem) } }, [
    { code: 'not-pem', says: 'failed to find any PEM data in key input' },
  ]);
  check(
    {
      configs: { '/nats.conf': tls('"c.pem"', '"k.pem"', '"⟦ca.pem⟧"') },
      raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem, '/ca.pem': '' },
    },
    [{ code: 'not-pem', says: 'failed to parse root ca certificate' }],
  );
});

test('wrong-pem-type and pem-swapped', () => {
  check({ configs: { '/nats.conf': tls('"⟦k.pem⟧"', '"k2.pem"') }, raw: { '/k.pem': leaf.keyPem, '/k2.pem': leaf.keyPem } }, [
    { code: 'wrong-pem-type', says: 'PEM inputs may have been switched' },
  ]);
  check({ configs: { '/nats.conf': tls('"c.pem"', '"⟦c2.pem⟧"') }, raw: { '/c.pem': leaf.pem, '/c2.pem': leaf.pem } }, [
    { code: 'wrong-pem-type', says: 'found a certificate rather than a key' },
  ]);
  check(
    {
      configs: { '/nats.conf': tls('"⟦server-key.pem⟧"', '"server.pem"') },
      raw: { '/server-key.pem': leaf.keyPem, '/server.pem': leaf.pem },
    },
    [{ code: 'pem-swapped', says: 'swapped' }],
  );
});

test('encrypted-key: PKCS#8 and legacy PEM encryption', () => {
  check({ configs: { '/nats.conf': tls('"c.pem"', '"⟦k.pem⟧"') }, raw: { '/c.pem': leaf.pem, '/k.pem': encryptedPkcs8(leaf.keyPem) } }, [
    { code: 'encrypted-key', says: 'tls: failed to parse private key' },
  ]);
  check(
    {
      configs: { '/nats.conf': tls('"c.pem"', '"⟦k.pem⟧"') },
      raw: { '/c.pem': rsaLeaf.pem, '/k.pem': legacyEncryptedPkcs1(rsaLeaf.keyPem) },
    },
    ['encrypted-key'],
  );
});

test('key-mismatch and chain-order', () => {
  check({ configs: { '/nats.conf': tls('"c.pem"', '"⟦k.pem⟧"') }, raw: { '/c.pem': leaf.pem, '/k.pem': other.keyPem } }, [
    { code: 'key-mismatch', says: 'private key does not match public key' },
  ]);
  check(
    { configs: { '/nats.conf': tls('"⟦chain.pem⟧"', '"k.pem"') }, raw: { '/chain.pem': inter.pem + leaf.pem, '/k.pem': leaf.keyPem } },
    [{ code: 'chain-order', says: 'put that certificate first' }],
  );
  // Each `certs` pair is loaded and numbered like nats-server does.
  check(
    {
      configs: {
        '/nats.conf':
          'tls {\n  certs: [\n    { cert_file: "c.pem", key_file: "k.pem" }\n    { cert_file: "c.pem", key_file: "⟦o.pem⟧" }\n  ]\n}\n',
      },
      raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem, '/o.pem': other.keyPem },
    },
    [{ code: 'key-mismatch', says: 'certificate/key pair 2/2' }],
  );
});

test('key-permissions in a git work tree: a hint that says why (git cannot store 0600), a warning outside', () => {
  // [where .git is, where the key is, what is said]
  const cases: [string | undefined, string, Parameters<typeof check>[1]][] = [
    [undefined, 'k.pem', [{ code: 'key-permissions', severity: 'warning', says: 'chmod 600' }]],
    ['/.git/HEAD', 'k.pem', [{ code: 'key-permissions', severity: 'hint', says: 'git cannot store 0600' }]],
    ['/.git/HEAD', 'deploy/keys/k.pem', [{ code: 'key-permissions', severity: 'hint', says: 'git cannot store 0600' }]],
    // A worktree's .git is a file.
    ['/.git', 'k.pem', [{ code: 'key-permissions', severity: 'hint' }]],
    // A .git beside the key's folder, not above it: not the key's work tree.
    ['/other/.git/HEAD', 'keys/k.pem', [{ code: 'key-permissions', severity: 'warning' }]],
  ];
  for (const [git, key, expected] of cases) {
    const raw: Record<string, string> = { '/c.pem': leaf.pem, [`/${key}`]: leaf.keyPem };
    if (git) raw[git] = 'gitdir: elsewhere\n';
    check({ configs: { '/nats.conf': tls('"c.pem"', `"⟦${key}⟧"`) }, raw, modes: { [`/${key}`]: 0o644 } }, expected);
  }
});

test('key-permissions: a private key readable by group or others', () => {
  check(
    {
      configs: { '/nats.conf': tls('"c.pem"', '"⟦k.pem⟧"') },
      raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem },
      modes: { '/k.pem': 0o644 },
    },
    [{ code: 'key-permissions', severity: 'warning', says: 'chmod 600' }],
  );
  check(
    {
      configs: { '/nats.conf': tls('"c.pem"', '"⟦k.pem⟧"') },
      raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem },
      modes: { '/k.pem': 0o640 },
    },
    ['key-permissions'],
  );
  check(
    {
      configs: { '/nats.conf': tls('"c.pem"', '"k.pem"') },
      raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem },
      modes: { '/k.pem': 0o644 },
      platform: 'win32',
    },
    [],
  );
});

test('client configs: the same file checks, worded for the client', () => {
  check(
    {
      configs: { '/client.yaml': 'servers: ["tls://localhost:4222"]\ntls:\n  cert_file: ⟦missing.pem⟧\n  key_file: k.pem\n' },
      raw: { '/k.pem': leaf.keyPem },
    },
    [{ code: 'file-not-found', says: 'client' }],
    '/client.yaml',
  );
  check(
    {
      configs: { '/ctx.json': '{"url": "tls://localhost:4222", "cert": "c.pem", "key": "⟦k.pem⟧"}' },
      raw: { '/c.pem': leaf.pem, '/k.pem': other.keyPem },
    },
    ['key-mismatch'],
    '/ctx.json',
  );
});

test('a symlink loop is unreadable, not missing', () => {
  // Absolute paths outside the fixture: the loop must exist before the fixture is checked.
  const dir = fs.mkdtempSync('/tmp/nats-tls-loop-');
  try {
    fs.symlinkSync(`${dir}/loop.pem`, `${dir}/loop.pem`);
    fs.writeFileSync(`${dir}/k.pem`, leaf.keyPem, { mode: 0o600 });
    check({ configs: { '/nats.conf': tls(`"⟦${dir}/loop.pem⟧"`, `"${dir}/k.pem"`) } }, [
      { code: 'file-unreadable', says: 'symbolic links' },
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
