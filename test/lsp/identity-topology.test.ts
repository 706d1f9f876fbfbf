// Identity and topology over real JSON-RPC: cert-maps-to-no-user and its quick fix (an edit of the paired
// server config), pin-mismatch, user-unmapped, link failures on route URLs with related information, the
// hovers (client certificate identities, users, pins, route URLs), re-checking the paired document when
// the other one changes, and natsTls/topology.
import * as assert from 'node:assert/strict';
import { createHash, createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, Hover, MarkupContent, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { TopologyRequest } from '../../server/src/protocol/requests';
import { CertFactory, type Material } from '../helpers/certs';
import { fixture } from '../helpers/fixture';
import { applyTextEdits, LspClient, uriOf } from './client';
import { NOW, tempWorkspace, type TestWorkspace } from './setup';

const text = (h: Hover | null): string => {
  assert.ok(h, 'no hover');
  return (h.contents as MarkupContent).value;
};
const msg = (d: Diagnostic): string => d.message as string;
const pin = (m: Material): string =>
  createHash('sha256')
    .update(createPublicKey(m.pem).export({ type: 'spki', format: 'der' }))
    .digest('hex');

const SERVER = `port: 4222
tls {
  cert_file: "certs/server.pem"
  key_file: "certs/server-key.pem"
  ca_file: "certs/ca.pem"
  verify_and_map: true
}
authorization {
  users: [
    { user: "alice@example.test" }
    { user: "CN=carol" }
  ]
}
accounts {
  SALES: { users: [ { user: "dave" } ] }
}
`;

const clientYaml = (name: string): string =>
  `servers: ["tls://localhost:4222"]\ntls:\n  cert_file: certs/${name}.pem\n  key_file: certs/${name}-key.pem\n  ca_file: certs/ca.pem\n`;

const node = (name: string, port: number, peer: number, cert: string, ca = 'ca.pem'): string =>
  `server_name: node-${name}\nlisten: 127.0.0.1:${port + 1000}\ncluster {\n  name: c1\n  listen: 127.0.0.1:${port}\n  routes: ["nats-route://localhost:${peer}"]\n  tls {\n    cert_file: "certs/${cert}.pem"\n    key_file: "certs/${cert}-key.pem"\n    ca_file: "certs/${ca}"\n  }\n}\n`;

describe('identity and topology', { timeout: 60_000 }, () => {
  let ws: TestWorkspace;
  let client: LspClient;
  const m: Record<string, Material> = {};

  before(async () => {
    const f = new CertFactory(NOW);
    const ca = await f.ca({ cn: 'Test CA' });
    const other = await f.ca({ cn: 'Other CA' });
    m.server = await f.leaf(ca, { cn: 'server-main' });
    m.alice = await f.leaf(ca, { cn: 'alice', eku: ['clientAuth'], san: { email: ['alice@example.test'] } });
    m.bob = await f.leaf(ca, { subject: { CN: 'bob', O: 'Acme' }, eku: ['clientAuth'], san: undefined });
    m.dave = await f.leaf(ca, { cn: 'dave', eku: ['clientAuth'], san: { dns: ['dave'] } });
    m.a = await f.leaf(ca, { cn: 'node-a', san: { dns: ['localhost'] } });
    m.b = await f.leaf(ca, { cn: 'node-b', san: { dns: ['localhost'] } });
    m.b2 = await f.leaf(other, { cn: 'node-b', san: { dns: ['localhost'] } });
    const files: Record<string, string> = { 'certs/ca.pem': ca.pem, 'certs/other-ca.pem': other.pem };
    for (const [k, v] of Object.entries(m)) {
      files[`certs/${k}.pem`] = v.pem;
      files[`certs/${k}-key.pem`] = v.keyPem;
    }
    ws = tempWorkspace({
      ...files,
      'server.conf': SERVER,
      'alice.yaml': clientYaml('alice'),
      'bob.yaml': clientYaml('bob'),
      'dave.yaml': clientYaml('dave'),
      'cluster/a.conf': node('a', 16001, 16002, 'a'),
      'cluster/b.conf': node('b', 16002, 16001, 'b2', 'other-ca.pem'),
    });
    client = await LspClient.start({ now: NOW, folders: [ws.dir] });
  });
  after(async () => {
    await client.stop();
    ws.cleanup();
  });

  const opened = new Set<string>();
  /** Opens the file (its text on disk, or `text`), or changes it when it is open already. */
  const open = async (rel: string, text = fs.readFileSync(ws.path(rel), 'utf8')): Promise<string> => {
    const uri = uriOf(ws.path(rel));
    if (opened.has(uri)) await client.change(uri, text);
    else {
      opened.add(uri);
      await client.open(ws.path(rel), text);
    }
    return uri;
  };
  const lineOf = (rel: string, needle: string): { line: number; character: number } => {
    const lines = fs.readFileSync(ws.path(rel), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    assert.ok(line >= 0, `${needle} in ${rel}`);
    return { line, character: lines[line]!.indexOf(needle) + 1 };
  };
  const withCode = (ds: Diagnostic[], code: string): Diagnostic[] => ds.filter((d) => d.code === code);

  test('cert-maps-to-no-user on the client, and its quick fix adds the user to the server config', async () => {
    const uri = await open('bob.yaml');
    const ds = await client.pushed(uri, (d) => d.some((x) => x.code === 'cert-maps-to-no-user'));
    const [d] = withCode(ds, 'cert-maps-to-no-user');
    assert.equal(d!.severity, 1);
    assert.match(
      msg(d!),
      /server\.conf maps client certificates to users \(verify_and_map\).*subject "CN=bob,O=Acme".*Authorization Violation/,
    );
    assert.deepEqual(d!.range, { start: { line: 2, character: 13 }, end: { line: 2, character: 26 } });
    assert.ok(d!.relatedInformation?.some((r) => r.location.uri === uriOf(ws.path('server.conf'))));

    const actions = await client.codeActions(uri, d!.range, [d!]);
    const fix = actions.find((a) =>
      /^Add user "CN=bob,O=Acme" to server\.conf \(authorization\.users; the certificate's subject\)$/.test(a.title),
    );
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(fix.isPreferred, true);
    const change = (fix.edit as WorkspaceEdit).documentChanges![0]!;
    assert.ok('textDocument' in change);
    // server.conf is not open: the edit is for the file as it is on disk.
    assert.deepEqual(change.textDocument, { uri: uriOf(ws.path('server.conf')), version: null });
    const fixed = applyTextEdits(SERVER, change.edits as never);
    assert.match(fixed, /\{ user: "CN=carol" \}\n {4}\{ user: "CN=bob,O=Acme" \}\n {2}\]/);
    // The editor writes the file; the watcher reports it; bob.yaml is checked again.
    ws.write('server.conf', fixed);
    await client.filesChanged([{ file: ws.path('server.conf') }]);
    await client.diagnostics.next((p) => p.uri === uri && !p.diagnostics.some((x) => x.code === 'cert-maps-to-no-user'));
    const h = text(await client.hover(uri, { line: 2, character: 16 }));
    assert.match(h, /\*\*Identity\*\*/);
    // The new user parses as a DN equal to the subject's: matched at the DN step, before the literal subject.
    assert.match(h, /1\. subject as a DN `CN=bob,O=Acme` → user `CN=bob,O=Acme`\n2\. subject `CN=bob,O=Acme`/);
    assert.match(h, /✓ logs in to server\.conf as user `CN=bob,O=Acme` \(its subject as a DN\)/);
    ws.write('server.conf', SERVER);
    await client.filesChanged([{ file: ws.path('server.conf') }]);
  });

  test('hover on a client certificate: identities in order, the user and its account', async () => {
    const uri = await open('dave.yaml');
    const h = text(await client.hover(uri, { line: 2, character: 16 }));
    assert.match(h, /1\. DNS SAN `dave` → user `dave`\n2\. subject as a DN `CN=dave`\n3\. subject `CN=dave`/);
    assert.match(h, /as user `dave` in account `SALES` \(its DNS SAN\)/);
  });

  test('hover on a user: the certificates in the workspace that log in as it; user-unmapped for one nobody maps to', async () => {
    const uri = await open('server.conf');
    const alice = text(await client.hover(uri, lineOf('server.conf', 'alice@example.test')));
    assert.match(alice, /\*\*user\*\* `alice@example\.test` · authenticates clients/);
    assert.match(alice, /- alice\.yaml: alice \(its email SAN\)/);
    const carol = text(await client.hover(uri, lineOf('server.conf', 'CN=carol')));
    assert.match(carol, /No certificate in the workspace maps to it/);
    const ds = await client.pushed(uri, (d) => d.some((x) => x.code === 'user-unmapped'));
    const unmapped = withCode(ds, 'user-unmapped');
    assert.deepEqual(
      unmapped.map((x) => x.range.start.line),
      [lineOf('server.conf', 'CN=carol').line],
    );
    assert.equal(unmapped[0]!.severity, 3);
  });

  test('pinned_certs: the unpinned client gets pin-mismatch; the hover on a pin names the certificate', async () => {
    const pinned = SERVER.replace('  verify_and_map: true\n', `  verify_and_map: true\n  pinned_certs: ["${pin(m.alice!)}"]\n`);
    const uri = await open('server.conf', pinned);
    const bob = uriOf(ws.path('bob.yaml'));
    await client.diagnostics.next((p) => p.uri === bob && p.diagnostics.some((x) => x.code === 'pin-mismatch'));
    const h = text(await client.hover(uri, { line: 6, character: 20 }));
    assert.match(h, /\*\*pinned_certs\*\* `[0-9a-f]{64}`/);
    assert.match(h, /Pins the public key of:\n+- alice — `certs\/alice\.pem` in alice\.yaml/);
    await client.change(uri, SERVER);
    await client.diagnostics.next((p) => p.uri === bob && !p.diagnostics.some((x) => x.code === 'pin-mismatch'));
  });

  test('a route to a node from another CA fails on the URL line, with the other config in related information', async () => {
    const uri = await open('cluster/a.conf');
    const ds = await client.pushed(uri, (d) => d.some((x) => x.code === 'peer-untrusted'));
    const [d] = withCode(ds, 'peer-untrusted');
    assert.equal(d!.range.start.line, 5);
    assert.match(msg(d!), /^Route to b\.conf \(node-b\) fails: node-a rejects node-b's certificate/);
    const related = d!.relatedInformation ?? [];
    assert.ok(
      related.some((r) => r.location.uri === uriOf(ws.path('cluster/b.conf')) && /node-b presents this certificate/.test(r.message)),
    );
    const h = text(await client.hover(uri, { line: 5, character: 20 }));
    assert.match(h, /\*\*route\*\* to `nats-route:\/\/localhost:16002`/);
    assert.match(h, /→ b\.conf \(node-b\) \(port 16002\)/);
    assert.match(h, /✗ fails/);
  });

  test('fixing the other config re-checks this one: node-b gets a certificate from the cluster CA', async () => {
    const a = uriOf(ws.path('cluster/a.conf'));
    const b = await open('cluster/b.conf', node('b', 16002, 16001, 'b'));
    await client.diagnostics.next((p) => p.uri === a && !p.diagnostics.some((x) => x.code === 'peer-untrusted'));
    const h = text(await client.hover(a, { line: 5, character: 20 }));
    assert.match(h, /✓ both handshakes hold/);
    await client.change(b, node('b', 16002, 16001, 'b2', 'other-ca.pem'));
    await client.diagnostics.next((p) => p.uri === a && p.diagnostics.some((x) => x.code === 'peer-untrusted'));
  });

  test('natsTls/topology: nodes, links with status and reasons, and places to open', async () => {
    const t = await client.request(TopologyRequest, {});
    const names = t.nodes.map((n) => n.name).sort();
    assert.deepEqual(names, ['cluster/a.conf', 'cluster/b.conf', 'server.conf']);
    const a = t.nodes.find((n) => n.name === 'cluster/a.conf')!;
    assert.deepEqual(a.listens, [
      { kind: 'client', host: '127.0.0.1', port: 17001 },
      { kind: 'cluster', host: '127.0.0.1', port: 16001 },
    ]);
    assert.equal(a.serverName, 'node-a');
    const links = t.links
      .map((l) => `${l.kind} ${l.from.endsWith('a.conf') ? 'a' : 'b'}→${l.to?.endsWith('a.conf') ? 'a' : 'b'} ${l.status}`)
      .sort();
    assert.deepEqual(links, ['route a→b fails', 'route b→a fails']);
    const ab = t.links.find((l) => l.from.endsWith('a.conf'))!;
    assert.equal(ab.at.uri, uriOf(ws.path('cluster/a.conf')));
    assert.equal(ab.at.range.start.line, 5);
    assert.match(ab.reasons[0]!, /x509: certificate signed by unknown authority/);
  });

  test('leaf node: a spoke no hub user maps to fails on its URL; the quick fix adds a leaf user to the hub; the remote cert_file hover says so', async () => {
    const hub =
      'port: 14222\nleafnodes {\n  port: 17422\n  tls {\n    cert_file: "../certs/server.pem"\n    key_file: "../certs/server-key.pem"\n    ca_file: "../certs/ca.pem"\n    verify_and_map: true\n  }\n  authorization {\n    users: [ { user: "someone", account: "SALES" } ]\n  }\n}\n';
    const spoke =
      'port: 14223\nleafnodes {\n  remotes: [\n    {\n      url: "tls://localhost:17422"\n      tls {\n        cert_file: "../certs/dave.pem"\n        key_file: "../certs/dave-key.pem"\n        ca_file: "../certs/ca.pem"\n      }\n    }\n  ]\n}\n';
    ws.write('leaf/hub.conf', hub);
    const hubUri = await open('leaf/hub.conf', hub);
    const uri = await open('leaf/spoke.conf', spoke);
    const ds = await client.pushed(uri, (d) => d.some((x) => x.code === 'cert-maps-to-no-user'));
    const [d] = withCode(ds, 'cert-maps-to-no-user');
    assert.equal(d!.range.start.line, 4);
    assert.match(
      msg(d!),
      /^Leaf node connection to hub\.conf fails: hub\.conf maps leaf node certificates to its leafnodes\.authorization users/,
    );
    assert.match(msg(d!), /"Leafnode Error 'Authorization Violation'"/);
    const actions = await client.codeActions(uri, d!.range, [d!]);
    const fix = actions.find((a) => a.title === 'Add user "dave" to hub.conf (leafnodes.authorization.users; the certificate\'s DNS SAN)');
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    const change = (fix.edit as WorkspaceEdit).documentChanges![0]!;
    assert.ok('textDocument' in change);
    // hub.conf is open: the edit is pinned to its version.
    assert.deepEqual(change.textDocument, { uri: hubUri, version: client.version(hubUri) });
    const fixed = applyTextEdits(hub, change.edits as never);
    assert.match(fixed, /users: \[ \{ user: "someone", account: "SALES" \}, \{ user: "dave" \} \]/);
    await client.change(hubUri, fixed);
    await client.diagnostics.next((p) => p.uri === uri && !p.diagnostics.some((x) => x.code === 'cert-maps-to-no-user'));
    const h = text(await client.hover(uri, { line: 6, character: 22 }));
    assert.match(h, /1\. DNS SAN `dave` → user `dave`/);
    assert.match(h, /✓ the leaf node connection to hub\.conf binds to user `dave`/);
    await client.change(
      hubUri,
      hub.replace('ca_file: "../certs/ca.pem"\n', 'ca_file: "../certs/ca.pem"\n    pinned_certs: ["' + 'ab'.repeat(32) + '"]\n'),
    );
    await client.diagnostics.next(
      (p) =>
        p.uri === uri && p.diagnostics.some((x) => x.code === 'pin-mismatch' && /hub\.conf's pinned_certs do not hold spoke/.test(msg(x))),
    );
    await client.close(uri);
    await client.close(hubUri);
  });

  test('link-tls-mismatch: a route from a node with cluster.tls to one without', async () => {
    const plain = 'server_name: node-p\nlisten: 127.0.0.1:17005\ncluster {\n  listen: 127.0.0.1:16005\n}\n';
    await open('cluster/plain.conf', plain);
    const uri = await open('cluster/tls.conf', node('t', 16006, 16005, 'a'));
    const ds = await client.pushed(uri, (d) => d.some((x) => x.code === 'link-tls-mismatch'));
    assert.match(msg(withCode(ds, 'link-tls-mismatch')[0]!), /node-t dials with TLS, but node-p has no cluster\.tls/);
    await client.close(uri);
    await client.close(uriOf(ws.path('cluster/plain.conf')));
  });

  test('an unpaired route is a stated assumption: a warning', async () => {
    const fx = fixture(node('a', 16001, 16009, 'a').replace('localhost:16009', 'node-x.internal:6222'));
    const uri = await client.open(ws.path('cluster/lonely.conf'), fx.text);
    const ds = await client.pushed(uri, (d) => d.some((x) => x.code === 'host-mismatch'));
    const [w] = withCode(ds, 'host-mismatch');
    assert.equal(w!.severity, 2);
    assert.match(
      msg(w!),
      /^Assuming the peer presents this node's own cluster certificate \(no config in the workspace listens at node-x\.internal\)/,
    );
    await client.close(uri);
  });
});
