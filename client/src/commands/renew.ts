// "Renew Certificate…": a new certificate with the same names from the CA that issued it, its key kept
// when the key file is at hand. Called by the server's quick fix on cert-expiring/cert-expired (with the
// certificate, key and CA paths) and from the palette or the Explorer (asks what it needs).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { planRenew, renewedKeyFile } from '../../../server/src/core/ca/renew';
import { CA_CERT_FILE, CA_KEY_FILE } from '../../../server/src/core/ca/scaffold';
import { validityText } from '../../../server/src/core/x509/describe';
import type { CertInfo } from '../../../server/src/core/x509/model';
import { parsePemFile } from '../../../server/src/core/x509/pem';
import { decodeConfig } from '../../../server/src/core/text/decode';
import type { RenewCertificateArgs } from '../../../server/src/lsp/code-actions';
import {
  exists,
  findCas,
  loadIssuerFrom,
  orCancel,
  readBytes,
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

function isRenewArgs(v: unknown): v is RenewCertificateArgs {
  const a = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  return typeof a.certPath === 'string' && typeof a.caCertPath === 'string' && typeof a.caKeyPath === 'string';
}

async function leafOf(uri: vscode.Uri): Promise<CertInfo | undefined> {
  try {
    const bytes = await readBytes(uri);
    const pem = parsePemFile(bytes, { path: uri.fsPath, size: bytes.length, mtimeMs: 0 });
    const leaf = pem.certs[0];
    return leaf && !leaf.isCA && pem.keys.length === 0 ? leaf : undefined;
  } catch {
    return undefined;
  }
}

/** The workspace's leaf certificates, soonest expiry first, to pick one to renew. */
async function pickCertificate(now: Date): Promise<{ uri: vscode.Uri; leaf: CertInfo }> {
  const files = await vscode.workspace.findFiles(CERT_GLOB, SEARCH_EXCLUDE, MAX_LISTED);
  const items: (vscode.QuickPickItem & { uri: vscode.Uri; leaf: CertInfo })[] = [];
  for (const uri of files) {
    if (/-key\.pem$/i.test(uri.path) || path.basename(uri.path) === CA_CERT_FILE) continue;
    const leaf = await leafOf(uri);
    if (!leaf) continue;
    items.push({ label: shown(uri), description: `${leaf.subjectCN ?? leaf.subject}: ${validityText(leaf, now).timeLeft}`, uri, leaf });
  }
  if (!items.length) throw new Error('the workspace has no certificate that a CA issued (leaf certificates in .pem, .crt or .cer files)');
  items.sort((a, b) => a.leaf.notAfter.getTime() - b.leaf.notAfter.getTime());
  return orCancel(
    await vscode.window.showQuickPick(items, {
      title: 'NATS: Renew Certificate',
      placeHolder: 'The certificate to renew',
      matchOnDescription: true,
      ignoreFocusOut: true,
    }),
  );
}

/** The workspace CA (ca.pem + ca-key.pem) whose subject is the certificate's issuer. */
async function caFor(leaf: CertInfo): Promise<{ cert: vscode.Uri; key: vscode.Uri }> {
  const matching: { cert: vscode.Uri; key: vscode.Uri }[] = [];
  for (const ca of await findCas()) {
    const bytes = await readBytes(ca.cert).catch(() => undefined);
    const cert = bytes && parsePemFile(bytes, { path: ca.cert.fsPath, size: bytes.length, mtimeMs: 0 }).certs[0];
    if (cert && cert.subject === leaf.issuer) matching.push(ca);
  }
  if (matching.length === 0) {
    throw new Error(
      `no test CA in the workspace (${CA_CERT_FILE} with ${CA_KEY_FILE}) issued ${leaf.subject}; it was issued by ${leaf.issuer || '(empty)'}`,
    );
  }
  if (matching.length === 1) return matching[0]!;
  const pick = await vscode.window.showQuickPick(
    matching.map((m) => ({ label: shown(m.cert), m })),
    { title: 'NATS: Renew Certificate', placeHolder: `Several CAs are named ${leaf.issuer}: which one issued it?`, ignoreFocusOut: true },
  );
  return orCancel(pick).m;
}

export async function renewCertificate(services: Services, arg?: unknown): Promise<vscode.Uri[] | undefined> {
  return runFlow(services, { name: 'Renew Certificate', trusted: true }, async () => {
    const now = services.now();
    let certUri: vscode.Uri;
    let keyUri: vscode.Uri | undefined;
    let ca: { cert: vscode.Uri; key: vscode.Uri };
    let index = 0;
    if (isRenewArgs(arg)) {
      certUri = vscode.Uri.file(arg.certPath);
      keyUri = arg.keyPath ? vscode.Uri.file(arg.keyPath) : undefined;
      ca = { cert: vscode.Uri.file(arg.caCertPath), key: vscode.Uri.file(arg.caKeyPath) };
      index = typeof arg.index === 'number' && arg.index >= 0 ? arg.index : 0;
    } else {
      const given =
        toUri(arg) ??
        (vscode.window.activeTextEditor && /\.(pem|crt|cer)$/i.test(vscode.window.activeTextEditor.document.uri.path)
          ? vscode.window.activeTextEditor.document.uri
          : undefined);
      let leaf: CertInfo | undefined;
      if (given) {
        leaf = await leafOf(given);
        if (!leaf) throw new Error(`${shown(given)} holds no leaf certificate to renew (a CA, a key, or no PEM certificate)`);
        certUri = given;
      } else {
        ({ uri: certUri, leaf } = await pickCertificate(now));
      }
      ca = await caFor(leaf);
      // The key beside it; kept below when it exists, else where the new key goes (planRenew's default too).
      keyUri = vscode.Uri.joinPath(certUri, '..', renewedKeyFile(path.basename(certUri.path)));
    }

    const issuer = await loadIssuerFrom(ca.cert, ca.key);
    const bytes = await readBytes(certUri);
    const keyPem = keyUri && (await exists(keyUri)) ? decodeConfig(await readBytes(keyUri)) : undefined;
    const certDir = vscode.Uri.joinPath(certUri, '..');
    const keyDir = keyUri ? vscode.Uri.joinPath(keyUri, '..') : certDir;
    const plan = await planRenew(issuer, {
      now,
      certFile: { relativePath: path.basename(certUri.path), bytes },
      index,
      ...(keyPem !== undefined ? { key: { pem: keyPem } } : {}),
      ...(keyUri ? { newKeyPath: path.basename(keyUri.path) } : {}),
    });
    const batches = splitByDir(plan.files, certDir, keyDir);
    const status = validityText(plan.old, now).timeLeft;
    const written = await writeBatches(services, batches, {
      confirm: `Renew ${plan.old.subject} (${status}) with ${shown(ca.cert)}? ${plan.keptKey ? `The key in ${shown(keyUri!)} stays.` : 'A new key is made.'}`,
    });
    const until = plan.certificates[0]!.notAfter.toISOString().slice(0, 10);
    reportWritten(
      services,
      `Renewed ${plan.old.subject} until ${until} (${written.map(shown).join(', ')}). A running nats-server loads it on reload (nats-server --signal reload) or restart.`,
      written,
      plan,
    );
    return written;
  });
}
