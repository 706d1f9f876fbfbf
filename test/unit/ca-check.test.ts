// Our own `check` finds nothing to warn about in anything `gen` makes. Runs the real command (in-process),
// so it keeps guarding this as TLS checks are added. The clock is fixed: `gen` issues at NOW and `check` judges
// at NOW (NATS_TLS_NOW, the CLI's test clock). Positive controls prove the assertion can fail: the same files
// checked years later are expired, and a client from another CA is reported.
import 'reflect-metadata';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../server/src/cli/main';
import { planCa, planClient, planMtls, planServer } from '../../server/src/core/ca/scaffold';
import { writePlan } from '../../server/src/cli/write-plan';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-ca-check-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const NOW = new Date('2026-03-01T10:00:00Z');
const DAY = 86_400_000;

interface Diagnostic {
  file: string;
  line: number;
  severity: string;
  code: string;
  message: string;
}

/** `nats-tls check --format json dir` with the clock at `at` (default NOW). */
async function check(dir: string, at = NOW): Promise<{ code: number; files: string[]; diagnostics: Diagnostic[] }> {
  let out = '';
  let err = '';
  const saved = process.env.NATS_TLS_NOW;
  process.env.NATS_TLS_NOW = at.toISOString();
  let code: number;
  try {
    code = await main(['check', '--format', 'json', dir], { out: (t) => void (out += t), err: (t) => void (err += t), cwd: tmp });
  } finally {
    if (saved === undefined) delete process.env.NATS_TLS_NOW;
    else process.env.NATS_TLS_NOW = saved;
  }
  assert.equal(err, '');
  return { code, ...(JSON.parse(out) as { files: string[]; diagnostics: Diagnostic[] }) };
}

function assertClean(r: Awaited<ReturnType<typeof check>>): void {
  const serious = r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
  assert.deepEqual(
    serious.map((d) => `${path.basename(d.file)}:${d.line} ${d.severity} ${d.code}: ${d.message}`),
    [],
  );
  assert.equal(r.code, 0);
}

for (const [label, opts] of [
  ['default (ECDSA P-256)', {}],
  ['--constrain --key rsa-3072', { nameConstraints: true, key: 'rsa-3072' as const }],
] as const) {
  test(`gen mtls ${label}: check reports no error and no warning`, async () => {
    const dir = path.join(tmp, label.replace(/\W+/g, '-'));
    writePlan(dir, (await planMtls({ now: NOW, ...opts })).files, { force: false });
    const r = await check(dir);
    assert.deepEqual(r.files.map((f) => path.basename(f)).sort(), ['client-a.yaml', 'client-b.yaml', 'server.conf']);
    assertClean(r);
    // Positive control: the same files 900 days later (leaves live 825): every certificate expired, exit 1.
    const late = await check(dir, new Date(NOW.getTime() + 900 * DAY));
    assert.equal(late.code, 1);
    assert.deepEqual(
      [...new Set(late.diagnostics.filter((d) => d.severity === 'error').map((d) => `${path.basename(d.file)} ${d.code}`))].sort(),
      ['client-a.yaml cert-expired', 'client-b.yaml cert-expired', 'server.conf cert-expired'],
    );
  });
}

test('our server and client certificates in cluster, leafnode and verify_and_map configs: no error and no warning', async () => {
  const dir = path.join(tmp, 'peers');
  const now = NOW;
  const ca = await planCa({ now, nameConstraints: true });
  writePlan(dir, ca.files, { force: false });
  for (const name of ['node-a', 'node-b'])
    writePlan(dir, (await planServer(ca.issuer, { now, name, hosts: ['nats.test'] })).files, { force: false });
  writePlan(dir, (await planClient(ca.issuer, { now, name: 'alice', email: ['alice@example.com'] })).files, { force: false });
  const tls = (name: string, extra = ''): string =>
    `tls {\n    cert_file: "${name}.pem"\n    key_file: "${name}-key.pem"\n    ca_file: "ca.pem"${extra}\n  }`;
  fs.writeFileSync(
    path.join(dir, 'node-a.conf'),
    `server_name: node-a
listen: "127.0.0.1:4222"
${tls('node-a', '\n    verify_and_map: true')}
authorization { users: [ { user: "alice@example.com" } ] }
cluster {
  name: c1
  listen: "127.0.0.1:6222"
  routes: [ "nats-route://nats.test:6223" ]
  ${tls('node-a')}
}
leafnodes {
  listen: "127.0.0.1:7422"
  ${tls('node-a', '\n    verify: true')}
}
`,
  );
  fs.writeFileSync(
    path.join(dir, 'node-b.conf'),
    `server_name: node-b
listen: "127.0.0.1:4223"
cluster {
  name: c1
  listen: "127.0.0.1:6223"
  routes: [ "nats-route://localhost:6222" ]
  ${tls('node-b')}
}
leafnodes {
  remotes: [
    {
      url: "tls://127.0.0.1:7422"
      ${tls('node-b')}
    }
  ]
}
`,
  );
  fs.writeFileSync(
    path.join(dir, 'alice.yaml'),
    'servers: ["tls://localhost:4222"]\ntls:\n  cert_file: "alice.pem"\n  key_file: "alice-key.pem"\n  ca_file: "ca.pem"\n',
  );
  const r = await check(dir);
  assert.deepEqual(r.files.map((f) => path.basename(f)).sort(), ['alice.yaml', 'node-a.conf', 'node-b.conf']);
  assertClean(r);

  // Positive control: a client certificate from another CA is one the verifying server rejects.
  const other = await planCa({ now, name: 'Other CA' });
  const mallory = path.join(dir, 'mallory');
  writePlan(mallory, other.files, { force: false });
  writePlan(mallory, (await planClient(other.issuer, { now, name: 'mallory' })).files, { force: false });
  fs.writeFileSync(
    path.join(dir, 'mallory.yaml'),
    'servers: ["tls://localhost:4222"]\ntls:\n  cert_file: "mallory/mallory.pem"\n  key_file: "mallory/mallory-key.pem"\n  ca_file: "ca.pem"\n',
  );
  const bad = await check(dir);
  assert.equal(bad.code, 1);
  assert.ok(
    bad.diagnostics.some((d) => path.basename(d.file) === 'mallory.yaml' && d.code === 'peer-untrusted'),
    JSON.stringify(bad.diagnostics.map((d) => `${path.basename(d.file)} ${d.code}`)),
  );
});
