// An edit storm against the real language server: the bundled server (server/out/server.js) over stdio, a
// few documents (a nats-server config, and sometimes a YAML client config and a NATS CLI context), and
// thousands of random incremental edits (inserts, deletes and replacements of random spans with grammar-ish
// tokens, typing, line moves, edits that break the syntax and later restore it) interleaved with hover,
// completion, code-action, inlay-hint, document-link, document-symbol and folding requests at random positions.
//
// Asserted: the server never exits, writes nothing to stderr and logs no error; every request gets a
// response, and no error response; every range in a response lies inside the document the request was
// made against; every code-action edit is pinned to that version and applies. At the end, the diagnostics
// the server last pushed for each document equal what it reports when asked (pull), and what a second
// server instance reports when opened directly on the final texts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type InlayHint,
  type LogMessageParams,
  type Position,
  type Range,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
  type DocumentLink,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { openDocument } from '../../server/src/core/document';
import { positionAt } from '../helpers/fixture';
import { LspClient } from '../lsp/client';
import { rng } from './mutate';
import {
  ALL_TLS_NAMES,
  applyLspEdits,
  certPath,
  contains,
  FUZZ_NOW,
  Gen,
  genContext,
  genServerConf,
  genYamlClient,
  Lines,
  makeFixtures,
  TLS_SNIPPETS,
  type Fixtures,
} from './robustness';

export interface StormOptions {
  seed: number;
  /** Edits to send (each one a didChange with one or more content changes). */
  edits: number;
  /** How many documents (1–3; default: chosen by the seed). */
  docs?: number;
  /**
   * Pull diagnostics (the client asks, with result ids, and keeps what an "unchanged" report refers to)
   * instead of push (default: chosen by the seed).
   */
  pull?: boolean;
  /** Requests per edit, on average (default 0.4). */
  requestRate?: number;
  /** Give up on a response (or the final diagnostics) after this long (default 60 s). */
  timeoutMs?: number;
  onProgress?: (edits: number) => void;
  /** The storm server's arguments to node (default: the bundled server over stdio); the fresh server is always the bundle. */
  serverCommand?: string[];
}

export type StormFailureKind = 'crash' | 'stderr' | 'log' | 'error-response' | 'no-response' | 'range' | 'edit' | 'mismatch';

export interface StormFailure {
  kind: StormFailureKind;
  /** The edit after which it happened (-1: at the end). */
  atEdit: number;
  message: string;
}

export interface StormResult {
  seed: number;
  mode: 'push' | 'pull';
  edits: number;
  changes: number;
  requests: number;
  responses: number;
  wallMs: number;
  /** Slowest response, from sending the request (the server works through the edits queued before it). */
  maxResponseMs: number;
  docs: { file: string; length: number; version: number; diagnostics: number }[];
  failures: StormFailure[];
  /** The final texts (for a failure report). */
  finalTexts: Record<string, string>;
}

interface Doc {
  file: string;
  uri: string;
  languageId: string;
  td: TextDocument;
  /** A text this document had that parsed cleanly: "fix" edits go back to it. */
  good: string;
  /** The diagnostics last pushed or pulled for it (any version), for code-action requests. */
  lastPushed: Diagnostic[];
  /** Pull mode: the last result id and the items it stands for. */
  resultId: string | undefined;
}

const CONF_TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ':',
  '=',
  ',',
  ';',
  '"',
  "'",
  '#',
  '// ',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '  ',
  '$',
  '\\',
  '.',
  '-',
  '/',
  'tls',
  'tls {',
  'tls {\n',
  '}\n',
  ': ',
  ' = ',
  'true',
  'false',
  'yes',
  '1.2',
  '"1.3"',
  '"2s"',
  '1m',
  '2',
  '4222',
  '0.5',
  '1k',
  '-1',
  'include inc.conf\n',
  'include "missing.conf"\n',
  'include vars.conf\n',
  '$CERT',
  '$KEY',
  '$TLS_MAP',
  '$UNDEFINED',
  'CERT: "certs/server.pem"\n',
  'cluster {',
  'leafnodes {',
  'remotes: [',
  'gateway {',
  'gateways: [',
  'websocket {',
  'mqtt {',
  'resolver_tls {',
  'routes: [nats://a:6222]',
  'port: 4222\n',
  'listen: 0.0.0.0:4443\n',
  '"TLS_AES_128_GCM_SHA256"',
  '"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"',
  'CurveP256',
  'ocsp_peer { verify: true }',
  'é',
  '\u2028',
  '٣',
  '\u00a0',
  '\ufeff',
  '\u0000',
  '(\nraw\n)',
  '"unterminated',
  '# comment\n',
];
const YAML_TOKENS = [
  '\n',
  '  ',
  '- ',
  ': ',
  'tls:\n  ',
  'servers: ',
  'nats://localhost:4222',
  '"',
  "'",
  '#',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '---\n',
  '\t',
  '|',
  '>',
  '? ',
  '!!str ',
];

/** Runs one storm; resolves with its figures and failures (it never rejects on a server problem). */
export async function runStorm(opts: StormOptions, fixtures?: Fixtures): Promise<StormResult> {
  const own = fixtures ? undefined : await makeFixtures();
  const fx = fixtures ?? own!;
  const dir = fx.dir;
  const g = new Gen(rng(opts.seed));
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const pull = opts.pull ?? g.chance(0.5);
  const rate = opts.requestRate ?? 0.4;
  const failures: StormFailure[] = [];
  let editNo = 0;
  const fail = (kind: StormFailureKind, message: string, at = editNo): void => {
    if (failures.length < 200) failures.push({ kind, atEdit: at, message });
  };
  const started = performance.now();
  const result: StormResult = {
    seed: opts.seed,
    mode: pull ? 'pull' : 'push',
    edits: 0,
    changes: 0,
    requests: 0,
    responses: 0,
    wallMs: 0,
    maxResponseMs: 0,
    docs: [],
    failures,
    finalTexts: {},
  };

  // ---- the documents: written to disk (the server scans the folder) and opened
  const nDocs = Math.max(1, Math.min(3, opts.docs ?? 1 + g.int(3)));
  const specs: { rel: string; languageId: string; text: string }[] = [
    { rel: 'storm/nats.conf', languageId: 'nats', text: genServerConf(g, { dir, inSub: true }) },
  ];
  if (nDocs >= 2) specs.push({ rel: 'storm/client.yaml', languageId: 'yaml', text: genYamlClient(g, { dir, inSub: true }) });
  if (nDocs >= 3) specs.push({ rel: 'storm/context/prod.json', languageId: 'json', text: genContext(g, { dir, inSub: true }) });
  for (const s of specs) {
    fs.mkdirSync(path.dirname(path.join(dir, s.rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, s.rel), s.text);
  }

  const client = await LspClient.start({
    now: FUZZ_NOW,
    folders: [dir],
    pull,
    ...(opts.serverCommand ? { command: opts.serverCommand } : {}),
  });
  const watch = watchServer(client, fail);
  const docs: Doc[] = [];
  try {
    for (const s of specs) {
      const file = path.join(dir, s.rel);
      const uri = await client.open(file, s.text, s.languageId);
      docs.push({
        file,
        uri,
        languageId: s.languageId,
        td: TextDocument.create(uri, s.languageId, 1, s.text),
        good: s.text,
        lastPushed: [],
        resultId: undefined,
      });
    }
    client.diagnostics.next((p) => {
      const d = docs.find((x) => x.uri === p.uri);
      if (d) d.lastPushed = p.diagnostics;
      return false;
    });

    // ---- the storm
    let pending: Promise<void>[] = [];
    let cursor = 0;
    let typing: { doc: Doc; rest: string } | undefined;
    for (editNo = 0; editNo < opts.edits && !watch.exited(); editNo++) {
      let doc: Doc;
      let changes: TextDocumentContentChangeEvent[];
      if (typing && typing.rest) {
        // Typing a token one character at a time, with completion asked after each one.
        doc = typing.doc;
        const ch = typing.rest[0]!;
        typing.rest = typing.rest.slice(1);
        const at = Math.min(cursor, doc.td.getText().length);
        changes = [{ range: { start: doc.td.positionAt(at), end: doc.td.positionAt(at) }, text: ch }];
        cursor = at + ch.length;
      } else {
        typing = undefined;
        doc = g.pick(docs);
        const r = planEdit(g, doc, cursor);
        changes = r.changes;
        cursor = r.cursor;
        if (r.type) typing = { doc, rest: r.type };
      }
      const version = doc.td.version + 1;
      TextDocument.update(doc.td, changes, version);
      if (editNo % 10 === 0 && parsesCleanly(doc)) doc.good = doc.td.getText();
      await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: doc.uri, version },
        contentChanges: changes,
      });
      result.changes += changes.length;
      result.edits++;
      // Requests, against the version just sent (the server handles messages in order).
      const requests = typing ? 1 : g.chance(rate) ? 1 + (g.chance(0.2) ? g.int(3) : 0) : 0;
      for (let i = 0; i < requests; i++)
        pending.push(request(g, client, typing ? 'completion' : undefined, doc, cursor, fail, result, editNo));
      // A pulling client asks after (nearly) every change, as VS Code does.
      if (pull && g.chance(0.7)) pending.push(pullFor(client, doc, fail, result, editNo));
      if (pending.length >= 64 || editNo % 200 === 199) {
        await settle(pending, timeoutMs, fail, editNo);
        pending = [];
        opts.onProgress?.(editNo + 1);
      }
    }
    await settle(pending, timeoutMs, fail, editNo);
    editNo = -1;

    // ---- the end: the diagnostics the client holds, a full pull, and a fresh server's
    if (!watch.exited()) {
      const held = new Map<string, Diagnostic[]>();
      if (pull) {
        // One more pull with the last result id: "unchanged" must mean the items the client already holds.
        for (const d of docs) await within(pullFor(client, d, fail, result, -1), timeoutMs);
        for (const d of docs) held.set(d.uri, d.lastPushed);
      } else {
        const last = docs.reduce((a, b) => (b.td.version > a.td.version ? b : a));
        const gotFinal = client.diagnostics.next((p) => p.uri === last.uri && p.version === last.td.version);
        if (!(await within(gotFinal, timeoutMs)))
          fail('no-response', `no diagnostics pushed for the final version ${last.td.version} of ${path.basename(last.file)}`);
        // Everything published by the round that published the final version has arrived before this returns.
        await within(client.barrier(), timeoutMs);
        for (const p of client.diagnostics.seen) held.set(p.uri, p.diagnostics);
      }
      const pulled = new Map<string, Diagnostic[]>();
      for (const d of docs) {
        const r = await within(client.pull(d.uri), timeoutMs);
        if (!r || r.kind !== 'full') fail('no-response', `no full pull report for ${path.basename(d.file)}`);
        else pulled.set(d.uri, r.items);
      }
      const fresh = await freshDiagnostics(dir, docs, timeoutMs, fail);
      const how = pull ? 'the diagnostics the client holds (pulled with result ids)' : 'the last pushed diagnostics';
      for (const d of docs) {
        const name = path.basename(d.file);
        const p = held.get(d.uri) ?? [];
        const q = pulled.get(d.uri);
        const f = fresh.get(d.uri);
        if (q && !sameDiagnostics(p, q)) fail('mismatch', `${name}: ${how} differ from a full pull\n${diffText(p, q)}`);
        if (f && !sameDiagnostics(q ?? p, f))
          fail(
            'mismatch',
            `${name}: the diagnostics after the storm differ from a fresh server's on the final text\n${diffText(q ?? p, f)}`,
          );
        result.docs.push({
          file: path.relative(dir, d.file),
          length: d.td.getText().length,
          version: d.td.version,
          diagnostics: (q ?? p).length,
        });
      }
    }
  } finally {
    for (const d of docs) result.finalTexts[path.relative(dir, d.file)] = d.td.getText();
    watch.stop();
    await client.stop();
    own?.cleanup();
  }
  result.wallMs = performance.now() - started;
  return result;
}

/** The document is still a NATS config without syntax errors ("fix" edits go back to such a text). */
function parsesCleanly(doc: Doc): boolean {
  const text = doc.td.getText();
  if (text.length > 16000) return false;
  const parsed = openDocument(doc.file, text, { languageId: doc.languageId, ctx: { env: {}, fs: undefined, dialect: 'latest' } });
  return !!parsed && !parsed.issues.some((i) => i.severity === 'error');
}

/** Watches the server process: an exit, anything on stderr, and error or warning log messages are failures. */
function watchServer(client: LspClient, fail: (k: StormFailureKind, m: string) => void): { exited(): boolean; stop(): void } {
  let exited = false;
  let stopping = false;
  const onExit = (code: number | null, signal: string | null): void => {
    exited = true;
    if (!stopping) fail('crash', `the server exited (code ${code}, signal ${signal})`);
  };
  client.proc.on('exit', onExit);
  const onStderr = (d: Buffer): void => fail('stderr', d.toString().slice(0, 2000));
  client.proc.stderr!.on('data', onStderr);
  for (const early of client.stderr) fail('stderr', early.slice(0, 2000));
  client.conn.onNotification('window/logMessage', (p: LogMessageParams) => {
    if (p.type <= 2) fail('log', p.message.slice(0, 2000));
  });
  client.conn.onNotification('window/showMessage', (p: LogMessageParams) => {
    if (p.type <= 2) fail('log', `showMessage: ${p.message.slice(0, 2000)}`);
  });
  return {
    exited: () => exited,
    stop: () => {
      stopping = true;
    },
  };
}

/** One edit: which changes to send, where the cursor ends up, and optionally a token to type next. */
function planEdit(g: Gen, doc: Doc, cursor: number): { changes: TextDocumentContentChangeEvent[]; cursor: number; type?: string } {
  const td = doc.td;
  const text = td.getText();
  const len = text.length;
  const tokens = doc.languageId === 'nats' ? CONF_TOKENS : [...YAML_TOKENS, ...CONF_TOKENS.slice(0, 24)];
  const token = (): string => {
    const k = g.int(10);
    if (k < 5) return g.pick(tokens);
    if (k < 7) return g.pick(ALL_TLS_NAMES) + g.pick([': ', ' ', '', ':']);
    if (k < 8) return JSON.stringify(certPath(g, '/', true)).replace('"/', '"');
    if (k < 9) return g.pick(TLS_SNIPPETS);
    return g.pick(tokens) + g.pick(tokens);
  };
  const near = (): number => (g.chance(0.6) ? Math.max(0, Math.min(len, cursor + g.int(41) - 20)) : g.int(len + 1));
  const span = (at: number, max: number): [number, number] => [at, Math.min(len, at + g.int(max + 1))];
  const change = (s: number, e: number, t: string): TextDocumentContentChangeEvent => ({
    range: { start: td.positionAt(s), end: td.positionAt(e) },
    text: t,
  });
  const big = len > 12000;
  const k = g.weighted([big ? 10 : 30, big ? 40 : 22, 18, 6, 6, 5, 6, 4, 2, 1]);
  switch (k) {
    case 0: {
      const at = near();
      const t = token();
      return { changes: [change(at, at, t)], cursor: at + t.length };
    }
    case 1: {
      const [s, e] = span(near(), big ? 400 : 12);
      return { changes: [change(s, e, '')], cursor: s };
    }
    case 2: {
      const [s, e] = span(near(), 20);
      const t = token();
      return { changes: [change(s, e, t)], cursor: s + t.length };
    }
    case 3: {
      // Break the syntax: an opener (or closer) that nothing matches.
      const at = near();
      const t = g.pick(['{', '[', '(', '"', "'", '}', ']', '{\n', 'tls {\n', '(\n', '\\', '$']);
      return { changes: [change(at, at, t)], cursor: at + t.length };
    }
    case 4:
      // Fix it again: back to the last text that parsed (one range covering the whole document).
      return { changes: [change(0, len, doc.good)], cursor: Math.min(cursor, doc.good.length) };
    case 5: {
      // Type a word or token, one character per edit.
      const at = near();
      return { changes: [change(at, at, '')], cursor: at, type: g.chance(0.5) ? g.pick(ALL_TLS_NAMES) + ': ' : token() };
    }
    case 6: {
      // Several changes in one notification, each against the text the previous one left.
      const scratch = TextDocument.create(doc.uri, doc.languageId, 0, text);
      const changes: TextDocumentContentChangeEvent[] = [];
      let c = cursor;
      for (let i = 2 + g.int(3); i > 0; i--) {
        const l = scratch.getText().length;
        const s = g.int(l + 1);
        const e = Math.min(l, s + g.int(6));
        const t = g.chance(0.6) ? token() : '';
        const ch: TextDocumentContentChangeEvent = { range: { start: scratch.positionAt(s), end: scratch.positionAt(e) }, text: t };
        TextDocument.update(scratch, [ch], 0);
        changes.push(ch);
        c = s + t.length;
      }
      return { changes, cursor: c };
    }
    case 7: {
      // Move or duplicate a line.
      const lines = text.split('\n');
      const i = g.int(lines.length);
      const line = lines[i]!;
      const start = lines.slice(0, i).join('\n').length + (i > 0 ? 1 : 0);
      const to = g.int(len + 1);
      if (g.chance(0.5)) return { changes: [change(to, to, line + '\n')], cursor: to };
      return { changes: [change(start, Math.min(len, start + line.length + 1), '')], cursor: start };
    }
    case 8: {
      // A position past the end of a line and a line past the end of the document: LSP clamps both.
      const line = g.int(td.lineCount);
      const t = token();
      const r = g.chance(0.5)
        ? { start: { line, character: 10_000 }, end: { line, character: 10_000 } }
        : { start: { line: td.lineCount + 5, character: 0 }, end: { line: td.lineCount + 5, character: 3 } };
      const at = td.offsetAt(r.start);
      return { changes: [{ range: r, text: t }], cursor: at + t.length };
    }
    default:
      // A whole-document replacement without a range.
      return { changes: [{ text: doc.good }], cursor: 0 };
  }
}

type Kind = 'hover' | 'completion' | 'codeAction' | 'inlayHint' | 'documentLink' | 'documentSymbol' | 'folding';
const KINDS: Kind[] = ['hover', 'completion', 'codeAction', 'inlayHint', 'documentLink', 'documentSymbol', 'folding'];

/** Sends one request about `doc` as it is now and checks the response against this version's text. */
function request(
  g: Gen,
  client: LspClient,
  kind: Kind | undefined,
  doc: Doc,
  cursor: number,
  fail: (k: StormFailureKind, m: string, at?: number) => void,
  result: StormResult,
  atEdit: number,
): Promise<void> {
  const text = doc.td.getText();
  const version = doc.td.version;
  const uri = doc.uri;
  const lines = new Lines(text);
  const k = kind ?? g.pick(KINDS);
  // Positions as the engine counts them (only "\n" ends a line), at the cursor or anywhere.
  const pos = (): Position => {
    const r = g.int(10);
    if (r === 0) return { line: lines.count + g.int(3), character: g.int(4) };
    return positionAt(text, r < 6 ? Math.min(cursor, text.length) : g.int(text.length + 1));
  };
  const checkRange = (what: string, r: Range | undefined): void => {
    const p = lines.problem(r);
    if (p) fail('range', `${k} on ${path.basename(doc.file)} v${version}: ${what} ${JSON.stringify(r)}: ${p}`, atEdit);
  };
  const checkEdits = (what: string, edits: TextEdit[]): void => {
    for (const e of edits) checkRange(`${what}: edit`, e.range);
    try {
      applyLspEdits(text, edits);
    } catch (e) {
      fail('edit', `${k} on ${path.basename(doc.file)} v${version}: ${what}: ${(e as Error).message}`, atEdit);
    }
  };
  const sent = performance.now();
  result.requests++;
  let p: Promise<unknown>;
  let check: (r: unknown) => void;
  switch (k) {
    case 'hover':
      p = client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: pos() });
      check = (r) => {
        const h = r as Hover | null;
        if (h?.range) checkRange('hover range', h.range);
      };
      break;
    case 'completion':
      p = client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: pos() });
      check = (r) => {
        const items = Array.isArray(r) ? (r as CompletionItem[]) : ((r as CompletionList | null)?.items ?? []);
        for (const i of items) {
          const te = i.textEdit;
          if (te && 'range' in te) checkEdits(`item ${i.label}`, [te]);
          else if (te) {
            checkRange(`item ${i.label} insert`, te.insert);
            checkRange(`item ${i.label} replace`, te.replace);
          }
        }
      };
      break;
    case 'codeAction': {
      const a = pos();
      const whole = g.chance(0.3);
      const range = whole ? { start: { line: 0, character: 0 }, end: positionAt(text, text.length) } : { start: a, end: a };
      const diagnostics = whole ? doc.lastPushed : doc.lastPushed.filter(() => g.chance(0.5));
      p = client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } });
      check = (r) => {
        for (const a of (r ?? []) as CodeAction[]) {
          if (!a.edit) continue;
          const edits = editsOf(a.edit, uri, version, (m) => fail('edit', `${a.title}: ${m}`, atEdit));
          checkEdits(`"${a.title}"`, edits);
        }
      };
      break;
    }
    case 'inlayHint': {
      const range = g.chance(0.5) ? { start: { line: 0, character: 0 }, end: positionAt(text, text.length) } : { start: pos(), end: pos() };
      p = client.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range });
      check = (r) => {
        for (const h of (r ?? []) as InlayHint[]) checkRange(`hint ${String(h.label)}`, { start: h.position, end: h.position });
      };
      break;
    }
    case 'documentLink':
      p = client.conn.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } });
      check = (r) => {
        for (const l of (r ?? []) as DocumentLink[]) checkRange(`link ${l.target}`, l.range);
      };
      break;
    case 'documentSymbol':
      p = client.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
      check = (r) => {
        const walk = (syms: DocumentSymbol[]): void => {
          for (const s of syms) {
            checkRange(`symbol ${s.name}`, s.range);
            checkRange(`symbol ${s.name} selection`, s.selectionRange);
            if (!contains(s.range, s.selectionRange)) fail('range', `symbol ${s.name}: selectionRange outside range`, atEdit);
            walk(s.children ?? []);
          }
        };
        walk((r ?? []) as DocumentSymbol[]);
      };
      break;
    default:
      p = client.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
      check = (r) => {
        for (const f of (r ?? []) as FoldingRange[])
          if (!(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < lines.count))
            fail('range', `fold ${f.startLine}..${f.endLine} of ${lines.count} lines`, atEdit);
      };
  }
  return p.then(
    (r) => {
      result.responses++;
      result.maxResponseMs = Math.max(result.maxResponseMs, performance.now() - sent);
      check(r);
    },
    (e: unknown) => {
      result.responses++;
      fail('error-response', `${k} on ${path.basename(doc.file)} v${version}: ${(e as Error).message ?? String(e)}`, atEdit);
    },
  );
}

/** A pull with the last result id; "unchanged" keeps the items the client holds, as a client does. */
function pullFor(
  client: LspClient,
  doc: Doc,
  fail: (k: StormFailureKind, m: string, at?: number) => void,
  result: StormResult,
  atEdit: number,
): Promise<void> {
  const previous = doc.resultId;
  const sent = performance.now();
  result.requests++;
  return client.pull(doc.uri, previous).then(
    (r) => {
      result.responses++;
      result.maxResponseMs = Math.max(result.maxResponseMs, performance.now() - sent);
      if (r.kind === 'full') {
        doc.lastPushed = r.items;
        doc.resultId = r.resultId;
      } else if (r.resultId !== previous || previous === undefined)
        fail('edit', `an "unchanged" report with result id ${r.resultId} for a pull that sent ${previous}`, atEdit);
    },
    (e: unknown) => {
      result.responses++;
      fail('error-response', `pull on ${path.basename(doc.file)}: ${(e as Error).message ?? String(e)}`, atEdit);
    },
  );
}

function editsOf(edit: WorkspaceEdit, uri: string, version: number, fail: (m: string) => void): TextEdit[] {
  const out: TextEdit[] = [];
  for (const c of edit.documentChanges ?? []) {
    if (!('textDocument' in c)) {
      fail('a resource operation');
      continue;
    }
    if (c.textDocument.uri !== uri) fail(`an edit for another document ${c.textDocument.uri}`);
    if (c.textDocument.version !== version)
      fail(`an edit pinned to version ${c.textDocument.version} for a request about version ${version}`);
    out.push(...(c.edits as TextEdit[]));
  }
  for (const [u, edits] of Object.entries(edit.changes ?? {})) {
    if (u !== uri) fail(`an edit for another document ${u}`);
    out.push(...edits);
  }
  return out;
}

/** Resolves with the value, or undefined after `ms` (a watchdog for a response that never comes). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([p, guard]);
  } finally {
    clearTimeout(timer);
  }
}

async function settle(
  pending: Promise<void>[],
  ms: number,
  fail: (k: StormFailureKind, m: string, at?: number) => void,
  atEdit: number,
): Promise<void> {
  const marker = Symbol('timeout');
  const r = await within(
    Promise.all(pending).then(() => marker),
    ms,
  );
  if (r !== marker) fail('no-response', `${pending.length} request(s) sent up to edit ${atEdit} got no response within ${ms} ms`, atEdit);
}

/** A second server opened directly on the final texts: what it reports for each document (pulled). */
async function freshDiagnostics(
  dir: string,
  docs: Doc[],
  ms: number,
  fail: (k: StormFailureKind, m: string) => void,
): Promise<Map<string, Diagnostic[]>> {
  const out = new Map<string, Diagnostic[]>();
  const client = await LspClient.start({ now: FUZZ_NOW, folders: [dir] });
  try {
    for (const d of docs) await client.open(d.file, d.td.getText(), d.languageId);
    await within(client.barrier(), ms);
    for (const d of docs) {
      const r = await within(client.pull(d.uri), ms);
      if (r?.kind === 'full') out.set(d.uri, r.items);
      else fail('no-response', `the fresh server gave no full report for ${path.basename(d.file)}`);
    }
    for (const e of client.stderr) fail('stderr', `fresh server: ${e.slice(0, 2000)}`);
  } finally {
    await client.stop();
  }
  return out;
}

function key(d: Diagnostic): string {
  return JSON.stringify({ r: d.range, c: d.code, s: d.severity, m: d.message, d: d.data, rel: d.relatedInformation, src: d.source });
}

export function sameDiagnostics(a: Diagnostic[], b: Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => key(d) === key(b[i]!));
}

function diffText(a: Diagnostic[], b: Diagnostic[]): string {
  const ka = a.map(key);
  const kb = b.map(key);
  const only = (x: string[], y: string[]): string[] => x.filter((k) => !y.includes(k));
  return [
    `  ${a.length} vs ${b.length} diagnostics`,
    ...only(ka, kb)
      .slice(0, 5)
      .map((k) => `  - ${k.slice(0, 400)}`),
    ...only(kb, ka)
      .slice(0, 5)
      .map((k) => `  + ${k.slice(0, 400)}`),
  ].join('\n');
}
