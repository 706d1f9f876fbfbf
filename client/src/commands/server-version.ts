// "Select nats-server Version…" (the target version language status item's "Change"): a quick pick of auto,
// latest and each release the checks tell apart, written to natsTls.serverVersion where it is set now (the
// workspace folder, the workspace, or the user settings).
import * as vscode from 'vscode';
import { ConfigStatusRequest } from '../../../server/src/protocol/requests';
import { AUTO_VERSION, SETTINGS_SECTION } from '../../../server/src/protocol/settings';
import { orCancel, runFlow, type Services } from './shared';

type Item = vscode.QuickPickItem & { value?: string };

/** Where the setting is written: the most specific place it is set, else the workspace (user settings without one). */
function targetOf(config: vscode.WorkspaceConfiguration, folder: vscode.WorkspaceFolder | undefined): vscode.ConfigurationTarget {
  const i = config.inspect<string>('serverVersion');
  if (folder && i?.workspaceFolderValue !== undefined && (vscode.workspace.workspaceFolders?.length ?? 0) > 1)
    return vscode.ConfigurationTarget.WorkspaceFolder;
  if (i?.workspaceValue !== undefined || vscode.workspace.workspaceFolders?.length) return vscode.ConfigurationTarget.Workspace;
  return vscode.ConfigurationTarget.Global;
}

const parts = (v: string): number[] => v.split('.').map(Number);
const newer = (a: string, b: string): number => {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  return 0;
};

/** The known releases, and the configured nats-server's among them (newest first). */
function withDetected(known: string[], detected: string | undefined): string[] {
  return [...new Set([...known, ...(detected ? [detected] : [])])].sort(newer);
}

export async function selectServerVersion(services: Services, arg?: unknown): Promise<string | undefined> {
  return runFlow(services, { name: 'Select nats-server Version' }, async (title) => {
    const active = vscode.window.activeTextEditor?.document.uri;
    const uri = active?.scheme === 'file' ? active : vscode.workspace.workspaceFolders?.[0]?.uri;
    const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, uri);
    let value = typeof arg === 'string' && arg.trim() ? arg.trim() : undefined;
    if (!value) {
      const status = uri ? await services.server.request(ConfigStatusRequest, { uri: uri.toString() }) : undefined;
      const current = config.get<string>('serverVersion', AUTO_VERSION);
      const detected = status?.target.detected;
      const mark = (v: string, description: string): string => (v === current ? `${description} · current` : description);
      const items: Item[] = [
        {
          label: AUTO_VERSION,
          description: mark(AUTO_VERSION, detected ? `nats-server ${detected} here` : 'latest until a nats-server answers'),
          detail: vscode.workspace.isTrusted
            ? 'The release `natsTls.natsServerPath --version` reports; the latest when it cannot run'
            : 'The release of the configured nats-server once the workspace is trusted; the latest until then',
          value: AUTO_VERSION,
        },
        { label: 'latest', description: mark('latest', status?.knownVersions[0] ?? ''), value: 'latest' },
        { label: 'Releases', kind: vscode.QuickPickItemKind.Separator },
        ...withDetected(status?.knownVersions ?? [], detected).map((v) => ({
          label: v,
          description: mark(v, v === detected ? 'the configured nats-server' : ''),
          value: v,
        })),
      ];
      const pick = orCancel(
        await vscode.window.showQuickPick(items, {
          title,
          placeHolder: `Check configs against which nats-server release? Now: ${status?.target.description ?? current}`,
        }),
      );
      value = orCancel(pick.value);
    }
    await config.update('serverVersion', value, targetOf(config, folder));
    services.output.info(`natsTls.serverVersion: ${value}`);
    return value;
  });
}
