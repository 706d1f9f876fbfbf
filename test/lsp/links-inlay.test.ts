// Document links (resolved certificate paths and includes) and inlay hints after certificate paths,
// including the setting that turns them off and the refresh when a certificate changes on disk.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { uriOf } from './client';
import { pki, session, type Session } from './setup';

describe('document links', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  test('every resolved path and include, with its target; unresolved paths get none', async () => {
    s.ws.write('l/tls.conf', '# included\n');
    const { uri, fx } = await s.open(
      'l/nats.conf',
      'include "⟦tls.conf⟧"\ninclude "nope.conf"\ntls {\n  cert_file: "⟦../certs/server.pem⟧"\n  key_file: \'⟦../certs/server-key.pem⟧\'\n  ca_file: "missing.pem"\n}\n',
    );
    const links = (await s.client.links(uri)) ?? [];
    // The range is the path itself, inside its quotes.
    const got = links.map((l) => ({ range: l.range, target: l.target }));
    assert.deepEqual(got, [
      { range: fx.range(0), target: uriOf(s.ws.path('l/tls.conf')) },
      { range: fx.range(1), target: uriOf(s.ws.path('certs/server.pem')) },
      { range: fx.range(2), target: uriOf(s.ws.path('certs/server-key.pem')) },
    ]);
    assert.match(String(links[1]!.tooltip), /relative to .*\/l\)$/);
  });

  test('links in YAML client configs and NATS CLI contexts', async () => {
    const yaml = await s.open('l/client.yaml', 'servers: nats://localhost:4222\ntls:\n  ca_file: ⟦../certs/ca.pem⟧\n');
    assert.deepEqual(
      (await s.client.links(yaml.uri))?.map((l) => l.range),
      [yaml.fx.range(0)],
    );
    const ctx = await s.open('l/context.json', '{\n  "url": "nats://localhost:4222",\n  "ca": "⟦../certs/ca.pem⟧"\n}\n');
    assert.deepEqual(
      (await s.client.links(ctx.uri))?.map((l) => l.target),
      [uriOf(s.ws.path('certs/ca.pem'))],
    );
    assert.deepEqual(
      (await s.client.links(ctx.uri))?.map((l) => l.range),
      [ctx.fx.range(0)],
    );
  });
});

describe('inlay hints', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  test('after each certificate path: subject and expiry; a bundle counts its CAs; none for keys', async () => {
    const p = await pki();
    s.ws.write('i/bundle.pem', p.ca.pem + p.otherCa.pem);
    const { uri, fx } = await s.open(
      'i/nats.conf',
      'tls {\n  cert_file: "../certs/server.pem"⟦⟧\n  key_file: "../certs/server-key.pem"\n  ca_file: "../certs/ca.pem"⟦⟧\n}\ncluster {\n  tls {\n    cert_file: "../certs/expired.pem"⟦⟧ # old\n    key_file: "../certs/expired-key.pem"\n    ca_file: bundle.pem⟦⟧\n  }\n}\n',
    );
    const hints = await s.client.inlayHints(uri);
    assert.deepEqual(
      hints.map((h) => ({ position: h.position, label: h.label })),
      [
        { position: fx.range(0).start, label: 'server-main · expires 2026-08-30' },
        { position: fx.range(1).start, label: 'Test Root CA · expires 2027-06-01' },
        { position: fx.range(2).start, label: 'expired · expired 2026-05-20' },
        { position: fx.range(3).start, label: '2 CAs · first expires 2027-06-01' },
      ],
    );
    assert.ok(hints.every((h) => h.paddingLeft === true));
    // Only hints inside the requested range.
    const part = await s.client.inlayHints(uri, { start: { line: 5, character: 0 }, end: { line: 12, character: 0 } });
    assert.deepEqual(
      part.map((h) => h.label),
      ['expired · expired 2026-05-20', '2 CAs · first expires 2027-06-01'],
    );
  });

  test('natsTls.inlayHints.enabled: false turns them off (and the client is asked to refresh)', async () => {
    const { uri } = await s.open('i/off.conf', 'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n}\n');
    assert.equal((await s.client.inlayHints(uri)).length, 1);
    const refreshes = s.client.refreshes.seen.length;
    await s.client.setSettings({ '': { inlayHints: { enabled: false } } });
    await s.client.refreshes.next((k) => k === 'inlayHints', refreshes);
    assert.deepEqual(await s.client.inlayHints(uri), []);
    // Per folder: enabled again for this workspace folder only.
    await s.client.setSettings({ '': { inlayHints: { enabled: false } }, [s.ws.dir]: { inlayHints: { enabled: true } } });
    assert.equal((await s.client.inlayHints(uri)).length, 1);
    await s.client.setSettings({});
  });

  test('a certificate replaced on disk changes the hint after the watched-file event', async () => {
    const p = await pki();
    s.ws.write('i/r/cert.pem', p.expiring.pem);
    const { uri } = await s.open('i/r/nats.conf', 'tls {\n  cert_file: "cert.pem"\n}\n');
    assert.deepEqual(
      (await s.client.inlayHints(uri)).map((h) => h.label),
      ['expiring · expires 2026-06-11'],
    );
    s.ws.write('i/r/cert.pem', p.server.pem);
    const refreshes = s.client.refreshes.seen.length;
    await s.client.filesChanged([{ file: s.ws.path('i/r/cert.pem') }]);
    await s.client.refreshes.next((k) => k === 'inlayHints', refreshes);
    assert.deepEqual(
      (await s.client.inlayHints(uri)).map((h) => h.label),
      ['server-main · expires 2026-08-30'],
    );
  });
});
