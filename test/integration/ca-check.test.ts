// Our own `check` finds nothing to warn about in anything `gen` makes. Runs the real command (in-process),
// so it keeps guarding this as TLS checks are added.
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

interface Diagnostic {
  file: string;
  line: number;
  severity: string;
  code: string;
  message: string;
}

async function check(dir: string): Promise<{ code: number; files: string[]; diagnostics: Diagnostic[] }> {
  let out = '';
  let err = '';
  const code = await main(['check', '--format', 'json', dir], { out: (t) => void (out += t), err: (t) => void (err += t), cwd: tmp });
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

// The real clock: `check` judges expiry against it, as nats-server's peers would.
for (const [label, opts] of [
  ['default (ECDSA P-256)', {}],
  ['--constrain --key rsa-3072', { nameConstraints: true, key: 'rsa-3072' as const }],
] as const) {
  test(`gen mtls ${label}: check reports no error and no warning`, async () => {
    const dir = path.join(tmp, label.replace(/\W+/g, '-'));
    writePlan(dir, (await planMtls({ now: new Date(), ...opts })).files, { force: false });
    const r = await check(dir);
    assert.deepEqual(r.files.map((f) => path.basename(f)).sort(), ['client-a.yaml', 'client-b.yaml', 'server.conf']);
    assertClean(r);
  });
}

test('our server and client certificates in cluster, leafnode and verify_and_map configs: no error and no warning', async () => {
  const dir = path.join(tmp, 'peers');
  const now = new Date();
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
});
