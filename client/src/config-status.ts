// Two language status items of `nats` files: the nats-server release the configs are checked against (with a
// one-click change: natsTls.selectServerVersion), and the folder nats-server must start in for the active
// config (the one "Check with nats-server" uses). For natsTls.serverVersion "auto" it asks the configured
// `nats-server --version` once per executable, in a trusted workspace only, and tells the language server.
// Loaded with the language client (client/out/language-client.js), not at activation.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigStatusRequest, ServerVersionDetectedRequest, StatusChangedNotification } from '../../server/src/protocol/requests';
import { SETTINGS_SECTION } from '../../server/src/protocol/settings';
import type { LanguageServer } from './language-server';
import { DEFAULT_NATS_SERVER, resolveExecutable, runVersion, type VersionOutcome } from './nats-server';

export const SELECT_SERVER_VERSION = 'natsTls.selectServerVersion';

/** A folder as users know it: relative to its workspace folder (the folder's name for the folder itself). */
function shownFolder(dir: string): string {
  const uri = vscode.Uri.file(dir);
  const root = vscode.workspace.getWorkspaceFolder(uri);
  if (!root) return dir;
  if (root.uri.fsPath === dir) return root.name;
  const rel = path.relative(root.uri.fsPath, dir).split(path.sep).join('/');
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${root.name}/${rel}` : rel;
}

export class ConfigStatus implements vscode.Disposable {
  private readonly target: vscode.LanguageStatusItem;
  private readonly cwd: vscode.LanguageStatusItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** `nats-server --version` per executable: asked once (again after natsTls.natsServerPath changes). */
  private readonly asked = new Map<string, Promise<VersionOutcome>>();
  /** Bumped on every update: an older answer arriving late is dropped. */
  private generation = 0;

  constructor(
    private readonly server: LanguageServer,
    private readonly output: vscode.LogOutputChannel,
  ) {
    const selector = { language: 'nats' };
    this.target = vscode.languages.createLanguageStatusItem('natsTls.targetVersion', selector);
    this.target.name = 'NATS target version';
    this.target.text = 'nats-server …';
    this.target.command = { title: 'Change', command: SELECT_SERVER_VERSION, tooltip: 'Choose the nats-server release to check against' };
    this.cwd = vscode.languages.createLanguageStatusItem('natsTls.workingDirectory', selector);
    this.cwd.name = 'nats-server working directory';
    this.cwd.text = '';
    this.cwd.command = { title: 'Check with nats-server', command: 'natsTls.checkWithNatsServer' };
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.detect()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.natsServerPath`)) {
          this.asked.clear();
          void this.detect();
        }
      }),
    );
    server.onNotification(StatusChangedNotification, () => void this.update());
  }

  /** Asks each workspace folder's nats-server for its version (trusted workspaces only) and tells the server. */
  async detect(): Promise<void> {
    if (!vscode.workspace.isTrusted) return this.update();
    const folders: (vscode.WorkspaceFolder | undefined)[] = vscode.workspace.workspaceFolders?.length
      ? [...vscode.workspace.workspaceFolders]
      : [undefined];
    for (const folder of folders) {
      const local = folder?.uri.scheme === 'file';
      const setting = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder?.uri).get<string>('natsServerPath', DEFAULT_NATS_SERVER);
      const executable = resolveExecutable(setting, local ? { workspaceFolder: folder.uri.fsPath } : {});
      let run = this.asked.get(executable);
      if (!run) {
        run = runVersion(executable);
        this.asked.set(executable, run);
      }
      const outcome = await run;
      try {
        const r = await this.server.request(ServerVersionDetectedRequest, {
          ...(local ? { folder: folder.uri.fsPath } : {}),
          executable,
          ...(outcome.kind === 'ran' ? { output: outcome.output } : { error: outcome.message }),
        });
        this.output.info(
          r.version
            ? `${executable} --version: ${r.version} (natsTls.serverVersion "auto" uses it)`
            : `${executable} --version: ${outcome.kind === 'ran' ? 'no version in its output' : outcome.message}; "auto" checks against the latest release`,
        );
      } catch (e) {
        this.output.warn(`nats-server version not sent: ${(e as Error).message}`);
      }
    }
    await this.update();
  }

  /** Shows the active file's target version and working directory, as the server sees them now. */
  async update(): Promise<void> {
    const generation = ++this.generation;
    const doc = vscode.window.activeTextEditor?.document;
    const uri = doc?.uri.scheme === 'file' ? doc.uri : vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!uri || uri.scheme !== 'file') return;
    let r;
    try {
      r = await this.server.request(ConfigStatusRequest, { uri: uri.toString() });
    } catch {
      return; // the server is (re)starting; the next change updates
    }
    if (generation !== this.generation) return;
    // Short details: the popup is narrow (the long "why" is in the hover on a path and the check's output).
    const t = r.target;
    this.target.text = `nats-server ${t.version}`;
    this.target.detail =
      t.setting !== 'auto'
        ? 'natsTls.serverVersion'
        : t.source === 'detected'
          ? 'auto: nats-server --version'
          : vscode.workspace.isTrusted
            ? 'auto: no nats-server answered'
            : 'auto: Restricted Mode runs no nats-server';
    const w = r.workingDirectory;
    this.cwd.text = w ? `$(folder) ${shownFolder(w.path)}` : '';
    this.cwd.detail = w ? (w.source === 'setting' ? 'nats-server runs here (natsTls.pathBase)' : 'nats-server runs here') : '';
    this.cwd.accessibilityInformation = w ? { label: `nats-server working directory ${w.path}: ${w.description}` } : undefined;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.target.dispose();
    this.cwd.dispose();
  }
}

/** Starts the status items: the version question first (it changes the target), then the first update. */
export function startConfigStatus(context: vscode.ExtensionContext, server: LanguageServer, output: vscode.LogOutputChannel): ConfigStatus {
  const status = new ConfigStatus(server, output);
  context.subscriptions.push(status);
  void status.detect();
  return status;
}
