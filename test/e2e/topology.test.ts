// End-to-end: "NATS: Show TLS Topology" in a real VS Code (code-server), in Restricted Mode: the webview draws
// the workspace's nodes and links coloured by status, with the reasons, a click opens the config line, and
// the view follows a certificate change live. Refreshes docs/images/topology.png (docsScreenshot).
// Needs `npm run setup:e2e` once; see test/e2e/README.md.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { CertFactory, type Material } from '../helpers/certs';
import { describeE2E, startCodeServer, type CodeServer, type Workbench } from './harness';

const fixtureRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-e2e-topology-'));
const ws = path.join(fixtureRoot, 'nats-cluster');
const nats = path.join(ws, 'nats');
process.on('exit', () => fs.rmSync(fixtureRoot, { recursive: true, force: true }));

const ROUTES = ['node-a', 'node-b', 'node-c'].map((n) => `"nats-route://${n}.internal:6222"`).join(', ');
const node = (n: string, cert: string, ca: string): string => `server_name: node-${n}
cluster {
  name: east
  port: 6222
  routes: [${ROUTES}]
  tls {
    cert_file: "certs/${cert}.pem"
    key_file: "certs/${cert}-key.pem"
    ca_file: "certs/${ca}.pem"
  }
}
`;
// A leaf node whose hub is not in the workspace: a link nats-tls cannot judge.
const SPOKE = `server_name: edge-1
leafnodes {
  remotes: [ { url: "tls://hub.example.net:7422", tls { cert_file: "certs/a.pem", key_file: "certs/a-key.pem", ca_file: "certs/ca.pem" } } ]
}
`;

async function writeFixture(): Promise<void> {
  // The extension's language server runs on the real clock: certificates are valid around it.
  const f = new CertFactory(new Date());
  const ca = await f.ca({ cn: 'East CA' });
  const other = await f.ca({ cn: 'Old CA' });
  const m: Record<string, Material> = {};
  for (const n of ['a', 'b', 'c']) m[n] = await f.leaf(ca, { cn: `node-${n}`, san: { dns: [`node-${n}.internal`] } });
  m.c2 = await f.leaf(other, { cn: 'node-c', san: { dns: ['node-c.internal'] } });
  fs.mkdirSync(path.join(nats, 'certs'), { recursive: true });
  fs.writeFileSync(path.join(nats, 'certs', 'ca.pem'), ca.pem);
  fs.writeFileSync(path.join(nats, 'certs', 'old-ca.pem'), other.pem);
  for (const [k, v] of Object.entries(m)) {
    fs.writeFileSync(path.join(nats, 'certs', `${k}.pem`), v.pem);
    fs.writeFileSync(path.join(nats, 'certs', `${k}-key.pem`), v.keyPem, { mode: 0o600 });
  }
  fs.writeFileSync(path.join(nats, 'node-a.conf'), node('a', 'a', 'ca'));
  fs.writeFileSync(path.join(nats, 'node-b.conf'), node('b', 'b', 'ca'));
  // node-c still has a certificate from the old CA, and trusts only that one.
  fs.writeFileSync(path.join(nats, 'node-c.conf'), node('c', 'c2', 'old-ca'));
  fs.writeFileSync(path.join(nats, 'edge.conf'), SPOKE);
}

describeE2E('NATS: Show TLS Topology', () => {
  let vs: CodeServer | undefined;
  let wb: Workbench;
  let view: FrameLocator;

  before(async () => {
    await writeFixture();
    vs = await startCodeServer({ workspace: ws, name: 'topology', trust: 'restricted', viewport: { width: 1400, height: 860 } });
    wb = await vs.openWorkbench();
  });
  after(async () => {
    await vs?.close();
  });

  test('draws the nodes and links by status, in Restricted Mode', async () => {
    await wb.step('show-topology', async () => {
      await wb.openFile('nats/node-a.conf');
      await wb.waitForProblems({ codes: ['peer-untrusted'] });
      await wb.runCommand('NATS: Show TLS Topology');
      view = wb.page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
      await view.locator('#summary', { hasText: '4 nodes, 7 links: 2 ok, 4 failing, 1 unknown.' }).waitFor();
      assert.equal(await view.locator('g.link[data-status="fails"]').count(), 4);
      assert.equal(await view.locator('g.link[data-status="ok"]').count(), 2);
      assert.equal(await view.locator('g.link[data-status="unknown"]').count(), 1);
      assert.equal(await view.locator('g.node').count(), 5, 'four configs and the hub nothing in the workspace is');
      const reason = await view.locator('g.link[data-status="fails"] title').first().textContent();
      assert.match(reason ?? '', /x509: certificate signed by unknown authority/);
      // The reasons are in the table under the graph too.
      await view.locator('td', { hasText: "Go's TLS client sends no certificate at all" }).first().waitFor();
      // The pointer off the title bar, so no tooltip covers the picture.
      await wb.page.mouse.move(620, 450);
      await wb.docsScreenshot('topology.png');
    });
  });

  test('a click on a node opens its config', async () => {
    await wb.step('open-node', async () => {
      await view.locator('g.node[data-file$="node-b.conf"]').click();
      await wb.waitForActiveEditor('node-b.conf');
    });
  });

  test('follows a change: node-c renewed from the cluster CA, every route holds', async () => {
    await wb.step('live-update', async () => {
      fs.writeFileSync(path.join(nats, 'node-c.conf'), node('c', 'c', 'ca'));
      await view.locator('#summary', { hasText: '4 nodes, 7 links: 6 ok, 0 failing, 1 unknown.' }).waitFor({ timeout: 60_000 });
      assert.equal(await view.locator('g.link[data-status="fails"]').count(), 0);
    });
  });
});
