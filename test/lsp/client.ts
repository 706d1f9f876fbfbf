// A small typed LSP client for protocol tests: spawns the bundled server (`node server/out/server.js
// --stdio`) with a fixed clock, speaks real JSON-RPC to it, answers its requests (configuration,
// registrations, refreshes) and lets tests wait for notifications instead of sleeping.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CompletionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  DocumentLinkRequest,
  ExitNotification,
  FileChangeType,
  FoldingRangeRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InlayHintRefreshRequest,
  InlayHintRequest,
  DiagnosticRefreshRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  WorkspaceDiagnosticRequest,
  type ClientCapabilities,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type DocumentLink,
  type Hover,
  type InitializeResult,
  type InlayHint,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextEdit,
  type WorkspaceDiagnosticReport,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';

import { SERVER_EXEC_ARGV } from '../../server/src/protocol/launch';
import type { RequestType } from '../../server/src/protocol/requests';
import { offsetAt, positionAt } from '../helpers/fixture';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'server', 'out', 'server.js');

export interface ClientOptions {
  /** The server's clock (NATS_TLS_NOW). */
  now: Date;
  /** Workspace folders (absolute paths). */
  folders?: string[];
  /** Pull diagnostics (textDocument/diagnostic) instead of push. */
  pull?: boolean;
  /** natsTls settings: '' for the global scope, or a folder path for that folder. */
  settings?: Record<string, Record<string, unknown>>;
  /** Extra capabilities merged over the defaults. */
  capabilities?: ClientCapabilities;
  env?: Record<string, string>;
  /** Arguments to node that start the server (default: the bundled server over stdio). */
  command?: string[];
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

interface Waiter<T> {
  test: (v: T) => boolean;
  resolve: (v: T) => void;
}

/** One place where notifications of one kind are kept, with waiters for future ones. */
class Stream<T> {
  readonly seen: T[] = [];
  private waiters: Waiter<T>[] = [];
  push(v: T): void {
    this.seen.push(v);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test(v)) return true;
      w.resolve(v);
      return false;
    });
  }
  /** The next item (after `from` items) that passes `test`, already seen or still to come. */
  next(test: (v: T) => boolean = () => true, from = 0): Promise<T> {
    const hit = this.seen.slice(from).find(test);
    if (hit !== undefined) return Promise.resolve(hit);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
}

export class LspClient {
  readonly diagnostics = new Stream<PublishDiagnosticsParams>();
  readonly refreshes = new Stream<'diagnostics' | 'inlayHints'>();
  readonly configurationRequests = new Stream<unknown[]>();
  /** natsTls/statusChanged notifications (the language status asks natsTls/configStatus again). */
  readonly statusChanges = new Stream<unknown>();
  readonly stderr: string[] = [];
  /** Every byte the server wrote to stdout (responses and notifications), for tests that search all output. */
  readonly transcript: Buffer[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  settings: Record<string, Record<string, unknown>>;
  initializeResult!: InitializeResult;

  private constructor(
    private readonly child: ChildProcess | undefined,
    readonly conn: ProtocolConnection,
    readonly opts: ClientOptions,
    /** For a server in this process: ends it (stop() cannot send `exit`, which ends the process). */
    private readonly endInProcess?: () => void,
  ) {
    this.settings = opts.settings ?? {};
  }

  /** The server's process (not for a server started in this process). */
  get proc(): ChildProcess {
    if (!this.child) throw new Error('a server started in this process has no process of its own');
    return this.child;
  }

  /**
   * A client of a server running in this process (real JSON-RPC over in-memory streams): `toServer` is what
   * the server reads, `fromServer` what it writes. Tests use it to give the server an instrumented host.
   */
  static async connect(opts: ClientOptions, toServer: Writable, fromServer: Readable, end: () => void): Promise<LspClient> {
    const conn = createProtocolConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
    const client = new LspClient(undefined, conn, opts, end);
    client.wire();
    conn.listen();
    await client.initialize();
    return client;
  }

  static async start(opts: ClientOptions): Promise<LspClient> {
    const proc = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...(opts.command ?? [SERVER, '--stdio'])], {
      env: { PATH: process.env.PATH ?? '', ...opts.env, NATS_TLS_NOW: opts.now.toISOString() },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, conn, opts);
    proc.stderr!.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    proc.stdout!.on('data', (d: Buffer) => client.transcript.push(d));
    client.wire();
    conn.listen();
    await client.initialize();
    return client;
  }

  private wire(): void {
    const c = this.conn;
    c.onNotification(PublishDiagnosticsNotification.type, (p) => this.diagnostics.push(p));
    // The server registers its file watchers and configuration change events; accept them.
    c.onRequest(RegistrationRequest.type, () => undefined);
    c.onRequest(ConfigurationRequest.type, (p) => {
      const values = p.items.map((item) => {
        const scope = item.scopeUri ? fileURLToPath(item.scopeUri) : '';
        return { ...(this.settings[''] ?? {}), ...(scope ? (this.settings[scope] ?? {}) : {}) };
      });
      this.configurationRequests.push(values);
      return values;
    });
    c.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshes.push('diagnostics');
    });
    c.onRequest(InlayHintRefreshRequest.type, () => {
      this.refreshes.push('inlayHints');
    });
    c.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    c.onNotification('window/logMessage', () => undefined);
    c.onNotification('natsTls/statusChanged', (p) => this.statusChanges.push(p));
  }

  private async initialize(): Promise<void> {
    const folders = this.opts.folders ?? [];
    const caps: ClientCapabilities = {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        didChangeConfiguration: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true },
        inlayHint: { refreshSupport: true },
        ...(this.opts.pull ? { diagnostics: { refreshSupport: true } } : {}),
      },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: true } },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor'] } } },
        inlayHint: {},
        documentLink: {},
        ...(this.opts.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      ...this.opts.capabilities,
    };
    this.initializeResult = await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders[0] ? uriOf(folders[0]) : null,
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      capabilities: caps,
    });
    const configured = this.configurationRequests.next();
    await this.conn.sendNotification(InitializedNotification.type, {});
    // The server loads settings and scans the folders after `initialized`; once it has asked for the
    // settings (and we answered), a request sent now is handled after that work is done.
    await configured;
    await this.barrier();
  }

  /** A round trip the server handles after everything sent before it. */
  async barrier(): Promise<void> {
    await this.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: 'file:///nats-tls-barrier.conf' } });
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  async open(file: string, text: string, languageId = languageOf(file)): Promise<string> {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text (a new version). */
  async change(uri: string, text: string): Promise<number> {
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    const old = this.text(uri);
    this.texts.set(uri, text);
    const end = positionAt(old, old.length);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end }, text }],
    });
    return version;
  }

  /** An incremental edit: replaces [range] with `text`, as an editor sends a keystroke. */
  async edit(uri: string, range: Range, text: string): Promise<number> {
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    const old = this.text(uri);
    this.texts.set(uri, old.slice(0, offsetAt(old, range.start)) + text + old.slice(offsetAt(old, range.end)));
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * Pushed diagnostics for `uri` at its current version (or matching `test`), waiting for them if needed. An
   * open document's are those of its version; a closed file's (natsTls.problems.scope "workspace") have none.
   */
  async pushed(uri: string, test: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    const want = this.versions.get(uri);
    const p = await this.diagnostics.next((p) => p.uri === uri && p.version === want && test(p.diagnostics));
    return p.diagnostics;
  }

  async pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.conn.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri },
      ...(previousResultId ? { previousResultId } : {}),
    });
  }

  /** workspace/diagnostic with the result ids the client has (the server may hold it until something changes). */
  workspacePull(previousResultIds: { uri: string; value: string }[] = []): Promise<WorkspaceDiagnosticReport> {
    return this.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const r = (await this.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as
      CompletionList | CompletionItem[] | null;
    return Array.isArray(r) ? r : (r?.items ?? []);
  }

  links(uri: string): Promise<DocumentLink[] | null> {
    return this.conn.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } });
  }

  async inlayHints(uri: string, range?: Range): Promise<InlayHint[]> {
    const text = this.text(uri);
    const r = range ?? { start: { line: 0, character: 0 }, end: positionAt(text, text.length) };
    return (await this.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: r })) ?? [];
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const r = await this.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
    // Commands (a string `command`) are not code actions; the server only sends code actions.
    return (r ?? []).filter((a): a is CodeAction => typeof (a as { command?: unknown }).command !== 'string');
  }

  /** A natsTls/* request of the protocol module, as the VS Code client sends it. */
  request<P, R>(type: RequestType<P, R>, params: P): Promise<R> {
    return this.conn.sendRequest(type.method, params) as Promise<R>;
  }

  async setSettings(settings: Record<string, Record<string, unknown>>): Promise<void> {
    this.settings = settings;
    const asked = this.configurationRequests.seen.length;
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { natsTls: settings[''] ?? {} } });
    await this.configurationRequests.next(() => true, asked);
    await this.barrier();
  }

  async filesChanged(changes: { file: string; type?: FileChangeType }[]): Promise<void> {
    await this.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: changes.map((c) => ({ uri: uriOf(c.file), type: c.type ?? FileChangeType.Changed })),
    });
  }

  async stop(): Promise<void> {
    if (!this.child) {
      await this.conn.sendRequest(ShutdownRequest.type).catch(() => undefined);
      this.conn.dispose();
      this.endInProcess?.();
      return;
    }
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) return resolve();
      this.proc.once('exit', () => resolve());
    });
    this.conn.dispose();
  }
}

export function languageOf(file: string): string {
  if (/\.ya?ml$/.test(file)) return 'yaml';
  if (/\.json$/.test(file)) return 'json';
  return 'nats';
}

/** Applies LSP text edits (non-overlapping; inserts at one position keep their order). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const withOffsets = edits.map((e, i) => ({ s: offsetAt(text, e.range.start), e: offsetAt(text, e.range.end), t: e.newText, i }));
  withOffsets.sort((a, b) => a.s - b.s || a.e - b.e || a.i - b.i);
  let out = '';
  let at = 0;
  for (const w of withOffsets) {
    if (w.s < at) throw new Error('overlapping edits');
    out += text.slice(at, w.s) + w.t;
    at = w.e;
  }
  return out + text.slice(at);
}

/** Applies a workspace edit to one document's text; checks the version it is pinned to. */
export function applyWorkspaceEdit(edit: WorkspaceEdit, uri: string, text: string, version: number): string {
  const changes = edit.documentChanges ?? [];
  let out = text;
  for (const c of changes) {
    if (!('textDocument' in c)) throw new Error('unexpected resource operation');
    if (c.textDocument.uri !== uri) throw new Error(`edit for another document: ${c.textDocument.uri}`);
    if (c.textDocument.version !== version) throw new Error(`edit for version ${c.textDocument.version}, document is at ${version}`);
    out = applyTextEdits(out, c.edits as TextEdit[]);
  }
  for (const [u, edits] of Object.entries(edit.changes ?? {})) {
    if (u !== uri) throw new Error(`edit for another document: ${u}`);
    out = applyTextEdits(out, edits);
  }
  return out;
}
