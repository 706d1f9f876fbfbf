// verifyChain: the outcome and the exact text Go's crypto/x509 Verify gives for each way a chain fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCertificate } from '../../server/src/core/x509/cert';
import type { CertInfo } from '../../server/src/core/x509/model';
import { verifyChain, type ChainResult, type VerifyOptions } from '../../server/src/core/x509/verify';
import { CertFactory, DAY, TEST_NOW, type Material } from '../helpers/certs';

const f = new CertFactory();
const NOW = TEST_NOW;
const c = (m: Material): CertInfo => {
  const r = parseCertificate(m.der, 0, 0);
  if (!r.ok) throw new Error(r.error);
  return r.cert;
};
const verify = (leaf: Material, roots: Material[], intermediates: Material[] = [], extra: Partial<VerifyOptions> = {}): ChainResult =>
  verifyChain(c(leaf), { roots: roots.map(c), intermediates: intermediates.map(c), at: NOW, ...extra });
const fails = (r: ChainResult): { reason: string; detail: string } => {
  if (r.ok) assert.fail(`expected a failure, got a chain of ${r.chain.length}`);
  return { reason: r.reason, detail: r.detail };
};

let base: Promise<{ root: Material; inter: Material; leaf: Material }> | undefined;
const pki = (): Promise<{ root: Material; inter: Material; leaf: Material }> =>
  (base ??= (async () => {
    const root = await f.ca();
    const inter = await f.intermediate(root);
    return { root, inter, leaf: await f.leaf(inter, { cn: 'leaf' }) };
  })());

test('a good chain: leaf → intermediate → root, in either intermediate order, and a direct root', async () => {
  const { root, inter, leaf } = await pki();
  const r = verify(leaf, [root], [inter], { usage: 'serverAuth' });
  assert.ok(r.ok);
  assert.deepEqual(
    r.chain.map((x) => x.subjectCN),
    ['leaf', 'Test Intermediate', 'Test Root CA'],
  );
  const unrelated = await f.ca({ cn: 'Unrelated' });
  assert.ok(verify(leaf, [unrelated, root], [unrelated, inter], { usage: 'clientAuth' }).ok);
  const direct = await f.leaf(root, { cn: 'direct' });
  const d = verify(direct, [root]);
  assert.ok(d.ok);
  assert.equal(d.chain.length, 2);
});

test('a self-signed leaf listed in the roots verifies by itself, even without CA:TRUE (pinning)', async () => {
  const self = await f.leaf(undefined, { cn: 'pinned' });
  const r = verify(self, [self]);
  assert.ok(r.ok);
  assert.deepEqual(
    r.chain.map((x) => x.subjectCN),
    ['pinned'],
  );
});

test('unknown authority: no certificate in the roots by that name, or no roots at all', async () => {
  const { inter, leaf } = await pki();
  const other = await f.ca({ cn: 'Other CA' });
  assert.deepEqual(fails(verify(leaf, [other], [inter])), {
    reason: 'unknown-authority',
    detail: 'x509: certificate signed by unknown authority',
  });
  assert.deepEqual(fails(verify(leaf, [], [inter])), {
    reason: 'unknown-authority',
    detail: 'x509: certificate signed by unknown authority',
  });
  assert.equal(fails(verify(leaf, [other])).reason, 'unknown-authority', 'the intermediate is missing');
});

test("expired and not-yet-valid leaves, with Go's RFC 3339 times", async () => {
  const { root } = await pki();
  const old = await f.expired(root, 12);
  const exp = new Date(NOW.getTime() - 12 * DAY).toISOString().replace('.000Z', 'Z');
  assert.deepEqual(fails(verify(old, [root])), {
    reason: 'expired',
    detail: `x509: certificate has expired or is not yet valid: current time 2026-01-01T00:00:00Z is after ${exp}`,
  });
  const early = await f.notYetValid(root, 3);
  assert.deepEqual(fails(verify(early, [root])), {
    reason: 'not-yet-valid',
    detail: 'x509: certificate has expired or is not yet valid: current time 2026-01-01T00:00:00Z is before 2026-01-04T00:00:00Z',
  });
  // The same leaf verifies at a time inside its validity: `at` is the clock.
  assert.ok(verify(old, [root], [], { at: new Date(NOW.getTime() - 100 * DAY) }).ok);
});

test('an expired intermediate or root fails the chain with its own dates (Go 1.19+: not wrapped)', async () => {
  const root = await f.ca({ cn: 'Root For Expiry' });
  const oldInter = await f.intermediate(root, {
    cn: 'Old Intermediate',
    notBefore: new Date(NOW.getTime() - 400 * DAY),
    notAfter: new Date(NOW.getTime() - DAY),
  });
  const leaf = await f.leaf(oldInter);
  const r = fails(verify(leaf, [root], [oldInter]));
  assert.equal(r.reason, 'expired');
  assert.equal(
    r.detail,
    'x509: certificate has expired or is not yet valid: current time 2026-01-01T00:00:00Z is after 2025-12-31T00:00:00Z',
  );
  const oldRoot = await f.ca({
    cn: 'Old Root',
    notBefore: new Date(NOW.getTime() - 400 * DAY),
    notAfter: new Date(NOW.getTime() - 2 * DAY),
  });
  assert.equal(fails(verify(await f.leaf(oldRoot), [oldRoot])).reason, 'expired');
});

test("incompatible usage: the leaf's EKU, and an intermediate whose EKU does not allow it", async () => {
  const { root, inter } = await pki();
  const serverOnly = await f.leaf(inter, { eku: ['serverAuth'] });
  assert.ok(verify(serverOnly, [root], [inter], { usage: 'serverAuth' }).ok);
  assert.deepEqual(fails(verify(serverOnly, [root], [inter], { usage: 'clientAuth' })), {
    reason: 'incompatible-usage',
    detail: 'x509: certificate specifies an incompatible key usage',
  });
  assert.ok(verify(serverOnly, [root], [inter]).ok, 'no usage asked for: any');
  assert.ok(verify(await f.leaf(inter, { eku: [] }), [root], [inter], { usage: 'clientAuth' }).ok, 'no EKU extension: any use');
  assert.ok(verify(await f.leaf(inter, { eku: ['2.5.29.37.0'] }), [root], [inter], { usage: 'clientAuth' }).ok, 'anyExtendedKeyUsage');
  const serverCa = await f.intermediate(root, { cn: 'Server-only Intermediate', eku: ['serverAuth'] });
  const both = await f.leaf(serverCa, { eku: ['serverAuth', 'clientAuth'] });
  assert.ok(verify(both, [root], [serverCa], { usage: 'serverAuth' }).ok);
  assert.deepEqual(fails(verify(both, [root], [serverCa], { usage: 'clientAuth' })), {
    reason: 'incompatible-usage',
    detail: 'x509: certificate specifies an incompatible key usage',
  });
});

test('name constraints: a leaf outside the permitted names, inside an excluded one, and an IP outside the range', async () => {
  const { ca, leaf } = await f.outsideConstraints('nats.example.com');
  assert.deepEqual(fails(verify(leaf, [ca])), {
    reason: 'name-constraints',
    detail:
      'x509: a root or intermediate certificate is not authorized to sign for this name: DNS name "nats.example.com" is not permitted by any constraint',
  });
  assert.ok(verify(await f.leaf(ca, { san: { dns: ['localhost', 'a.b.test'], ip: ['127.0.0.2'] } }), [ca]).ok);
  assert.match(
    fails(verify(await f.leaf(ca, { san: { dns: ['test'] } }), [ca])).detail,
    /DNS name "test" is not permitted/,
    'a leading dot needs a subdomain',
  );
  assert.equal(
    fails(verify(await f.leaf(ca, { san: { dns: ['localhost'], ip: ['10.1.2.3'] } }), [ca])).detail,
    'x509: a root or intermediate certificate is not authorized to sign for this name: IP address "10.1.2.3" is not permitted by any constraint',
  );
  assert.equal(
    fails(verify(await f.leaf(ca, { san: { dns: ['localhost'], ip: ['::1'] } }), [ca])).reason,
    'name-constraints',
    'an IPv6 address never matches an IPv4 range',
  );
  const excl = await f.ca({ cn: 'Excluding CA', nameConstraints: { excluded: ['bad.test', '10.0.0.0/8'] } });
  assert.equal(
    fails(verify(await f.leaf(excl, { san: { dns: ['x.bad.test'] } }), [excl])).detail,
    'x509: a root or intermediate certificate is not authorized to sign for this name: DNS name "x.bad.test" is excluded by constraint "bad.test"',
  );
  assert.equal(
    fails(verify(await f.leaf(excl, { san: { ip: ['10.9.9.9'] } }), [excl])).detail,
    'x509: a root or intermediate certificate is not authorized to sign for this name: IP address "10.9.9.9" is excluded by constraint "10.0.0.0/8"',
  );
  assert.ok(verify(await f.leaf(excl, { san: { dns: ['good.test'], ip: ['192.168.1.1'] } }), [excl]).ok);
  // An intermediate under a constrained root is bound by it too.
  const inter = await f.intermediate(ca, { cn: 'Under Constraints' });
  assert.equal(fails(verify(await f.leaf(inter, { san: { dns: ['nats.example.com'] } }), [ca], [inter])).reason, 'name-constraints');
});

test('not a CA: a CA:FALSE issuer in the roots, a v3 issuer without basicConstraints, an issuer without keyCertSign', async () => {
  const { fakeCa, leaf } = await f.notACa();
  const r = fails(verify(leaf, [fakeCa]));
  assert.equal(r.reason, 'not-a-ca');
  assert.equal(
    r.detail,
    'x509: certificate signed by unknown authority (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "Not A CA")',
  );
  const noBc = await f.ca({ cn: 'No Basic Constraints', basicConstraints: null });
  assert.equal(fails(verify(await f.leaf(noBc), [noBc])).reason, 'not-a-ca');
  const noCertSign = await f.ca({ cn: 'Signs Nothing', keyUsage: ['digitalSignature', 'cRLSign'] });
  assert.equal(fails(verify(await f.leaf(noCertSign), [noCertSign])).reason, 'not-a-ca');
  const { root } = await pki();
  const fakeInter = await f.intermediate(root, { cn: 'Fake Intermediate', basicConstraints: { ca: false } });
  assert.equal(fails(verify(await f.leaf(fakeInter), [root], [fakeInter])).reason, 'not-a-ca');
});

test('bad signature: a CA with the same name but another key (a regenerated CA)', async () => {
  const original = await f.ca({ cn: 'Rotating CA' });
  const regenerated = await f.ca({ cn: 'Rotating CA' });
  const leaf = await f.leaf(original);
  const r = fails(verify(leaf, [regenerated]));
  assert.equal(r.reason, 'bad-signature');
  assert.equal(
    r.detail,
    'x509: certificate signed by unknown authority (possibly because of "x509: ECDSA verification failure" while trying to verify candidate authority certificate "Rotating CA")',
  );
  // With both in ca_file (a rotation), the right one is found.
  assert.ok(verify(leaf, [regenerated, original]).ok);
  const rsaA = await f.ca({ cn: 'RSA Rotating', key: { algorithm: 'RSA', bits: 2048 } });
  const rsaB = await f.ca({ cn: 'RSA Rotating', key: { algorithm: 'RSA', bits: 2048 } });
  assert.match(fails(verify(await f.leaf(rsaA), [rsaB])).detail, /possibly because of "crypto\/rsa: verification error"/);
  const ecB = await f.ca({ cn: 'RSA Rotating' });
  assert.match(
    fails(verify(await f.leaf(rsaA), [ecB])).detail,
    /"x509: signature algorithm specifies an RSA public key, but have public key of type \*ecdsa.PublicKey"/,
  );
});

test('SHA-1 signatures are refused before any maths, as Go does', async () => {
  const root = await f.ca({ cn: 'SHA1 Issuer' });
  const r = fails(verify(await f.sha1Signed(root), [root]));
  assert.equal(r.reason, 'bad-signature');
  assert.equal(
    r.detail,
    'x509: certificate signed by unknown authority (possibly because of "x509: cannot verify signature: insecure algorithm ECDSA-SHA1" while trying to verify candidate authority certificate "SHA1 Issuer")',
  );
  // A SHA-1 self-signed root is fine: its own signature is never checked.
  const sha1Root = await f.ca({ cn: 'SHA1 Root', hash: 'SHA-1' });
  assert.ok(verify(await f.leaf(sha1Root), [sha1Root]).ok);
});

test('path length: a root with pathLen 0 cannot have an intermediate under it', async () => {
  const root = await f.ca({ cn: 'Path Zero', pathLen: 0 });
  const inter = await f.intermediate(root);
  assert.deepEqual(fails(verify(await f.leaf(inter), [root], [inter])), {
    reason: 'path-length',
    detail: 'x509: too many intermediates for path length constraint',
  });
  assert.ok(verify(await f.leaf(root), [root]).ok);
});

test('the hint names a candidate by CN, else by organisation', async () => {
  const orgOnly = await f.ca({ subject: { O: 'Org Only CA' }, basicConstraints: { ca: false } });
  const leaf = await f.leaf(orgOnly);
  assert.match(fails(verify(leaf, [orgOnly])).detail, /candidate authority certificate "Org Only CA"\)$/);
});

test('a copied certificate object (structuredClone) verifies like the original', async () => {
  const { root, inter, leaf } = await pki();
  const copy = structuredClone(c(leaf));
  assert.ok(verifyChain(copy, { roots: [structuredClone(c(root))], intermediates: [c(inter)], at: NOW }).ok);
});
