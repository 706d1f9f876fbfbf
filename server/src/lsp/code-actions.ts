// Quick fixes, keyed on diagnostic code + data (never on message text), and the "generate a test
// certificate" action. Every edit is pinned to the document version it was computed for, and a diagnostic
// that no longer matches a current finding (code and range) gets no fix: stale requests are refused.
import {
  CodeActionKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Command,
  type Diagnostic,
  type Position,
  type Range,
} from 'vscode-languageserver';
import * as path from 'node:path';
import type { Entry } from '../core/conf/ast';
import { reportedAt } from '../core/conf/issue';
import { redact, secretsOf } from '../core/conf/secrets';
import type { ConfigDoc } from '../core/document';
import { insertEntryAfter, stringLiteral, swapValues } from '../core/edits/fields';
import { quoteString, type OffsetEdit } from '../core/edits/text-edit';
import { yamlBlockIssueAt, yamlBlockToBraces } from '../core/edits/yaml-block';
import { blockOfEntry, nodeAt, refAt } from '../core/locate';
import type { TlsBlock } from '../core/tls/blocks';
import { caCandidates, issuerOf, keyCandidates } from '../core/tls/nearby';
import { pemOf, refOf, type FileRef, type TlsModel } from '../core/tls/model';
import type { Finding } from '../core/types';
import { toTextEdits, versionedEdit, openDoc, type OpenDoc } from './docs';
import type { Feature, ServerContext } from './server';
import { SOURCE } from './convert';
import {
  GENERATE_SERVER_CERTIFICATE,
  RENEW_CERTIFICATE,
  type BlockFile,
  type GenerateCertificateArgs,
  type RenewCertificateArgs,
} from '../protocol/commands';
import { honouring } from './cancel';
import { addUserActions } from './identity-actions';

// The commands and their arguments are part of the protocol the VS Code client shares.
export {
  GENERATE_SERVER_CERTIFICATE,
  RENEW_CERTIFICATE,
  type GenerateCertificateArgs,
  type RenewCertificateArgs,
} from '../protocol/commands';

interface Options {
  documentChanges: boolean;
}

const MAX_CANDIDATES = 3;
/**
 * At most this many diagnostics get fixes per request: a selection over a document with thousands of
 * findings still answers at once (nobody picks from a longer menu).
 */
export const MAX_FIXED_DIAGNOSTICS = 100;

/** Work done, for tests: current findings looked up (one per diagnostic in range), indexes built (one per findings version). */
export const codeActionWork = { examined: 0, indexed: 0 };

function findingKey(code: string, r: Range): string {
  return `${code} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Per findings array (one per document version): current findings by code and range. */
const indexes = new WeakMap<Finding[], Map<string, Finding>>();

/** Current findings by code and range (the first of equals wins), built once per version of the findings. */
function findingIndex(findings: Finding[]): Map<string, Finding> {
  let index = indexes.get(findings);
  if (index) return index;
  codeActionWork.indexed++;
  index = new Map<string, Finding>();
  for (const f of findings) {
    const k = findingKey(f.code, f.range);
    if (!index.has(k)) index.set(k, f);
  }
  indexes.set(findings, index);
  return index;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Whether two ranges share a position (ends included, as editors ask for the diagnostics at the cursor). */
function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** The current finding a client diagnostic stands for, or undefined when it is stale (or not ours). */
function currentFinding(index: Map<string, Finding>, d: Diagnostic): Finding | undefined {
  if (d.source !== SOURCE || typeof d.code !== 'string') return undefined;
  return index.get(findingKey(d.code, d.range));
}

class Builder {
  readonly actions: CodeAction[] = [];
  constructor(
    private readonly open: OpenDoc,
    readonly opts: Options,
  ) {}

  edit(title: string, edits: OffsetEdit[], diagnostic: Diagnostic | undefined, preferred = false): void {
    const a: CodeAction = {
      title,
      kind: CodeActionKind.QuickFix,
      edit: versionedEdit(this.open.td, toTextEdits(this.open.doc, edits), this.opts.documentChanges),
    };
    if (diagnostic) a.diagnostics = [diagnostic];
    if (preferred) a.isPreferred = true;
    this.actions.push(a);
  }

  command(title: string, command: Command, kind: string, diagnostic: Diagnostic | undefined): void {
    const a: CodeAction = { title, kind, command };
    if (diagnostic) a.diagnostics = [diagnostic];
    this.actions.push(a);
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The block whose `tls` key (anchor) starts at `offset` in this document. */
function blockAtAnchor(open: OpenDoc, offset: number): TlsBlock | undefined {
  return open.model?.blocks.find((b) => b.anchor.src === open.doc.src && b.anchor.start === offset);
}

function ownEntry(open: OpenDoc, e: Entry | undefined): Entry | undefined {
  return e && e.src === open.doc.src ? e : undefined;
}

function fileArg(ref: FileRef | undefined): BlockFile | undefined {
  if (!ref) return undefined;
  // A path from the environment (or a file that is not a config) stays hidden: pass its `$NAME`, as written.
  const use = ref.entry.value;
  const secrets = secretsOf(reportedAt(ref.at.src, ref.at.start, ref.at.end).src);
  if (use?.kind === 'variable' && secrets.length && redact(ref.raw, secrets) !== ref.raw) return { written: `$${use.name}` };
  const { resolved, tried } = ref.resolution;
  if (resolved) return { written: ref.raw, resolved };
  return tried[0] ? { written: ref.raw, target: tried[0] } : { written: ref.raw };
}

export function generateArgs(open: OpenDoc, block: TlsBlock): GenerateCertificateArgs {
  const model = open.model!;
  const args: GenerateCertificateArgs = {
    uri: open.td.uri,
    version: open.td.version,
    block: {
      location: block.location.id,
      path: block.location.path,
      range: block.anchor.src.lines.range(block.anchor.start, block.anchor.end),
    },
  };
  const cert = fileArg(refOf(model, block, 'cert_file'));
  const key = fileArg(refOf(model, block, 'key_file'));
  const ca = fileArg(refOf(model, block, 'ca_file'));
  if (cert) args.certFile = cert;
  if (key) args.keyFile = key;
  if (ca) args.caFile = ca;
  return args;
}

function canGenerate(block: TlsBlock): boolean {
  return block.location.server && block.location.presentsAsServer && block.anchor.src.file === block.doc.file;
}

/** Quick fixes for one current finding. */
function fixesFor(b: Builder, open: OpenDoc, f: Finding, d: Diagnostic, ctx: ServerContext): void {
  const { doc, model, file } = open;
  const src = doc.src;
  const start = src.lines.offset(f.range.start);
  const end = src.lines.offset(f.range.end);
  const data = f.data ?? {};
  // Reported at a `$NAME` whose value holds the problem: the config's text has nothing to edit.
  if (data.fromEnv !== undefined) return;
  switch (f.code) {
    case 'unquoted-dot-value': {
      const value = str(data.value) ?? src.text.slice(start, end);
      b.edit(`Quote ${value}`, [{ start, end, newText: quoteString(value) }], d, true);
      return;
    }
    case 'yaml-style-block': {
      const issue = doc.conf && yamlBlockIssueAt(doc.conf, start);
      const edits = issue && doc.conf ? yamlBlockToBraces(doc.conf, issue) : undefined;
      if (edits?.length) b.edit(`Write ${str(data.key) ?? 'this block'} ${data.kind === 'list' ? '[ … ]' : '{ … }'}`, edits, d, true);
      return;
    }
    case 'client-auth-field': {
      const replacement = str(data.replacement) ?? 'verify';
      const at = nodeAt(doc.root, start);
      const entry = at.entry && at.onKey ? at.entry : undefined;
      const edits: OffsetEdit[] = [{ start, end, newText: replacement }];
      const v = entry?.value;
      if (v && v.kind !== 'bool' && v.kind !== 'variable') edits.push({ start: v.start, end: v.end, newText: 'true' });
      b.edit(`Replace ${src.text.slice(start, end)} with ${replacement}${v && v.kind !== 'bool' ? ': true' : ''}`, edits, d, true);
      return;
    }
    case 'cert-maps-to-no-user':
      b.actions.push(...addUserActions(ctx, f, d, b.opts.documentChanges));
      return;
    case 'unknown-field': {
      const suggestion = str(data.suggestion);
      if (suggestion) b.edit(`Change to ${suggestion}`, [{ start, end, newText: suggestion }], d, true);
      return;
    }
    case 'invalid-value':
    case 'unit-trap': {
      const replacement = str(data.replacement) ?? str(data.suggestion);
      if (replacement === undefined) return;
      const written = src.text.slice(start, end);
      const q = written[0];
      // A name in a quoted string (a cipher suite, a curve) keeps its quotes; literals (true, "1.2") are written as given.
      const keepQuotes =
        (q === '"' || q === "'") &&
        written.endsWith(q) &&
        written.length >= 2 &&
        /^[A-Za-z_][\w-]*$/.test(replacement) &&
        !/^(true|false)$/.test(replacement);
      const newText = keepQuotes ? `${q}${replacement}${q}` : replacement;
      b.edit(`Change to ${newText}`, [{ start, end, newText }], d, true);
      return;
    }
    case 'pem-swapped': {
      if (!model) return;
      const cert = refAt(model, file, start);
      const key = cert && refOf(model, cert.block, 'key_file', cert.pair);
      const cv = cert?.entry.value;
      const kv = key?.entry.value;
      if (!cv || !kv || cv.src !== src || kv.src !== src) return;
      b.edit('Swap cert_file and key_file', swapValues(cv, kv), d, true);
      return;
    }
    case 'missing-key-file':
    case 'missing-cert-file': {
      if (!model) return;
      const block = blockAtAnchor(open, start);
      if (!block) return;
      const which = f.code === 'missing-key-file' ? 'key_file' : 'cert_file';
      if (which === 'key_file') {
        const after = ownEntry(open, block.fields.get('cert_file'));
        if (!after) return;
        // Client configs spell the key like they spell the certificate: cert → key, certFile → keyFile.
        const name = after.key.replace(/cert/, 'key').replace(/Cert/, 'Key').replace(/CERT/, 'KEY');
        for (const c of keyCandidates(model, block, ctx.runtime.host).slice(0, MAX_CANDIDATES)) {
          b.edit(
            `Add ${name}: ${c.written} (${c.why})`,
            [insertEntryAfter(doc, after, name, stringLiteral(doc, c.written))],
            d,
            c.score >= 10,
          );
        }
      }
      if (canGenerate(block)) generateAction(b, open, block, d);
      return;
    }
    case 'verify-without-ca': {
      if (!model) return;
      const at = nodeAt(doc.root, start);
      // Reported on the verify key, or (cluster, gateway) on the block's tls key.
      const verify = at.entry && at.onKey && blockOfEntry(model, at.entry) ? at.entry : undefined;
      const block = (verify && blockOfEntry(model, verify)) ?? blockAtAnchor(open, start);
      if (!block) return;
      const after = ownEntry(open, verify) ?? ownEntry(open, block.fields.get('key_file')) ?? ownEntry(open, block.fields.get('cert_file'));
      if (!after) return;
      for (const c of caCandidates(model, block, ctx.runtime.host).slice(0, MAX_CANDIDATES)) {
        b.edit(
          `Add ca_file: ${c.written} (${c.why})`,
          [insertEntryAfter(doc, after, 'ca_file', stringLiteral(doc, c.written))],
          d,
          c.score >= 10,
        );
      }
      return;
    }
    case 'no-certificate':
    case 'no-san':
    case 'missing-server-auth': {
      if (!model) return;
      const block = f.code === 'no-certificate' ? blockAtAnchor(open, start) : refAt(model, file, start)?.block;
      if (block && canGenerate(block)) generateAction(b, open, block, d);
      return;
    }
    case 'file-not-found': {
      if (!model) return;
      const ref = refAt(model, file, start);
      if (ref && ref.field !== 'ca_file' && canGenerate(ref.block)) generateAction(b, open, ref.block, d);
      return;
    }
    case 'cert-expiring':
    case 'cert-expired': {
      if (!model || data.field !== 'cert_file') return;
      const ref = refAt(model, file, start);
      const pem = pemOf(ref);
      const index = typeof data.index === 'number' ? data.index : 0;
      const leaf = pem?.certs[index];
      if (!ref || !pem || !leaf) return;
      const issuer = issuerOf(model, ref.block, leaf, ctx.runtime.host);
      if (!issuer) return;
      const key = refOf(model, ref.block, 'key_file', ref.pair);
      const args: RenewCertificateArgs = {
        uri: open.td.uri,
        version: open.td.version,
        certPath: pem.path,
        index,
        subject: leaf.subject,
        notAfter: leaf.notAfter.toISOString(),
        caCertPath: issuer.caCert,
        caKeyPath: issuer.caKey,
      };
      if (key?.resolution.resolved) args.keyPath = key.resolution.resolved;
      b.command(
        `Renew ${leaf.subjectCN ?? 'this certificate'} with ${path.basename(issuer.caCert)} (${issuer.caName})`,
        { title: 'Renew certificate', command: RENEW_CERTIFICATE, arguments: [args] },
        CodeActionKind.QuickFix,
        d,
      );
      return;
    }
  }
}

function generateAction(b: Builder, open: OpenDoc, block: TlsBlock, d: Diagnostic | undefined): void {
  b.command(
    `Generate a test certificate for ${block.location.path} (${block.location.label})`,
    { title: 'Generate a test certificate', command: GENERATE_SERVER_CERTIFICATE, arguments: [generateArgs(open, block)] },
    d ? CodeActionKind.QuickFix : CodeActionKind.Refactor,
    d,
  );
}

function wanted(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * The code actions for a range. Only diagnostics in the range are looked at (editors send those), at most
 * MAX_FIXED_DIAGNOSTICS of them, each matched to the current finding in O(1): the work is bounded by the
 * request, not by how many findings the document has. Stops when the request is cancelled.
 */
export function codeActions(ctx: ServerContext, params: CodeActionParams, opts: Options, token?: CancellationToken): CodeAction[] {
  const open = openDoc(ctx, params.textDocument.uri);
  if (!open || token?.isCancellationRequested) return [];
  const b = new Builder(open, opts);
  const only = params.context.only;
  if (wanted(only, CodeActionKind.QuickFix) && params.context.diagnostics.length) {
    let findings: Map<string, Finding> | undefined;
    let fixed = 0;
    for (const d of params.context.diagnostics) {
      if (!overlaps(d.range, params.range)) continue;
      if (fixed++ >= MAX_FIXED_DIAGNOSTICS || token?.isCancellationRequested) break;
      findings ??= findingIndex(ctx.workspace.findings(open.file));
      codeActionWork.examined++;
      const f = currentFinding(findings, d);
      if (f) fixesFor(b, open, f, d, ctx);
    }
  }
  // Anywhere inside a server-side TLS block: generate a test certificate for it.
  if (wanted(only, CodeActionKind.Refactor) && open.model && !b.actions.some((a) => a.command?.command === GENERATE_SERVER_CERTIFICATE)) {
    const offset = open.doc.src.lines.offset(params.range.start);
    const block = blockContaining(open.doc, open.model, offset);
    if (block && canGenerate(block)) generateAction(b, open, block, undefined);
  }
  return b.actions;
}

/** The innermost TLS block (of this document's own text) whose key or braces hold the offset. */
function blockContaining(doc: ConfigDoc, model: TlsModel, offset: number): TlsBlock | undefined {
  let best: TlsBlock | undefined;
  for (const block of model.blocks) {
    if (block.anchor.src !== doc.src || block.map.src !== doc.src) continue;
    const start = block.anchor.start;
    const end = block.map.close >= 0 ? block.map.close + 1 : block.map.end;
    if (offset >= start && offset <= end && (!best || start > best.anchor.start)) best = block;
  }
  return best;
}

export const codeActionsFeature: Feature = (ctx, params) => {
  const documentChanges = !!params.capabilities.workspace?.workspaceEdit?.documentChanges;
  ctx.connection.onCodeAction(honouring((p, token) => codeActions(ctx, p, { documentChanges }, token)));
  return { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor], resolveProvider: false } };
};
