// Shared plumbing of the feature modules: the open document, its parsed config and TLS model, and
// versioned workspace edits built from the engine's offset edits.
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigDoc } from '../core/document';
import type { OffsetEdit } from '../core/edits/text-edit';
import type { TlsModel } from '../core/tls/model';
import type { ServerContext } from './server';
import { uriToPath } from './workspace';

export interface OpenDoc {
  td: TextDocument;
  file: string;
  doc: ConfigDoc;
  /** Undefined only when building it failed; a document without TLS blocks still has a model. */
  model: TlsModel | undefined;
}

/** The open document at `uri`, parsed for its current version (cached by version). */
export function openDoc(ctx: ServerContext, uri: string): OpenDoc | undefined {
  const td = ctx.documents.get(uri);
  if (!td) return undefined;
  const doc = ctx.workspace.update(td);
  if (!doc) return undefined;
  const file = uriToPath(uri);
  return { td, file, doc, model: ctx.workspace.project.model(file) };
}

/** Every TLS model of the workspace (for client ↔ server pairing); models are cached per document version. */
export function allModels(ctx: ServerContext): TlsModel[] {
  const p = ctx.workspace.project;
  return p
    .files()
    .map((f) => p.model(f))
    .filter((m): m is TlsModel => !!m);
}

export function toTextEdits(doc: ConfigDoc, edits: readonly OffsetEdit[]): TextEdit[] {
  return edits.map((e) => ({ range: doc.src.lines.range(e.start, e.end), newText: e.newText }));
}

/**
 * A workspace edit pinned to the document version it was computed for: the client refuses to apply it
 * to any other version (documentChanges), or, for clients without documentChanges, plain changes.
 */
export function versionedEdit(td: TextDocument, edits: TextEdit[], documentChanges: boolean): WorkspaceEdit {
  if (documentChanges) return { documentChanges: [{ textDocument: { uri: td.uri, version: td.version }, edits }] };
  return { changes: { [td.uri]: edits } };
}
