// untrusted-chain: on cluster routes and gateways nats-server forces mutual TLS and verifies peers against
// the block's own ca_file. Peers run the same block, so a node whose certificate does not verify against
// that ca_file is rejected by every peer.
import type { SourceIssue } from '../conf/issue';
import { issueAt } from '../tls/issue-at';
import { pemOf, refOf, type FileRef, type TlsModel } from '../tls/model';
import type { CertInfo, PemFile } from '../x509/model';
import { chainFailureNote, verifyChain, type ChainResult } from '../x509/verify';

/**
 * Whether `roots` vouch for `leaf`, setting dates aside: expiry has findings of its own, and an expired
 * certificate from the wrong CA is still from the wrong CA. Verifies at a moment inside the leaf's validity.
 */
export function trustFailure(
  leaf: CertInfo,
  intermediates: CertInfo[],
  roots: CertInfo[],
  now: Date,
  usage?: 'serverAuth' | 'clientAuth',
): (ChainResult & { ok: false }) | undefined {
  const at = now < leaf.notBefore ? leaf.notBefore : now > leaf.notAfter ? leaf.notAfter : now;
  const r = verifyChain(leaf, { intermediates, roots, at, ...(usage ? { usage } : {}) });
  if (r.ok || r.reason === 'expired' || r.reason === 'not-yet-valid' || r.reason === 'incompatible-usage') return undefined;
  return r;
}

/** The loaded file of a reference, when it holds certificates. */
export function loaded(ref: FileRef | undefined): PemFile | undefined {
  const file = pemOf(ref);
  return file?.certs.length ? file : undefined;
}

export function checkChainTrust(model: TlsModel): SourceIssue[] {
  const out: SourceIssue[] = [];
  for (const block of model.blocks) {
    if (!block.location.mtlsForced) continue;
    const cert = refOf(model, block, 'cert_file');
    const ca = loaded(refOf(model, block, 'ca_file'));
    const chain = loaded(cert);
    if (!cert || !chain || !ca) continue;
    const [leaf, ...intermediates] = chain.certs;
    const r = trustFailure(leaf!, intermediates, ca.certs, model.now);
    if (!r) continue;
    out.push(
      issueAt(
        cert.at,
        'untrusted-chain',
        'error',
        `Every peer rejects this node's certificate: peers verify it against the same ca_file, since mutual TLS is forced on ${block.location.label}, and it does not verify. Issue ${leaf!.subjectCN ?? 'it'} from a CA in ca_file, or add its CA to ca_file.${chainFailureNote(r)} Go says: "${r.detail}"`,
        { reason: r.reason },
      ),
    );
  }
  return out;
}
