// cert-expired / cert-not-yet-valid / cert-expiring: nats-server starts with any of these (it never checks
// dates), and then every peer that verifies the certificate fails the handshake.
import type { SourceIssue } from '../conf/issue';
import { issueAt } from '../tls/issue-at';
import { isFailure, type TlsModel } from '../tls/model';
import { DAY, daysBetween, isoDay, nameOf } from '../x509/describe';
import type { CertInfo } from '../x509/model';

/**
 * A third of the lifetime, but never more than this: a ten-year root would otherwise warn for its last three
 * years, a warning nobody acts on. 90 days is the renewal window of the shortest-lived public certificates.
 */
export const EXPIRING_CAP_DAYS = 90;

/**
 * Within `expiryWarningDays` of its end, or with less than a third of its lifetime left (at most
 * EXPIRING_CAP_DAYS), whichever comes first (a valid certificate; the caller checks the dates first): a 90-day
 * certificate warns at 30 days left, a one-year or a ten-year one at 90. Also marks renewal candidates.
 */
export function isExpiring(c: Pick<CertInfo, 'notBefore' | 'notAfter'>, now: Date, expiryWarningDays: number): boolean {
  const left = c.notAfter.getTime() - now.getTime();
  const lifetime = c.notAfter.getTime() - c.notBefore.getTime();
  return left < Math.max(expiryWarningDays * DAY, Math.min(lifetime / 3, EXPIRING_CAP_DAYS * DAY));
}

export function checkCertValidity(model: TlsModel): SourceIssue[] {
  const out: SourceIssue[] = [];
  const now = model.now;
  for (const ref of model.refs) {
    if (ref.field === 'key_file' || !ref.file || isFailure(ref.file)) continue;
    const certs = ref.file.certs;
    for (const c of certs) {
      const which = certs.length > 1 ? `${ref.field === 'ca_file' ? 'CA' : 'Certificate'} ${c.index + 1} (${nameOf(c)})` : nameOf(c);
      const data = { index: c.index, subject: c.subject, notAfter: c.notAfter.toISOString(), field: ref.field };
      if (now > c.notAfter) {
        out.push(
          issueAt(
            ref.at,
            'cert-expired',
            'error',
            `${which} expired on ${isoDay(c.notAfter)}, ${daysBetween(c.notAfter, now)} days ago: nats-server still starts, but peers reject it. Renew it. Go says: "x509: certificate has expired or is not yet valid"`,
            data,
          ),
        );
      } else if (now < c.notBefore) {
        out.push(
          issueAt(
            ref.at,
            'cert-not-yet-valid',
            'error',
            `${which} is not valid until ${c.notBefore.toISOString().replace('.000Z', 'Z')}, and until then peers reject it. Check the clock of the machine that issued it. Go says: "x509: certificate has expired or is not yet valid"`,
            data,
          ),
        );
      } else if (isExpiring(c, now, model.settings.expiryWarningDays)) {
        out.push(
          issueAt(
            ref.at,
            'cert-expiring',
            'warning',
            `${which} expires on ${isoDay(c.notAfter)}, in ${daysBetween(now, c.notAfter)} days. Renew it before then.`,
            data,
          ),
        );
      }
    }
  }
  return out;
}
