// Putting certificate files into a config: the language server computes the edit (natsTls/tlsFileEdit: paths
// written the way natsTls.pathBase resolves them, fields added or replaced, or a new client-port `tls` block),
// the client applies it and shows where. "Use in a Config…" after a certificate made from the palette picks
// the config (natsTls/tlsBlocks: the workspace's configs with a block for that role), then the block.
import * as vscode from 'vscode';
import type { Position } from '../../../server/src/protocol/commands';
import {
  TlsBlocksRequest,
  TlsFileEditRequest,
  type TlsBlockInfo,
  type TlsFileField,
  type TlsFileEditParams,
} from '../../../server/src/protocol/requests';
import { orCancel, shown, type Services } from './shared';

export type TlsFiles = Partial<Record<TlsFileField, string>>;

export type EditOutcome = { ok: true } | { ok: false; lines: string; reason: string };

/**
 * Edits the block (or adds one, without `block`) with the server's edit for `version` of the config, then
 * reveals it. Returns the lines and why not when the config changed meanwhile or cannot be edited there.
 */
export async function applyTlsFileEdit(
  services: Services,
  config: vscode.Uri,
  version: number,
  block: Position | undefined,
  files: TlsFiles,
  replace: boolean,
): Promise<EditOutcome> {
  // Open, so the server edits the editor's text (the request waits for the open notification).
  const textDoc = await vscode.workspace.openTextDocument(config);
  const params: TlsFileEditParams = {
    uri: config.toString(),
    version,
    files,
    ...(block ? { block } : {}),
    ...(replace ? { replace } : {}),
  };
  const r = await services.server.request(TlsFileEditRequest, params);
  const lines = r.entries.map((e) => `${e.key}: "${e.value}"`).join('\n');
  if (!r.edits || textDoc.version !== r.version) return { ok: false, lines, reason: r.reason ?? `${shown(config)} changed meanwhile` };
  const edit = new vscode.WorkspaceEdit();
  for (const e of r.edits)
    edit.replace(config, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  if (r.edits.length && !(await vscode.workspace.applyEdit(edit)))
    return { ok: false, lines, reason: `${shown(config)} could not be edited` };
  const first = r.edits[0]?.range.start;
  const at = first ? new vscode.Position(first.line, first.character) : new vscode.Position(0, 0);
  await vscode.window.showTextDocument(textDoc, { selection: new vscode.Range(at, at), preview: false });
  services.output.info(`${shown(config)}: ${r.entries.map((e) => `${e.key}: ${e.value}`).join(', ')}`);
  return { ok: true };
}

/** Says why an edit was not made, with its lines on the clipboard. */
export async function editFailed(r: Extract<EditOutcome, { ok: false }>, where: string): Promise<void> {
  await vscode.env.clipboard.writeText(r.lines);
  void vscode.window.showInformationMessage(`NATS: ${r.reason}; the lines for ${where} are on the clipboard.`);
}

const ADD_BLOCK = 'Add a tls block for the client port';

function filesText(files: TlsBlockInfo['files']): string {
  const set = Object.entries(files).map(([k, v]) => `${k}: ${v}`);
  return set.length ? set.join(' · ') : 'no certificate files yet';
}

/**
 * "Use in a Config…": the user picks a config of the workspace and a TLS block in it (where a `role`
 * certificate goes); cert_file and key_file are set there, ca_file too when `ca` is given and the block (for
 * a server) already has one, or (for a client) always.
 */
export async function useInConfig(
  services: Services,
  title: string,
  role: 'server' | 'client',
  files: { cert: string; key: string; ca?: string },
  prefer?: vscode.Uri,
): Promise<void> {
  const { configs } = await services.server.request(TlsBlocksRequest, { role });
  if (!configs.length) {
    void vscode.window.showInformationMessage(
      `NATS: no NATS config in the workspace has a TLS block for a ${role} certificate${role === 'server' ? ' (or is a nats-server config that could get one)' : ''}.`,
    );
    return;
  }
  const preferred = prefer?.toString();
  const pickedConfig = orCancel(
    await vscode.window.showQuickPick(
      configs
        .map((c) => ({
          label: c.shown,
          description: c.blocks.length ? c.blocks.map((b) => b.path).join(', ') : 'no tls block yet: adds one for the client port',
          uri: c.uri,
          first: c.uri === preferred,
        }))
        .sort((a, b) => Number(b.first) - Number(a.first)),
      { title, placeHolder: `The config to put the ${role} certificate in`, ignoreFocusOut: true },
    ),
  );
  const uri = vscode.Uri.parse(pickedConfig.uri, true);
  await vscode.workspace.openTextDocument(uri);
  // The blocks again, at the open document's version (the positions the edit needs).
  const config = (await services.server.request(TlsBlocksRequest, { role, uri: uri.toString() })).configs[0];
  if (!config || config.version === undefined) throw new Error(`${shown(uri)} is not open as a NATS config`);
  type Item = vscode.QuickPickItem & { block?: TlsBlockInfo };
  const items: Item[] = [
    ...config.blocks.map((b) => ({ label: b.path, description: b.label, detail: filesText(b.files), block: b })),
    ...(config.canAddBlock ? [{ label: ADD_BLOCK, description: 'tls { cert_file, key_file }' }] : []),
  ];
  const chosen =
    items.length === 1
      ? items[0]!
      : orCancel(await vscode.window.showQuickPick(items, { title, placeHolder: `Where in ${config.shown}?`, ignoreFocusOut: true }));
  const block = chosen.block;
  const withCa = files.ca !== undefined && (role === 'client' || block?.files.ca_file !== undefined);
  const fields: TlsFiles = { cert_file: files.cert, key_file: files.key, ...(withCa ? { ca_file: files.ca } : {}) };
  const r = await applyTlsFileEdit(services, uri, config.version, block?.block, fields, true);
  if (!r.ok) await editFailed(r, block?.path ?? 'tls');
}
