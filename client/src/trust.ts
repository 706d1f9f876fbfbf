// Restricted Mode: analysis and hovers stay on; commands that write files or run nats-server need trust.
// package.json gates them with `enablement: isWorkspaceTrusted`; this is the run-time check behind it, for
// calls that bypass the UI (code actions, other extensions, keybindings).
import * as vscode from 'vscode';

export const MANAGE_TRUST = 'Manage Workspace Trust';

/** True when the workspace is trusted; otherwise says why not (without waiting for an answer) and returns false. */
export function ensureTrusted(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      `NATS: ${action} needs a trusted workspace. In Restricted Mode the extension only analyzes: it writes no files and runs no programs.`,
      MANAGE_TRUST,
    )
    .then((choice) => {
      if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
