// Shared plumbing of the natsTls/* request handlers: registration with errors the client can show as they are,
// the settings of a file, configs as the workspace parses them, bounded reads, and paths as users know them.
import * as path from 'node:path';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { MAX_CONFIG_BYTES } from '../core/conf/resolve';
import { openDocument, type ConfigDoc } from '../core/document';
import { decodeConfig } from '../core/text/decode';
import type { EngineSettings } from '../core/tls/model';
import { innermostRoot } from '../core/tls/paths';
import { MAX_FILE_BYTES } from '../core/types';
import type { RequestType } from '../protocol/requests';
import type { CaEngine } from './ca-engine';
import type { ServerContext } from './server';
import { engineSettings } from './settings';
import { uriToPath } from './workspace';
import { cancelledError } from './cancel';

/** Must match esbuild.mjs (a bundle of its own next to server.js and cli.js); from sources, tsx resolves it to ca-engine.ts. */
const CA_ENGINE_BUNDLE = './ca-engine.js';

/** The certificate issuer, loaded on first use (server/src/lsp/ca-engine.ts says why). */
export async function loadCaEngine(): Promise<CaEngine> {
  return require(CA_ENGINE_BUNDLE) as CaEngine;
}

/** Bad params or a failure the user should read as it is ("the CA … expired", "x.pem: no such file"). */
export class RequestFailed extends Error {}

/**
 * Registers a handler. Whatever it throws reaches the client as a ResponseError with the same message, which
 * the client shows; messages never carry key material (the engine's key errors say only what went wrong).
 */
export function handle<P, R>(
  ctx: ServerContext,
  type: RequestType<P, R>,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): void {
  ctx.connection.onRequest(type.method, async (params: unknown, token: CancellationToken) => {
    // A request the client gave up on before it ran is answered at once (as every handler here does).
    if (token.isCancellationRequested) return cancelledError();
    try {
      if (!params || typeof params !== 'object') throw new RequestFailed(`${type.method} needs an object of params`);
      return await handler(params as P, token);
    } catch (e) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, e instanceof Error ? e.message : String(e));
    }
  });
}

// ------------------------------------------------------------------------------------------ params

export function str(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw new RequestFailed(`${name} must be a non-empty string`);
  return v;
}

export function absolute(v: unknown, name: string): string {
  const p = str(v, name);
  if (!path.isAbsolute(p)) throw new RequestFailed(`${name} must be an absolute path, not "${p}"`);
  return path.normalize(p);
}

export function strings(v: unknown, name: string, max = 1000): string[] {
  if (!Array.isArray(v) || v.length > max || !v.every((x) => typeof x === 'string'))
    throw new RequestFailed(`${name} must be a list of at most ${max} strings`);
  return v as string[];
}

// ------------------------------------------------------------------------------------------ settings, names

/** The engine's settings for a file: its workspace folder's natsTls.* (pathBase, serverVersion, expiry days). */
export function settingsOf(ctx: ServerContext, file: string): EngineSettings {
  return engineSettings(ctx.settingsFor(file), ctx.workspace.roots);
}

/** A path as users see it in messages: relative to its workspace folder (named in multi-root), else absolute. */
export function shown(ctx: ServerContext, file: string): string {
  const roots = ctx.workspace.roots;
  const root = innermostRoot(file, roots);
  if (!root || root === file) return file;
  const rel = path.relative(root, file).split(path.sep).join('/');
  return roots.length > 1 ? `${path.basename(root)}/${rel}` : rel;
}

// ------------------------------------------------------------------------------------------ files

/** A file's bytes, bounded; the reason in words when it cannot be read. */
export function readBytes(ctx: ServerContext, file: string, limit = MAX_FILE_BYTES): Uint8Array {
  const r = ctx.runtime.host.fs.readFile(file, limit);
  if (!r.ok) throw new RequestFailed(`${shown(ctx, file)}: ${r.detail}`);
  return r.data;
}

export function exists(ctx: ServerContext, file: string): boolean {
  return ctx.runtime.host.fs.stat(file) !== undefined;
}

/** The open document of a file, whatever spelling of its URI the client used. */
export function openTextOf(ctx: ServerContext, file: string): { uri: string; text: string; version: number } | undefined {
  const td = ctx.documents.all().find((d) => uriToPath(d.uri) === file);
  return td && { uri: td.uri, text: td.getText(), version: td.version };
}

/**
 * A config as the workspace reads it: the open document (unsaved edits included), the workspace's copy of a
 * closed file, or the file on disk parsed the same way (includes and `$VAR`s from the server's environment).
 */
export function configDocument(ctx: ServerContext, uri: string): ConfigDoc | undefined {
  const td = ctx.documents.get(uri);
  if (td) return ctx.workspace.update(td);
  const file = uriToPath(uri);
  const known = ctx.workspace.project.document(file);
  if (known) return known;
  const r = ctx.runtime.host.fs.readFile(file, MAX_CONFIG_BYTES);
  if (!r.ok) throw new RequestFailed(`${shown(ctx, file)}: ${r.detail}`);
  // The dialect the workspace parses with (server/src/lsp/workspace.ts).
  return openDocument(file, decodeConfig(r.data), {
    ctx: { env: ctx.runtime.env, fs: ctx.runtime.host.fs, dialect: 'latest', includeCache: new Map() },
  });
}
