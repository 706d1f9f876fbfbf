// Rename for variables (core/navigate/rename.ts): the key and every reference that stands for it, across
// the configs that include one another. A refused rename answers with an error that says why.
import {
  LSPErrorCodes,
  RenameRequest,
  ResponseError,
  type Position,
  type PrepareRenameResult,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { Source } from '../core/conf/ast';
import { MAX_CONFIG_BYTES } from '../core/conf/resolve';
import { planRename, renameBlocker } from '../core/navigate/rename';
import { keySpan, nameSpan, usesOf } from '../core/navigate/variables';
import { decodeConfig } from '../core/text/decode';
import { fileUri } from './convert';
import { openDoc } from './docs';
import { NATS_SELECTOR, registerForNats } from './nats-documents';
import { variableAt, workspaceConfs } from './references';
import type { Feature, ServerContext } from './server';

function refuse(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

function prepare(ctx: ServerContext, uri: string, position: Position): PrepareRenameResult | ResponseError<void> {
  const open = openDoc(ctx, uri);
  const at = open && variableAt(open, position);
  if (!open || !at) return refuse('Only variables can be renamed: put the cursor on a $NAME reference or on the key it refers to.');
  if (!at.def) {
    const from = at.use?.resolved?.from;
    return refuse(
      from === 'env'
        ? `$${at.use!.name} comes from the environment, not from a key in a config: rename the environment variable instead.`
        : `$${at.use?.name ?? ''} refers to no key, so there is nothing to rename.`,
    );
  }
  // Refuse early what does not depend on the new name (a nats-server option, a block's setting).
  const whyNot = renameBlocker(at.def, usesOf(at.def, workspaceConfs(ctx, open.doc)).length);
  if (whyNot) return refuse(whyNot);
  const span = at.use ? nameSpan(at.use) : keySpan(at.def);
  return { range: open.doc.src.lines.range(span.start, span.end), placeholder: at.def.key };
}

function rename(
  ctx: ServerContext,
  uri: string,
  position: Position,
  newName: string,
  documentChanges: boolean,
): WorkspaceEdit | ResponseError<void> {
  const open = openDoc(ctx, uri);
  const at = open && variableAt(open, position);
  if (!open || !at?.def) return refuse('Only variables that refer to a key can be renamed.');
  const textOf = (file: string): string | undefined => {
    const td = ctx.documents.get(fileUri(file));
    if (td) return td.getText();
    const r = ctx.runtime.host.fs.readFile(file, MAX_CONFIG_BYTES);
    return r.ok ? decodeConfig(r.data) : undefined;
  };
  const plan = planRename({
    def: at.def,
    newName: newName.trim(),
    docs: workspaceConfs(ctx, open.doc),
    textOf,
    ctx: { env: ctx.runtime.env, fs: ctx.runtime.host.fs, dialect: 'latest' },
  });
  if (!plan.ok) return refuse(plan.reason);
  const changes: TextDocumentEdit[] = [];
  const plain: Record<string, { range: ReturnType<Source['lines']['range']>; newText: string }[]> = {};
  for (const [file, edits] of plan.edits) {
    const lines = new Source(file, textOf(file) ?? '').lines;
    const textEdits = edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText }));
    const fileUriOf = fileUri(file);
    const td = ctx.documents.get(fileUriOf);
    changes.push({ textDocument: { uri: fileUriOf, version: td ? td.version : null }, edits: textEdits });
    plain[fileUriOf] = textEdits;
  }
  return documentChanges ? { documentChanges: changes } : { changes: plain };
}

export const renameFeature: Feature = (ctx, params) => {
  const caps = params.capabilities;
  const documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
  ctx.connection.onPrepareRename((p) => prepare(ctx, p.textDocument.uri, p.position));
  ctx.connection.onRenameRequest((p) => rename(ctx, p.textDocument.uri, p.position, p.newName, documentChanges));
  const dynamic = registerForNats(ctx, caps.textDocument?.rename?.dynamicRegistration, () =>
    ctx.connection.client.register(RenameRequest.type, { documentSelector: NATS_SELECTOR, prepareProvider: true }),
  );
  return dynamic ? {} : { renameProvider: { prepareProvider: true } };
};
