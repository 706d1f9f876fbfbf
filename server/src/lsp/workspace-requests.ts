// Requests about the workspace as a whole, for the client's commands and language status: which configs use
// a file (before it is overwritten), the TLS blocks a new certificate could go into, files the client just
// wrote (re-checked at once), a config's working directory and target version, and what `nats-server
// --version` said (natsTls.serverVersion "auto").
import * as path from 'node:path';
import type { ConfigDoc } from '../core/document';
import type { TlsBlock } from '../core/tls/blocks';
import type { TlsModel } from '../core/tls/model';
import { innermostRoot } from '../core/tls/paths';
import { describeWorkingDirectory, workingDirectory } from '../core/tls/working-dir';
import {
  ConfigStatusRequest,
  FilesChangedRequest,
  FileUsersRequest,
  ServerVersionDetectedRequest,
  TlsBlocksRequest,
  type ConfigStatusResult,
  type FileUser,
  type TlsBlockInfo,
  type TlsConfigInfo,
  type TlsFileField,
} from '../protocol/requests';
import { fileUri } from './convert';
import { openDoc } from './docs';
import { absolute, handle, RequestFailed, settingsOf, shown, str, strings } from './request-support';
import type { ServerContext } from './server';
import { knownVersions, versionFromOutput } from './target-version';
import { MAX_SCANNED_FILES, uriToPath } from './workspace';

const FIELDS: readonly TlsFileField[] = ['cert_file', 'key_file', 'ca_file'];

/** The workspace's configs with their models (open documents at their current version), at most the scan's limit. */
function workspaceModels(ctx: ServerContext): TlsModel[] {
  const p = ctx.workspace.project;
  const out: TlsModel[] = [];
  for (const f of p.files()) {
    if (out.length >= MAX_SCANNED_FILES) break;
    const m = p.model(f);
    if (m) out.push(m);
  }
  return out;
}

/** Blocks of a document's own text (not from includes), where a certificate for `role` goes. */
function blocksFor(model: TlsModel, role: 'server' | 'client'): TlsBlock[] {
  return model.blocks.filter(
    (b) =>
      b.anchor.src === model.doc.src &&
      b.map.src === model.doc.src &&
      !b.inheritedFrom &&
      (role === 'server' ? b.location.server && b.location.presentsAsServer : b.location.presentsAsClient && !b.location.presentsAsServer),
  );
}

function blockInfo(model: TlsModel, block: TlsBlock): TlsBlockInfo {
  const files: TlsBlockInfo['files'] = {};
  for (const f of FIELDS) {
    const ref = model.refs.find((r) => r.block === block && r.field === f && r.pair === undefined);
    if (ref) files[f] = ref.raw;
  }
  return { path: block.location.path, label: block.location.label, block: model.doc.src.lines.position(block.anchor.start), files };
}

function canAddBlock(doc: ConfigDoc, model: TlsModel, role: 'server' | 'client'): boolean {
  return role === 'server' && doc.role === 'server' && doc.format === 'conf' && !model.blocks.some((b) => b.location.id === 'client-port');
}

export function registerWorkspaceRequests(ctx: ServerContext): void {
  handle(ctx, FileUsersRequest, (p) => {
    const wanted = new Set(strings(p.paths, 'paths').map((x) => absolute(x, 'paths[]')));
    const except = p.except && { file: uriToPath(str(p.except.uri, 'except.uri')), at: p.except.block };
    const byPath = new Map<string, FileUser[]>();
    for (const model of workspaceModels(ctx)) {
      for (const r of model.refs) {
        const resolved = r.resolution.resolved;
        if (!resolved || !wanted.has(path.normalize(resolved))) continue;
        const anchor = model.doc.src.lines.position(r.block.anchor.start);
        if (except && model.doc.file === except.file && anchor.line === except.at.line && anchor.character === except.at.character)
          continue;
        const users = byPath.get(resolved) ?? [];
        const user = { config: model.doc.file, shown: shown(ctx, model.doc.file), block: r.block.location.path, field: r.field };
        if (!users.some((u) => u.config === user.config && u.block === user.block && u.field === user.field)) users.push(user);
        byPath.set(resolved, users);
      }
    }
    const order = (a: FileUser, b: FileUser): number => a.shown.localeCompare(b.shown) || a.block.localeCompare(b.block);
    return { users: [...byPath].map(([file, usedBy]) => ({ path: file, usedBy: usedBy.sort(order) })) };
  });

  handle(ctx, TlsBlocksRequest, (p) => {
    const role = p.role === 'client' ? 'client' : p.role === 'server' ? 'server' : undefined;
    if (!role) throw new RequestFailed('role must be "server" or "client"');
    const info = (model: TlsModel, uri: string, version?: number): TlsConfigInfo => ({
      uri,
      shown: shown(ctx, model.doc.file),
      ...(version !== undefined ? { version } : {}),
      blocks: blocksFor(model, role).map((b) => blockInfo(model, b)),
      canAddBlock: canAddBlock(model.doc, model, role),
    });
    if (p.uri !== undefined) {
      const open = openDoc(ctx, str(p.uri, 'uri'));
      if (!open?.model) throw new RequestFailed(`${shown(ctx, uriToPath(p.uri))} is not open as a NATS config`);
      return { configs: [info(open.model, open.td.uri, open.td.version)] };
    }
    const roots = ctx.workspace.roots;
    const configs = workspaceModels(ctx)
      .filter((m) => innermostRoot(m.doc.file, roots) !== undefined)
      .map((m) => {
        const td = ctx.documents.all().find((d) => uriToPath(d.uri) === m.doc.file);
        return info(m, td?.uri ?? fileUri(m.doc.file), td?.version);
      })
      .filter((c) => c.blocks.length || c.canAddBlock)
      .sort((a, b) => a.shown.localeCompare(b.shown));
    return { configs };
  });

  handle(ctx, FilesChangedRequest, async (p) => {
    const files = strings(p.paths, 'paths').map((x) => absolute(x, 'paths[]'));
    const affected = ctx.filesChanged(files);
    // Push clients: the new diagnostics go out on the next turn (server.ts); answer after them.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return { affected };
  });

  handle(ctx, ConfigStatusRequest, (p): ConfigStatusResult => {
    const uri = str(p.uri, 'uri');
    const file = uriToPath(uri);
    const result: ConfigStatusResult = { target: ctx.targetFor(file), knownVersions: knownVersions() };
    const model = openDoc(ctx, uri)?.model ?? ctx.workspace.project.model(file);
    if (model) {
      const settings = settingsOf(ctx, file);
      const w = workingDirectory(file, settings, model);
      result.workingDirectory = { path: w.dir, source: w.source, description: describeWorkingDirectory(w, file, settings) };
    }
    return result;
  });

  handle(ctx, ServerVersionDetectedRequest, (p) => {
    const folder = p.folder === undefined ? '' : absolute(p.folder, 'folder');
    str(p.executable, 'executable');
    const version = typeof p.output === 'string' ? versionFromOutput(p.output) : undefined;
    ctx.setDetectedVersion(folder, version);
    return version ? { version } : {};
  });
}
