// Helpers for modules that run INSIDE the extension host (CodeServer.runInHost). They use the vscode API
// and wait on its events, never on time.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'nats-tls.nats-tls';

/**
 * Activates the extension under test. Its language server starts in the background (activate() does not wait
 * for it): use waitForLanguageServer before asking the server anything.
 */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed; found: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
  await ext.activate();
  return ext;
}

/**
 * A file of the workspace: `path` relative to the workspace folder named `folder` (default: the first),
 * or an absolute path.
 */
export function workspaceUri(file: string, folder?: string): vscode.Uri {
  if (file.startsWith('/')) return vscode.Uri.file(file);
  const folders = vscode.workspace.workspaceFolders ?? [];
  const root = folder === undefined ? folders[0] : folders.find((f) => f.name === folder);
  if (!root) throw new Error(`no workspace folder ${folder ?? '(none open)'}; open: ${folders.map((f) => f.name).join(', ')}`);
  return vscode.Uri.joinPath(root.uri, ...file.split('/'));
}

/** Opens a document in an editor (pull diagnostics are asked for documents that show). */
export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
}

/**
 * Resolves once the language server has reported on a document, with diagnostics or without (the client's
 * pull-diagnostics collection then holds the document, maybe with an empty list): the client is running, all
 * its providers are registered and the server has the document open. Checks now and on every
 * onDidChangeDiagnostics for it; rejects after `timeoutMs`. Only nats-tls reports on the files the e2e
 * workspaces hold (.conf, .pem), so any collection that holds the document is ours.
 */
export function waitForLanguageServer(uri: vscode.Uri, timeoutMs = 20_000): Promise<void> {
  const reported = (): boolean => vscode.languages.getDiagnostics().some(([u]) => u.toString() === uri.toString());
  return new Promise((resolve, reject) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && reported()) done(resolve);
    });
    const timer = setTimeout(
      () => done(() => reject(new Error(`the language server reported nothing on ${uri.toString()} within ${timeoutMs} ms`))),
      timeoutMs,
    );
    const done = (then: () => void): void => {
      clearTimeout(timer);
      sub.dispose();
      then();
    };
    if (reported()) done(resolve);
  });
}

/**
 * Resolves with a document's diagnostics once `accept` says yes, checking now and on every
 * onDidChangeDiagnostics for that document; rejects after `timeoutMs` with what it last saw.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (d: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const d = vscode.languages.getDiagnostics(uri);
      if (!accept(d)) return false;
      done();
      resolve(d);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${d.source}/${codeOf(d)}: ${d.message}`);
      reject(new Error(`diagnostics of ${uri.toString()} not as expected within ${timeoutMs} ms; saw ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}
