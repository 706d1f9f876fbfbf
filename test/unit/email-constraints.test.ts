// Email name constraints (rfc822Name subtrees) compare the local part exactly and the domain in any case, as
// Go's crypto/x509 does (matchEmailConstraint: `mailbox.local == constraint.local && strings.EqualFold(domain)`)
// and OpenSSL too (nc_email: "case sensitive match of local part"). Checked where verification is predicted
// (untrusted-chain, through Go's rules in the engine) and where our CA decides what it may issue
// (constraintViolations). A mutant that lower-cased the local part survived every layer before these tests.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { constraintViolations } from '../../server/src/core/ca/profiles';
import { CertFactory, type Material } from '../helpers/certs';
import { expectFindings, NOW, runTls } from '../helpers/tls';

const f = new CertFactory(NOW);
let permits: Material;
let excludes: Material;

before(async () => {
  permits = await f.ca({ cn: 'Permits alice', nameConstraints: { permitted: ['alice@example.com'] } });
  excludes = await f.ca({ cn: 'Excludes alice', nameConstraints: { excluded: ['alice@example.com'] } });
});

/** A cluster node whose certificate (for localhost and `email`) its own ca_file must vouch for. */
async function node(ca: Material, email: string): Promise<ReturnType<typeof runTls>> {
  const leaf = await f.leaf(ca, { cn: 'node', san: { dns: ['localhost'], email: [email] } });
  return runTls({
    configs: { '/nats.conf': 'cluster {\n  tls {\n    cert_file: "⟦c.pem⟧"\n    key_file: "k.pem"\n    ca_file: "ca.pem"\n  }\n}\n' },
    raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem, '/ca.pem': ca.pem },
  });
}

const NOT_AUTHORIZED = 'x509: a root or intermediate certificate is not authorized to sign for this name: ';

test('permitted mailbox: the domain in any case passes, a local part in another case does not', async () => {
  expectFindings(await node(permits, 'alice@example.com'), '/nats.conf', ['untrusted-chain'], []);
  expectFindings(await node(permits, 'alice@EXAMPLE.Com'), '/nats.conf', ['untrusted-chain'], []);
  expectFindings(
    await node(permits, 'Alice@example.com'),
    '/nats.conf',
    ['untrusted-chain'],
    [{ code: 'untrusted-chain', says: `${NOT_AUTHORIZED}email address "Alice@example.com" is not permitted by any constraint` }],
  );
});

test('excluded mailbox: the domain in any case is excluded, a local part in another case is not', async () => {
  expectFindings(
    await node(excludes, 'alice@Example.COM'),
    '/nats.conf',
    ['untrusted-chain'],
    [{ code: 'untrusted-chain', says: `${NOT_AUTHORIZED}email address "alice@Example.COM" is excluded by constraint "alice@example.com"` }],
  );
  expectFindings(await node(excludes, 'ALICE@example.com'), '/nats.conf', ['untrusted-chain'], []);
});

test('what our CA refuses to issue follows the same rule', () => {
  const permitted = { permitted: ['alice@example.com'], excluded: [] };
  assert.deepEqual(constraintViolations(permitted, { email: ['alice@example.com', 'alice@EXAMPLE.com'] }), []);
  assert.deepEqual(constraintViolations(permitted, { email: ['Alice@example.com', 'ALICE@example.com'] }), [
    'Alice@example.com',
    'ALICE@example.com',
  ]);
  const excluded = { permitted: [], excluded: ['alice@example.com'] };
  assert.deepEqual(constraintViolations(excluded, { email: ['alice@Example.COM'] }), ['alice@Example.COM']);
  assert.deepEqual(constraintViolations(excluded, { email: ['Alice@example.com'] }), []);
});
