// "Renew Certificate…": a new certificate with the same names from the CA that issued it, its key kept when
// the key file is at hand. Called by the server's quick fix on cert-expiring/cert-expired (with the
// certificate, key and CA paths) and from the palette or the Explorer (asks what it needs). The server reads
// the certificates and plans (natsTls/renewalCandidates, natsTls/issuersOf, natsTls/planRenewal).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RenewCertificateArgs } from '../../../server/src/protocol/commands';
import { CA_CERT_FILE, CA_KEY_FILE } from '../../../server/src/protocol/files';
import {
  IssuersOfRequest,
  PlanRenewalRequest,
  RenewalCandidatesRequest,
  type CaFiles,
  type RenewalCandidate,
} from '../../../server/src/protocol/requests';
import { createOpener } from '../../../server/src/protocol/seal';
import {
  caFiles,
  findCas,
  isLocal,
  localPath,
  orCancel,
  plannedFiles,
  reportWritten,
  runFlow,
  SEARCH_EXCLUDE,
  shown,
  splitByDir,
  toUri,
  writeBatches,
  type Services,
} from './shared';

const CERT_GLOB = '**/*.{pem,crt,cer}';
const MAX_LISTED = 300;
const TITLE = 'NATS: Renew Certificate';

function isRenewArgs(v: unknown): v is RenewCertificateArgs {
  const a = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  return typeof a.certPath === 'string' && typeof a.caCertPath === 'string' && typeof a.caKeyPath === 'string';
}

/** The workspace's leaf certificates, soonest expiry first, to pick one to renew. */
async function pickCertificate(services: Services): Promise<RenewalCandidate> {
  const files = (await vscode.workspace.findFiles(CERT_GLOB, SEARCH_EXCLUDE, MAX_LISTED)).filter(
    (u) => isLocal(u) && !/-key\.pem$/i.test(u.path) && path.basename(u.path) !== CA_CERT_FILE,
  );
  const { certificates } = await services.server.request(RenewalCandidatesRequest, { paths: files.map((u) => u.fsPath) });
  if (!certificates.length)
    throw new Error('the workspace has no certificate that a CA issued (leaf certificates in .pem, .crt or .cer files)');
  const items = certificates.map((c) => ({
    label: shown(vscode.Uri.file(c.path)),
    description: `${c.name}: ${c.timeLeft}`,
    ...(c.status === 'expiring' ? { detail: 'expiring soon (natsTls.expiryWarningDays)' } : {}),
    c,
  }));
  return orCancel(
    await vscode.window.showQuickPick(items, {
      title: TITLE,
      placeHolder: 'The certificate to renew',
      matchOnDescription: true,
      ignoreFocusOut: true,
    }),
  ).c;
}

/** The workspace CA (ca.pem + ca-key.pem) whose subject is the certificate's issuer. */
async function caFor(services: Services, certPath: string): Promise<CaFiles> {
  const cas = (await findCas()).filter((ca) => isLocal(ca.folder)).map(caFiles);
  const r = await services.server.request(IssuersOfRequest, { certPath, cas });
  if (r.cas.length === 0) {
    throw new Error(
      `no test CA in the workspace (${CA_CERT_FILE} with ${CA_KEY_FILE}) issued ${r.subject}; it was issued by ${r.issuer || '(empty)'}`,
    );
  }
  if (r.cas.length === 1) return r.cas[0]!;
  const pick = await vscode.window.showQuickPick(
    r.cas.map((m) => ({ label: shown(vscode.Uri.file(m.certPath)), m })),
    { title: TITLE, placeHolder: `Several CAs are named ${r.issuer}: which one issued it?`, ignoreFocusOut: true },
  );
  return orCancel(pick).m;
}

export async function renewCertificate(services: Services, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  return runFlow(services, { name: 'Renew Certificate', trusted: true }, async () => {
    let certPath: string;
    let keyPath: string | undefined;
    let ca: CaFiles;
    let index = 0;
    if (isRenewArgs(arg)) {
      certPath = arg.certPath;
      keyPath = arg.keyPath;
      ca = { certPath: arg.caCertPath, keyPath: arg.caKeyPath };
      index = typeof arg.index === 'number' && arg.index >= 0 ? arg.index : 0;
    } else {
      const given =
        toUri(arg) ??
        (vscode.window.activeTextEditor && /\.(pem|crt|cer)$/i.test(vscode.window.activeTextEditor.document.uri.path)
          ? vscode.window.activeTextEditor.document.uri
          : undefined);
      if (given) {
        const { certificates } = await services.server.request(RenewalCandidatesRequest, { paths: [localPath(given)] });
        if (!certificates.length)
          throw new Error(`${shown(given)} holds no leaf certificate to renew (a CA, a key, or no PEM certificate)`);
        certPath = given.fsPath;
      } else {
        certPath = (await pickCertificate(services)).path;
      }
      ca = await caFor(services, certPath);
      // No key path: the server keeps `<name>-key.pem` beside the certificate when it exists, else makes one there.
    }

    const opener = createOpener();
    const plan = await services.server.request(PlanRenewalRequest, {
      recipient: opener.recipient,
      certPath,
      index,
      ca,
      ...(keyPath ? { keyPath } : {}),
    });
    const certUri = vscode.Uri.file(plan.certPath);
    const keyUri = vscode.Uri.file(plan.keyPath);
    const batches = splitByDir(plannedFiles(plan, opener), vscode.Uri.joinPath(certUri, '..'), vscode.Uri.joinPath(keyUri, '..'));
    const written = await writeBatches(services, batches, {
      confirm: `Renew ${plan.old.subject} (${plan.old.timeLeft}) with ${shown(vscode.Uri.file(ca.certPath))}? ${plan.keptKey ? `The key in ${shown(keyUri)} stays.` : 'A new key is made.'}`,
    });
    const until = plan.certificates[0]!.notAfter.slice(0, 10);
    reportWritten(
      services,
      `Renewed ${plan.old.subject} until ${until} (${written.map(shown).join(', ')}). A running nats-server loads it on reload (nats-server --signal reload) or restart.`,
      written,
      plan,
    );
    return written;
  });
}
