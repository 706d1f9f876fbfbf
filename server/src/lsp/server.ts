// The language server: adapts the engine to LSP. It owns no analysis logic of its own.
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FoldingRangeKind,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type Connection,
  type Diagnostic,
  type DocumentSymbol,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { foldingRanges, outline, type OutlineItem } from '../core/outline';
import type { EngineHost } from '../core/tls/model';
import { innermostRoot } from '../core/tls/paths';
import { fileUri, toDiagnostic } from './convert';
import { DEFAULT_SETTINGS, engineSettings, normalizeSettings, type Settings } from './settings';
import { uriToPath, Workspace } from './workspace';

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
  settingsFor(file: string): Settings;
  /** Re-check everything (settings or files on disk changed). */
  refresh(): void;
  /** Runs after every refresh (settings, files on disk, folders changed): features refresh their own views. */
  onRefresh(listener: () => void): void;
}

export type Feature = (ctx: ServerContext, params: InitializeParams) => Partial<InitializeResult['capabilities']>;

export function startServer(connection: Connection, runtime: Runtime, features: Feature[] = []): ServerContext {
  const documents = new TextDocuments(TextDocument);
  /** Per workspace folder, and '' for the workspace as a whole. */
  let folderSettings = new Map<string, Settings>();
  let pullDiagnostics = false;
  let diagnosticRefresh = false;
  let relatedInfo = false;
  /** Bumped whenever any finding may have changed; with the document version it names a diagnostics result. */
  let generation = 0;
  const refreshListeners: (() => void)[] = [];
  let configurationSupport = false;
  let watchSupport = false;
  let foldersSupport = false;

  const settingsFor = (file: string): Settings =>
    folderSettings.get(innermostRoot(file, [...folderSettings.keys()]) ?? '') ?? DEFAULT_SETTINGS;
  const workspace: Workspace = new Workspace(runtime.host, runtime.env, (file: string) =>
    engineSettings(settingsFor(file), workspace.roots),
  );

  const diagnosticsFor = (uri: string): Diagnostic[] => workspace.findings(uriToPath(uri)).map((f) => toDiagnostic(f, relatedInfo));

  // Push mode: bursts of changes publish once, after the queue drains, for the versions current then
  // (computed and sent in one synchronous pass, so no newer version can arrive in between).
  let publishScheduled = false;
  const publishAll = (): void => {
    if (publishScheduled) return;
    publishScheduled = true;
    setImmediate(() => {
      publishScheduled = false;
      for (const td of documents.all()) {
        workspace.update(td);
        void connection.sendDiagnostics({ uri: td.uri, version: td.version, diagnostics: diagnosticsFor(td.uri) });
      }
    });
  };

  const refresh = (): void => {
    generation++;
    workspace.project.invalidateModels();
    if (pullDiagnostics) {
      if (diagnosticRefresh) connection.languages.diagnostics.refresh().catch(() => undefined);
    } else publishAll();
    for (const l of refreshListeners) l();
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
    workspace.scan();
    refresh();
  };

  const ctx: ServerContext = {
    connection,
    documents,
    workspace,
    runtime,
    settingsFor,
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
          ? { diagnosticProvider: { identifier: 'nats-tls', interFileDependencies: true, workspaceDiagnostics: false } }
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
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{pem,crt,cer,key,der,p8,conf,yaml,yml,json}', kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete },
        ],
      });
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
    for (const change of params.changes) workspace.fileChanged(uriToPath(change.uri));
    refresh();
  });

  documents.onDidChangeContent((e) => {
    workspace.update(e.document);
    generation++;
    if (!pullDiagnostics) {
      // Other open documents may pair with this one (client ↔ server configs).
      publishAll();
    }
  });

  documents.onDidClose((e) => {
    workspace.close(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on((params) => {
    const td = documents.get(params.textDocument.uri);
    if (!td) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    workspace.update(td);
    // The result names the document version and the state of everything else it depends on.
    const resultId = `${generation}:${td.version}`;
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: diagnosticsFor(td.uri) };
  });

  connection.onDocumentSymbol((params): DocumentSymbol[] => {
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
  });

  connection.onFoldingRanges((params) => {
    const td = documents.get(params.textDocument.uri);
    const doc = td && workspace.update(td);
    if (!doc) return [];
    return foldingRanges(doc).map((f) => ({
      startLine: f.startLine,
      endLine: f.endLine,
      ...(f.kind ? { kind: FoldingRangeKind.Comment } : {}),
    }));
  });

  documents.listen(connection);
  connection.listen();
  return ctx;
}
