// The language server: adapts the engine to LSP. It owns no analysis logic of its own.
import {
  DocumentDiagnosticReportKind,
  FoldingRangeKind,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type DocumentSymbol,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { analyzeDocument } from '../core/analyze';
import { openDocument, type ConfigDoc } from '../core/document';
import { foldingRanges, outline, type OutlineItem } from '../core/outline';
import type { ConfContext } from '../core/conf/resolve';
import type { EngineFs, Finding } from '../core/types';
import { toDiagnostic } from './convert';

export interface Runtime {
  fs: EngineFs;
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

interface Analysis {
  version: number;
  doc: ConfigDoc | undefined;
  findings: Finding[];
}

export function startServer(connection: Connection, runtime: Runtime): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, Analysis>();
  const includeCache: NonNullable<ConfContext['includeCache']> = new Map();
  let pullDiagnostics = false;
  let relatedInfo = false;

  const pathOf = (uri: string): string => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);

  /** Parsed and checked once per document version. */
  const analysis = (td: TextDocument): Analysis => {
    const hit = cache.get(td.uri);
    if (hit && hit.version === td.version) return hit;
    const ctx: ConfContext = { env: runtime.env, fs: runtime.fs, dialect: 'latest', includeCache };
    const doc = openDocument(pathOf(td.uri), td.getText(), { languageId: td.languageId, ctx });
    const result: Analysis = { version: td.version, doc, findings: doc ? analyzeDocument(doc) : [] };
    cache.set(td.uri, result);
    return result;
  };

  const diagnosticsFor = (td: TextDocument) => analysis(td).findings.filter((f) => f.file === pathOf(td.uri)).map((f) => toDiagnostic(f, relatedInfo));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    relatedInfo = !!caps.textDocument?.publishDiagnostics?.relatedInformation || pullDiagnostics;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'nats-tls', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'nats-tls' },
    };
  });

  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.onDidChangeContent((e) => {
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, version: e.document.version, diagnostics: diagnosticsFor(e.document) });
  });

  connection.languages.diagnostics.on((params) => {
    const td = documents.get(params.textDocument.uri);
    return { kind: DocumentDiagnosticReportKind.Full, items: td ? diagnosticsFor(td) : [] };
  });

  connection.onDocumentSymbol((params): DocumentSymbol[] => {
    const td = documents.get(params.textDocument.uri);
    const doc = td && analysis(td).doc;
    if (!doc) return [];
    const convert = (items: OutlineItem[]): DocumentSymbol[] =>
      items.map((i) => ({ name: i.name, detail: i.detail, kind: SYMBOL_KIND[i.kind], range: i.range, selectionRange: i.selectionRange, children: convert(i.children) }));
    return convert(outline(doc));
  });

  connection.onFoldingRanges((params) => {
    const td = documents.get(params.textDocument.uri);
    const doc = td && analysis(td).doc;
    if (!doc) return [];
    return foldingRanges(doc).map((f) => ({ startLine: f.startLine, endLine: f.endLine, ...(f.kind ? { kind: FoldingRangeKind.Comment } : {}) }));
  });

  documents.listen(connection);
  connection.listen();
}
