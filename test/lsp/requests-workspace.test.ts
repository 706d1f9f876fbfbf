// Issue 12, defects 2, 3 and 6, over real JSON-RPC: which configs use a file before the quick fix overwrites
// it (natsTls/fileUsers), pointing a block at new files (natsTls/tlsFileEdit with `replace`), the quick fix's
// arguments for a block naming files outside the workspace (ca_file included), re-checking files the client
// wrote outside the workspace at once (natsTls/filesChanged, no watcher), and the TLS blocks of the
// workspace where a certificate made from the palette can go (natsTls/tlsBlocks), with a new `tls` block for
// a server config without one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { GenerateCertificateArgs } from '../../server/src/protocol/commands';
import {
  FilesChangedRequest,
  FileUsersRequest,
  TlsBlocksRequest,
  TlsFileEditRequest,
  type TlsFileEditParams,
} from '../../server/src/protocol/requests';
import { applyTextEdits, uriOf } from './client';
import { pki, session, type Session } from './setup';

/** A leaf node remote and a client config use client-a's certificate and key. */
const LEAF =
  'leafnodes {\n  remotes: [\n    {\n      url: "tls://hub.test:7422"\n      tls {\n        cert_file: "../certs/client.pem"\n        key_file: "../certs/client-key.pem"\n      }\n    }\n  ]\n}\n';
const CLIENT_A =
  'servers: ["tls://localhost:4222"]\ntls:\n  cert_file: "../certs/client.pem"\n  key_file: "../certs/client-key.pem"\n  ca_file: "../certs/ca.pem"\n';
/** The block the quick fix is for names the same key. */
const SERVER = 'listen: "127.0.0.1:4222"\ntls {\n  cert_file: "../certs/client.pem"\n  key_file: "../certs/client-key.pem"\n}\n';

describe('shared files (defect 2)', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session({ 'nats/leaf.conf': LEAF, 'clients/client-a.yaml': CLIENT_A });
  });
  after(async () => s.close());

  test('natsTls/fileUsers names the other configs that use a file, not the block asking', async () => {
    const { uri } = await s.open('nats/server.conf', SERVER);
    const key = s.ws.path('certs/client-key.pem');
    const r = await s.client.request(FileUsersRequest, {
      paths: [key, s.ws.path('certs/unused.pem')],
      except: { uri, block: { line: 1, character: 0 } },
    });
    assert.deepEqual(r.users, [
      {
        path: key,
        usedBy: [
          { config: s.ws.path('clients/client-a.yaml'), shown: 'clients/client-a.yaml', block: 'tls', field: 'key_file' },
          { config: s.ws.path('nats/leaf.conf'), shown: 'nats/leaf.conf', block: 'leafnodes.remotes[].tls', field: 'key_file' },
        ],
      },
    ]);
    const all = await s.client.request(FileUsersRequest, { paths: [key] });
    assert.equal(all.users[0]!.usedBy.length, 3, 'without `except`, the asking block counts too');
  });

  test('"Write New Files": the block is pointed at them (replace), the other configs keep theirs', async () => {
    const { uri } = await s.open('nats/server2.conf', SERVER);
    s.ws.write('certs/server-2.pem', (await pki()).server.pem);
    s.ws.write('certs/server-2-key.pem', (await pki()).server.keyPem);
    const params: TlsFileEditParams = {
      uri,
      version: s.client.version(uri),
      block: { line: 1, character: 0 },
      files: { cert_file: s.ws.path('certs/server-2.pem'), key_file: s.ws.path('certs/server-2-key.pem') },
      replace: true,
    };
    const r = await s.client.request(TlsFileEditRequest, params);
    assert.ok(r.edits, r.reason);
    assert.equal(
      applyTextEdits(s.client.text(uri), r.edits),
      'listen: "127.0.0.1:4222"\ntls {\n  cert_file: "../certs/server-2.pem"\n  key_file: "../certs/server-2-key.pem"\n}\n',
    );
    // Without `replace`, fields the block has are left alone.
    const add = await s.client.request(TlsFileEditRequest, { ...params, replace: false });
    assert.deepEqual(add.edits, []);
  });
});

describe('files outside the workspace (defect 3)', { timeout: 60_000 }, () => {
  let s: Session;
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-outside-'));
  const etc = path.join(outside, 'etc', 'nats', 'certs');
  const SEED = `listen: ":4222"\ntls {\n  cert_file: "${etc}/server.pem"\n  key_file: "${etc}/server.key"\n  ca_file: "${etc}/clients.pem"\n  verify: true\n}\n`;
  before(async () => {
    s = await session();
  });
  after(async () => {
    await s.close();
    fs.rmSync(outside, { recursive: true, force: true });
  });

  test("the quick fix's arguments name the absolute targets, ca_file included", async () => {
    const { uri } = await s.open('nats/seed.conf', SEED);
    const ds = await s.client.pushed(uri, (d) => d.some((x) => x.code === 'file-not-found'));
    const d = ds.find((x) => x.code === 'file-not-found')!;
    const gen = (await s.client.codeActions(uri, d.range, [d])).find((a) => a.command?.command === 'natsTls.generateServerCertificate')!;
    const [args] = gen.command!.arguments as [GenerateCertificateArgs];
    assert.deepEqual(args.certFile, { written: `${etc}/server.pem`, target: `${etc}/server.pem` });
    assert.deepEqual(args.keyFile, { written: `${etc}/server.key`, target: `${etc}/server.key` });
    assert.deepEqual(args.caFile, { written: `${etc}/clients.pem`, target: `${etc}/clients.pem` });
  });

  test('written outside the workspace (no watcher there): natsTls/filesChanged re-checks at once', async () => {
    const uri = uriOf(s.ws.path('nats/seed.conf'));
    const p = await pki();
    fs.mkdirSync(etc, { recursive: true });
    fs.writeFileSync(path.join(etc, 'server.pem'), p.server.pem);
    fs.writeFileSync(path.join(etc, 'server.key'), p.server.keyPem, { mode: 0o600 });
    fs.writeFileSync(path.join(etc, 'clients.pem'), p.ca.pem);
    const from = s.client.diagnostics.seen.length;
    const r = await s.client.request(FilesChangedRequest, {
      paths: ['server.pem', 'server.key', 'clients.pem'].map((f) => path.join(etc, f)),
    });
    assert.equal(r.affected, true);
    // Published before the request answers.
    const after = s.client.diagnostics.seen.slice(from).filter((x) => x.uri === uri);
    assert.equal(after.length, 1);
    assert.ok(!after[0]!.diagnostics.some((x) => x.code === 'file-not-found'), JSON.stringify(after[0]!.diagnostics));
    const none = await s.client.request(FilesChangedRequest, { paths: [path.join(outside, 'unrelated.txt')] });
    assert.equal(none.affected, false);
  });

  test('paths must be absolute', async () => {
    await assert.rejects(s.client.request(FilesChangedRequest, { paths: ['certs/x.pem'] }), /absolute path/);
  });
});

describe('certificates from the palette into a config (defect 6)', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session({
      'nats/nats.conf': 'listen: "127.0.0.1:4222"\njetstream {}\n',
      'nats/cluster.conf': 'listen: 4222\ncluster {\n  tls {\n    cert_file: "old.pem"\n  }\n}\n',
      'nats/leaf.conf': LEAF,
      'clients/client-a.yaml': CLIENT_A,
      'clients/ctx.json': '{"url": "tls://localhost:4222", "cert": "/x/c.pem"}\n',
    });
  });
  after(async () => s.close());

  test('natsTls/tlsBlocks: server blocks, and server configs without one; client blocks for a client certificate', async () => {
    const server = await s.client.request(TlsBlocksRequest, { role: 'server' });
    assert.deepEqual(
      server.configs.map((c) => [c.shown, c.blocks.map((b) => b.path), c.canAddBlock]),
      [
        ['nats/cluster.conf', ['cluster.tls'], true],
        // A leaf node's remote dials out: no place for a server certificate but a new client-port block.
        ['nats/leaf.conf', [], true],
        ['nats/nats.conf', [], true],
      ],
    );
    assert.deepEqual(server.configs[0]!.blocks[0]!.files, { cert_file: 'old.pem' });
    const client = await s.client.request(TlsBlocksRequest, { role: 'client' });
    assert.deepEqual(
      client.configs.map((c) => [c.shown, c.blocks.map((b) => b.path)]),
      [
        ['clients/client-a.yaml', ['tls']],
        ['clients/ctx.json', ['cert/key/ca']],
        ['nats/leaf.conf', ['leafnodes.remotes[].tls']],
      ],
    );
  });

  test('a server config without a tls block gets one for the client port', async () => {
    const uri = await s.client.open(s.ws.path('nats/nats.conf'), 'listen: "127.0.0.1:4222"\njetstream {}\n');
    const [config] = (await s.client.request(TlsBlocksRequest, { role: 'server', uri })).configs;
    assert.equal(config!.version, 1);
    const r = await s.client.request(TlsFileEditRequest, {
      uri,
      version: 1,
      files: { cert_file: s.ws.path('certs/server.pem'), key_file: s.ws.path('certs/server-key.pem') },
      replace: true,
    });
    assert.equal(
      applyTextEdits(s.client.text(uri), r.edits!),
      'listen: "127.0.0.1:4222"\njetstream {}\n\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n}\n',
    );
    await s.client.close(uri);
  });

  test('a client config: the fields replaced in its own syntax, the CA too', async () => {
    const uri = await s.client.open(s.ws.path('clients/client-a.yaml'), CLIENT_A);
    const [config] = (await s.client.request(TlsBlocksRequest, { role: 'client', uri })).configs;
    const block = config!.blocks[0]!;
    assert.deepEqual(block.files, { cert_file: '../certs/client.pem', key_file: '../certs/client-key.pem', ca_file: '../certs/ca.pem' });
    s.ws.write('certs/client-b.pem', (await pki()).client.pem);
    s.ws.write('certs/client-b-key.pem', (await pki()).client.keyPem);
    s.ws.write('other/ca.pem', (await pki()).otherCa.pem);
    const r = await s.client.request(TlsFileEditRequest, {
      uri,
      version: config!.version!,
      block: block.block,
      files: {
        cert_file: s.ws.path('certs/client-b.pem'),
        key_file: s.ws.path('certs/client-b-key.pem'),
        ca_file: s.ws.path('other/ca.pem'),
      },
      replace: true,
    });
    assert.equal(
      applyTextEdits(CLIENT_A, r.edits!),
      'servers: ["tls://localhost:4222"]\ntls:\n  cert_file: "../certs/client-b.pem"\n  key_file: "../certs/client-b-key.pem"\n  ca_file: "../other/ca.pem"\n',
    );
  });

  test('a NATS context: a missing field is added in its spelling (cert → key)', async () => {
    const text = '{"url": "tls://localhost:4222", "cert": "/x/c.pem"}\n';
    const uri = await s.client.open(s.ws.path('clients/ctx.json'), text);
    const [config] = (await s.client.request(TlsBlocksRequest, { role: 'client', uri })).configs;
    const r = await s.client.request(TlsFileEditRequest, {
      uri,
      version: config!.version!,
      block: config!.blocks[0]!.block,
      files: { cert_file: s.ws.path('certs/client.pem'), key_file: s.ws.path('certs/client-key.pem') },
      replace: true,
    });
    const edited = applyTextEdits(text, r.edits!);
    assert.deepEqual(JSON.parse(edited), { url: 'tls://localhost:4222', cert: '../certs/client.pem', key: '../certs/client-key.pem' });
  });
});
