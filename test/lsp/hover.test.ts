// Hovers over real JSON-RPC: certificate, CA bundle and key files on their path values, TLS field names,
// never any key material, and warm answers equal to cold ones.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { base64Lines } from '../helpers/certs';
import { dedent } from '../helpers/fixture';
import { pki, session, type Session } from './setup';

function text(h: Hover | null): string {
  assert.ok(h, 'no hover');
  const c = h.contents as MarkupContent;
  assert.equal(c.kind, 'markdown');
  return c.value;
}

function fingerprint(der: Uint8Array): string {
  return createHash('sha256')
    .update(der)
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}

/** No private-key material: neither PEM armour nor any base64 line of any key in the PKI. */
async function assertNoKeyMaterial(s: string): Promise<void> {
  const p = await pki();
  assert.doesNotMatch(s, /PRIVATE KEY-----/);
  for (const m of [p.ca, p.otherCa, p.server, p.client, p.expiring, p.expired]) {
    for (const line of base64Lines(m.keyPem)) assert.ok(!s.includes(line), 'hover shows key material');
  }
}

const CONF = dedent(`
  port: 4222
  tls {
    ⟦cert_file⟧: ⟦"../certs/server.pem"⟧
    key_file: ⟦"../certs/server-key.pem"⟧
    ca_file: ⟦"../certs/ca.pem"⟧
    ⟦verify⟧: true
    ⟦min_version⟧: "1.3"
  }
  cluster {
    tls {
      cert_file: ⟦"../certs/expired.pem"⟧
      key_file: ⟦"../certs/server-key.pem"⟧
      ca_file: ⟦"bundle.pem"⟧
      ⟦verify⟧: true
    }
  }
  leafnodes {
    tls {
      cert_file: ⟦"missing.pem"⟧
      key_file: "../certs/server-key.pem"
    }
  }
`);

describe('hover', { timeout: 60_000 }, () => {
  let s: Session;
  let uri: string;
  let fx: Awaited<ReturnType<Session['open']>>['fx'];
  const at = (i: number, delta = 1) => ({ line: fx.range(i).start.line, character: fx.range(i).start.character + delta });

  before(async () => {
    s = await session();
    const p = await pki();
    s.ws.write('h/bundle.pem', p.otherCa.pem + p.ca.pem);
    ({ uri, fx } = await s.open('h/nats.conf', CONF));
  });
  after(async () => s.close());

  test('cert_file: subject, SANs, issuer, expiry with days, EKU, fingerprints, chain, resolved path and base', async () => {
    const p = await pki();
    const h = await s.client.hover(uri, at(1));
    const md = text(h);
    assert.deepEqual(h!.range, fx.range(1), 'the range is the whole value');
    assert.match(md, /\*\*server-main\*\* — issued by Test Root CA/);
    assert.match(md, /SANs: DNS localhost, IP 127\.0\.0\.1, IP ::1/);
    assert.match(md, /expires 2026-08-30 \(90 days\)/);
    assert.match(md, /EKU: serverAuth, clientAuth · key: EC P-256/);
    assert.ok(md.includes(fingerprint(p.server.der)), 'SHA-256 fingerprint');
    assert.match(md, /public-key pin \(pinned_certs\): `[0-9a-f]{64}`/);
    assert.match(md, /✓ chains to this block's ca_file `ca\.pem`/);
    assert.ok(md.includes(`\`${s.ws.path('certs/server.pem')}\` — relative to \`${s.ws.path('h')}\` (the config's folder)`), md);
    await assertNoKeyMaterial(md);
  });

  test('ca_file: the CA, and whether the block certificate chains to it', async () => {
    const md = text(await s.client.hover(uri, at(3)));
    assert.match(md, /\*\*ca_file\*\* · tls/);
    assert.match(md, /\*\*Test Root CA\*\* — self-signed · CA/);
    assert.match(md, /expires 2027-06-01 \(365 days\)/);
    assert.match(md, /✓ this block's cert_file \(server-main\) chains to it/);
  });

  test('a CA bundle gets one line per certificate', async () => {
    const md = text(await s.client.hover(uri, at(8)));
    assert.match(md, /2 certificates:/);
    assert.match(md, /^1\. \*\*Other CA\*\* \(CA\) — self-signed · expires 2027-06-01 \(365 days\)$/m);
    assert.match(md, /^2\. \*\*Test Root CA\*\* \(CA\) — self-signed · expires 2027-06-01 \(365 days\)$/m);
  });

  test('an expired certificate says so, with the days since', async () => {
    const md = text(await s.client.hover(uri, at(6)));
    assert.match(md, /\*\*cert_file\*\* · cluster\.tls/);
    assert.match(md, /expired 2026-05-20 \(12 days ago\)/);
  });

  test('key_file: type and size, whether it matches, and no key material', async () => {
    const good = text(await s.client.hover(uri, at(2)));
    assert.match(good, /EC P-256 private key \(PKCS#8\)/);
    assert.match(good, /✓ matches the certificate in cert_file \(server-main\)/);
    await assertNoKeyMaterial(good);
    const bad = text(await s.client.hover(uri, at(7)));
    assert.match(bad, /✗ does not match the certificate in cert_file \(expired\)/);
    await assertNoKeyMaterial(bad);
  });

  test('a path that does not resolve lists where it was looked for', async () => {
    const md = text(await s.client.hover(uri, at(10)));
    assert.match(md, /Not found\. Tried: /);
    assert.ok(md.includes(s.ws.path('h/missing.pem')));
  });

  test('field names: meaning, type, default, where it has effect, since-version', async () => {
    const verify = await s.client.hover(uri, at(0, 0));
    const cert = text(verify);
    assert.deepEqual(verify!.range, fx.range(0));
    assert.match(cert, /^\*\*cert_file\*\* — path \(string\)/);
    const v = text(await s.client.hover(uri, at(4)));
    assert.match(v, /\*\*verify\*\* — boolean/);
    assert.match(v, /- Default: false/);
    assert.match(v, /- Has effect in: `tls`, `websocket\.tls`, `mqtt\.tls`, `leafnodes\.tls`/);
    assert.match(v, /- Always on \(the setting changes nothing\) in: `cluster\.tls`, `gateway\.tls`/);
    assert.match(v, /Here \(`tls`\): used for the client port/);
    const inCluster = text(await s.client.hover(uri, at(9)));
    assert.match(inCluster, /Here \(`cluster\.tls`, cluster routes \(both directions\)\): always on; the setting changes nothing\./);
    const mv = text(await s.client.hover(uri, at(5)));
    assert.match(mv, /- Added in: nats-server 2\.10\.21 \/ 2\.11\.0/);
    assert.match(mv, /- Default: `"1\.2"`/);
  });

  test('other options are documented from the schema table; plain values have no hover', async () => {
    assert.match(text(await s.client.hover(uri, { line: 0, character: 1 })), /\*\*port\*\* — integer/);
    assert.equal(await s.client.hover(uri, { line: 0, character: 7 }), null);
  });

  // The warm latency budget (p95 ≤ 2 ms) is in `npm run bench -- lsp`; here only what the answers say.
  test('warm hovers, asked again and again, answer exactly as the first time', async () => {
    const positions = [at(1), at(2), at(3), at(4), at(8)];
    const first = await Promise.all(positions.map((p) => s.client.hover(uri, p)));
    for (const h of first) assert.ok(h, 'a hover on every position');
    for (let i = 0; i < 200; i++)
      assert.deepEqual(await s.client.hover(uri, positions[i % positions.length]!), first[i % positions.length]);
  });
});

describe('hover in client configs and with path bases', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  test("a client's cert_file shows whether it chains to the paired server's ca_file", async () => {
    s.ws.write('pair/other.pem', (await pki()).otherCa.pem);
    await s.open(
      'pair/server.conf',
      'port: 4555\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  ca_file: "other.pem"\n  verify: true\n}\n',
    );
    const { uri, fx } = await s.open(
      'pair/client.yaml',
      'servers: nats://localhost:4555\ntls:\n  cert: ⟦../certs/client.pem⟧\n  key: ../certs/client-key.pem\n  ca: ../certs/ca.pem\n',
    );
    const md = text(await s.client.hover(uri, fx.range(0).start));
    assert.match(md, /\*\*client-a\*\* — issued by Test Root CA/);
    assert.match(md, /SANs: email a@example\.test/);
    assert.match(md, /EKU: clientAuth/);
    assert.match(md, /✓ chains to this block's ca_file `ca\.pem`/);
    assert.match(
      md,
      /✗ does not chain to the server's ca_file `other\.pem` \(server\.conf\): "x509: certificate signed by unknown authority/,
    );
    const key = text(await s.client.hover(uri, { line: 3, character: 3 }));
    assert.match(key, /\*\*key_file\*\* — path/, 'client aliases (key) document the field they stand for');
  });

  test('pathBase "auto" finds a path relative to an ancestor folder and says which base matched', async () => {
    const { uri, fx } = await s.open(
      'deep/conf/nats.conf',
      'tls {\n  cert_file: ⟦"certs/server.pem"⟧\n  key_file: "certs/server-key.pem"\n}\n',
    );
    const md = text(await s.client.hover(uri, fx.range(0).start));
    assert.ok(
      md.includes(
        `\`${s.ws.path('certs/server.pem')}\` — relative to \`${s.ws.dir}\` (an ancestor of the config's folder; natsTls.pathBase is "auto")`,
      ),
      md,
    );
  });
});
