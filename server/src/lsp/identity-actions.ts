// The quick fix of cert-maps-to-no-user: add a user named exactly as one of the certificate's identities to
// the server config the client is paired with (another file: a WorkspaceEdit on it, pinned to its open
// version, or to the file on disk when it is not open). One action per identity form, best first.
import { CodeActionKind, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import * as path from 'node:path';
import { serverAuth, type UserList } from '../core/auth/users';
import { addUserEdit } from '../core/edits/users';
import { KIND_LABEL, type IdentityKind } from '../core/identity/map';
import type { Finding } from '../core/types';
import { fileUri } from './convert';
import type { ServerContext } from './server';
import { uriToPath } from './workspace';

function namesOf(data: Record<string, unknown>): { kind: IdentityKind; value: string }[] {
  const names = data.names;
  if (!Array.isArray(names)) return [];
  return names.filter((n): n is { kind: IdentityKind; value: string } => {
    const o = n as { kind?: unknown; value?: unknown } | null;
    return !!o && typeof o.value === 'string' && typeof o.kind === 'string' && o.kind in KIND_LABEL;
  });
}

/** The list a new user goes to: leaf node users for a leaf scope, else authorization.users, else the first account's. */
function targetList(lists: { client: UserList[]; leaf: UserList[] }, scope: unknown): UserList | undefined {
  if (scope === 'leafnode') return lists.leaf[0];
  return lists.client.find((l) => l.account === undefined) ?? lists.client[0];
}

export function addUserActions(ctx: ServerContext, f: Finding, d: Diagnostic, documentChanges: boolean): CodeAction[] {
  const data = f.data ?? {};
  const server = typeof data.server === 'string' ? data.server : undefined;
  if (!server) return [];
  const open = ctx.documents.all().find((t) => uriToPath(t.uri) === server);
  const doc = open ? ctx.workspace.update(open) : ctx.workspace.project.document(server);
  if (!doc || doc.role !== 'server') return [];
  const auth = serverAuth(doc);
  const list = targetList({ client: auth.clientLists, leaf: auth.leafLists }, data.scope);
  if (!list) return [];
  const where =
    list.scope === 'leafnode' ? 'leafnodes.authorization.users' : list.account ? `account ${list.account}` : 'authorization.users';
  const actions: CodeAction[] = [];
  for (const [i, n] of namesOf(data).entries()) {
    const edit = addUserEdit(list.array, n.value, doc.format === 'json');
    if (!edit) continue;
    const file = edit.src.file;
    const td = ctx.documents.all().find((t) => uriToPath(t.uri) === file);
    const uri = td?.uri ?? fileUri(file);
    const textEdit = { range: edit.src.lines.range(edit.start, edit.end), newText: edit.newText };
    // Computed on the text the workspace holds: the open version, or the file as it is on disk (version null).
    const we: WorkspaceEdit = documentChanges
      ? { documentChanges: [{ textDocument: { uri, version: td ? td.version : null }, edits: [textEdit] }] }
      : { changes: { [uri]: [textEdit] } };
    actions.push({
      title: `Add user "${n.value}" to ${path.basename(server)} (${where}; the certificate's ${KIND_LABEL[n.kind]})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: i === 0,
      edit: we,
    });
  }
  return actions;
}
