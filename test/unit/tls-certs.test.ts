// What the certificates themselves mean for a handshake: cert-expired, cert-not-yet-valid, cert-expiring,
// no-san, missing-server-auth, missing-client-auth, weak-key, weak-signature, ca-not-ca, untrusted-chain.
import { before, test } from 'node:test';
import { asV1, CertFactory, DAY, type Material } from '../helpers/certs';
import { expectFindings, NOW, runTls, type TlsCase } from '../helpers/tls';

const CODES = [
  'cert-expired',
  'cert-not-yet-valid',
  'cert-expiring',
  'no-san',
  'missing-server-auth',
  'missing-client-auth',
  'weak-key',
  'weak-signature',
  'ca-not-ca',
  'untrusted-chain',
];

const f = new CertFactory(NOW);
let root: Material;
let otherRoot: Material;
let leaf: Material;

before(async () => {
  root = await f.ca();
  otherRoot = await f.ca({ cn: 'Other Root' });
  leaf = await f.leaf(root, { notBefore: new Date(NOW.getTime() - 10 * DAY), notAfter: new Date(NOW.getTime() + 800 * DAY) });
});

function check(c: TlsCase, expected: Parameters<typeof expectFindings>[3], file = '/nats.conf'): void {
  expectFindings(runTls(c), file, CODES, expected);
}

const block = (where: string, ca = true): string => {
  const inner = `cert_file: "⟦c.pem⟧"\n  key_file: "k.pem"\n${ca ? '  ca_file: "ca.pem"\n' : ''}`;
  return where === 'tls' ? `tls {\n  ${inner}}\n` : `${where} {\n  tls {\n  ${inner}}\n}\n`;
};

test('validity: expired, not yet valid, expiring (30 days or a third of the lifetime)', async () => {
  const expired = await f.expired(root, 12);
  check({ configs: { '/nats.conf': block('tls', false) }, raw: { '/c.pem': expired.pem, '/k.pem': expired.keyPem } }, [
    { code: 'cert-expired', says: '12 days ago' },
  ]);
  const future = await f.notYetValid(root, 3);
  check({ configs: { '/nats.conf': block('tls', false) }, raw: { '/c.pem': future.pem, '/k.pem': future.keyPem } }, ['cert-not-yet-valid']);
  const soon = await f.leaf(root, { notBefore: new Date(NOW.getTime() - 300 * DAY), notAfter: new Date(NOW.getTime() + 20 * DAY) });
  check({ configs: { '/nats.conf': block('tls', false) }, raw: { '/c.pem': soon.pem, '/k.pem': soon.keyPem } }, [
    { code: 'cert-expiring', severity: 'warning', says: 'in 20 days' },
  ]);
  // 60 days left of a 300-day certificate: in its last third, though more than 30 days away.
  const third = await f.leaf(root, { notBefore: new Date(NOW.getTime() - 240 * DAY), notAfter: new Date(NOW.getTime() + 60 * DAY) });
  check({ configs: { '/nats.conf': block('tls', false) }, raw: { '/c.pem': third.pem, '/k.pem': third.keyPem } }, ['cert-expiring']);
  // The threshold is a setting.
  check(
    {
      configs: { '/nats.conf': block('tls', false) },
      raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem },
      settings: { expiryWarningDays: 900 },
    },
    ['cert-expiring'],
  );
  // Every CA in ca_file is checked too.
  const oldCa = await f.ca({ cn: 'Old CA', notBefore: new Date(NOW.getTime() - 900 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
  check(
    {
      configs: { '/nats.conf': 'tls {\n  cert_file: "c.pem"\n  key_file: "k.pem"\n  ca_file: "⟦ca.pem⟧"\n  verify: true\n}\n' },
      raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem, '/ca.pem': root.pem + oldCa.pem },
    },
    [{ code: 'cert-expired', says: 'CA 2 (Old CA)' }],
  );
});

test('no-san: Go rejects Common-Name-only server certificates', async () => {
  const cnOnly = await f.cnOnly(root);
  check({ configs: { '/nats.conf': block('tls', false) }, raw: { '/c.pem': cnOnly.pem, '/k.pem': cnOnly.keyPem } }, [
    { code: 'no-san', says: 'legacy Common Name' },
  ]);
  // A client certificate needs no SAN.
  check(
    {
      configs: { '/client.yaml': 'servers: [tls://localhost:4222]\ntls:\n  cert_file: c.pem\n  key_file: k.pem\n' },
      raw: { '/c.pem': cnOnly.pem, '/k.pem': cnOnly.keyPem },
    },
    [],
    '/client.yaml',
  );
});

test('EKU: serverAuth where this side serves, clientAuth where it dials (cluster does both)', async () => {
  const clientOnly = await f.leaf(root, { eku: ['clientAuth'] });
  const serverOnly = await f.leaf(root, { eku: ['serverAuth'] });
  check({ configs: { '/nats.conf': block('tls', false) }, raw: { '/c.pem': clientOnly.pem, '/k.pem': clientOnly.keyPem } }, [
    { code: 'missing-server-auth', says: 'incompatible key usage' },
  ]);
  check({ configs: { '/nats.conf': block('tls', false) }, raw: { '/c.pem': serverOnly.pem, '/k.pem': serverOnly.keyPem } }, []);
  check(
    { configs: { '/nats.conf': block('cluster') }, raw: { '/c.pem': serverOnly.pem, '/k.pem': serverOnly.keyPem, '/ca.pem': root.pem } },
    [{ code: 'missing-client-auth', says: 'TLS client' }],
  );
  check(
    { configs: { '/nats.conf': block('gateway') }, raw: { '/c.pem': serverOnly.pem, '/k.pem': serverOnly.keyPem, '/ca.pem': root.pem } },
    ['missing-client-auth'],
  );
  check(
    {
      configs: {
        '/nats.conf':
          'leafnodes { remotes: [ { url: "tls://localhost:7422", tls: {\n  cert_file: "⟦c.pem⟧"\n  key_file: "k.pem"\n} } ] }\n',
      },
      raw: { '/c.pem': serverOnly.pem, '/k.pem': serverOnly.keyPem },
    },
    ['missing-client-auth'],
  );
  // No EKU extension at all means any use.
  const anyUse = await f.leaf(root, { eku: [] });
  check({ configs: { '/nats.conf': block('cluster') }, raw: { '/c.pem': anyUse.pem, '/k.pem': anyUse.keyPem, '/ca.pem': root.pem } }, []);
});

test('weak keys and signatures, and CA bundles holding a non-CA', async () => {
  const weak = await f.rsa1024(root);
  check({ configs: { '/nats.conf': block('tls', false) }, raw: { '/c.pem': weak.pem, '/k.pem': weak.keyPem } }, [
    { code: 'weak-key', says: '1024-bit RSA' },
  ]);
  const sha1 = await f.sha1Signed(root);
  check({ configs: { '/nats.conf': block('tls', false) }, raw: { '/c.pem': sha1.pem, '/k.pem': sha1.keyPem } }, [
    { code: 'weak-signature', says: 'SHA1' },
  ]);
  check(
    {
      configs: { '/nats.conf': 'tls {\n  cert_file: "c.pem"\n  key_file: "k.pem"\n  ca_file: "⟦ca.pem⟧"\n  verify: true\n}\n' },
      raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem, '/ca.pem': root.pem + leaf.pem },
    },
    [{ code: 'ca-not-ca', severity: 'information', says: 'Entry 2' }],
  );
});

test('ca-not-ca: an X.509 v1 root is a trust anchor, as Go takes it; a v3 one without CA:TRUE is not a CA', async () => {
  const v3NoBc = await f.ca({ cn: 'No BC Root', basicConstraints: null });
  const cases: { name: string; ca: string; expected: Parameters<typeof expectFindings>[3] }[] = [
    // Go's checkSignatureFrom lets a v1 certificate sign; the leaf chains to it, so nothing is said.
    { name: 'v1 root', ca: asV1(root), expected: [] },
    { name: 'v3 root without basicConstraints', ca: v3NoBc.pem, expected: [{ code: 'ca-not-ca', severity: 'information' }] },
  ];
  for (const c of cases)
    check(
      {
        configs: { '/nats.conf': 'tls {\n  cert_file: "c.pem"\n  key_file: "k.pem"\n  ca_file: "⟦ca.pem⟧"\n  verify: true\n}\n' },
        raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem, '/ca.pem': c.ca },
      },
      c.expected,
    );
});

test('untrusted-chain: a cluster node whose certificate its own ca_file does not vouch for', async () => {
  check({ configs: { '/nats.conf': block('cluster') }, raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem, '/ca.pem': otherRoot.pem } }, [
    { code: 'untrusted-chain', says: 'signed by unknown authority' },
  ]);
  check({ configs: { '/nats.conf': block('cluster') }, raw: { '/c.pem': leaf.pem, '/k.pem': leaf.keyPem, '/ca.pem': root.pem } }, []);
  // With the intermediate in cert_file, a root-only ca_file verifies.
  const inter = await f.intermediate(root);
  const viaInter = await f.leaf(inter);
  check(
    {
      configs: { '/nats.conf': block('gateway') },
      raw: { '/c.pem': viaInter.pem + inter.pem, '/k.pem': viaInter.keyPem, '/ca.pem': root.pem },
    },
    [],
  );
  check({ configs: { '/nats.conf': block('gateway') }, raw: { '/c.pem': viaInter.pem, '/k.pem': viaInter.keyPem, '/ca.pem': root.pem } }, [
    'untrusted-chain',
  ]);
});
