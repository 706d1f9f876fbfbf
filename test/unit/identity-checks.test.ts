// Across files, client ↔ server: cert-maps-to-no-user (verify_and_map with no matching user), pin-mismatch
// (pinned_certs on the client port), user-unmapped (a user no client certificate in the workspace maps to).
import { createHash, createPublicKey } from 'node:crypto';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CertFactory, type Material } from '../helpers/certs';
import { expectFindings, NOW, runTls, type TlsCase } from '../helpers/tls';

const CODES = ['cert-maps-to-no-user', 'pin-mismatch', 'user-unmapped', 'peer-untrusted'];
const f = new CertFactory(NOW);
let ca: Material;
let server: Material;
let alice: Material;
let bob: Material;

before(async () => {
  ca = await f.ca({ cn: 'Test CA' });
  server = await f.leaf(ca, { cn: 'server-main' });
  alice = await f.leaf(ca, { cn: 'alice', eku: ['clientAuth'], san: { email: ['alice@example.test'] } });
  bob = await f.leaf(ca, { subject: { CN: 'bob', O: 'Acme' }, eku: ['clientAuth'], san: undefined });
});

const raw = (): Record<string, string> => ({
  '/certs/ca.pem': ca.pem,
  '/certs/server.pem': server.pem,
  '/certs/server-key.pem': server.keyPem,
  '/certs/alice.pem': alice.pem,
  '/certs/alice-key.pem': alice.keyPem,
  '/certs/bob.pem': bob.pem,
  '/certs/bob-key.pem': bob.keyPem,
});

const serverConf = (users: string, tls = 'verify_and_map: true'): string =>
  `port: 4222\ntls {\n  cert_file: "certs/server.pem"\n  key_file: "certs/server-key.pem"\n  ca_file: "certs/ca.pem"\n  ${tls}\n}\nauthorization {\n  users: [\n${users}\n  ]\n}\n`;
const client = (name: string, marked = false): string =>
  `servers: ["tls://localhost:4222"]\ntls:\n  cert_file: ${marked ? '⟦' : ''}certs/${name}.pem${marked ? '⟧' : ''}\n  key_file: certs/${name}-key.pem\n  ca_file: certs/ca.pem\n`;

function check(c: TlsCase, file: string, expected: Parameters<typeof expectFindings>[3]): ReturnType<typeof expectFindings> {
  return expectFindings(runTls({ ...c, raw: { ...raw(), ...c.raw } }), file, CODES, expected);
}

test('cert-maps-to-no-user: the client presents identities no user of the server has', () => {
  const configs = {
    '/server.conf': serverConf('    { user: "alice@example.test" }'),
    '/bob.yaml': client('bob', true),
    '/alice.yaml': client('alice'),
  };
  const [e] = check({ configs }, '/bob.yaml', [{ code: 'cert-maps-to-no-user', says: 'Authorization Violation' }]);
  assert.match(e!.message, /presents subject "CN=bob,O=Acme"/);
  assert.deepEqual(e!.data?.names, [{ kind: 'subject', value: 'CN=bob,O=Acme' }]);
  assert.ok(e!.related?.[0]?.file.endsWith('server.conf'));
  check({ configs }, '/alice.yaml', []);
});

test('the subject as a DN in another order maps (RDNsMatch); a NATS CLI context is checked like a client config', () => {
  const configs = {
    '/server.conf': serverConf('    { user: "O=Acme, CN=bob" }'),
    '/bob.yaml': client('bob'),
    '/ctx.json': '{ "url": "tls://localhost:4222", "cert": "⟦certs/alice.pem⟧", "key": "certs/alice-key.pem", "ca": "certs/ca.pem" }\n',
  };
  check({ configs }, '/bob.yaml', []);
  check({ configs }, '/ctx.json', [{ code: 'cert-maps-to-no-user', says: 'email SAN "alice@example.test"' }]);
});

test('users of accounts count; without verify_and_map, or without users, nothing maps and nothing is reported', () => {
  const accounts = serverConf('').replace(
    /authorization \{[\s\S]*$/,
    'accounts {\n  A: { users: [ { user: "alice@example.test" } ] }\n  B: { users: [ { user: "CN=bob,O=Acme" } ] }\n}\n',
  );
  check({ configs: { '/server.conf': accounts, '/bob.yaml': client('bob'), '/alice.yaml': client('alice') } }, '/bob.yaml', []);
  const verifyOnly = serverConf('    { user: "nobody" }', 'verify: true');
  check({ configs: { '/server.conf': verifyOnly, '/bob.yaml': client('bob') } }, '/bob.yaml', []);
  const noUsers = serverConf('').replace(/authorization \{[\s\S]*$/, '');
  check({ configs: { '/server.conf': noUsers, '/bob.yaml': client('bob') } }, '/bob.yaml', []);
});

test('user-unmapped: information on users no paired client certificate maps to, only when there are client certificates', () => {
  const conf = serverConf('    { user: "alice@example.test" }\n    { user: "⟦CN=carol⟧" }');
  const configs = { '/server.conf': conf, '/alice.yaml': client('alice') };
  const [i] = check({ configs }, '/server.conf', [{ code: 'user-unmapped', severity: 'information', says: 'checked alice.yaml' }]);
  assert.equal(i!.data?.user, 'CN=carol');
  // No client certificate in the workspace: nothing to say.
  check({ configs: { '/server.conf': conf.replace(/⟦|⟧/g, '') } }, '/server.conf', []);
});

test('pin-mismatch on the client port: a certificate whose public key is not pinned, and pins without verify', () => {
  const pin = (m: Material): string => {
    // The pin the hover and inspect show: SHA-256 of the DER SubjectPublicKeyInfo.
    return createHash('sha256')
      .update(createPublicKey(m.pem).export({ type: 'spki', format: 'der' }))
      .digest('hex');
  };
  const pinned = (tls: string): string =>
    `port: 4222\ntls {\n  cert_file: "certs/server.pem"\n  key_file: "certs/server-key.pem"\n  ca_file: "certs/ca.pem"\n  ${tls}\n  pinned_certs: ["${pin(alice)}"]\n}\n`;
  const configs = { '/server.conf': pinned('verify: true'), '/alice.yaml': client('alice'), '/bob.yaml': client('bob', true) };
  const [e] = check({ configs }, '/bob.yaml', [{ code: 'pin-mismatch', says: 'certificate not pinned' }]);
  assert.equal(e!.data?.pin, pin(bob));
  check({ configs }, '/alice.yaml', []);
  const noVerify = { '/server.conf': pinned('timeout: 2'), '/alice.yaml': client('alice', true) };
  check({ configs: noVerify }, '/alice.yaml', [{ code: 'pin-mismatch', says: 'never asks for one (no verify)' }]);
});
