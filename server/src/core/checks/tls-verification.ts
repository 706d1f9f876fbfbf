// What a block really verifies: no-certificate, verify-without-ca, ca-file-unused, insecure-skip-verify.
import type { SourceIssue } from '../conf/issue';
import { isOn, valueOf } from '../tls/blocks';
import { issueAt, keyOf } from '../tls/issue-at';
import type { TlsModel } from '../tls/model';

export function checkTlsVerification(model: TlsModel): SourceIssue[] {
  const out: SourceIssue[] = [];
  for (const block of model.blocks) {
    const loc = block.location;
    const f = block.fields;
    const hasCert = !!(f.get('cert_file') || f.get('certs') || f.get('certificates') || f.get('cert_store'));
    if (loc.server && loc.presentsAsServer && !hasCert) {
      out.push(
        issueAt(
          block.anchor,
          'no-certificate',
          'warning',
          `nats-server starts, but every TLS handshake on ${loc.label} fails. Add cert_file and key_file. Go says: "tls: no certificates configured"`,
        ),
      );
    }
    const verifyEntry = isOn(f.get('verify_and_map')) ? f.get('verify_and_map') : isOn(f.get('verify')) ? f.get('verify') : undefined;
    // nats-server reads `ca_file: ""` as no ca_file at all.
    const caFile =
      valueOf(f.get('ca_file'))?.kind === 'string' && (valueOf(f.get('ca_file')) as { value: string }).value === ''
        ? undefined
        : f.get('ca_file');
    const ca = caFile ?? f.get('ca_certs_match');
    if (loc.server && loc.presentsAsServer && !ca) {
      if (verifyEntry && !loc.mtlsForced) {
        out.push(
          issueAt(
            keyOf(verifyEntry),
            'verify-without-ca',
            'warning',
            `${verifyEntry.key} without ca_file: client certificates are checked against the system's trusted roots, so certificates from your own CA are rejected. Add ca_file with your CA. Go says: "x509: certificate signed by unknown authority"`,
          ),
        );
      } else if (loc.mtlsForced) {
        out.push(
          issueAt(
            verifyEntry ? keyOf(verifyEntry) : block.anchor,
            'verify-without-ca',
            'warning',
            `${loc.path} has no ca_file: nats-server verifies peers on ${loc.label} against the system's trusted roots, so certificates from your own CA are rejected. Add ca_file with your CA.`,
          ),
        );
      }
    }
    // With OCSP stapling on, nats-server reads ca_file to find the certificate's issuer: it is used.
    if (
      loc.server &&
      loc.presentsAsServer &&
      !loc.presentsAsClient &&
      caFile &&
      !verifyEntry &&
      !valueOf(f.get('ocsp_peer')) &&
      !model.ocspStapling
    ) {
      out.push(
        issueAt(
          keyOf(caFile),
          'ca-file-unused',
          'warning',
          `nats-server loads ca_file but does not request client certificates on ${loc.label} without verify: true, so any client is accepted. Add verify: true for mutual TLS, or remove ca_file.`,
        ),
      );
    }
    const insecure = f.get('insecure') ?? (loc.server ? undefined : f.get('rejectunauthorized'));
    const skips =
      insecure && (insecure.name === 'rejectunauthorized' ? valueOf(insecure)?.kind === 'bool' && !isOn(insecure) : isOn(insecure));
    if (insecure && skips && loc.presentsAsClient) {
      out.push(
        issueAt(
          keyOf(insecure),
          'insecure-skip-verify',
          'warning',
          `${insecure.key} turns off verification of the remote server's certificate chain and hostname on ${loc.label}: anyone can impersonate it. Remove it and give ca_file instead.`,
        ),
      );
    }
  }
  return out;
}
