// Finding 12 (issue 10), the engine's part: messages had no size limit (a 4 MB key gave a 4 MB diagnostic),
// and under umask 000 `gen` created its output folders with mode 777. Every message and hover is capped now,
// and `gen` creates folders 0755, or 0700 for a folder that holds a CA key.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { MAX_HOVER_CHARS, MAX_MESSAGE_CHARS } from '../../server/src/core/conf/excerpt';
import { session, type Session } from '../lsp/setup';
import { runCli } from './harness';

const MB = 1024 * 1024;
const LONG = 'L'.repeat(4 * MB);
let dir: string;

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-sec-limits-')));
  fs.writeFileSync(path.join(dir, 'key.conf'), `port: 4222\n${LONG}`);
  fs.writeFileSync(path.join(dir, 'include.conf'), `port: 4222\ninclude "${LONG}"\n`);
  fs.writeFileSync(path.join(dir, 'cert.conf'), `port: 4222\ntls {\n  cert_file: "${LONG}.pem"\n  key_file: "k.pem"\n}\n`);
  fs.writeFileSync(path.join(dir, 'value.conf'), `port: 4222\ntls {\n  cipher_suites: [ "${LONG}" ]\n  min_version: "${LONG}"\n}\n`);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test(`every message is at most ${MAX_MESSAGE_CHARS} characters, whatever it quotes`, async () => {
  const r = await runCli(['check', '--format', 'json', '.'], dir);
  const ds = (JSON.parse(r.out) as { diagnostics: { file: string; code: string; message: string }[] }).diagnostics;
  assert.ok(ds.length >= 4, r.out.slice(0, 2000));
  for (const d of ds)
    assert.ok(d.message.length <= MAX_MESSAGE_CHARS, `${path.basename(d.file)} ${d.code}: ${d.message.length} characters`);
  assert.ok(r.out.length < 64 * 1024, `${r.out.length} characters of output`);
});

test(`hovers are at most ${MAX_HOVER_CHARS} characters`, { timeout: 60_000 }, async () => {
  const s: Session = await session();
  try {
    const { uri } = await s.open('nats.conf', `port: 4222\ntls {\n  cert_file: "${'H'.repeat(MB)}.pem"\n}\n`);
    await s.client.pushed(uri);
    const h = await s.client.hover(uri, { line: 2, character: 16 });
    assert.ok(h);
    const value = (h.contents as { value: string }).value;
    assert.ok(value.length <= MAX_HOVER_CHARS, `${value.length} characters`);
    const ds = await s.client.pushed(uri);
    for (const d of ds) assert.ok((typeof d.message === 'string' ? d.message : d.message.value).length <= MAX_MESSAGE_CHARS);
  } finally {
    await s.close();
  }
});

test('gen under umask 000: folders 0755, 0700 where a CA key is written', async () => {
  const old = process.umask(0);
  try {
    const ca = await runCli(['gen', 'ca', '--out', 'out/ca'], dir);
    assert.equal(ca.code, 0, ca.err);
    const server = await runCli(['gen', 'server', '--ca', 'out/ca', '--out', 'out/servers/main', '--name', 'main'], dir);
    assert.equal(server.code, 0, server.err);
    const mtls = await runCli(['gen', 'mtls', '--out', 'out/mtls'], dir);
    assert.equal(mtls.code, 0, mtls.err);
  } finally {
    process.umask(old);
  }
  const mode = (p: string): string => (fs.statSync(path.join(dir, p)).mode & 0o777).toString(8);
  assert.deepEqual(
    { out: mode('out'), ca: mode('out/ca'), servers: mode('out/servers'), main: mode('out/servers/main'), mtls: mode('out/mtls') },
    { out: '755', ca: '700', servers: '755', main: '755', mtls: '700' },
  );
});
