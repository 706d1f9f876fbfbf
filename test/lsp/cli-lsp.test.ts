// `node bin/nats-tls.js lsp --stdio` serves the same language server other editors use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { CheckInputRequest, PlanTestCaRequest } from '../../server/src/protocol/requests';
import { createOpener } from '../../server/src/protocol/seal';
import { LspClient, ROOT } from './client';
import { NOW, tempWorkspace } from './setup';

test('the CLI serves the language server over stdio: diagnostics for the seed config', async () => {
  const ws = tempWorkspace({});
  const client = await LspClient.start({ now: NOW, folders: [ws.dir], command: [path.join(ROOT, 'bin', 'nats-tls.js'), 'lsp', '--stdio'] });
  try {
    assert.equal(client.initializeResult.serverInfo?.name, 'nats-tls');
    const file = ws.path('nats.conf');
    const text =
      'listen: ":4222"\ntls:\n  cert_file: "/etc/nats/certs/server.pem"\n  key_file: "/etc/nats/certs/server.key"\n  client_auth: true\n  ca_file: "/etc/nats/certs/clients.pem"\n';
    ws.write('nats.conf', text);
    const uri = await client.open(file, text);
    const published = await client.diagnostics.next((p) => p.uri === uri);
    const codes = published.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('yaml-style-block') && codes.includes('client-auth-field'), codes.join(', '));
    assert.ok(published.diagnostics.every((d) => d.source === 'nats-tls'));
  } finally {
    await client.stop();
    ws.cleanup();
  }
});

test('the CLI server answers the natsTls/* requests too: the certificate issuer bundle loads next to cli.js', async () => {
  const ws = tempWorkspace({});
  const client = await LspClient.start({ now: NOW, folders: [ws.dir], command: [path.join(ROOT, 'bin', 'nats-tls.js'), 'lsp', '--stdio'] });
  try {
    assert.deepEqual(await client.request(CheckInputRequest, { kind: 'certificate-name', values: ['edge'] }), {});
    const opener = createOpener();
    const plan = await client.request(PlanTestCaRequest, { recipient: opener.recipient, nameConstraints: true });
    assert.deepEqual(
      plan.files.map((f) => f.relativePath),
      ['ca.pem', 'ca-key.pem'],
    );
    assert.match(opener.open(plan.files[1]!.sealed!), /^-----BEGIN PRIVATE KEY-----/);
  } finally {
    await client.stop();
    ws.cleanup();
  }
});

test('lsp without a transport is a usage error (exit 2)', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'nats-tls.js'), 'lsp'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--stdio/);
});
