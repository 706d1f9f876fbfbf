// The language status items of `nats` files, one short row each: the language server's state and what it
// reports (with the output a click away), Restricted Mode, and the last "Check with nats-server" of the file
// in the active editor. VS Code 1.100 renders an item's text and detail on one line that never wraps, in a
// hover anchored at the status bar's right end: a long row pushes the item's command past the window's edge.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE as SOURCE } from '../../server/src/protocol/commands';
import { FIXED_A_PROBLEM, markDone, noteActiveEditor } from './walkthrough';

export type ServerState = 'starting' | 'ready' | 'stopped' | 'failed';

/** The most characters of the server's failure the status shows; the output has the rest. */
const MAX_FAILURE = 60;

export class LanguageStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private restricted: vscode.LanguageStatusItem | undefined;
  private checkItem: vscode.LanguageStatusItem | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: ServerState = 'starting';
  private failure: string | undefined;
  /** The last nats-server check of each config, until the config (or a file it reported on) changes. */
  private readonly checks = new Map<string, { uri: vscode.Uri; problems: number }>();
  /** Open documents that had nats-tls errors, for the walkthrough's "break it and fix it" step. */
  private readonly hadErrors = new Set<string>();
  private fixedOne = false;
  private pending: NodeJS.Timeout | undefined;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('natsTls.status', { language: 'nats' });
    this.item.name = 'NATS TLS';
    this.item.command = { title: 'Show Output', command: 'natsTls.showOutput' };
    this.subscriptions.push(
      // Counting all diagnostics is cheap, but they change on every keystroke: once per burst is enough.
      vscode.languages.onDidChangeDiagnostics(() => {
        this.pending ??= setTimeout(() => ((this.pending = undefined), this.render()), 300);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.render()),
      vscode.window.onDidChangeActiveTextEditor(() => {
        this.renderCheck();
        noteActiveEditor();
      }),
    );
    this.render();
    noteActiveEditor();
  }

  setServer(state: ServerState, failure?: string): void {
    this.state = state;
    this.failure = failure;
    this.render();
  }

  /** What nats-server said about `config` just now: shown while that file is in the active editor. */
  setLastCheck(config: vscode.Uri, problems: number): void {
    this.checks.set(config.toString(), { uri: config, problems });
    this.renderCheck();
  }

  /** The check of `config` no longer describes the file (it, or a file nats-server reported on, changed). */
  clearCheck(config: vscode.Uri): void {
    if (this.checks.delete(config.toString())) this.renderCheck();
  }

  private render(): void {
    const item = this.item;
    item.busy = this.state === 'starting';
    item.severity =
      this.state === 'failed'
        ? vscode.LanguageStatusSeverity.Error
        : this.state === 'stopped'
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
    item.text = {
      starting: 'NATS TLS: starting',
      ready: 'NATS TLS: ready',
      stopped: 'NATS TLS: stopped',
      failed: 'NATS TLS: failed',
    }[this.state];
    item.detail =
      this.state === 'ready' ? this.problems() : this.state === 'failed' && this.failure ? shorten(this.failure, MAX_FAILURE) : '';
    this.renderRestricted();
  }

  private renderRestricted(): void {
    if (vscode.workspace.isTrusted) {
      this.restricted?.dispose();
      this.restricted = undefined;
      return;
    }
    if (this.restricted) return;
    const r = vscode.languages.createLanguageStatusItem('natsTls.restricted', { language: 'nats' });
    r.name = 'NATS TLS: Restricted Mode';
    r.text = 'Restricted Mode';
    r.detail = 'analysis only';
    r.severity = vscode.LanguageStatusSeverity.Warning;
    r.command = { title: 'Manage', command: 'workbench.trust.manage' };
    this.restricted = r;
  }

  /** The check row exists only while the checked config is the active editor's document. */
  private renderCheck(): void {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const check = active ? this.checks.get(active) : undefined;
    if (!check) {
      this.checkItem?.dispose();
      this.checkItem = undefined;
      return;
    }
    const c = (this.checkItem ??= vscode.languages.createLanguageStatusItem('natsTls.lastCheck', { language: 'nats' }));
    c.name = 'NATS TLS: last nats-server check';
    c.text = check.problems ? `nats-server -t: ${plural(check.problems, 'problem')}` : 'nats-server -t: valid';
    c.detail = 'last check';
    c.severity = check.problems ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    c.command = { title: 'Check Again', command: 'natsTls.checkWithNatsServer', arguments: [check.uri] };
  }

  private problems(): string {
    let errors = 0;
    let warnings = 0;
    let files = 0;
    const erring = new Set<string>();
    for (const [uri, diags] of vscode.languages.getDiagnostics()) {
      const ours = diags.filter((d) => d.source === SOURCE);
      if (!ours.length) continue;
      files++;
      for (const d of ours) {
        if (d.severity === vscode.DiagnosticSeverity.Error) {
          errors++;
          erring.add(uri.toString());
        } else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    }
    this.noteFixes(erring);
    if (errors + warnings === 0) return 'no problems found';
    return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`;
  }

  /** An open document whose errors are all gone: the user fixed something (once is enough). */
  private noteFixes(erring: Set<string>): void {
    if (this.fixedOne) return;
    const open = new Set(vscode.workspace.textDocuments.filter((d) => !d.isClosed).map((d) => d.uri.toString()));
    for (const uri of this.hadErrors) {
      if (erring.has(uri) || !open.has(uri)) continue;
      this.fixedOne = true;
      markDone(FIXED_A_PROBLEM);
      return;
    }
    this.hadErrors.clear();
    for (const uri of erring) if (open.has(uri)) this.hadErrors.add(uri);
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
    this.restricted?.dispose();
    this.checkItem?.dispose();
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function shorten(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
