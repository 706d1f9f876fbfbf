// key-mismatch with EC keys whose public point is written compressed (02/03 || X) in the key file, as
// `openssl ec -conv_form compressed` writes it. Go's tls.X509KeyPair derives the public key from the private
// scalar and compares the points, so the encoding in the key file does not matter: nats-server 2.9.10 and the
// newest release accept a compressed-point key with its certificate (test/integration/ec-point-forms.test.ts).
// A mutant that compares the encodings instead of the points survived every layer before these tests.
import { before, test } from 'node:test';
import { CertFactory, type Material } from '../helpers/certs';
import { compressedPkcs8Pem, compressedSec1Pem } from '../helpers/ec-points';
import { expectFindings, NOW, runTls } from '../helpers/tls';

const f = new CertFactory(NOW);
let leaf: Material;
let other: Material;

before(async () => {
  const ca = await f.ca();
  leaf = await f.leaf(ca, { cn: 'server-main' });
  other = await f.leaf(ca, { cn: 'other' });
});

const conf = (marked: boolean): string => `tls {\n  cert_file: "c.pem"\n  key_file: "${marked ? '⟦k.pem⟧' : 'k.pem'}"\n}\n`;

for (const [form, toPem] of [
  ['SEC 1 (EC PRIVATE KEY)', compressedSec1Pem],
  ['PKCS #8 (PRIVATE KEY)', compressedPkcs8Pem],
] as const) {
  test(`${form} with a compressed public point matches its certificate (uncompressed)`, () => {
    expectFindings(
      runTls({ configs: { '/nats.conf': conf(false) }, raw: { '/c.pem': leaf.pem, '/k.pem': toPem(leaf.keyPem) } }),
      '/nats.conf',
      ['key-mismatch'],
      [],
    );
  });

  test(`${form} with a compressed public point of another key is a key-mismatch`, () => {
    expectFindings(
      runTls({ configs: { '/nats.conf': conf(true) }, raw: { '/c.pem': leaf.pem, '/k.pem': toPem(other.keyPem) } }),
      '/nats.conf',
      ['key-mismatch'],
      [{ code: 'key-mismatch', says: 'private key does not match public key' }],
    );
  });
}

test('the uncompressed forms of the same keys: a match, and a key-mismatch for another key', () => {
  expectFindings(
    runTls({ configs: { '/nats.conf': conf(false) }, raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem } }),
    '/nats.conf',
    ['key-mismatch'],
    [],
  );
  expectFindings(
    runTls({ configs: { '/nats.conf': conf(true) }, raw: { '/c.pem': leaf.pem, '/k.pem': other.keyPem } }),
    '/nats.conf',
    ['key-mismatch'],
    ['key-mismatch'],
  );
});
