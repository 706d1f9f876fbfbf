// In-host module: what VS Code makes of a setting for a workspace file, and whether the workspace is trusted.
//   args: { key: string (under natsTls), file: string (relative to the first folder) }
//   returns: { trusted, value, inspect: { defaultValue, globalValue, workspaceValue, workspaceFolderValue } }
import * as vscode from 'vscode';
import type { InHostContext } from '../harness';
import { activateExtension, workspaceUri } from './vscode-helpers';

export interface SettingsArgs {
  key: string;
  file: string;
}

export interface SettingsResult {
  trusted: boolean;
  value: unknown;
  inspect: Record<string, unknown>;
}

export async function run(ctx: InHostContext): Promise<SettingsResult> {
  const args = ctx.args as SettingsArgs;
  await activateExtension();
  const config = vscode.workspace.getConfiguration('natsTls', workspaceUri(args.file));
  const i = config.inspect(args.key);
  return {
    trusted: vscode.workspace.isTrusted,
    value: config.get(args.key),
    inspect: {
      defaultValue: i?.defaultValue,
      globalValue: i?.globalValue,
      workspaceValue: i?.workspaceValue,
      workspaceFolderValue: i?.workspaceFolderValue,
    },
  };
}
