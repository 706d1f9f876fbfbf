// cert-expiring's threshold: a warning once less than a third of the certificate's lifetime is left, or fewer
// than expiryWarningDays (30) days, whichever comes first. The third is checked on both sides of its boundary
// with certificates long enough that the 30 days never decide: a mutant that warned at a quarter (lifetime/4)
// or at a half survived every layer before these tests.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { CertFactory, DAY, type Material } from '../helpers/certs';
import { expectFindings, NOW, runTls } from '../helpers/tls';

const f = new CertFactory(NOW);
let ca: Material;
before(async () => {
  ca = await f.ca({ notBefore: new Date(NOW.getTime() - 2000 * DAY), notAfter: new Date(NOW.getTime() + 2000 * DAY) });
});

const SECOND = 1000;
/** A 300-day certificate with `left` ms of its lifetime left at NOW (certificates hold whole seconds). */
const withLeft = (left: number): Promise<Material> =>
  f.leaf(ca, { notBefore: new Date(NOW.getTime() + left - 300 * DAY), notAfter: new Date(NOW.getTime() + left) });

async function expiring(left: number): Promise<boolean> {
  const c = await withLeft(left);
  const r = runTls({
    configs: { '/nats.conf': 'tls {\n  cert_file: "c.pem"\n  key_file: "k.pem"\n}\n' },
    raw: { '/c.pem': c.pem, '/k.pem': c.keyPem },
  });
  return r.in('/nats.conf', ['cert-expiring']).length > 0;
}

test('a third of the lifetime left is the boundary: 90 of 300 days left warns, 110 does not', async () => {
  // Between a quarter (75 days) and a third (100 days): only "a third" warns.
  const c = await withLeft(90 * DAY);
  expectFindings(
    runTls({
      configs: { '/nats.conf': 'tls {\n  cert_file: "⟦c.pem⟧"\n  key_file: "k.pem"\n}\n' },
      raw: { '/c.pem': c.pem, '/k.pem': c.keyPem },
    }),
    '/nats.conf',
    ['cert-expiring', 'cert-expired'],
    [{ code: 'cert-expiring', severity: 'warning', says: 'in 90 days' }],
  );
  // Between a third and a half (150 days): no warning.
  const d = await withLeft(110 * DAY);
  expectFindings(
    runTls({
      configs: { '/nats.conf': 'tls {\n  cert_file: "c.pem"\n  key_file: "k.pem"\n}\n' },
      raw: { '/c.pem': d.pem, '/k.pem': d.keyPem },
    }),
    '/nats.conf',
    ['cert-expiring', 'cert-expired'],
    [],
  );
});

test('exactly a third left does not warn yet; a second less does', async () => {
  const third = 100 * DAY; // of 300 days
  const table: [number, boolean][] = [
    [third + SECOND, false],
    [third, false],
    [third - SECOND, true],
    [76 * DAY, true],
    [74 * DAY, true],
  ];
  for (const [left, warns] of table) assert.equal(await expiring(left), warns, `${left / DAY} days left of 300`);
});
