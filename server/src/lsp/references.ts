// Find All References and document highlights for variables: every `$NAME` that stands for the same key
// (in the workspace's configs, the files they include and the files that include them), and the key itself.
import {
  DocumentHighlightKind,
  DocumentHighlightRequest,
  ReferencesRequest,
  type DocumentHighlight,
  type Location,
  type Position,
} from 'vscode-languageserver';
import type { Entry, VariableNode } from '../core/conf/ast';
import type { ConfigDoc } from '../core/document';
import { targetAt } from '../core/navigate/targets';
import { definitionOf, keySpan, referencesIn, usesOf } from '../core/navigate/variables';
import { fileUri } from './convert';
import { openDoc, type OpenDoc } from './docs';
import { NATS_SELECTOR, registerForNats } from './nats-documents';
import type { Feature, ServerContext } from './server';

/** Every nats-server config the server knows (open or scanned), the given one first. */
export function workspaceConfs(ctx: ServerContext, first: ConfigDoc): ConfigDoc[] {
  const p = ctx.workspace.project;
  const others = p
    .files()
    .map((f) => p.document(f))
    .filter((d): d is ConfigDoc => !!d && d !== first && d.format === 'conf');
  return [first, ...others];
}

/** The variable at a position: the key it is (or a reference stands for), with the reference when on one. */
export function variableAt(open: OpenDoc, position: Position): { def: Entry | undefined; use: VariableNode | undefined } | undefined {
  const { doc, model } = open;
  if (doc.format !== 'conf') return undefined;
  const t = targetAt(doc, model, doc.src.lines.offset(position));
  if (t?.kind === 'key') return { def: t.entry, use: undefined };
  if (t?.kind === 'variable') return { def: definitionOf(t.use), use: t.use };
  return undefined;
}

function references(ctx: ServerContext, uri: string, position: Position, includeDeclaration: boolean): Location[] | null {
  const open = openDoc(ctx, uri);
  const at = open && variableAt(open, position);
  if (!open || !at?.def) return null;
  const def = at.def;
  const out: Location[] = [];
  if (includeDeclaration) {
    const s = keySpan(def);
    out.push({ uri: fileUri(def.src.file), range: def.src.lines.range(s.start, s.end) });
  }
  for (const v of usesOf(def, workspaceConfs(ctx, open.doc)))
    out.push({ uri: fileUri(v.src.file), range: v.src.lines.range(v.start, v.end) });
  return out;
}

/** The key (Write) and its references (Read) in this document; for an environment variable, its references here. */
function highlights(ctx: ServerContext, uri: string, position: Position): DocumentHighlight[] | null {
  const open = openDoc(ctx, uri);
  const at = open && variableAt(open, position);
  if (!open || !at) return null;
  const src = open.doc.src;
  const out: DocumentHighlight[] = [];
  if (at.def) {
    if (at.def.src === src) {
      const s = keySpan(at.def);
      out.push({ range: src.lines.range(s.start, s.end), kind: DocumentHighlightKind.Write });
    }
    for (const v of usesOf(at.def, [open.doc]))
      if (v.src === src) out.push({ range: src.lines.range(v.start, v.end), kind: DocumentHighlightKind.Read });
    return out;
  }
  const use = at.use!;
  // No key: every reference to the same name that the environment (or nothing) answers.
  for (const v of referencesIn(open.doc)) {
    if (v.src === src && v.name === use.name && !definitionOf(v) && v.resolved?.from === use.resolved?.from)
      out.push({ range: src.lines.range(v.start, v.end), kind: DocumentHighlightKind.Read });
  }
  return out;
}

export const referencesFeature: Feature = (ctx, params) => {
  const td = params.capabilities.textDocument;
  ctx.connection.onReferences((p) => references(ctx, p.textDocument.uri, p.position, p.context.includeDeclaration));
  ctx.connection.onDocumentHighlight((p) => highlights(ctx, p.textDocument.uri, p.position));
  const refs = registerForNats(ctx, td?.references?.dynamicRegistration, () =>
    ctx.connection.client.register(ReferencesRequest.type, { documentSelector: NATS_SELECTOR }),
  );
  const hl = registerForNats(ctx, td?.documentHighlight?.dynamicRegistration, () =>
    ctx.connection.client.register(DocumentHighlightRequest.type, { documentSelector: NATS_SELECTOR }),
  );
  return { ...(refs ? {} : { referencesProvider: true }), ...(hl ? {} : { documentHighlightProvider: true }) };
};
