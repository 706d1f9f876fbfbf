// verify_and_map: the identities a certificate presents, in nats-server's order, and which user it maps to
// (server/auth.go checkClientTLSCertSubject and internal/ldap at 2.9.10, 2.10.27 and 2.15). The real
// servers confirm the same cases in test/integration/identity.test.ts.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigUser } from '../../server/src/core/auth/users';
import { Source } from '../../server/src/core/conf/ast';
import { identitiesOf, mapIdentity, userNamesFor, type MapOptions } from '../../server/src/core/identity/map';
import { dnEqual, parseLdapDn, rdnsMatch } from '../../server/src/core/identity/subject';
import { parseVersion } from '../../server/src/core/tls/versions';
import { parseCertificate } from '../../server/src/core/x509/cert';
import type { CertInfo } from '../../server/src/core/x509/model';
import { CertFactory, type Material } from '../helpers/certs';
import { subjectCert } from '../helpers/subjects';

const f = new CertFactory();
const V2_9 = parseVersion('2.9.10')!;
const V2_10 = parseVersion('2.10.27')!;
const V2_15 = parseVersion('2.15.1')!;
let ca: Material;

before(async () => {
  ca = await f.ca({ cn: 'Identity CA' });
});

const info = (m: Material): CertInfo => {
  const r = parseCertificate(m.der, 0, 0);
  if (!r.ok) throw new Error(r.error);
  return r.cert;
};

const src = new Source('/server.conf', '');
function users(...names: (string | [string, string[]])[]): ConfigUser[] {
  return names.map((n) => {
    const [name, types] = typeof n === 'string' ? [n, undefined] : n;
    return { name, scope: 'client', account: undefined, entry: undefined!, at: { src, start: 0, end: 0 }, connectionTypes: types };
  });
}

const opts = (version = V2_10, extra: Partial<MapOptions> = {}): MapOptions => ({ version, dnMatching: true, ...extra });

function mapped(cert: CertInfo, list: ConfigUser[], o = opts()): string | undefined {
  return mapIdentity(identitiesOf(cert, o.version), list, o)?.user.name;
}

test('identities in nats-server order: email SANs, DNS SANs, URI SANs, the DN, the subject', async () => {
  const c = info(
    await subjectCert(f, ca, {
      subject: 'O=Acme, OU=eng, CN=client-a',
      san: { dns: ['client-a', 'a.example.test'], email: ['a@example.test'], uri: ['spiffe://acme/client-a'] },
    }),
  );
  const ids = identitiesOf(c, V2_10);
  assert.deepEqual(
    ids.list.map((i) => `${i.kind}:${i.value}`),
    [
      'email:a@example.test',
      'dns:client-a',
      'dns:a.example.test',
      'uri:spiffe://acme/client-a',
      'dn:CN=client-a,OU=eng,O=Acme',
      'subject:CN=client-a,OU=eng,O=Acme',
    ],
  );
  assert.equal(ids.refused, undefined);
});

test('the first match wins: the DNS SAN client-a before the subject CN=client-a (the issue example)', async () => {
  const c = info(await f.leaf(ca, { cn: 'client-a', eku: ['clientAuth'], san: { dns: ['client-a'] } }));
  assert.equal(mapped(c, users('CN=client-a', 'client-a')), 'client-a');
  assert.equal(mapped(c, users('CN=client-a')), 'CN=client-a');
  const email = info(await f.leaf(ca, { cn: 'bob', eku: ['clientAuth'], san: { email: ['bob@example.test'], dns: ['bob'] } }));
  assert.equal(mapped(email, users('bob', 'bob@example.test')), 'bob@example.test');
  assert.equal(mapped(email, users('someone-else')), undefined);
});

test("Go's subject string: fixed field order, printed last first, whatever the certificate's order", async () => {
  const reordered = info(await subjectCert(f, ca, { subject: 'CN=client-c, O=Acme' }));
  const ids = identitiesOf(reordered, V2_10);
  assert.equal(ids.list.find((i) => i.kind === 'subject')?.value, 'CN=client-c,O=Acme');
  // The DN keeps the certificate's order (last RDN first).
  assert.equal(ids.list.find((i) => i.kind === 'dn')?.value, 'O=Acme,CN=client-c');
  // Literally, only Go's string matches; as a DN, either order does (RDNsMatch).
  assert.equal(mapped(reordered, users('CN=client-c,O=Acme'), opts(V2_10, { dnMatching: false })), 'CN=client-c,O=Acme');
  assert.equal(mapped(reordered, users('O=Acme,CN=client-c'), opts(V2_10, { dnMatching: false })), undefined);
  assert.equal(mapped(reordered, users('O=Acme, CN=client-c')), 'O=Acme, CN=client-c');
  assert.equal(mapped(reordered, users('cn=client-c, o=Acme')), 'cn=client-c, o=Acme');
  // Values are compared exactly.
  assert.equal(mapped(reordered, users('CN=Client-C,O=Acme')), undefined);
});

test('domain components: tried appended to the subject, and in the DN', async () => {
  const c = info(await subjectCert(f, ca, { subject: 'DC=com, DC=example, CN=svc' }));
  const ids = identitiesOf(c, V2_10);
  assert.deepEqual(
    ids.list.map((i) => `${i.kind}:${i.value}`),
    ['dn:CN=svc,DC=example,DC=com', 'subject-dc:CN=svc,DC=com,DC=example', 'subject:CN=svc'],
  );
  assert.equal(mapped(c, users('CN=svc,DC=com,DC=example'), opts(V2_10, { dnMatching: false })), 'CN=svc,DC=com,DC=example');
  assert.equal(mapped(c, users('CN=svc')), 'CN=svc');
  assert.equal(mapped(c, users('CN=svc, DC=example, DC=com')), 'CN=svc, DC=example, DC=com');
});

test('an attribute internal/ldap does not name (emailAddress) leaves no DN; Go drops it from the subject', async () => {
  const c = info(await subjectCert(f, ca, { subject: 'CN=alice, E=alice@example.test, O=Acme' }));
  const ids = identitiesOf(c, V2_10);
  assert.equal(ids.dn, undefined);
  assert.deepEqual(
    ids.list.map((i) => `${i.kind}:${i.value}`),
    ['subject:CN=alice,O=Acme'],
  );
  // Not an email SAN: the address in the subject is not an identity.
  assert.equal(mapped(c, users('alice@example.test')), undefined);
});

test('multi-valued RDNs and escaped values', async () => {
  const c = info(await subjectCert(f, ca, { subject: 'O=Acme, OU=eng+OU=ops, CN=a\\, b' }));
  const subject = identitiesOf(c, V2_10).list.find((i) => i.kind === 'subject')!.value;
  assert.match(subject, /^CN=a\\, b,OU=(eng\+OU=ops|ops\+OU=eng),O=Acme$/);
  assert.equal(mapped(c, users(subject), opts(V2_10, { dnMatching: false })), subject);
});

test('allowed_connection_types: a user of another kind is skipped, the search goes on', async () => {
  const c = info(await f.leaf(ca, { cn: 'svc', eku: ['clientAuth'], san: { dns: ['svc'] } }));
  assert.equal(mapped(c, users(['svc', ['LEAFNODE']], 'CN=svc'), opts(V2_10, { connectionType: 'STANDARD' })), 'CN=svc');
  assert.equal(mapped(c, users(['svc', ['STANDARD']])), 'svc');
});

test('a certificate with only a DNS SAN and no subject: refused before 2.15, mapped from 2.15', async () => {
  const c = info(await subjectCert(f, ca, { subject: '', san: { dns: ['headless'] } }));
  assert.ok(identitiesOf(c, V2_10).refused);
  assert.equal(mapped(c, users('headless'), opts(V2_9)), undefined);
  assert.equal(mapped(c, users('headless'), opts(V2_15)), 'headless');
  assert.deepEqual(userNamesFor(identitiesOf(c, V2_10)), []);
});

test('the strings the quick fix offers: first email, DNS, URI SAN, then the subject', async () => {
  const c = info(
    await f.leaf(ca, {
      subject: { CN: 'client-z', O: 'Acme' },
      eku: ['clientAuth'],
      san: { email: ['z@example.test'], dns: ['z1', 'z2'] },
    }),
  );
  const names = userNamesFor(identitiesOf(c, V2_10));
  assert.deepEqual(
    names.map((n) => n.value),
    ['z@example.test', 'z1', 'CN=client-z,O=Acme'],
  );
  for (const n of names) assert.equal(mapped(c, users(n.value), opts(V2_10, { dnMatching: false })), n.value);
});

test('internal/ldap ParseDN: spaces, escapes, hex pairs, and what it refuses', () => {
  assert.deepEqual(parseLdapDn(' CN = alice , O=Acme '), [[{ type: 'CN', value: 'alice' }], [{ type: 'O', value: 'Acme' }]]);
  assert.deepEqual(parseLdapDn('CN=a\\, b+OU=x'), [
    [
      { type: 'CN', value: 'a, b' },
      { type: 'OU', value: 'x' },
    ],
  ]);
  assert.deepEqual(parseLdapDn('CN=caf\\C3\\A9'), [[{ type: 'CN', value: 'café' }]]);
  assert.equal(parseLdapDn('CN=#0403'), undefined);
  assert.equal(parseLdapDn('alice'), undefined);
  // A dangling escape is dropped; an escape of one non-special last character is an error.
  assert.deepEqual(parseLdapDn('CN=a\\'), [[{ type: 'CN', value: 'a' }]]);
  assert.equal(parseLdapDn('CN=a\\x'), undefined);
  assert.deepEqual(parseLdapDn(''), []);
});

test('DN equality is positional; RDNsMatch ignores order, and from 2.14 uses each RDN once', () => {
  const a = parseLdapDn('CN=x,OU=a,OU=a')!;
  const b = parseLdapDn('OU=a,CN=x,OU=b')!;
  assert.equal(dnEqual(a, parseLdapDn('cn=x, ou=a, ou=a')!), true);
  assert.equal(dnEqual(a, b), false);
  assert.equal(rdnsMatch(parseLdapDn('OU=a,CN=x')!, parseLdapDn('CN=x,OU=a')!, true), true);
  // The repeated OU=a matches OU=a twice before 2.14 (the OU=b is never looked at), not from 2.14.
  assert.equal(rdnsMatch(a, b, false), true);
  assert.equal(rdnsMatch(a, b, true), false);
});
