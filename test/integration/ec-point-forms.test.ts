// What nats-server does with EC points written compressed, on every installed release (test/helpers/oracles.ts):
// the ground truth for test/unit/key-match-ec-points.test.ts.
//   - a key file whose public point is compressed (SEC 1 or PKCS #8): accepted with its certificate, because Go
//     derives the public key from the private scalar and compares points;
//   - a certificate whose public point is compressed: rejected at load time (Go parses only uncompressed points;
//     the wording differs between releases).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CertFactory, writeFixtureDir } from '../helpers/certs';
import { compressedCertPem, compressedPkcs8Pem, compressedSec1Pem } from '../helpers/ec-points';
import { natsServerCheck } from '../helpers/nats-server';
import { oracles } from '../helpers/oracles';
import { latestOracleTool, oracleTool, testWith } from '../helpers/tools';

const conf = (cert: string, key: string): string => `listen: "127.0.0.1:-1"\ntls {\n  cert_file: "${cert}"\n  key_file: "${key}"\n}\n`;

testWith(
  [oracleTool('2.9.10'), latestOracleTool],
  'every release: a compressed-point key loads with its certificate; a compressed-point certificate does not',
  async () => {
    const f = new CertFactory();
    const leaf = await f.leaf(undefined, { cn: 'localhost' });
    const other = await f.leaf(undefined, { cn: 'other' });
    const dir = writeFixtureDir(
      {
        'cert.pem': leaf.pem,
        'key.pem': leaf.keyPem,
        'key-sec1-compressed.pem': compressedSec1Pem(leaf.keyPem),
        'key-pkcs8-compressed.pem': compressedPkcs8Pem(leaf.keyPem),
        'other-sec1-compressed.pem': compressedSec1Pem(other.keyPem),
        'cert-compressed.pem': compressedCertPem(leaf.pem, leaf.keyPem, leaf.keyPem),
      },
      { mode: () => 0o600 },
    );
    try {
      const cases: [string, string, boolean, RegExp?][] = [
        ['cert.pem', 'key.pem', true],
        ['cert.pem', 'key-sec1-compressed.pem', true],
        ['cert.pem', 'key-pkcs8-compressed.pem', true],
        ['cert.pem', 'other-sec1-compressed.pem', false, /private key does not match public key/],
        ['cert-compressed.pem', 'key.pem', false, /elliptic curve point|uncompressed public key/],
      ];
      const wrong: string[] = [];
      for (const o of oracles()) {
        for (const [cert, key, ok, says] of cases) {
          const name = `${cert}+${key}.conf`;
          fs.writeFileSync(path.join(dir.dir, name), conf(cert, key));
          const r = natsServerCheck(dir.dir, name, o.path);
          if (r.ok !== ok || (says && !says.test(r.output))) wrong.push(`nats-server ${o.version}, ${cert} with ${key}: ${r.output}`);
        }
      }
      assert.deepEqual(wrong, []);
    } finally {
      dir.cleanup();
    }
  },
);
