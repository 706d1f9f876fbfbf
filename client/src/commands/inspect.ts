// "Inspect Certificate": what a certificate, key or CA file holds, as nats-server will read it, in a
// read-only document (scheme nats-tls-inspect). The language server reads the file and describes it
// (natsTls/describeFile): public facts only, subjects, SANs, validity, fingerprints, key types; never key
// material. Works in Restricted Mode (it only reads).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { INSPECT_SCHEME } from '../../../server/src/protocol/commands';
import { DescribeFileRequest } from '../../../server/src/protocol/requests';
import { isLocal, openDocumentOf, orCancel, runFlow, shown, toUri, type Services } from './shared';

export const CERT_EXTENSIONS = ['pem', 'crt', 'cer', 'der', 'key'];
const MAX_AT_ONCE = 10;

/** The inspect document of a file: its name in the tab, the file's URI in the query. */
export function inspectUri(target: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${path.basename(target.path)} (inspect)`, query: target.toString() });
}

export class InspectProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(private readonly services: Services) {
    // An open inspect document follows its file.
    this.watcher = vscode.workspace.createFileSystemWatcher(`**/*.{${CERT_EXTENSIONS.join(',')}}`);
    const refresh = (uri: vscode.Uri): void => {
      const doc = inspectUri(uri);
      if (openDocumentOf(doc)) this.changed.fire(doc);
    };
    this.watcher.onDidChange(refresh);
    this.watcher.onDidCreate(refresh);
    this.watcher.onDidDelete(refresh);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = vscode.Uri.parse(uri.query, true);
    const name = shown(target);
    if (!isLocal(target)) return `${name}: cannot read it: it is not on this machine's disk\n`;
    try {
      return (await this.services.server.request(DescribeFileRequest, { path: target.fsPath, name })).text;
    } catch (e) {
      return `${name}: cannot read it: ${(e as Error).message}\n`;
    }
  }

  /** Shows the inspect documents (a refresh when already open). */
  async show(targets: vscode.Uri[]): Promise<void> {
    for (const [i, t] of targets.entries()) {
      const uri = inspectUri(t);
      this.changed.fire(uri);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: targets.length === 1, preserveFocus: i > 0 });
    }
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

const isCertFile = (uri: vscode.Uri): boolean => new RegExp(`\\.(${CERT_EXTENSIONS.join('|')})$`, 'i').test(uri.path);

/**
 * The files to inspect: the Explorer selection (uri, uris), a URI or path argument, the active editor's file
 * when it is one, or a file picker.
 */
export async function inspectCertificate(services: Services, provider: InspectProvider, arg?: unknown, selection?: unknown): Promise<void> {
  await runFlow(services, { name: 'Inspect Certificate' }, async () => {
    let targets = Array.isArray(selection) ? selection.map(toUri).filter((u): u is vscode.Uri => !!u) : [];
    if (!targets.length) {
      const one = toUri(arg);
      if (one) targets = [one];
    }
    if (!targets.length) {
      const active = vscode.window.activeTextEditor?.document.uri;
      if (active && active.scheme !== INSPECT_SCHEME && isCertFile(active)) targets = [active];
    }
    if (!targets.length) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: true,
        openLabel: 'Inspect',
        filters: { 'Certificates and keys': CERT_EXTENSIONS, 'All files': ['*'] },
        ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      });
      targets = orCancel(picked?.length ? picked : undefined);
    }
    await provider.show(targets.slice(0, MAX_AT_ONCE));
  });
}
