// The language status item of `nats` files: the language server's state, what it reports, the last
// "Check with nats-server", Restricted Mode, and a way to the output.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE as SOURCE } from '../../server/src/protocol/commands';

export type ServerState = 'starting' | 'ready' | 'stopped' | 'failed';

export class LanguageStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: ServerState = 'starting';
  private failure: string | undefined;
  private lastCheck: string | undefined;
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
    );
    this.render();
  }

  setServer(state: ServerState, failure?: string): void {
    this.state = state;
    this.failure = failure;
    this.render();
  }

  setLastCheck(summary: string): void {
    this.lastCheck = summary;
    this.render();
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
      failed: 'NATS TLS: server failed',
    }[this.state];
    const parts: string[] = [];
    if (this.state === 'failed' && this.failure) parts.push(this.failure);
    if (this.state === 'ready') parts.push(this.problems());
    if (this.lastCheck) parts.push(`last nats-server check: ${this.lastCheck}`);
    if (!vscode.workspace.isTrusted) parts.push('Restricted Mode: analysis only');
    item.detail = parts.join('; ');
  }

  private problems(): string {
    let errors = 0;
    let warnings = 0;
    let files = 0;
    for (const [, diags] of vscode.languages.getDiagnostics()) {
      const ours = diags.filter((d) => d.source === SOURCE);
      if (!ours.length) continue;
      files++;
      for (const d of ours) {
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    }
    if (errors + warnings === 0) return 'no TLS problems found';
    const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
    return `${n(errors, 'error')}, ${n(warnings, 'warning')} in ${n(files, 'file')}`;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
