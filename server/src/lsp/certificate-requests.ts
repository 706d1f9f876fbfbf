// Reading certificate files for the client's commands: "Inspect Certificate" (natsTls/describeFile), and the
// certificates and CAs "Renew Certificate…" offers (natsTls/renewalCandidates, natsTls/issuersOf).
import { isExpiring } from '../core/checks/cert-validity';
import { describePemFile, formatDescription, nameOf, validityText } from '../core/x509/describe';
import { isFileFailure, loadPemFile } from '../core/x509/load';
import type { CertInfo, PemFile } from '../core/x509/model';
import { DescribeFileRequest, IssuersOfRequest, RenewalCandidatesRequest, type CaFiles, type RenewalCandidate } from '../protocol/requests';
import { absolute, handle, RequestFailed, settingsOf, shown, strings } from './request-support';
import type { ServerContext } from './server';

const INSPECT_NOTE = '(Read-only view of public facts; key material is never shown. Updates when the file changes.)';

/** Read fresh, not from the PEM cache: an inspect document refreshes when its file changes, maybe in the same tick. */
function load(ctx: ServerContext, file: string): PemFile | undefined {
  const loaded = loadPemFile(file, ctx.runtime.host.fs);
  return isFileFailure(loaded) ? undefined : loaded;
}

/** The certificate at `index` of a file, or why there is none. */
function certAt(ctx: ServerContext, file: string, index: number): CertInfo {
  const loaded = loadPemFile(file, ctx.runtime.host.fs);
  if (isFileFailure(loaded)) throw new RequestFailed(`${shown(ctx, file)}: ${loaded.detail}`);
  const cert = loaded.certs[index];
  if (!cert) throw new RequestFailed(`${shown(ctx, file)} has no certificate ${index + 1}`);
  return cert;
}

/** A leaf a CA issued, alone in its file with no key: what renewing can replace. */
function leafOf(pem: PemFile | undefined): CertInfo | undefined {
  const leaf = pem?.certs[0];
  return leaf && !leaf.isCA && pem.keys.length === 0 ? leaf : undefined;
}

function caList(v: unknown): CaFiles[] {
  if (!Array.isArray(v) || v.length > 1000) throw new RequestFailed('cas must be a list of at most 1000 CAs');
  return v.map((c: Partial<CaFiles> | undefined, i) => ({
    certPath: absolute(c?.certPath, `cas[${i}].certPath`),
    keyPath: absolute(c?.keyPath, `cas[${i}].keyPath`),
  }));
}

export function registerCertificateRequests(ctx: ServerContext): void {
  handle(ctx, DescribeFileRequest, (p) => {
    const file = absolute(p.path, 'path');
    const name = typeof p.name === 'string' && p.name ? p.name : file;
    const loaded = loadPemFile(file, ctx.runtime.host.fs);
    if (isFileFailure(loaded)) return { ok: false, text: `${name}: cannot read it: ${loaded.detail}\n` };
    const d = describePemFile(loaded, ctx.runtime.host.clock.now());
    return { ok: true, text: `${formatDescription(d, name)}\n\n${INSPECT_NOTE}\n` };
  });

  handle(ctx, RenewalCandidatesRequest, (p) => {
    const now = ctx.runtime.host.clock.now();
    const out: (RenewalCandidate & { at: number })[] = [];
    for (const raw of strings(p.paths, 'paths')) {
      const file = absolute(raw, 'paths[]');
      const leaf = leafOf(load(ctx, file));
      if (!leaf) continue;
      const v = validityText(leaf, now);
      const expiring = v.status === 'valid' && isExpiring(leaf, now, settingsOf(ctx, file).expiryWarningDays);
      out.push({
        path: file,
        subject: leaf.subject,
        name: nameOf(leaf),
        issuer: leaf.issuer,
        notAfter: leaf.notAfter.toISOString(),
        timeLeft: v.timeLeft,
        status: expiring ? 'expiring' : v.status,
        at: leaf.notAfter.getTime(),
      });
    }
    out.sort((a, b) => a.at - b.at || a.path.localeCompare(b.path));
    return { certificates: out.map(({ at: _at, ...c }) => c) };
  });

  handle(ctx, IssuersOfRequest, (p) => {
    const file = absolute(p.certPath, 'certPath');
    const index = typeof p.index === 'number' && Number.isInteger(p.index) && p.index >= 0 ? p.index : 0;
    const cert = certAt(ctx, file, index);
    const cas = caList(p.cas).filter((ca) => load(ctx, ca.certPath)?.certs[0]?.subject === cert.issuer);
    return { subject: cert.subject, issuer: cert.issuer, cas };
  });
}
