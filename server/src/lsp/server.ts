// The language server: adapts the engine to LSP. It owns no analysis logic of its own.
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FoldingRangeKind,
  LSPErrorCodes,
  ResponseError,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type Connection,
  type Diagnostic,
  type DiagnosticServerCancellationData,
  type DocumentSymbol,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { foldingRanges, outline, type OutlineItem } from '../core/outline';
import type { EngineHost } from '../core/tls/model';
import { innermostRoot } from '../core/tls/paths';
import type { TargetVersionInfo } from '../protocol/requests';
import { AUTO_VERSION } from '../protocol/settings';
import { honouring } from './cancel';
import { fileUri, toDiagnostic } from './convert';
import { EditLog } from './edit-log';
import { DEFAULT_SETTINGS, engineSettings, normalizeSettings, type Settings } from './settings';
import { resolveTarget } from './target-version';
import { WATCHED_EXTENSIONS } from './watched-fs';
import { uriToPath, Workspace } from './workspace';
import { WorkspaceProblems } from './workspace-problems';

export interface Runtime {
  host: EngineHost;
  env: Record<string, string | undefined>;
}

const SYMBOL_KIND: Record<OutlineItem['kind'], SymbolKind> = {
  map: SymbolKind.Object,
  array: SymbolKind.Array,
  string: SymbolKind.String,
  number: SymbolKind.Number,
  bool: SymbolKind.Boolean,
  datetime: SymbolKind.Constant,
  variable: SymbolKind.Variable,
  include: SymbolKind.File,
  unset: SymbolKind.Key,
};

/** Everything a feature module (hover, completion, code actions …) may use. */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  runtime: Runtime;
  /** The file's workspace folder settings, natsTls.serverVersion "auto" resolved (targetFor says to what). */
  settingsFor(file: string): Settings;
  /** The nats-server release the file is checked against, and why. */
  targetFor(file: string): TargetVersionInfo;
  /** What `nats-server --version` said for a workspace folder ('' without folders); re-checks what "auto" changes. */
  setDetectedVersion(folder: string, version: string | undefined): void;
  /** Files changed on disk (the client wrote them): re-check what names them, as a watcher event would. */
  filesChanged(files: string[]): boolean;
  /** Re-check everything (settings or files on disk changed). */
  refresh(): void;
  /** Runs after every refresh (settings, files on disk, folders changed): features refresh their own views. */
  onRefresh(listener: () => void): void;
}

export type Feature = (ctx: ServerContext, params: InitializeParams) => Partial<InitializeResult['capabilities']>;

export function startServer(connection: Connection, runtime: Runtime, features: Feature[] = []): ServerContext {
  // Each document's edits since its last parse are kept, so that a keystroke is spliced into the previous parse.
  const edits = new EditLog();
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => {
      edits.forget(uri);
      return TextDocument.create(uri, languageId, version, content);
    },
    update: (doc, changes, version) => edits.update(doc, changes, version),
  });
  /** Per workspace folder, and '' for the workspace as a whole. */
  let folderSettings = new Map<string, Settings>();
  let pullDiagnostics = false;
  let diagnosticRefresh = false;
  let relatedInfo = false;
  const refreshListeners: (() => void)[] = [];
  let configurationSupport = false;
  let watchSupport = false;
  let foldersSupport = false;

  /** `nats-server --version` per workspace folder ('' for a window without folders), for serverVersion "auto". */
  const detected = new Map<string, string | undefined>();
  const settingsAsSet = (file: string): Settings =>
    folderSettings.get(innermostRoot(file, [...folderSettings.keys()]) ?? '') ?? DEFAULT_SETTINGS;
  const targetFor = (file: string): TargetVersionInfo => {
    const folder = innermostRoot(file, [...detected.keys()].filter(Boolean)) ?? '';
    return resolveTarget(settingsAsSet(file).serverVersion, detected.get(folder) ?? detected.get(''));
  };
  const settingsFor = (file: string): Settings => {
    const s = settingsAsSet(file);
    return s.serverVersion === AUTO_VERSION ? { ...s, serverVersion: targetFor(file).version } : s;
  };
  const workspace: Workspace = new Workspace(
    runtime.host,
    runtime.env,
    (file: string) => engineSettings(settingsFor(file), workspace.roots),
    edits,
  );

  /** The document's diagnostics for its current version. A document that breaks the engine says so and only so. */
  const diagnosticsFor = (td: TextDocument): Diagnostic[] => {
    const file = uriToPath(td.uri);
    try {
      workspace.update(td);
      return workspace.findings(file).map((f) => toDiagnostic(f, relatedInfo));
    } catch (e) {
      const message = `nats-tls hit an internal error checking this file, so its findings are missing: ${(e as Error)?.message ?? String(e)}`;
      const at = { line: 0, character: 0 };
      return [toDiagnostic({ code: 'internal-error', severity: 'information', message, file, range: { start: at, end: at } })];
    }
  };

  /** A closed config's diagnostics: its saved text, checked with the rest of the workspace. */
  const closedDiagnostics = (file: string): Diagnostic[] => {
    try {
      return workspace.findings(file).map((f) => toDiagnostic(f, relatedInfo));
    } catch {
      return [];
    }
  };

  /** Documents edited since they were last parsed for diagnostics. */
  const edited = new Set<string>();
  /** Parses the edited documents: their new text decides whose cross-file findings change. */
  const parseEdited = (): void => {
    for (const uri of edited) {
      const td = documents.get(uri);
      try {
        if (td) workspace.update(td);
      } catch {
        // diagnosticsFor reports it on that document
      }
    }
    edited.clear();
  };

  const workspaceProblems = new WorkspaceProblems({
    connection,
    documents,
    workspace,
    scopeOf: (file) => settingsAsSet(file).problems.scope,
    diagnostics: closedDiagnostics,
    prepare: parseEdited,
  });

  // Push mode: bursts of changes publish once, after the queue drains, for the versions current then
  // (computed and sent in one synchronous pass, so no newer version can arrive in between: nothing stale is
  // ever published). Only what changed is re-checked and published: the edited documents, and the open
  // documents whose findings they change (cross-file pairing), as the project reports them.
  /** The version last published, per open document. */
  const published = new Map<string, number>();
  let publishScheduled = false;
  const publishChanged = (): void => {
    if (publishScheduled) return;
    publishScheduled = true;
    setImmediate(() => {
      publishScheduled = false;
      parseEdited();
      let changed: Set<string> | undefined;
      try {
        changed = new Set(workspace.project.takeChanged());
      } catch {
        // Cannot tell what changed: publish every open document.
      }
      for (const td of documents.all()) {
        if (changed && published.get(td.uri) === td.version && !changed.has(uriToPath(td.uri))) continue;
        published.set(td.uri, td.version);
        void connection.sendDiagnostics({ uri: td.uri, version: td.version, diagnostics: diagnosticsFor(td) });
      }
      // Closed configs too (natsTls.problems.scope "workspace"), the changed ones only.
      workspaceProblems.publish(changed);
    });
  };

  /** Findings may have changed (the project knows which): publish them, or ask the client to pull again. */
  const recheck = (): void => {
    if (pullDiagnostics) {
      if (diagnosticRefresh) connection.languages.diagnostics.refresh().catch(() => undefined);
      workspaceProblems.changed();
    } else publishChanged();
    for (const l of refreshListeners) l();
  };

  const refresh = (): void => {
    workspace.project.invalidateModels();
    recheck();
  };

  /**
   * Reads the settings of the workspace and each folder; clients without workspace/configuration push them
   * with the change notification instead. Requests answered meanwhile keep using the previous settings.
   * Returns whether anything differs from those.
   */
  const loadSettings = async (pushed?: unknown): Promise<boolean> => {
    const next = new Map<string, Settings>();
    if (configurationSupport) {
      const scopes = ['', ...workspace.roots];
      const values = await connection.workspace.getConfiguration(
        scopes.map((s) => (s ? { scopeUri: fileUri(s), section: 'natsTls' } : { section: 'natsTls' })),
      );
      scopes.forEach((s, i) => next.set(s, normalizeSettings(values[i])));
    } else if (pushed) next.set('', normalizeSettings(pushed));
    const changed = JSON.stringify([...next]) !== JSON.stringify([...folderSettings]);
    folderSettings = next;
    return changed;
  };

  /** The server started or the folders changed: read the settings, find the configs on disk, check everything. */
  const rescan = async (): Promise<void> => {
    await loadSettings();
    // In slices: requests are answered meanwhile. A newer scan (the folders changed again) cancels this one.
    const report = await workspace.scan();
    if (report.cancelled) return;
    if (report.truncated)
      connection.console.info(
        `nats-tls: the workspace scan stopped after ${report.entries} entries and ${report.configs} configs; ` +
          'configs beyond these are checked when they are opened.',
      );
    refresh();
  };

  const filesChanged = (files: string[]): boolean => {
    // Only the documents that name a changed file (or include it) are checked again.
    let affected = false;
    for (const f of files) if (workspace.fileChanged(f)) affected = true;
    if (affected) recheck();
    return affected;
  };

  const ctx: ServerContext = {
    connection,
    documents,
    workspace,
    runtime,
    settingsFor,
    targetFor,
    setDetectedVersion: (folder, version) => {
      if (detected.has(folder) && detected.get(folder) === version) return;
      const before = workspace.roots.map((r) => targetFor(r).version).join();
      detected.set(folder, version);
      if (workspace.roots.map((r) => targetFor(r).version).join() !== before || !workspace.roots.length) refresh();
    },
    filesChanged,
    refresh,
    onRefresh: (l) => void refreshListeners.push(l),
  };
  const featureCaps: Partial<InitializeResult['capabilities']>[] = [];

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    diagnosticRefresh = !!caps.workspace?.diagnostics?.refreshSupport;
    relatedInfo = !!caps.textDocument?.publishDiagnostics?.relatedInformation || pullDiagnostics;
    configurationSupport = !!caps.workspace?.configuration;
    watchSupport = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    foldersSupport = !!caps.workspace?.workspaceFolders;
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? (params.rootUri ? [uriToPath(params.rootUri)] : []);
    workspace.setFolders(folders);
    for (const f of features) featureCaps.push(f(ctx, params));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...(pullDiagnostics
          ? { diagnosticProvider: { identifier: 'nats-tls', interFileDependencies: true, workspaceDiagnostics: true } }
          : {}),
        ...Object.assign({}, ...featureCaps),
      },
      serverInfo: { name: 'nats-tls' },
    };
  });

  connection.onInitialized(async () => {
    if (configurationSupport) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'natsTls' });
    if (watchSupport) {
      // Certificates, keys and configs: a renewed certificate or an edited include re-checks what uses it.
      // Deleted (or renamed) folders too: the files in them go without events of their own. Once the client
      // watches these, the stats of watched files are kept between keystrokes (watched-fs.ts).
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: `**/*.{${WATCHED_EXTENSIONS.join(',')}}`, kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete },
            { globPattern: '**/*', kind: WatchKind.Delete },
          ],
        })
        .then(
          () => workspace.stats.trustWatcher(true),
          () => undefined,
        );
    }
    if (foldersSupport) {
      connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        workspace.setFolders([...workspace.roots.filter((r) => !removed.has(r)), ...e.added.map((f) => uriToPath(f.uri))]);
        await rescan();
      });
    }
    await rescan();
  });

  connection.onDidChangeConfiguration(async (params) => {
    if (await loadSettings((params.settings as { natsTls?: unknown } | undefined)?.natsTls)) refresh();
  });

  connection.onDidChangeWatchedFiles((params) => {
    filesChanged(params.changes.map((c) => uriToPath(c.uri)));
  });

  documents.onDidChangeContent((e) => {
    // Parsed when diagnostics or a request need it: a burst of keystrokes is parsed once.
    edited.add(e.document.uri);
    if (!pullDiagnostics) publishChanged();
    // An edit can change closed configs' cross-file findings.
    else workspaceProblems.changed();
  });

  documents.onDidClose((e) => {
    workspace.close(e.document.uri);
    edited.delete(e.document.uri);
    published.delete(e.document.uri);
    if (!pullDiagnostics) {
      // Out of scope, its problems go with its editor; in scope, its saved text's replace them (publishChanged).
      if (!workspaceProblems.inScope(uriToPath(e.document.uri))) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      // Its saved text replaces the edited one in pairing: others' findings may change.
      publishChanged();
    } else workspaceProblems.changed();
  });

  // Cancelled by the client: no DiagnosticServerCancellationData. vscode-languageclient reads
  // `retriggerRequest: false` as "outdated" and then drops the pull it queued when it cancelled this one (a
  // refresh, a newer version), so the document kept no problems until the next edit; without data it pulls again.
  const cancelled = (retrigger: boolean): ResponseError<DiagnosticServerCancellationData> =>
    retrigger
      ? new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed.', { retriggerRequest: true })
      : new ResponseError<DiagnosticServerCancellationData>(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');

  connection.languages.diagnostics.on(async (params, token) => {
    if (token.isCancellationRequested) return cancelled(false);
    const td = documents.get(params.textDocument.uri);
    if (!td) {
      // A closed document (VS Code pulls once more as it closes): its saved text's problems when in scope.
      const file = uriToPath(params.textDocument.uri);
      parseEdited();
      const resultId = workspaceProblems.resultId(file);
      if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items: workspaceProblems.inScope(file) ? closedDiagnostics(file) : [] };
    }
    const version = td.version;
    // This document and the others edited meanwhile (a server config edited changes its clients' findings).
    parseEdited();
    // Let what arrived meanwhile in: the client cancels a pull for a version it has edited past.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (token.isCancellationRequested) return cancelled(false);
    // Closed meanwhile (VS Code's last pull as it closes a document): answered as closed, by the retrigger.
    if (documents.get(td.uri)?.version !== version) return cancelled(true);
    // The result names the document version and everything else its findings depend on (the project's stamp).
    let stamp: number | string;
    try {
      stamp = workspace.project.stamp(uriToPath(td.uri));
    } catch {
      stamp = 'error';
    }
    const resultId = `${stamp}:${version}`;
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: diagnosticsFor(td) };
  });

  connection.languages.diagnostics.onWorkspace(async (params, token) => {
    const items = await workspaceProblems.workspaceReport(
      params,
      () => token.isCancellationRequested,
      (f) => token.onCancellationRequested(f),
    );
    return items ? { items } : cancelled(false);
  });

  connection.onDocumentSymbol(
    honouring((params): DocumentSymbol[] => {
      const td = documents.get(params.textDocument.uri);
      const doc = td && workspace.update(td);
      if (!doc) return [];
      const convert = (items: OutlineItem[]): DocumentSymbol[] =>
        items.map((i) => ({
          name: i.name,
          detail: i.detail,
          kind: SYMBOL_KIND[i.kind],
          range: i.range,
          selectionRange: i.selectionRange,
          children: convert(i.children),
        }));
      return convert(outline(doc));
    }),
  );

  connection.onFoldingRanges(
    honouring((params) => {
      const td = documents.get(params.textDocument.uri);
      const doc = td && workspace.update(td);
      if (!doc) return [];
      return foldingRanges(doc).map((f) => ({
        startLine: f.startLine,
        endLine: f.endLine,
        ...(f.kind ? { kind: FoldingRangeKind.Comment } : {}),
      }));
    }),
  );

  documents.listen(connection);
  connection.listen();
  return ctx;
}
