// What can be typed at a cursor: a TLS field name (for the location of the block it is in), a value from a
// field's fixed set, a certificate path, or a whole `tls` block. The LSP layer turns a site into items.
import * as path from 'node:path';
import type { ArrayNode, MapNode } from './conf/ast';
import type { ConfigDoc } from './document';
import { blockOfMap, nodeAt, ownerEntry } from './locate';
import { isOn, type TlsBlock } from './tls/blocks';
import { cipherNames, curveNames } from './tls/ciphers';
import { OCSP_PEER_KEYS, tlsField, type TlsField } from './tls/fields';
import { LOCATIONS, type Location, type LocationId } from './tls/locations';
import type { EngineHost, TlsModel } from './tls/model';
import { candidateBases } from './tls/paths';

// The field names completion offers (lsp/completion.ts takes them from here).

export interface Span {
  start: number;
  end: number;
}

export type CompletionSite =
  /** A field name inside a TLS block (`block` is undefined for a `tls:` map the model does not see yet). */
  | { kind: 'field'; location: Location; block: TlsBlock | undefined; existing: Set<string>; replace: Span; hasValue: boolean }
  /** A key inside `ocsp_peer { }` or a `certs` entry. */
  | { kind: 'subfield'; of: 'ocsp_peer' | 'certs'; existing: Set<string>; replace: Span; hasValue: boolean }
  /** A place where a `tls` block could start (a server config's top level, cluster, gateway, …). */
  | { kind: 'tls-block'; location: Location; replace: Span }
  | {
      kind: 'value';
      field: TlsField;
      location: Location;
      block: TlsBlock;
      replace: Span;
      inQuotes: boolean;
      prefix: string;
      inList: boolean;
      taken: string[];
    }
  | { kind: 'path'; field: string; location: Location; replace: Span; prefix: string; entries: PathEntry[] };

export interface PathEntry {
  name: string;
  file: string;
  directory: boolean;
}

export interface ValueChoice {
  /** The value without quotes. */
  text: string;
  /** Written in quotes when the cursor is not already inside them. */
  quoted: boolean;
  detail?: string;
  deprecated?: boolean;
}

const WORD = /[A-Za-z0-9_-]/;
const PATH_CHAR = /[^\s"',;\]}#]/;

/** Values a field takes, as completion offers them. */
export function valueChoices(field: TlsField, model: TlsModel | undefined, block: TlsBlock | undefined): ValueChoice[] {
  switch (field.type) {
    case 'bool':
      return [
        { text: 'true', quoted: false },
        { text: 'false', quoted: false },
      ];
    case 'ocsp-peer':
      return [
        { text: 'true', quoted: false },
        { text: 'false', quoted: false },
      ];
    case 'tls-version':
      return [
        { text: '1.2', quoted: true, detail: 'TLS 1.2 and 1.3' },
        { text: '1.3', quoted: true, detail: 'TLS 1.3 only' },
      ];
    case 'ciphers': {
      if (!model) return [];
      const { secure, insecure } = cipherNames(model.version);
      const allowInsecure = isOn(block?.fields.get('allow_insecure_cipher_suites'));
      return [
        ...secure.map((text) => ({ text, quoted: true, detail: /^TLS_(AES|CHACHA20)_/.test(text) ? 'TLS 1.3 (always on)' : 'TLS 1.2' })),
        ...insecure.map((text) => ({
          text,
          quoted: true,
          detail: allowInsecure ? 'insecure' : 'insecure: needs allow_insecure_cipher_suites',
          deprecated: true,
        })),
      ];
    }
    case 'curves':
      return model ? curveNames(model.version).map((text) => ({ text, quoted: true })) : [];
    case 'handshake':
      return [
        { text: 'true', quoted: false },
        { text: 'false', quoted: false },
        { text: 'auto', quoted: true, detail: 'TLS first, falling back for old clients' },
        { text: '300ms', quoted: true, detail: 'fallback delay' },
      ];
    default:
      return (field.values ?? []).map((v) => {
        const unq = v.replace(/^"(.*)"$/, '$1');
        return { text: unq, quoted: unq !== v };
      });
  }
}

function wordAround(text: string, offset: number, char: RegExp): Span {
  let s = offset;
  while (s > 0 && char.test(text[s - 1]!)) s--;
  let e = offset;
  while (e < text.length && char.test(text[e]!)) e++;
  return { start: s, end: e };
}

/** Locations a `tls` key creates, by the path of keys (list items as "[]") of the map it is written in. */
function locationForParentPath(keys: string[]): LocationId | undefined {
  const p = keys.join('.');
  switch (p) {
    case '':
      return 'client-port';
    case 'cluster':
      return 'cluster';
    case 'gateway':
      return 'gateway';
    case 'leafnodes':
    case 'leaf':
      return 'leafnodes';
    case 'websocket':
    case 'ws':
      return 'websocket';
    case 'mqtt':
      return 'mqtt';
    case 'leafnodes.remotes.[]':
    case 'leaf.remotes.[]':
      return 'leafnode-remote';
    case 'gateway.gateways.[]':
      return 'gateway-remote';
    default:
      return undefined;
  }
}

function keyPath(container: MapNode | ArrayNode): string[] {
  const keys: string[] = [];
  let n: MapNode | ArrayNode | undefined = container;
  for (let i = 0; i < 64 && n; i++) {
    const p: MapNode | ArrayNode | import('./conf/ast').Entry | undefined = n.parent;
    if (!p) break;
    if (p.kind === 'entry') {
      keys.unshift(p.name);
      n = p.parent as MapNode | undefined;
    } else {
      keys.unshift('[]');
      n = p;
    }
  }
  return keys;
}

/** The keys of the YAML mappings enclosing a line of a YAML document, found by indentation. */
export function yamlKeyPath(text: string, offset: number): string[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineText = text.slice(lineStart, offset);
  let col = /^[ \t]*/.exec(lineText)![0].length;
  const keys: string[] = [];
  let end = lineStart - 1;
  while (end > 0 && col > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (indent >= col) continue;
    // The key ends at its last character that is not a blank, so the blanks before ":" match one way only.
    const m = /^[ \t]*(?:"([^"]+)"|'([^']+)'|([^\s:#"'](?:[^:#]*[^ \t:#])?))[ \t]*:[ \t]*(#.*)?$/.exec(line);
    if (!m) break;
    keys.unshift((m[1] ?? m[2] ?? m[3]!).toLowerCase());
    col = indent;
  }
  return keys;
}

export interface SiteOptions {
  host: EngineHost;
}

/** What completion should offer at `offset` of `doc`. */
export function completionSite(doc: ConfigDoc, model: TlsModel | undefined, offset: number, opts: SiteOptions): CompletionSite | undefined {
  const text = doc.src.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (/(^|\s)(#|\/\/)/.test(before.replace(/"[^"]*"|'[^']*'/g, '""'))) return undefined; // in a comment
  if (doc.format !== 'conf' && doc.role !== 'server') return yamlSite(doc, model, offset, before, opts);
  const at = nodeAt(doc.root, offset);
  const container = at.container;

  // A value after `key:` (or in the key's list).
  // One way to match each blank run (`\s*[:=]\s*` or `\s+`, never `\s*\s+`): a long line of blanks stays linear.
  const valueMatch = /(?:^|[{,;])\s*([A-Za-z_][\w-]*)(?:\s*[:=]\s*|\s+)(["']?)([^"'\s,;{}[\]]*)$/.exec(before);
  if (valueMatch && !(at.entry && at.onKey)) {
    const [, key, quote, prefix] = valueMatch;
    const map = container.kind === 'map' ? container : undefined;
    const block = model && map ? blockOfMap(model, map) : undefined;
    if (block) return valueSite(block, key!, quote!, prefix!, offset, text, false, [], doc, model!, opts);
    return undefined;
  }
  // Inside a list that belongs to a field (cipher_suites: [ … ]).
  if (container.kind === 'array') {
    const owner = ownerEntry(container);
    const map = owner?.parent?.kind === 'map' ? owner.parent : undefined;
    const block = model && map ? blockOfMap(model, map) : undefined;
    if (!owner || !block) return undefined;
    const m = /(["']?)([^"'\s,[\]]*)$/.exec(before)!;
    const taken = container.items.map((i) => (i.kind === 'string' ? i.value : '')).filter(Boolean);
    return valueSite(block, owner.name, m[1]!, m[2]!, offset, text, true, taken, doc, model!, opts);
  }
  // A key (being typed, or an empty spot in a map).
  if (!/(^|[{,;])\s*[A-Za-z0-9_-]*$/.test(before)) return undefined;
  const replace = wordAround(text, offset, WORD);
  const hasValue = !!(at.entry && at.onKey && at.entry.value);
  const current = at.entry && at.onKey ? at.entry.name : undefined;
  const map = container.kind === 'map' ? container : undefined;
  if (!map) return undefined;
  const block = model ? blockOfMap(model, map) : undefined;
  if (block) {
    const existing = new Set([...block.fields.keys()].filter((k) => k !== current));
    return { kind: 'field', location: block.location, block, existing, replace, hasValue };
  }
  const owner = ownerEntry(map);
  if (owner?.name === 'ocsp_peer' || owner?.name === 'certs' || owner?.name === 'certificates') {
    const parentMap = owner.parent?.kind === 'map' ? owner.parent : undefined;
    const inBlock = model && parentMap ? blockOfMap(model, parentMap) : undefined;
    if (inBlock) {
      const existing = new Set(
        map.entries.filter((e) => e.kind === 'entry' && e.name !== current).map((e) => (e.kind === 'entry' ? e.name : '')),
      );
      return { kind: 'subfield', of: owner.name === 'ocsp_peer' ? 'ocsp_peer' : 'certs', existing, replace, hasValue };
    }
  }
  if (doc.role !== 'server') return undefined;
  const locId = locationForParentPath(keyPath(map));
  if (!locId) return undefined;
  const hasTls = map.entries.some((e) => e.kind === 'entry' && e.name === 'tls' && e.name !== current);
  if (hasTls) return undefined;
  return { kind: 'tls-block', location: LOCATIONS[locId], replace };
}

function valueSite(
  block: TlsBlock,
  key: string,
  quote: string,
  prefix: string,
  offset: number,
  text: string,
  inList: boolean,
  taken: string[],
  doc: ConfigDoc,
  model: TlsModel,
  opts: SiteOptions,
): CompletionSite | undefined {
  const field = tlsField(key) ?? (block.location.server ? undefined : tlsField(canonicalClient(key)));
  if (!field) return undefined;
  if (field.type === 'path' && !inList) {
    let end = offset;
    while (end < text.length && PATH_CHAR.test(text[end]!)) end++;
    const slash = prefix.lastIndexOf('/');
    const typedDir = slash >= 0 ? prefix.slice(0, slash + 1) : '';
    const rest = prefix.slice(typedDir.length);
    return {
      kind: 'path',
      field: field.name,
      location: block.location,
      replace: { start: offset - rest.length, end },
      prefix,
      entries: listPathEntries(doc, model, typedDir, opts.host),
    };
  }
  let end = offset;
  while (end < text.length && /[^\s"',;\]}]/.test(text[end]!)) end++;
  return {
    kind: 'value',
    field,
    location: block.location,
    block,
    replace: { start: offset - prefix.length, end },
    inQuotes: quote !== '',
    prefix,
    inList,
    taken,
  };
}

function canonicalClient(key: string): string {
  const k = key.toLowerCase().replace(/-/g, '_');
  return (
    (
      {
        cert: 'cert_file',
        certfile: 'cert_file',
        key: 'key_file',
        keyfile: 'key_file',
        ca: 'ca_file',
        cafile: 'ca_file',
        tls_first: 'handshake_first',
      } as Record<string, string>
    )[k] ?? k
  );
}

const CERTISH = /\.(pem|crt|cer|key|der|p8|p12|pfx)$/i;
const MAX_ENTRIES = 500;

/** Files and folders under what has been typed so far, resolved the way certificate paths are (every base, first wins). */
export function listPathEntries(doc: ConfigDoc, model: TlsModel | undefined, typedDir: string, host: EngineHost): PathEntry[] {
  if (!path.isAbsolute(doc.file)) return [];
  const all = candidateBases(doc.file, model?.settings.base ?? 'auto', model?.settings.roots ?? []);
  // Names are looked up under every base (first wins); a path that climbs ("../") only from the first.
  const bases = path.isAbsolute(typedDir) ? [''] : typedDir.startsWith('..') ? all.slice(0, 1) : all;
  const out: PathEntry[] = [];
  const seen = new Set<string>();
  for (const base of bases) {
    const dir = base ? path.join(base, typedDir) : typedDir;
    for (const name of host.fs.readDir?.(dir) ?? []) {
      if (out.length >= MAX_ENTRIES) return out;
      if (name.startsWith('.') || seen.has(name)) continue;
      const file = path.join(dir, name);
      const st = host.fs.stat(file);
      if (!st) continue;
      if (st.type === 'directory') {
        if (name === 'node_modules') continue;
        seen.add(name);
        out.push({ name, file, directory: true });
      } else if (st.type === 'file' && CERTISH.test(name)) {
        seen.add(name);
        out.push({ name, file, directory: false });
      }
    }
  }
  return out;
}

function yamlSite(
  doc: ConfigDoc,
  model: TlsModel | undefined,
  offset: number,
  before: string,
  opts: SiteOptions,
): CompletionSite | undefined {
  if (doc.format !== 'yaml' || doc.role !== 'client') return undefined;
  const text = doc.src.text;
  const keys = yamlKeyPath(text, offset);
  if (keys.length !== 1 || keys[0] !== 'tls') return undefined;
  const block = model?.blocks.find((b) => b.location.id === 'client-config');
  const location = LOCATIONS['client-config'];
  const valueMatch = /^\s*([A-Za-z_][\w-]*)\s*:\s+(["']?)([^"'\s]*)$/.exec(before);
  if (valueMatch) {
    if (!block || !model) return undefined;
    return valueSite(block, valueMatch[1]!, valueMatch[2]!, valueMatch[3]!, offset, text, false, [], doc, model, opts);
  }
  if (!/^\s*[A-Za-z0-9_-]*$/.test(before)) return undefined;
  const replace = wordAround(text, offset, WORD);
  const word = text.slice(replace.start, replace.end).toLowerCase();
  const existing = new Set(block ? [...block.fields.keys()].filter((k) => k !== word) : []);
  const after = text.slice(replace.end, text.indexOf('\n', replace.end) === -1 ? text.length : text.indexOf('\n', replace.end));
  return { kind: 'field', location, block, existing, replace, hasValue: /^\s*:/.test(after) };
}

/** OCSP peer option names and certs entry keys, for `subfield` sites. */
export function subfieldNames(of: 'ocsp_peer' | 'certs'): string[] {
  return of === 'ocsp_peer' ? OCSP_PEER_KEYS : ['cert_file', 'key_file'];
}
