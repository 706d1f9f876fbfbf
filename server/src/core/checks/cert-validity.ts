// cert-expired / cert-not-yet-valid / cert-expiring: nats-server starts with any of these (it never checks
// dates), and then every peer that verifies the certificate fails the handshake.
import type { SourceIssue } from '../conf/issue';
import { issueAt } from '../tls/issue-at';
import { isFailure, type TlsModel } from '../tls/model';
import { DAY, daysBetween, isoDay, nameOf } from '../x509/describe';
import type { CertInfo } from '../x509/model';

/**
 * Within `expiryWarningDays` of its end, or with less than a third of its lifetime left, whichever comes first
 * (a valid certificate; the caller checks the dates first). Also marks renewal candidates in the editor.
 */
export function isExpiring(c: Pick<CertInfo, 'notBefore' | 'notAfter'>, now: Date, expiryWarningDays: number): boolean {
  const left = c.notAfter.getTime() - now.getTime();
  const lifetime = c.notAfter.getTime() - c.notBefore.getTime();
  return left < Math.max(expiryWarningDays * DAY, lifetime / 3);
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
