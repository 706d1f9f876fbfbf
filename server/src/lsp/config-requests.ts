// Reading and editing configs for the client's generate commands: the hosts a server config names
// (natsTls/hostsInConfig) and the cert_file/key_file/ca_file lines a block lacks (natsTls/tlsFileEdit).
import * as path from 'node:path';
import { insertEntryAfter, stringLiteral } from '../core/edits/fields';
import type { TlsBlock } from '../core/tls/blocks';
import type { EngineSettings, TlsModel } from '../core/tls/model';
import { candidateBases, resolveTlsPath } from '../core/tls/paths';
import type { EngineFs } from '../core/types';
import { HostsInConfigRequest, TlsFileEditRequest, type TlsFileEditResult } from '../protocol/requests';
import { openDoc } from './docs';
import { absolute, configDocument, handle, loadCaEngine, RequestFailed, settingsOf, shown, str } from './request-support';
import type { ServerContext } from './server';
import { uriToPath } from './workspace';

const FIELDS = ['cert_file', 'key_file', 'ca_file'] as const;

/**
 * `target` as the block should name it: relative to the folder nats-server resolves the block's paths against
 * (where its other files resolved, else the first folder natsTls.pathBase names) when it is near, else
 * absolute; and absolute whenever the relative form would not resolve to `target` under the same settings.
 */
export function pathAsWritten(model: TlsModel, block: TlsBlock, target: string, settings: EngineSettings, fs: EngineFs): string {
  const config = model.doc.file;
  const sibling = model.refs.find((r) => r.block === block && r.resolution.base)?.resolution.base;
  const base = sibling || candidateBases(config, settings.base, settings.roots)[0]!;
  const rel = path.relative(base, target);
  const near = rel !== '' && !path.isAbsolute(rel) && !rel.startsWith(`..${path.sep}..${path.sep}`);
  if (!near) return target;
  const written = rel.split(path.sep).join('/');
  return resolveTlsPath(written, config, settings.base, settings.roots, fs).resolved === target ? written : target;
}

export function registerConfigRequests(ctx: ServerContext): void {
  handle(ctx, HostsInConfigRequest, async (p) => {
    const doc = configDocument(ctx, str(p.uri, 'uri'));
    const serverConfig = doc?.role === 'server';
    return { serverConfig, hosts: serverConfig ? (await loadCaEngine()).hostsInConfig(doc) : [] };
  });

  handle(ctx, TlsFileEditRequest, (p): TlsFileEditResult => {
    const uri = str(p.uri, 'uri');
    const files = FIELDS.flatMap((k) => (p.files?.[k] === undefined ? [] : [[k, absolute(p.files[k], `files.${k}`)] as const]));
    if (!files.length) throw new RequestFailed('files names no field to add');
    if (!p.block || typeof p.block.line !== 'number' || typeof p.block.character !== 'number')
      throw new RequestFailed('block must be a position');
    const open = openDoc(ctx, uri);
    const name = shown(ctx, uriToPath(uri));
    const fail = (reason: string, entries: TlsFileEditResult['entries'] = files.map(([key, value]) => ({ key, value }))) => ({
      entries,
      reason,
    });
    if (!open?.model) return fail(`${name} is not open as a NATS config`);
    if (open.td.version !== p.version) return fail(`${name} changed since`);
    const { doc, model } = open;
    const at = doc.src.lines.offset(p.block);
    const block = model.blocks.find((b) => b.anchor.src === doc.src && b.anchor.start === at);
    if (!block) return fail(`${name} has no TLS block there any more`);
    const settings = settingsOf(ctx, open.file);
    const entries = files
      .filter(([key]) => !block.fields.has(key))
      .map(([key, target]) => ({ key, value: pathAsWritten(model, block, target, settings, ctx.runtime.host.fs) }));
    if (!entries.length) return { entries, edits: [], version: open.td.version };
    // After the block's last entry of this file (an entry from an include cannot be edited here).
    const own = block.map.entries.filter((e) => e.kind === 'entry' && e.src === doc.src);
    const last = own[own.length - 1];
    if (!last || last.kind !== 'entry') return fail(`${block.location.path} has no entry to add after`, entries);
    const edits = entries.map((e) => insertEntryAfter(doc, last, e.key, stringLiteral(doc, e.value)));
    const range = doc.src.lines.range(edits[0]!.start, edits[0]!.end);
    return { entries, edits: [{ range, newText: edits.map((e) => e.newText).join('') }], version: open.td.version };
  });
}
