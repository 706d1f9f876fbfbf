// Finding 3 (issue 10): a CA with 10,000 permitted DNS constraints and a leaf with 10,000 SANs cost
// 100,000,000 comparisons per verification (42.8 s to first diagnostics, `check` 3 min 15 s). Go's
// crypto/x509 (before its 2025 rewrite) stops after 250,000 comparisons per candidate CA, with an error whose
// reason (TooManyConstraints) has no text of its own: "x509: unknown error", as nats-server 2.9.10 and
// 2.10.27 log it. Work is asserted as comparisons counted, not time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { MAX_CONSTRAINT_COMPARISONS } from '../../server/src/core/x509/constraints';
import { parsePemFile } from '../../server/src/core/x509/pem';
import type { CertInfo } from '../../server/src/core/x509/model';
import { verifyChain } from '../../server/src/core/x509/verify';
import { CertFactory, TEST_NOW, type Material } from '../helpers/certs';
import { runCli } from './harness';

const CONSTRAINTS = 10_000;
let ca: Material;
/** 25 SANs: exactly 250,000 comparisons as Go counts them (allowed); 26: one constraint list too many. */
let leaf25: Material;
let leaf26: Material;
let dir: string;

const info = (m: Material): CertInfo => parsePemFile(new TextEncoder().encode(m.pem), { path: 'x.pem', size: 0, mtimeMs: 0 }).certs[0]!;
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${CONSTRAINTS - 1 - i}.example.test`);

before(async () => {
  const f = new CertFactory(TEST_NOW);
  ca = await f.ca({ cn: 'Big CA', nameConstraints: { permitted: Array.from({ length: CONSTRAINTS }, (_, i) => `n${i}.example.test`) } });
  leaf25 = await f.leaf(ca, { cn: 'leaf-25', san: { dns: names(25) } });
  leaf26 = await f.leaf(ca, { cn: 'leaf-26', san: { dns: names(26) } });
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-sec-nc-')));
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca.pem);
  fs.writeFileSync(path.join(dir, 'node.pem'), leaf26.pem);
  fs.writeFileSync(path.join(dir, 'node-key.pem'), leaf26.keyPem, { mode: 0o600 });
  fs.writeFileSync(
    path.join(dir, 'nats.conf'),
    'port: 4222\ncluster {\n  port: 6222\n  tls {\n    cert_file: "node.pem"\n    key_file: "node-key.pem"\n    ca_file: "ca.pem"\n  }\n}\n',
  );
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('Go stops after 250,000 comparisons with its own error, and so do we: counted, not timed', () => {
  assert.equal(MAX_CONSTRAINT_COMPARISONS, 250_000);
  const ok = verifyChain(info(leaf25), { intermediates: [], roots: [info(ca)], at: TEST_NOW });
  assert.equal(ok.ok, true, JSON.stringify(ok).slice(0, 300));
  assert.equal(ok.constraintComparisons, 25 * CONSTRAINTS);

  const r = verifyChain(info(leaf26), { intermediates: [], roots: [info(ca)], at: TEST_NOW });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.reason, 'too-many-constraints');
  assert.equal(r.detail, 'x509: unknown error');
  // Go adds a constraint list to its count before it compares: it gives up at 260,000 without comparing more.
  assert.equal(r.constraintComparisons, 26 * CONSTRAINTS);
  assert.ok(r.comparisonsMade! <= MAX_CONSTRAINT_COMPARISONS, String(r.comparisonsMade));
});

test("check reports it with Go's words and says what nats-server does", async () => {
  const r = await runCli(['check', 'nats.conf'], dir);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /untrusted-chain/);
  assert.match(r.out, /x509: unknown error/);
  assert.match(r.out, /250,000/);
});

test('chain building stops after 100 signature checks, as Go does (101 CAs with the same name)', async () => {
  const f = new CertFactory(TEST_NOW);
  const decoys: Material[] = [];
  for (let i = 0; i < 101; i++) decoys.push(await f.ca({ cn: 'Same CA' }));
  const leaf = await f.leaf(await f.ca({ cn: 'Same CA' }));
  const r = verifyChain(info(leaf), { intermediates: [], roots: decoys.map(info), at: TEST_NOW });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.detail, 'x509: signature check attempts limit reached while verifying certificate chain');
});
