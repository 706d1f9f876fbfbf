// Problems of the NATS configs that are not open in an editor (natsTls.problems.scope "workspace"): a broken
// client config must not go unseen because its tab is closed. Push clients get publishDiagnostics for closed
// files; pull clients get workspace/diagnostic reports. Both are incremental: only files whose findings may
// have changed (the project's stamps and change set) are sent again, files that left the scope (or the disk)
// are cleared once, and no more than the workspace scan's file limit are reported.
import {
  DocumentDiagnosticReportKind,
  type Connection,
  type Diagnostic,
  type WorkspaceDiagnosticParams,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { innermostRoot } from '../core/tls/paths';
import type { ProblemsScope } from '../protocol/settings';
import { fileUri } from './convert';
import { MAX_SCANNED_FILES, uriToPath, type Workspace } from './workspace';

export interface WorkspaceProblemsDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  scopeOf(file: string): ProblemsScope;
  /** A closed file's diagnostics (its saved text, checked with the rest of the workspace). */
  diagnostics(file: string): Diagnostic[];
  /** Parses the documents edited since: their text decides the others' cross-file findings. */
  prepare(): void;
  /** Most closed files reported at once; the workspace scan's file limit unless a test sets a small one. */
  limit?: number;
}

/** Result ids of this server run: a restarted server never matches an id its predecessor handed out. */
const RUN = Math.random().toString(36).slice(2, 8);
const CLEARED = `${RUN}:cleared`;

export class WorkspaceProblems {
  /** Push mode: closed files whose last published diagnostics were not empty. */
  private readonly pushed = new Set<string>();
  private waiters: (() => void)[] = [];
  private wakeScheduled = false;

  private readonly limit: number;

  constructor(private readonly deps: WorkspaceProblemsDeps) {
    this.limit = deps.limit ?? MAX_SCANNED_FILES;
  }

  private openFiles(): Set<string> {
    return new Set(this.deps.documents.all().map((td) => uriToPath(td.uri)));
  }

  /** Whether a closed file's problems are reported: a config of the project, under a workspace folder, in scope. */
  inScope(file: string): boolean {
    const w = this.deps.workspace;
    return w.project.has(file) && innermostRoot(file, w.roots) !== undefined && this.deps.scopeOf(file) === 'workspace';
  }

  /** The closed configs whose problems are reported, at most the scan's file limit. */
  private closedInScope(open: Set<string>): string[] {
    const out: string[] = [];
    for (const f of this.deps.workspace.project.files()) {
      if (out.length >= this.limit) break;
      if (!open.has(f) && this.inScope(f)) out.push(f);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ push

  /**
   * Publishes the closed files among `changed` (every known file when unknown): their diagnostics when in
   * scope, else an empty list once, for a file that had some.
   */
  publish(changed: Iterable<string> | undefined): void {
    const open = this.openFiles();
    const files = changed ? new Set(changed) : new Set([...this.deps.workspace.project.files(), ...this.pushed]);
    for (const f of this.pushed) if (open.has(f)) this.pushed.delete(f); // its editor publishes now
    let budget = this.limit - this.pushed.size;
    for (const file of files) {
      if (open.has(file)) continue;
      const diagnostics = this.inScope(file) ? this.deps.diagnostics(file) : [];
      if (diagnostics.length === 0 && !this.pushed.has(file)) continue;
      if (diagnostics.length && !this.pushed.has(file)) {
        if (budget <= 0) continue;
        budget--;
      }
      void this.deps.connection.sendDiagnostics({ uri: fileUri(file), diagnostics });
      if (diagnostics.length) this.pushed.add(file);
      else this.pushed.delete(file);
    }
  }

  // ------------------------------------------------------------------------------------------ pull

  /** Result id of a closed file's report: changes whenever its findings or its scope may have. */
  resultId(file: string): string {
    return this.inScope(file) ? `${RUN}:ws:${this.deps.workspace.project.stamp(file)}` : CLEARED;
  }

  /** Reports for what differs from the client's previous result ids: changed files in full, left files cleared. */
  private reports(params: WorkspaceDiagnosticParams): WorkspaceDocumentDiagnosticReport[] {
    this.deps.prepare();
    const open = this.openFiles();
    const previous = new Map(params.previousResultIds.map((p) => [uriToPath(p.uri), p]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    const reported = new Set<string>();
    for (const file of this.closedInScope(open)) {
      reported.add(file);
      const resultId = this.resultId(file);
      const before = previous.get(file);
      if (before?.value === resultId) continue;
      items.push({
        kind: DocumentDiagnosticReportKind.Full,
        uri: before?.uri ?? fileUri(file),
        version: null,
        resultId,
        items: this.deps.diagnostics(file),
      });
    }
    // Files the client has from us that are no longer reported (deleted, out of scope): cleared once. Open
    // files are the document pull's.
    for (const [file, before] of previous) {
      if (reported.has(file) || open.has(file) || before.value === CLEARED) continue;
      items.push({ kind: DocumentDiagnosticReportKind.Full, uri: before.uri, version: null, resultId: CLEARED, items: [] });
    }
    return items;
  }

  /**
   * workspace/diagnostic: answers at once when something differs from what the client has; otherwise holds
   * the request until findings may have changed (the client asks again right after an answer, so answering
   * "nothing new" would make it poll).
   */
  async workspaceReport(
    params: WorkspaceDiagnosticParams,
    cancelled: () => boolean,
    onCancel: (f: () => void) => void,
  ): Promise<WorkspaceDocumentDiagnosticReport[] | undefined> {
    let stop: (() => void) | undefined;
    onCancel(() => stop?.());
    for (;;) {
      if (cancelled()) return undefined;
      const items = this.reports(params);
      if (items.length) return items;
      await new Promise<void>((resolve) => {
        stop = resolve;
        this.waiters.push(resolve);
      });
    }
  }

  /** Findings may have changed (edits, files on disk, settings, documents opened or closed): wake held requests. */
  changed(): void {
    if (this.wakeScheduled || !this.waiters.length) return;
    this.wakeScheduled = true;
    // After what arrived meanwhile, so a burst of keystrokes wakes them once.
    setImmediate(() => {
      this.wakeScheduled = false;
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    });
  }
}
