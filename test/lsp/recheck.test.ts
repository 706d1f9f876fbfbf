// The server re-checks only what an edit touches, over real JSON-RPC: an edit publishes the edited document
// and the documents whose cross-file pairing it changes, not the others; pulls of untouched documents answer
// "unchanged"; a certificate file or folder renamed on disk is followed. With a server in this process and an
// instrumented host, work is counted: a keystroke in a comment re-analyses no TLS block, loads no PEM file
// and asks the file system nothing; a document that breaks the engine does not silence the others.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { FileChangeType, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { EngineFs } from '../../server/src/core/types';
import { loadPemFile, PemCache } from '../../server/src/core/x509/load';
import { nodeFs } from '../../server/src/node-fs';
import { nodeClock } from '../../server/src/node-host';
import { dedent } from '../helpers/fixture';
import type { LspClient } from './client';
import { inProcess } from './in-process';
import { NOW, pki, pkiFiles, session, tempWorkspace, type Session, type TestWorkspace } from './setup';

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code)).sort();

/** The documents published since notification number `from`, after a round trip (a pass publishes in one go). */
async function publishedSince(client: LspClient, from: number): Promise<string[]> {
  await client.barrier();
  return client.diagnostics.seen.slice(from).map((p: PublishDiagnosticsParams) => p.uri);
}

const SERVER = (ca: string, comment = ''): string =>
  `# server${comment}\nport: 4444\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  ca_file: "${ca}"\n  verify: true\n}\n`;

describe('push: an edit re-publishes only what it touches', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session({ 'pair/other-ca.pem': '' });
    s.ws.write('pair/other-ca.pem', (await pki()).otherCa.pem);
  });
  after(async () => s.close());

  test('the edited document and its paired client config, not an unrelated config', async () => {
    const client = await s.open(
      'pair/client.yaml',
      dedent(`
        servers: nats://localhost:4444
        tls:
          cert_file: ../certs/client.pem
          key_file: ../certs/client-key.pem
          ca_file: ../certs/ca.pem
      `),
    );
    const server = await s.open('pair/server.conf', SERVER('../certs/ca.pem'));
    const other = await s.open('other/nats.conf', 'port: 4555\ntls {\n  cert_file: "../certs/server.pem"\n}\n# other\n');
    await s.client.pushed(client.uri, (d) => d.length === 0);
    await s.client.pushed(server.uri, (d) => d.length === 0);
    assert.deepEqual(codes(await s.client.pushed(other.uri)), ['missing-key-file']);

    // A comment in the unrelated config: that document alone.
    let from = s.client.diagnostics.seen.length;
    await s.client.change(other.uri, 'port: 4555\ntls {\n  cert_file: "../certs/server.pem"\n}\n# other!\n');
    await s.client.pushed(other.uri);
    assert.deepEqual(await publishedSince(s.client, from), [other.uri]);

    // A comment in the server config: its client's findings do not change, so it is not published again.
    from = s.client.diagnostics.seen.length;
    await s.client.change(server.uri, SERVER('../certs/ca.pem', '!'));
    await s.client.pushed(server.uri);
    assert.deepEqual(await publishedSince(s.client, from), [server.uri]);

    // The server now verifies clients against another CA: the client config changes with it, the other does not.
    from = s.client.diagnostics.seen.length;
    await s.client.change(server.uri, SERVER('other-ca.pem'));
    await s.client.pushed(server.uri);
    assert.deepEqual((await publishedSince(s.client, from)).sort(), [client.uri, server.uri].sort());
    assert.deepEqual(codes((await s.client.diagnostics.next((x) => x.uri === client.uri, from)).diagnostics), ['peer-untrusted']);
  });

  test('a certificate renamed on disk becomes file-not-found; pointing at the new name fixes it', async () => {
    const p = await pki();
    s.ws.write('ren/a.pem', p.server.pem);
    s.ws.write('ren/a-key.pem', p.server.keyPem);
    fs.chmodSync(s.ws.path('ren/a-key.pem'), 0o600);
    const text = (name: string): string => `port: 4666\ntls {\n  cert_file: "${name}"\n  key_file: "a-key.pem"\n}\n`;
    const { uri } = await s.open('ren/nats.conf', text('a.pem'));
    assert.deepEqual(await s.client.pushed(uri), []);
    fs.renameSync(s.ws.path('ren/a.pem'), s.ws.path('ren/b.pem'));
    await s.client.filesChanged([
      { file: s.ws.path('ren/a.pem'), type: FileChangeType.Deleted },
      { file: s.ws.path('ren/b.pem'), type: FileChangeType.Created },
    ]);
    await s.client.diagnostics.next((x) => x.uri === uri && codes(x.diagnostics).includes('file-not-found'));
    await s.client.change(uri, text('b.pem'));
    assert.deepEqual(await s.client.pushed(uri), []);
  });

  test('a certificate folder renamed: its files are gone though only the folder is reported', async () => {
    const p = await pki();
    s.ws.write('mv/certs/a.pem', p.server.pem);
    s.ws.write('mv/certs/a-key.pem', p.server.keyPem);
    fs.chmodSync(s.ws.path('mv/certs/a-key.pem'), 0o600);
    const { uri } = await s.open('mv/nats.conf', 'port: 4777\ntls {\n  cert_file: "certs/a.pem"\n  key_file: "certs/a-key.pem"\n}\n');
    assert.deepEqual(await s.client.pushed(uri), []);
    fs.renameSync(s.ws.path('mv/certs'), s.ws.path('mv/certs-old'));
    await s.client.filesChanged([{ file: s.ws.path('mv/certs'), type: FileChangeType.Deleted }]);
    const after = await s.client.diagnostics.next((x) => x.uri === uri && x.diagnostics.length > 0);
    assert.deepEqual(codes(after.diagnostics), ['file-not-found', 'file-not-found']);
  });
});

describe('pull: untouched documents answer unchanged', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session({}, { pull: true });
  });
  after(async () => s.close());

  test('an edit in one config leaves the result of another unchanged', async () => {
    const a = await s.open('pa/a.conf', 'port: 4801\ntls {\n  cert_file: "../certs/server.pem"\n}\n');
    const b = await s.open('pb/b.conf', 'port: 4802\ntls {\n  cert_file: "../certs/server.pem"\n}\n');
    const ra = await s.client.pull(a.uri);
    const rb = await s.client.pull(b.uri);
    assert.ok(ra.kind === 'full' && rb.kind === 'full' && rb.resultId);
    await s.client.change(a.uri, '# edited\nport: 4801\ntls {\n  cert_file: "../certs/server.pem"\n}\n');
    const ra2 = await s.client.pull(a.uri, ra.resultId);
    assert.equal(ra2.kind, 'full');
    assert.deepEqual((await s.client.pull(b.uri, rb.resultId)).kind, 'unchanged');
  });

  test('a client config pulled before its edited server config already sees the edit', async () => {
    s.ws.write('pp/other-ca.pem', (await pki()).otherCa.pem);
    const client = await s.open(
      'pp/client.yaml',
      dedent(`
        servers: nats://localhost:4803
        tls:
          cert_file: ../certs/client.pem
          key_file: ../certs/client-key.pem
          ca_file: ../certs/ca.pem
      `),
    );
    const server = await s.open('pp/server.conf', SERVER('../certs/ca.pem').replace('4444', '4803'));
    const before = await s.client.pull(client.uri);
    assert.ok(before.kind === 'full' && before.items.length === 0);
    await s.client.pull(server.uri);
    await s.client.change(server.uri, SERVER('other-ca.pem').replace('4444', '4803'));
    const after = await s.client.pull(client.uri, before.resultId);
    assert.ok(after.kind === 'full');
    assert.deepEqual(codes(after.items), ['peer-untrusted']);
  });
});

describe('work per keystroke, counted (server in this process)', { timeout: 60_000 }, () => {
  let ws: TestWorkspace;
  let client: LspClient;
  let server: Awaited<ReturnType<typeof inProcess>>['server'];
  const counts = { loads: 0, reads: 0, stats: 0 };

  before(async () => {
    ws = tempWorkspace(await pkiFiles());
    const cache = new PemCache();
    const fsys: EngineFs = {
      stat: (p) => {
        counts.stats++;
        if (p.includes('boom')) throw new Error(`stat ${p} failed`);
        return nodeFs.stat(p);
      },
      readFile: (p, limit) => (counts.reads++, nodeFs.readFile(p, limit)),
      readDir: (p) => nodeFs.readDir!(p),
    };
    const host = {
      fs: fsys,
      clock: nodeClock({ NATS_TLS_NOW: NOW.toISOString() }),
      loadPem: (p: string, st?: Parameters<typeof loadPemFile>[3]) => (counts.loads++, loadPemFile(p, fsys, cache, st)),
      platform: process.platform,
      forget: (p: string) => cache.delete(p),
    };
    ({ client, server } = await inProcess({ now: NOW, folders: [ws.dir] }, { host, env: {} }));
  });
  after(async () => {
    await client.stop();
    ws.cleanup();
  });

  test('a keystroke in a comment re-analyses no TLS block, loads no PEM file and asks the file system nothing', async () => {
    const blocks = (n: number): string =>
      Array.from(
        { length: n },
        (_, i) =>
          `leafnodes { remotes: [ { url: "tls://127.0.0.1:${7000 + i}", tls { cert_file: "certs/server.pem", key_file: "certs/server-key.pem", ca_file: "certs/ca.pem" } } ] }\n`,
      ).join('');
    let text = `port: 4888\ntls {\n  cert_file: "certs/server.pem"\n  key_file: "certs/server-key.pem"\n  ca_file: "certs/ca.pem"\n}\n${blocks(1)}# end\n`;
    const file = ws.path('count.conf');
    ws.write('count.conf', text);
    const uri = await client.open(file, text);
    await client.pushed(uri);
    const project = server.workspace.project;
    const analysed = project.blocks.analysed;
    const before = { ...counts };
    for (const ch of ['x', 'y', 'z']) {
      const line = text.split('\n').length - 2;
      await client.edit(uri, { start: { line, character: 5 }, end: { line, character: 5 } }, ch);
      text = client.text(uri);
      await client.pushed(uri);
    }
    assert.equal(project.blocks.analysed, analysed, 'no block checked again');
    assert.deepEqual(counts, before, 'no PEM load, no read, no stat');
  });

  test('a document whose analysis throws gets an internal-error diagnostic; the others still get theirs', async () => {
    const good = await client.open(ws.path('good.conf'), 'port: 4999\ntls {\n  cert_file: "certs/server.pem"\n}\n');
    assert.deepEqual(codes(await client.pushed(good)), ['missing-key-file']);
    // The host fails on this path (as an engine bug would): the project reports it on that document alone.
    const boom = await client.open(ws.path('boom.conf'), 'port: 4998\ntls {\n  cert_file: "certs/boom.pem"\n}\n');
    const ds = await client.pushed(boom);
    assert.deepEqual(codes(ds), ['internal-error']);
    assert.match(String(ds[0]!.message), /boom\.pem failed/);
    await client.change(good, '# edited\nport: 4999\ntls {\n  cert_file: "certs/server.pem"\n}\n');
    assert.deepEqual(codes(await client.pushed(good)), ['missing-key-file']);
  });

  test('an exception escaping the engine for one document does not stop the others being published', async () => {
    const project = server.workspace.project;
    const crashing = ws.path('crash.conf');
    const findings = project.findings.bind(project);
    project.findings = (file: string) => {
      if (file === crashing) throw new Error('engine bug');
      return findings(file);
    };
    try {
      const good = await client.open(ws.path('good2.conf'), 'port: 4997\ntls {\n  cert_file: "certs/server.pem"\n}\n');
      const crash = await client.open(crashing, 'port: 4996\n');
      const ds = await client.pushed(crash);
      assert.deepEqual(codes(ds), ['internal-error']);
      assert.match(String(ds[0]!.message), /engine bug/);
      assert.deepEqual(codes(await client.pushed(good)), ['missing-key-file']);
    } finally {
      project.findings = findings;
    }
  });
});
