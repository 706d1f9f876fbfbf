// What Go requires of the certificates themselves: no-san, missing-server-auth, missing-client-auth,
// weak-key, weak-signature, ca-not-ca.
import type { SourceIssue } from '../conf/issue';
import { issueAt } from '../tls/issue-at';
import { isFailure, type FileRef, type TlsModel } from '../tls/model';
import { nameOf } from '../x509/describe';
import type { CertInfo } from '../x509/model';

export function allowsUsage(c: CertInfo, usage: 'serverAuth' | 'clientAuth'): boolean {
  return !c.extKeyUsage || c.extKeyUsage.includes(usage) || c.extKeyUsage.includes('any');
}

export function checkCertProfile(model: TlsModel): SourceIssue[] {
  const out: SourceIssue[] = [];
  for (const ref of model.refs) {
    if (ref.field === 'key_file' || !ref.file || isFailure(ref.file) || ref.file.certs.length === 0) continue;
    if (ref.field === 'cert_file') out.push(...leafProfile(ref, ref.file.certs[0]!));
    for (const c of ref.file.certs) {
      if (c.publicKey.algorithm === 'RSA' && (c.publicKey.bits ?? 0) < 2048) {
        out.push(
          issueAt(
            ref.at,
            'weak-key',
            'warning',
            `${nameOf(c)} has a ${c.publicKey.bits}-bit RSA key; anything under 2048 bits can be broken and many TLS stacks refuse it. Reissue it with RSA 2048+ or ECDSA P-256.`,
            { index: c.index },
          ),
        );
      }
      // A root's own signature is never checked, so only certificates signed by someone else matter.
      if (c.weakSignature && !c.selfSigned) {
        out.push(
          issueAt(
            ref.at,
            'weak-signature',
            'warning',
            `${nameOf(c)} is signed with ${c.weakSignature.toUpperCase()}, which Go rejects. Reissue it with SHA-256. Go says: "x509: cannot verify signature: insecure algorithm"`,
            { index: c.index },
          ),
        );
      }
      // Go lets an X.509 v1 certificate (no extensions, so no basicConstraints) sign as a trust anchor; only a
      // v3 one without CA:TRUE cannot (crypto/x509 checkSignatureFrom).
      if (ref.field === 'ca_file' && c.isCA !== true && c.version !== 1) {
        out.push(
          issueAt(
            ref.at,
            'ca-not-ca',
            'information',
            `Entry ${c.index + 1} of this CA bundle (${nameOf(c)}) is not a CA certificate (no CA:TRUE): it can only vouch for itself, pinning exactly that peer.`,
            { index: c.index },
          ),
        );
      }
    }
  }
  return out;
}

function leafProfile(ref: FileRef, leaf: CertInfo): SourceIssue[] {
  const out: SourceIssue[] = [];
  const loc = ref.block.location;
  if (loc.presentsAsServer && !leaf.san && leaf.isCA !== true) {
    out.push(
      issueAt(
        ref.at,
        'no-san',
        'error',
        `${nameOf(leaf)} has no subjectAltName, so Go clients reject it. Reissue it with the host names as DNS and IP SANs. Go says: "x509: certificate relies on legacy Common Name field, use SANs instead"`,
      ),
    );
  }
  if (loc.presentsAsServer && !allowsUsage(leaf, 'serverAuth')) {
    out.push(
      issueAt(
        ref.at,
        'missing-server-auth',
        'error',
        `${nameOf(leaf)} serves ${loc.label}, but its extended key usage lacks serverAuth (${leaf.extKeyUsage!.join(', ')}), so clients reject it. Reissue it with serverAuth. Go says: "x509: certificate specifies an incompatible key usage"`,
      ),
    );
  }
  if (loc.presentsAsClient && !allowsUsage(leaf, 'clientAuth')) {
    const why = loc.mtlsForced
      ? `nats-server also dials ${loc.label} with it, as the TLS client`
      : `it is presented as a client certificate on ${loc.label}`;
    out.push(
      issueAt(
        ref.at,
        'missing-client-auth',
        'error',
        `${nameOf(leaf)}'s extended key usage lacks clientAuth (${leaf.extKeyUsage!.join(', ')}), but ${why}, so peers reject it. Reissue it with serverAuth and clientAuth. Go says: "x509: certificate specifies an incompatible key usage"`,
      ),
    );
  }
  return out;
}
