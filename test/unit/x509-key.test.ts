// Private keys: format and encryption detection, what nats-server (Go) can load, and matching a key to its
// certificate by public key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePemFile } from '../../server/src/core/x509/pem';
import type { KeyInfo, PemFile } from '../../server/src/core/x509/model';
import { keyMatchesCert } from '../../server/src/core/x509/verify';
import { CertFactory, encryptedPkcs8, legacyEncryptedPkcs1, nodeKeyPem, pkcs1Pem, sec1Pem, type Material } from '../helpers/certs';

const f = new CertFactory();
const parse = (text: string): PemFile => parsePemFile(Buffer.from(text), { path: '/k.pem', size: text.length, mtimeMs: 0 });
const onlyKey = (text: string): KeyInfo => {
  const p = parse(text);
  assert.equal(p.keys.length, 1, `one key in ${text.slice(0, 40)}`);
  return p.keys[0]!;
};

let mats: Promise<{ ec: Material; rsa: Material; ed: Material; p384: Material }> | undefined;
const materials = (): Promise<{ ec: Material; rsa: Material; ed: Material; p384: Material }> =>
  (mats ??= (async () => ({
    ec: await f.leaf(undefined, { cn: 'ec' }),
    rsa: await f.leaf(undefined, { cn: 'rsa', key: { algorithm: 'RSA', bits: 2048 } }),
    ed: await f.leaf(undefined, { cn: 'ed', key: { algorithm: 'Ed25519' } }),
    p384: await f.leaf(undefined, { cn: 'p384', key: { algorithm: 'EC', curve: 'P-384' } }),
  }))());

test('every key form nats-server loads: type, size, format label, and the public key of its certificate', async () => {
  const { ec, rsa, ed, p384 } = await materials();
  const cases: [string, string, Material, string, number | undefined, string | undefined][] = [
    ['PKCS#8 EC', ec.keyPem, ec, 'PRIVATE KEY', 256, 'P-256'],
    ['SEC1 EC', sec1Pem(ec.keyPem), ec, 'EC PRIVATE KEY', 256, 'P-256'],
    ['PKCS#8 EC P-384', p384.keyPem, p384, 'PRIVATE KEY', 384, 'P-384'],
    ['PKCS#8 RSA', rsa.keyPem, rsa, 'PRIVATE KEY', 2048, undefined],
    ['PKCS#1 RSA', pkcs1Pem(rsa.keyPem), rsa, 'RSA PRIVATE KEY', 2048, undefined],
    ['PKCS#8 Ed25519', ed.keyPem, ed, 'PRIVATE KEY', undefined, undefined],
    // Go picks the parser by content, not by label.
    ['PKCS#8 under an RSA label', rsa.keyPem.replace(/PRIVATE KEY/g, 'RSA PRIVATE KEY'), rsa, 'RSA PRIVATE KEY', 2048, undefined],
  ];
  for (const [name, pem, m, label, bits, curve] of cases) {
    const k = onlyKey(pem);
    const cert = parse(m.pem).certs[0]!;
    assert.deepEqual(
      [k.label, k.encrypted, k.loadable, k.error, k.publicKey?.bits, k.publicKey?.curve],
      [label, false, true, undefined, bits, curve],
      name,
    );
    assert.equal(k.publicKey?.algorithm, cert.publicKey.algorithm, name);
    assert.equal(k.publicKey?.spkiSha256, cert.publicKey.spkiSha256, name);
    assert.equal(keyMatchesCert(k, cert), true, name);
  }
});

test('encrypted keys: PKCS#8 and legacy Proc-Type, with no public facts', async () => {
  const { ec, rsa } = await materials();
  const enc = onlyKey(encryptedPkcs8(ec.keyPem));
  assert.deepEqual([enc.label, enc.encrypted, enc.publicKey, enc.loadable], ['ENCRYPTED PRIVATE KEY', true, undefined, false]);
  const legacyPem = legacyEncryptedPkcs1(rsa.keyPem);
  assert.match(legacyPem, /Proc-Type: 4,ENCRYPTED/);
  const legacy = onlyKey(legacyPem);
  assert.deepEqual([legacy.label, legacy.encrypted, legacy.publicKey, legacy.loadable], ['RSA PRIVATE KEY', true, undefined, false]);
  assert.equal(keyMatchesCert(enc, parse(ec.pem).certs[0]!), false);
});

test('keys Go cannot load are parsed but marked not loadable', () => {
  const cases: [string, string, string][] = [
    ['DSA', nodeKeyPem('dsa'), 'DSA'],
    ['Ed448', nodeKeyPem('ed448'), 'Ed448'],
    ['X25519', nodeKeyPem('x25519'), 'unknown'],
    ['RSA-PSS', nodeKeyPem('rsa-pss'), 'RSA'],
  ];
  for (const [name, pem, algorithm] of cases) {
    const k = onlyKey(pem);
    assert.deepEqual([k.publicKey?.algorithm, k.loadable, k.encrypted], [algorithm, false, false], name);
  }
});

test('unreadable key blocks carry the reason', () => {
  const garbage = onlyKey('-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n');
  assert.deepEqual([garbage.publicKey, garbage.loadable], [undefined, false]);
  assert.match(garbage.error!, /not a PKCS#1, PKCS#8 or SEC1 private key/);
  const ssh = onlyKey('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
  assert.match(ssh.error!, /OpenSSH key format/);
  // A PKCS#8 shape whose inner key is junk: node rejects it, and so would Go.
  const junk = onlyKey(
    `-----BEGIN PRIVATE KEY-----\n${Buffer.from([0x30, 0x0d, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x01, 0x00]).toString('base64')}\n-----END PRIVATE KEY-----\n`,
  );
  assert.equal(junk.publicKey, undefined);
  assert.match(junk.error!, /cannot parse the PKCS8 key/);
});

test('keyMatchesCert: the right key, another key of the same type, another type', async () => {
  const { ec, rsa, ed } = await materials();
  const other = await f.leaf(undefined, { cn: 'other' });
  const certOf = (m: Material) => parse(m.pem).certs[0]!;
  const keyOf = (m: Material) => onlyKey(m.keyPem);
  assert.equal(keyMatchesCert(keyOf(ec), certOf(ec)), true);
  assert.equal(keyMatchesCert(keyOf(other), certOf(ec)), false);
  assert.equal(keyMatchesCert(keyOf(rsa), certOf(ec)), false);
  assert.equal(keyMatchesCert(keyOf(ed), certOf(rsa)), false);
  assert.equal(keyMatchesCert(keyOf(ed), certOf(ed)), true);
  assert.equal(
    keyMatchesCert({ line: 0, label: 'PRIVATE KEY', encrypted: true, publicKey: undefined, error: undefined, loadable: false }, certOf(ec)),
    false,
  );
});

test('a swapped pair and a chain with the intermediate first are visible from the model', async () => {
  const root = await f.ca();
  const inter = await f.intermediate(root);
  const leaf = await f.leaf(inter);
  const certFile = parse(leaf.keyPem); // what cert_file points at when swapped
  assert.deepEqual([certFile.certs.length, certFile.keys.length], [0, 1]);
  const reversed = parse(inter.pem + leaf.pem);
  const key = onlyKey(leaf.keyPem);
  assert.equal(keyMatchesCert(key, reversed.certs[0]!), false);
  assert.equal(
    reversed.certs.findIndex((c) => keyMatchesCert(key, c)),
    1,
  );
  const combined = parse(leaf.pem + inter.pem + leaf.keyPem);
  assert.equal(keyMatchesCert(combined.keys[0]!, combined.certs[0]!), true);
});
