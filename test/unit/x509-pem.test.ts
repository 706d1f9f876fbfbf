// parsePemFile: which blocks nats-server (Go's encoding/pem) sees in a certificate/key/CA file, where they
// are, and what is in them. Pure and never throwing, whatever the bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePemFile } from '../../server/src/core/x509/pem';
import type { PemFile } from '../../server/src/core/x509/model';
import { CertFactory, encryptedPkcs8, pemToDer, sec1Pem, type Material } from '../helpers/certs';
import { assertLinear, showGrowth } from '../helpers/work';

const f = new CertFactory();
let fixtures: Promise<{ root: Material; inter: Material; leaf: Material }> | undefined;
const certs = (): Promise<{ root: Material; inter: Material; leaf: Material }> =>
  (fixtures ??= (async () => {
    const root = await f.ca();
    const inter = await f.intermediate(root);
    return { root, inter, leaf: await f.leaf(inter) };
  })());

const parse = (text: string | Uint8Array, meta: Partial<{ path: string; size: number; mtimeMs: number; mode: number }> = {}): PemFile => {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  return parsePemFile(bytes, { path: '/x/file.pem', size: bytes.length, mtimeMs: 1, ...meta });
};
const lines = (s: string): number => s.split('\n').length - 1;
const labels = (p: PemFile): string[] => p.blocks.map((b) => b.label);

test('a chain file: leaf then intermediate, with 0-based BEGIN lines and certificate indexes', async () => {
  const { inter, leaf } = await certs();
  const p = parse(leaf.pem + inter.pem);
  assert.deepEqual(p.blocks, [
    { label: 'CERTIFICATE', line: 0 },
    { label: 'CERTIFICATE', line: lines(leaf.pem) },
  ]);
  assert.deepEqual(
    p.certs.map((c) => [c.index, c.line, c.subjectCN]),
    [
      [0, 0, 'server-main'],
      [1, lines(leaf.pem), 'Test Intermediate'],
    ],
  );
  assert.deepEqual([p.keys.length, p.badCerts.length, p.der], [0, 0, undefined]);
});

test('file metadata is carried through', async () => {
  const { leaf } = await certs();
  const p = parse(leaf.pem, { path: '/etc/nats/cert.pem', size: 1234, mtimeMs: 42, mode: 0o640 });
  assert.deepEqual([p.path, p.size, p.mtimeMs, p.mode], ['/etc/nats/cert.pem', 1234, 42, 0o640]);
  assert.equal(parse(leaf.pem).mode, undefined);
});

test('text before, between and after blocks (openssl x509 -text output) is skipped', async () => {
  const { root, leaf } = await certs();
  const preamble = 'Certificate:\n    Data:\n        Version: 3 (0x2)\n        Subject: CN = server-main\n';
  const p = parse(preamble + leaf.pem + 'some notes: here\n\n' + root.pem + 'trailer\n');
  assert.deepEqual(
    p.certs.map((c) => c.line),
    [4, 4 + lines(leaf.pem) + 2],
  );
  assert.deepEqual(
    p.certs.map((c) => c.subjectCN),
    ['server-main', 'Test Root CA'],
  );
});

test('CRLF line endings, trailing blanks and spaces inside base64 lines parse like LF', async () => {
  const { leaf } = await certs();
  const crlf = leaf.pem.replace(/\n/g, '\r\n');
  const spaced = leaf.pem
    .replace('-----BEGIN CERTIFICATE-----\n', '-----BEGIN CERTIFICATE-----  \n')
    .replace(/\n([A-Za-z0-9+/]{10})/, '\n$1 \t');
  for (const text of [crlf, spaced]) {
    const p = parse(text);
    assert.equal(p.certs.length, 1, JSON.stringify(p.badCerts));
    assert.equal(p.certs[0]!.sha256Fingerprint, parse(leaf.pem).certs[0]!.sha256Fingerprint);
  }
});

test('certificate and key in one file; EC PARAMETERS is listed but skipped', async () => {
  const { leaf } = await certs();
  const params = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n';
  const p = parse(leaf.pem + params + sec1Pem(leaf.keyPem));
  assert.deepEqual(labels(p), ['CERTIFICATE', 'EC PARAMETERS', 'EC PRIVATE KEY']);
  assert.equal(p.certs.length, 1);
  assert.equal(p.keys.length, 1);
  assert.equal(p.keys[0]!.label, 'EC PRIVATE KEY');
  assert.equal(p.keys[0]!.line, lines(leaf.pem) + 3);
  assert.equal(p.keys[0]!.publicKey?.spkiSha256, p.certs[0]!.publicKey.spkiSha256);
});

test('other PEM types are listed but are neither certificates nor keys', () => {
  const block = (label: string): string => `-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----\n`;
  const p = parse(block('CERTIFICATE REQUEST') + block('TRUSTED CERTIFICATE') + block('PUBLIC KEY') + block('X509 CRL'));
  assert.deepEqual(labels(p), ['CERTIFICATE REQUEST', 'TRUSTED CERTIFICATE', 'PUBLIC KEY', 'X509 CRL']);
  assert.deepEqual([p.certs.length, p.keys.length, p.badCerts.length], [0, 0, 0]);
});

test('an encrypted PKCS#8 key and a legacy Proc-Type header are read as encrypted keys', async () => {
  const { leaf } = await certs();
  const legacy =
    '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n';
  const p = parse(encryptedPkcs8(leaf.keyPem) + legacy);
  assert.deepEqual(
    p.keys.map((k) => [k.label, k.encrypted, k.publicKey, k.loadable]),
    [
      ['ENCRYPTED PRIVATE KEY', true, undefined, false],
      ['RSA PRIVATE KEY', true, undefined, false],
    ],
  );
});

// Blocks Go's pem.Decode does not return: nats-server skips them (a lone one means "no PEM data").
const broken: [string, (pem: string) => string, RegExp][] = [
  ['no END line', (pem) => pem.replace(/-----END CERTIFICATE-----\n$/, ''), /no "-----END CERTIFICATE-----" line/],
  ['END of another type', (pem) => pem.replace('-----END CERTIFICATE-----', '-----END PRIVATE KEY-----'), /does not close/],
  ['a character outside base64', (pem) => pem.replace(/\n([A-Za-z0-9+/]{5})/, '\n$1!'), /not base64/],
  ['its last base64 character missing', (pem) => pem.replace(/.\n-----END/, '\n-----END'), /truncated or padded/],
  ['"=" padding in the middle', (pem) => pem.replace(/(-----\n[A-Za-z0-9+/]{8})[A-Za-z0-9+/]/, '$1='), /truncated or padded/],
  [
    'a base64 line dropped',
    (pem) => pem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\n').replace(/\n([A-Za-z0-9+/]{63})([A-Za-z0-9+/])\n/, '\n$1\n'),
    /truncated or padded/,
  ],
];
for (const [name, mangle, why] of broken) {
  test(`a certificate block with ${name} is skipped and reported in badCerts`, async () => {
    const { leaf } = await certs();
    const p = parse(mangle(leaf.pem));
    assert.equal(p.certs.length, 0);
    assert.equal(p.blocks.length, 0);
    assert.equal(p.badCerts.length, 1);
    assert.equal(p.badCerts[0]!.line, 0);
    assert.match(p.badCerts[0]!.error, why);
  });
}

test('like Go, a block left open is skipped and the next complete block is still found', async () => {
  const { root, leaf } = await certs();
  const p = parse(leaf.pem.replace(/-----END CERTIFICATE-----\n$/, '') + root.pem);
  assert.deepEqual(
    p.certs.map((c) => [c.subjectCN, c.line]),
    [['Test Root CA', lines(leaf.pem) - 1]],
  );
  assert.deepEqual(
    p.badCerts.map((b) => b.line),
    [0],
  );
});

test('BEGIN must start a line: indented blocks and a byte-order mark hide a block from Go', async () => {
  const { leaf, root } = await certs();
  assert.equal(parse('  ' + leaf.pem).blocks.length, 0);
  const bom = parse('\ufeff' + leaf.pem + root.pem);
  assert.deepEqual(
    bom.certs.map((c) => c.subjectCN),
    ['Test Root CA'],
  );
});

test('DER certificates and keys are recognised when the file has no PEM at all', async () => {
  const { leaf } = await certs();
  const cases: [Uint8Array, PemFile['der']][] = [
    [leaf.der, 'certificate'],
    [pemToDer(leaf.keyPem), 'key'],
    [pemToDer(encryptedPkcs8(leaf.keyPem)), 'key'],
    [Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x05]), undefined],
    [Uint8Array.from([0x30, 0x82, 0xff, 0xff, 0x01]), undefined],
    [Buffer.from('hello'), undefined],
    [new Uint8Array(0), undefined],
  ];
  for (const [bytes, want] of cases) {
    const p = parse(bytes);
    assert.equal(p.der, want, Buffer.from(bytes.subarray(0, 8)).toString('hex'));
    assert.deepEqual([p.blocks.length, p.certs.length, p.keys.length], [0, 0, 0]);
  }
});

test('a PEM block whose DER is damaged is a bad certificate with the reason', async () => {
  const { leaf } = await certs();
  const pem = (der: Uint8Array): string =>
    `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  const trailing = parse(pem(Buffer.concat([leaf.der, Buffer.from([0, 0])])));
  assert.deepEqual(trailing.badCerts, [{ line: 0, error: 'x509: trailing data' }]);
  const truncated = parse(pem(leaf.der.subarray(0, 200)));
  assert.equal(truncated.certs.length, 0);
  assert.equal(truncated.badCerts.length, 1);
  assert.deepEqual(labels(truncated), ['CERTIFICATE']);
});

test('header lines up to the end of the input stop the scan without an error', () => {
  const p = parse('-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: x');
  assert.deepEqual([p.blocks.length, p.badCerts.length], [0, 0]);
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

test('never throws: 3000 seeded mutations of a cert+key+chain file', async () => {
  const { root, inter, leaf } = await certs();
  const base = Buffer.from(leaf.pem + inter.pem + leaf.keyPem + encryptedPkcs8(leaf.keyPem) + root.pem);
  const rand = rng(7);
  const inserts = ['-----BEGIN CERTIFICATE-----\n', '-----END CERTIFICATE-----\n', '\n', '=', 'Proc-Type: 4,ENCRYPTED\n', '\r', '\x00'];
  let seenCerts = 0;
  for (let i = 0; i < 3000; i++) {
    let b = Buffer.from(base);
    const edits = 1 + Math.floor(rand() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rand() * b.length);
      const kind = Math.floor(rand() * 4);
      if (kind === 0) b[at] = Math.floor(rand() * 256);
      else if (kind === 1) b = b.subarray(0, at);
      else if (kind === 2)
        b = Buffer.concat([b.subarray(0, at), Buffer.from(inserts[Math.floor(rand() * inserts.length)]!), b.subarray(at)]);
      else b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + Math.floor(rand() * 200)))]);
    }
    const p = parse(b);
    assert.ok(Array.isArray(p.certs) && Array.isArray(p.keys) && Array.isArray(p.badCerts) && Array.isArray(p.blocks));
    for (const c of p.certs) assert.equal(typeof c.subject, 'string');
    seenCerts += p.certs.length;
  }
  assert.ok(seenCerts > 3000, `mutations should usually leave some certificates readable (saw ${seenCerts})`);
});

// Work bounds, not clocks: growth in CPU time measured in the same test (test/helpers/work.ts). The time
// budgets (40,000 BEGIN lines and 10,000 certificates each under a second of CPU, a chain file under 2 ms) are
// in `npm run bench -- budgets`.
test('linear on hostile input: unterminated BEGIN lines before one END', (t) => {
  const text = (n: number): string => '-----BEGIN CERTIFICATE-----\n'.repeat(n) + 'AAAA\n-----END CERTIFICATE-----\n';
  assert.equal(parse(text(40_000)).certs.length, 0);
  t.diagnostic(showGrowth(assertLinear('BEGIN lines', (n) => parse(text(n)), 5_000)));
});

test('a bundle of 10,000 certificates: every one found, in order, and linear in the bundle size', async (t) => {
  const { leaf } = await certs();
  const bundle = Buffer.from(leaf.pem.repeat(10_000));
  const p = parse(bundle);
  assert.equal(p.certs.length, 10_000);
  assert.equal(p.certs[9_999]!.index, 9_999);
  assert.equal(p.certs[9_999]!.line, 9_999 * lines(leaf.pem));
  const bundles = new Map<number, Buffer>();
  const of = (n: number): Buffer => bundles.get(n) ?? (bundles.set(n, Buffer.from(leaf.pem.repeat(n))), bundles.get(n)!);
  t.diagnostic(showGrowth(assertLinear('certificates in a bundle', (n) => parse(of(n)), 1_250, { samples: 3 })));
});
