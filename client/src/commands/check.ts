// "Check with nats-server": runs the real `nats-server -t -c FILE` (natsTls.natsServerPath) and shows what
// it says as diagnostics (collection and source "nats-server") on the files it names. It runs in the working
// directory the language server found for the config (natsTls/configStatus: where its relative cert/key/CA
// paths resolve, or natsTls.pathBase), so the check and the editor's analysis read the same files. Needs a
// trusted workspace: it runs a program the workspace settings may name. The language server reads the output
// (natsTls/natsServerReport): problems ranged on the files' text, and a hint when natsTls.serverVersion names
// a newer release than the nats-server that ran.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigStatusRequest, NatsServerReportRequest, type NatsServerProblem } from '../../../server/src/protocol/requests';
import { SETTINGS_SECTION } from '../../../server/src/protocol/settings';
import { DEFAULT_NATS_SERVER, locateExecutable, resolveExecutable, runCheck } from '../nats-server';
import { isLocal, openDocumentOf, orCancel, runFlow, SEARCH_EXCLUDE, shown, toUri, type Services } from './shared';

export const COLLECTION = 'nats-server';
const SAVE_AND_CHECK = 'Save and Check';
const CHECK_SAVED = 'Check Saved File';
const SHOW_PROBLEMS = 'Show Problems';
const OPEN_SETTINGS = 'Open Settings';
const SHOW_OUTPUT = 'Show Output';

export class NatsServerCheck implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection(COLLECTION);
  /** The files each checked config's last run put diagnostics on, so a re-run clears them. */
  private readonly byConfig = new Map<string, vscode.Uri[]>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.subscriptions.push(
      this.diagnostics,
      // What nats-server said is about the saved text: edits make it stale, in the file and in the check's
      // result for every config whose run reported on that file.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length) return;
        const changed = e.document.uri.toString();
        if (this.diagnostics.has(e.document.uri)) this.diagnostics.delete(e.document.uri);
        for (const [config, touched] of this.byConfig) {
          if (config === changed || touched.some((u) => u.toString() === changed))
            this.services.status.clearCheck(vscode.Uri.parse(config));
        }
      }),
    );
  }

  async run(arg?: unknown): Promise<void> {
    await runFlow(this.services, { name: 'Check with nats-server', trusted: true }, async () => {
      const uri = await this.target(arg);
      if (!isLocal(uri)) throw new Error(`${shown(uri)} is not on this machine's disk; nats-server can only read local files`);
      const open = openDocumentOf(uri);
      if (open?.isDirty) {
        const choice = await vscode.window.showWarningMessage(
          `NATS: ${shown(uri)} has unsaved changes; nats-server reads the file on disk.`,
          { modal: true },
          SAVE_AND_CHECK,
          CHECK_SAVED,
        );
        if (choice === SAVE_AND_CHECK) await open.save();
        else if (choice !== CHECK_SAVED) return;
      }
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const setting = vscode.workspace.getConfiguration(SETTINGS_SECTION, uri).get<string>('natsServerPath', DEFAULT_NATS_SERVER);
      const executable = resolveExecutable(setting, folder && isLocal(folder.uri) ? { workspaceFolder: folder.uri.fsPath } : {});
      const file = uri.fsPath;
      const log = this.services.output;
      // One working directory per config: the one the analysis resolved its paths against.
      const status = await this.services.server.request(ConfigStatusRequest, { uri: uri.toString() });
      const cwd = status.workingDirectory?.path ?? path.dirname(file);
      // Found before the working directory changes, never in the config's folder, its working directory or a
      // workspace folder (a repository's own nats-server must not run): the absolute path is what runs and is shown.
      const untrusted = (vscode.workspace.workspaceFolders ?? []).filter((f) => isLocal(f.uri)).map((f) => f.uri.fsPath);
      const program = locateExecutable(executable, { untrusted: [path.dirname(file), cwd, ...untrusted] });
      if (program) {
        log.info(`nats-server: ${program}${program === executable ? ' (natsTls.natsServerPath)' : ` (found on PATH for "${executable}")`}`);
        log.info(`$ (cd ${cwd} && ${program} -t -c ${file})`);
        log.info(`  working directory: ${cwd} (${status.workingDirectory?.description ?? "the config's folder"})`);
      }
      const outcome = program
        ? await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Window, title: `nats-server -t ${path.basename(file)}` },
            () => runCheck(program, file, { cwd, untrusted }),
          )
        : ({ kind: 'not-found', executable } as const);
      switch (outcome.kind) {
        case 'not-found': {
          const where = /[/\\]/.test(executable) ? '' : ' on PATH (the workspace folders are never searched)';
          const choice = await vscode.window.showErrorMessage(
            `NATS: nats-server was not found${where} ("${executable}"). Install it, or set natsTls.natsServerPath to its path.`,
            OPEN_SETTINGS,
          );
          if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'natsTls.natsServerPath');
          return;
        }
        case 'timeout':
          log.info(outcome.output);
          void vscode.window.showErrorMessage(`NATS: nats-server did not finish checking ${shown(uri)} in time; nothing is shown.`);
          return;
        case 'failed':
          void vscode.window.showErrorMessage(`NATS: running ${program ?? executable} failed: ${outcome.message}`);
          return;
      }
      log.info(`${outcome.output.trimEnd()}\n(exit ${outcome.exitCode ?? 'signal'})`);
      const report = await this.services.server.request(NatsServerReportRequest, {
        configFile: file,
        cwd: outcome.cwd,
        output: outcome.output,
        exitCode: outcome.exitCode,
      });
      this.show(uri, report.problems);
      if (report.hint) log.warn(report.hint);
      const hint = report.hint ? ` ${report.hint}` : '';
      this.services.status.setLastCheck(uri, report.problems.length);
      // Where it ran and which binary said so, in the message too: a surprise there is worth seeing.
      const ran = ` (run in ${shown(vscode.Uri.file(cwd))}), by ${outcome.program}`;
      if (report.problems.length === 0 && outcome.exitCode === 0) {
        void vscode.window.showInformationMessage(`NATS: ${report.summary}: ${shown(uri)}${ran}.`);
      } else {
        const severe = report.problems.some((p) => p.severity === 'error') || report.problems.length === 0;
        const show = severe ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
        void show(`NATS: ${report.summary}${ran}.${hint}`, SHOW_PROBLEMS, SHOW_OUTPUT).then((choice) => {
          if (choice === SHOW_PROBLEMS) void vscode.commands.executeCommand('workbench.actions.view.problems');
          if (choice === SHOW_OUTPUT) this.services.output.show(true);
        });
      }
    });
  }

  /** The config to check: the argument (Explorer, editor menus), the active editor's, or a pick. */
  private async target(arg: unknown): Promise<vscode.Uri> {
    const given = toUri(arg);
    if (given) return given;
    const active = vscode.window.activeTextEditor?.document;
    if (active && (active.languageId === 'nats' || /\.conf$/i.test(active.uri.path))) return active.uri;
    const confs = await vscode.workspace.findFiles('**/*.conf', SEARCH_EXCLUDE, 500);
    if (!confs.length) throw new Error('no nats-server config (*.conf) in the workspace; open one and run the command again');
    if (confs.length === 1) return confs[0]!;
    const pick = await vscode.window.showQuickPick(
      confs.map((u) => ({ label: shown(u), uri: u })).sort((a, b) => a.label.localeCompare(b.label)),
      { title: 'NATS: Check with nats-server', placeHolder: 'The nats-server config to check', ignoreFocusOut: true },
    );
    return orCancel(pick).uri;
  }

  /** Replaces this config's previous diagnostics with the new ones (the server ranged them on each file's text). */
  private show(config: vscode.Uri, problems: NatsServerProblem[]): void {
    for (const u of this.byConfig.get(config.toString()) ?? [config]) this.diagnostics.delete(u);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problems) {
      const r = p.range;
      const d = new vscode.Diagnostic(
        new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
        p.message,
        p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
      );
      d.source = COLLECTION;
      byFile.set(p.file, [...(byFile.get(p.file) ?? []), d]);
    }
    const touched: vscode.Uri[] = [];
    for (const [file, diags] of byFile) {
      const uri = vscode.Uri.file(file);
      this.diagnostics.set(uri, [...(this.diagnostics.get(uri) ?? []), ...diags]);
      touched.push(uri);
    }
    this.byConfig.set(config.toString(), touched);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
