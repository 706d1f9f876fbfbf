// Reading and editing configs for the client's generate commands: the hosts a server config names
// (natsTls/hostsInConfig) and the cert_file/key_file/ca_file lines of a block, added or replaced, or a new
// client-port `tls` block (natsTls/tlsFileEdit).
import * as path from 'node:path';
import type { Entry } from '../core/conf/ast';
import type { ConfigDoc } from '../core/document';
import { insertEntryAfter, stringLiteral } from '../core/edits/fields';
import { quoteString, type OffsetEdit } from '../core/edits/text-edit';
import type { TlsBlock } from '../core/tls/blocks';
import type { EngineSettings, TlsModel } from '../core/tls/model';
import { resolveTlsPath } from '../core/tls/paths';
import { workingDirectory } from '../core/tls/working-dir';
import type { EngineFs } from '../core/types';
import { HostsInConfigRequest, TlsFileEditRequest, type TlsFileEditResult, type TlsFileField } from '../protocol/requests';
import { openDoc } from './docs';
import { absolute, configDocument, handle, loadCaEngine, RequestFailed, settingsOf, shown, str } from './request-support';
import type { ServerContext } from './server';
import { uriToPath } from './workspace';

const FIELDS = ['cert_file', 'key_file', 'ca_file'] as const;

/**
 * `target` as the block should name it: relative to the folder nats-server resolves the block's paths against
 * (where its other files resolved, else the config's working directory: working-dir.ts) when it is near, else
 * absolute; and absolute whenever the relative form would not resolve to `target` under the same settings.
 */
export function pathAsWritten(
  model: TlsModel,
  block: TlsBlock | undefined,
  target: string,
  settings: EngineSettings,
  fs: EngineFs,
): string {
  const config = model.doc.file;
  const sibling = block && model.refs.find((r) => r.block === block && r.resolution.base)?.resolution.base;
  const base = sibling || workingDirectory(config, settings, model).dir;
  const rel = path.relative(base, target);
  const near = rel !== '' && !path.isAbsolute(rel) && !rel.startsWith(`..${path.sep}..${path.sep}`);
  if (!near) return target;
  const written = rel.split(path.sep).join('/');
  return resolveTlsPath(written, config, settings.base, settings.roots, fs).resolved === target ? written : target;
}

/** How a block spells a field it lacks: like its certificate field (cert → key, certFile → caFile), else as named. */
function spelling(block: TlsBlock, field: TlsFileField): string {
  if (block.location.server) return field;
  const cert = block.fields.get('cert_file')?.key;
  if (!cert || !/cert/i.test(cert) || field === 'cert_file') return field;
  const to = field === 'key_file' ? 'key' : 'ca';
  return cert
    .replace(/cert/, to)
    .replace(/Cert/, to[0]!.toUpperCase() + to.slice(1))
    .replace(/CERT/, to.toUpperCase());
}

/** A new client-port block at the end of a nats-server config. */
function newBlock(doc: ConfigDoc, entries: { key: string; value: string }[]): OffsetEdit {
  const text = doc.src.text;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = ['tls {', ...entries.map((e) => `  ${e.key}: ${stringLiteral(doc, e.value)}`), '}'];
  // A blank line before it, unless the file is empty.
  const lead = text.trim() === '' ? '' : text.endsWith('\n') ? nl : nl + nl;
  return { start: text.length, end: text.length, newText: `${lead}${lines.join(nl)}${nl}` };
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
    if (p.block !== undefined && (typeof p.block.line !== 'number' || typeof p.block.character !== 'number'))
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
    const settings = settingsOf(ctx, open.file);
    const written = (target: string, block: TlsBlock | undefined): string =>
      pathAsWritten(model, block, target, settings, ctx.runtime.host.fs);
    const version = open.td.version;
    if (!p.block) {
      // A new client-port block: only a nats-server config in its own syntax, and only when it has none.
      if (doc.role !== 'server' || doc.format !== 'conf') return fail(`${name} is not a nats-server config`);
      if (model.blocks.some((b) => b.location.id === 'client-port')) return fail(`${name} already has a tls block for the client port`);
      const entries = files.map(([key, target]) => ({ key, value: written(target, undefined) }));
      const e = newBlock(doc, entries);
      return { entries, edits: [{ range: doc.src.lines.range(e.start, e.end), newText: e.newText }], version };
    }
    const at = doc.src.lines.offset(p.block);
    const block = model.blocks.find((b) => b.anchor.src === doc.src && b.anchor.start === at);
    if (!block) return fail(`${name} has no TLS block there any more`);
    const entries: { key: string; value: string }[] = [];
    const replaced: OffsetEdit[] = [];
    const added: [TlsFileField, string][] = [];
    for (const [key, target] of files) {
      const entry: Entry | undefined = block.fields.get(key);
      if (!entry) {
        added.push([key, target]);
        continue;
      }
      if (!p.replace) continue;
      const value = written(target, block);
      // Only a value written in this file can be replaced here (not one from an include).
      if (entry.src !== doc.src || !entry.value || entry.value.src !== doc.src)
        return fail(`${block.location.path} takes ${key} from another file`, [{ key, value }]);
      entries.push({ key: entry.key, value });
      // A quoted value stays quoted (YAML may leave a plain path bare).
      const quoted = /^["']/.test(doc.src.text.slice(entry.value.start, entry.value.end));
      replaced.push({ start: entry.value.start, end: entry.value.end, newText: quoted ? quoteString(value) : stringLiteral(doc, value) });
    }
    const adding = added.map(([key, target]) => ({ key: spelling(block, key), value: written(target, block) }));
    entries.push(...adding);
    if (!entries.length) return { entries, edits: [], version };
    const edits = replaced.map((e) => ({ range: doc.src.lines.range(e.start, e.end), newText: e.newText }));
    if (adding.length) {
      // After the block's last entry of this file (an entry from an include cannot be edited here).
      const own = block.map.entries.filter((e) => e.kind === 'entry' && e.src === doc.src);
      const last = own[own.length - 1];
      if (!last || last.kind !== 'entry') return fail(`${block.location.path} has no entry to add after`, entries);
      const inserts = adding.map((e) => insertEntryAfter(doc, last, e.key, stringLiteral(doc, e.value)));
      edits.push({ range: doc.src.lines.range(inserts[0]!.start, inserts[0]!.end), newText: inserts.map((e) => e.newText).join('') });
    }
    return { entries, edits, version };
  });
}
