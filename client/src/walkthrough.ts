// Context keys that complete steps of the walkthrough "Mutual TLS for NATS in five minutes"
// (package.json contributes.walkthroughs, media in walkthroughs/): VS Code ticks a step off when its
// `onContext:` completion event becomes true. The other steps complete on their commands.
import * as vscode from 'vscode';

/** A NATS config was the active editor's document (VS Code's editorLangId is scoped to the editor, so a step's
 * completion event, evaluated in the window's context, cannot use it). */
export const OPENED_A_CONFIG = 'natsTls.openedConfig';
/** A hover of the language server showed in a NATS config. */
export const SAW_A_HOVER = 'natsTls.sawHover';
/** An open config's nats-tls errors went away: the user fixed something. */
export const FIXED_A_PROBLEM = 'natsTls.fixedAProblem';

const done = new Set<string>();

export function markDone(key: typeof OPENED_A_CONFIG | typeof SAW_A_HOVER | typeof FIXED_A_PROBLEM): void {
  if (done.has(key)) return;
  done.add(key);
  void vscode.commands.executeCommand('setContext', key, true);
}

/** Marks OPENED_A_CONFIG when the active editor shows a NATS config (also one just claimed from Properties). */
export function noteActiveEditor(): void {
  if (vscode.window.activeTextEditor?.document.languageId === 'nats') markDone(OPENED_A_CONFIG);
}
