// cert-expiring's threshold: a warning once less than a third of the certificate's lifetime is left (but never
// earlier than 90 days before its end), or fewer than expiryWarningDays (30) days, whichever comes first. The
// third is checked on both sides of its boundary with certificates long enough that the 30 days never decide
// (a mutant that warned at a quarter or at a half survived every layer before these tests), and the 90-day cap
// with long-lived certificates (a ten-year root used to warn for its last three years).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { CertFactory, DAY, type Material } from '../helpers/certs';
import { expectFindings, NOW, runTls } from '../helpers/tls';

const f = new CertFactory(NOW);
let ca: Material;
before(async () => {
  ca = await f.ca({ notBefore: new Date(NOW.getTime() - 5000 * DAY), notAfter: new Date(NOW.getTime() + 5000 * DAY) });
});

const SECOND = 1000;
/** A certificate of `lifetimeDays` with `left` ms of its lifetime left at NOW (certificates hold whole seconds). */
const withLeft = (left: number, lifetimeDays = 210): Promise<Material> =>
  f.leaf(ca, { notBefore: new Date(NOW.getTime() + left - lifetimeDays * DAY), notAfter: new Date(NOW.getTime() + left) });

async function expiring(left: number, lifetimeDays = 210): Promise<boolean> {
  const c = await withLeft(left, lifetimeDays);
  const r = runTls({
    configs: { '/nats.conf': 'tls {\n  cert_file: "c.pem"\n  key_file: "k.pem"\n}\n' },
    raw: { '/c.pem': c.pem, '/k.pem': c.keyPem },
  });
  return r.in('/nats.conf', ['cert-expiring']).length > 0;
}

test('a third of the lifetime left is the boundary: 60 of 210 days left warns, 80 does not', async () => {
  // Between a quarter (52.5 days) and a third (70 days): only "a third" warns.
  const c = await withLeft(60 * DAY);
  expectFindings(
    runTls({
      configs: { '/nats.conf': 'tls {\n  cert_file: "⟦c.pem⟧"\n  key_file: "k.pem"\n}\n' },
      raw: { '/c.pem': c.pem, '/k.pem': c.keyPem },
    }),
    '/nats.conf',
    ['cert-expiring', 'cert-expired'],
    [{ code: 'cert-expiring', severity: 'warning', says: 'in 60 days' }],
  );
  // Between a third and a half (105 days): no warning.
  assert.equal(await expiring(80 * DAY), false);
});

test('exactly a third left does not warn yet; a second less does', async () => {
  const third = 70 * DAY; // of 210 days
  const table: [number, boolean][] = [
    [third + SECOND, false],
    [third, false],
    [third - SECOND, true],
    [53 * DAY, true],
    [51 * DAY, true],
  ];
  for (const [left, warns] of table) assert.equal(await expiring(left), warns, `${left / DAY} days left of 210`);
});

test('long-lived certificates warn only in their final 90 days, never at a third of their lifetime', async () => {
  // [lifetime in days, days left, warns]
  const table: [number, number, boolean][] = [
    [3650, 3 * 365, false], // a ten-year root with three years left: a third of its life, no warning
    [3650, 365, false],
    [3650, 91, false],
    [3650, 89, true],
    [3650, 20, true],
    [365, 100, false], // one year: a third would be 121 days
    [365, 89, true],
    [90, 31, false], // a 90-day certificate: a third is 30 days, as expiryWarningDays
    [90, 29, true],
  ];
  for (const [lifetime, left, warns] of table)
    assert.equal(await expiring(left * DAY, lifetime), warns, `${left} days left of ${lifetime}`);
});
