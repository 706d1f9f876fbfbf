// Finds every TLS block in a document, with its location and role, the way nats-server's option
// processing reaches them (keys compared case-insensitively, includes merged in place, `$VAR` followed).
import type { ArrayNode, Entry, MapNode, Source, StringNode, ValueNode } from '../conf/ast';
import { deref } from '../conf/resolve';
import type { ConfigDoc } from '../document';
import { keyOf } from './issue-at';
import { LOCATIONS, type Location } from './locations';

/** Where to put a diagnostic that concerns a whole block: the `tls` key (nats-server does the same). */
export interface Anchor {
  src: Source;
  start: number;
  end: number;
}

/** A URL this block is used to dial, with the node it came from. */
export interface DialUrl {
  url: string;
  host: string;
  port: number | undefined;
  scheme: string;
  at: Anchor;
}

export interface TlsBlock {
  location: Location;
  doc: ConfigDoc;
  /** The `tls` key, or for NATS CLI contexts the first TLS key. */
  anchor: Anchor;
  map: MapNode;
  /** Effective entries in order (includes merged in place), keyed fields last-wins by canonical name. */
  entries: Entry[];
  fields: Map<string, Entry>;
  /** For gateway.gateways[] entries without a block of their own: the gateway.tls they inherit. */
  inheritedFrom: TlsBlock | undefined;
  /** URLs dialled with this block: route URLs, remote/gateway URLs, or a client config's servers. */
  dials: DialUrl[];
  /** For the client port: the port clients connect to. */
  listenPort: number | undefined;
}

const MAX_INCLUDE_DEPTH = 32;

/**
 * A map's entries as nats-server sees them after merging `include`d files in place. A file included several
 * times is merged once, at its last include: later assignments win, so that is what its earlier copies
 * amount to, and includes that fan out (each file including the next twice) stay linear instead of 2^n.
 */
export function effectiveEntries(map: MapNode): Entry[] {
  // Most maps include nothing: their own entries are the effective ones (the same array; callers only read it).
  let includes = false;
  for (const e of map.entries) if (e.kind !== 'entry') includes = true;
  if (!includes) return map.entries as Entry[];
  const reversed: Entry[] = [];
  const merged = new Set<MapNode>();
  // Backwards, so that the first time a file is met is its last include.
  const walk = (m: MapNode, depth: number): void => {
    for (let i = m.entries.length - 1; i >= 0; i--) {
      const e = m.entries[i]!;
      if (e.kind === 'entry') reversed.push(e);
      else if (e.target && depth < MAX_INCLUDE_DEPTH && !merged.has(e.target.root)) {
        merged.add(e.target.root);
        walk(e.target.root, depth + 1);
      }
    }
  };
  walk(map, 0);
  return reversed.reverse();
}

/** The last of `entries` with one of these (lower-case) names; later assignments win in nats-server. */
export function lastOf(entries: readonly Entry[], ...names: string[]): Entry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (names.includes(entries[i]!.name)) return entries[i];
  return undefined;
}

/** The last entry of a map (includes merged) with one of these (lower-case) names. */
export function field(map: MapNode, ...names: string[]): Entry | undefined {
  return lastOf(effectiveEntries(map), ...names);
}

export function valueOf(entry: Entry | undefined): ValueNode | undefined {
  return deref(entry?.value);
}

/** The entry's value is the boolean true. */
export function isOn(entry: Entry | undefined): boolean {
  const v = valueOf(entry);
  return v?.kind === 'bool' && v.value;
}

export function mapOf(entry: Entry | undefined): MapNode | undefined {
  const v = valueOf(entry);
  return v?.kind === 'map' ? v : undefined;
}

/** Names that client libraries use for the same three files in YAML/JSON client configs. */
const CLIENT_ALIASES: Record<string, string> = {
  certfile: 'cert_file',
  cert: 'cert_file',
  keyfile: 'key_file',
  key: 'key_file',
  cafile: 'ca_file',
  ca: 'ca_file',
  tls_first: 'handshake_first',
  handshakefirst: 'handshake_first',
};

export function canonicalField(name: string, location: Location): string {
  if (location.server) return name;
  return CLIENT_ALIASES[name.replace(/-/g, '_')] ?? CLIENT_ALIASES[name.replace(/[-_]/g, '')] ?? name;
}

function makeBlock(
  doc: ConfigDoc,
  location: Location,
  anchor: Anchor,
  map: MapNode,
  entries: Entry[],
  dials: DialUrl[],
  inheritedFrom?: TlsBlock,
): TlsBlock {
  const fields = new Map<string, Entry>();
  for (const e of entries) fields.set(canonicalField(e.name, location), e);
  return { location, doc, anchor, map, entries, fields, inheritedFrom, dials, listenPort: undefined };
}

// ------------------------------------------------------------------ URLs

export function parseUrl(text: string, at: Anchor, defaultPort?: number): DialUrl | undefined {
  const t = text.trim();
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]*)(?::(\d+))?/i.exec(t);
  if (!m || !m[2]) return undefined;
  const host = m[2].startsWith('[') ? m[2].slice(1, -1) : m[2];
  return { url: t, scheme: (m[1] ?? '').toLowerCase(), host, port: m[3] ? Number(m[3]) : defaultPort, at };
}

/** The URLs of a `url`/`urls`/`routes` entry: one string, a list, or a comma-separated string. */
export function urlsOf(entry: Entry | undefined, defaultPort?: number): DialUrl[] {
  const v = valueOf(entry);
  const nodes: ValueNode[] = v?.kind === 'array' ? (v as ArrayNode).items : v ? [v] : [];
  const out: DialUrl[] = [];
  for (const n of nodes) {
    const s = deref(n);
    if (s?.kind !== 'string') continue;
    // A comma-separated string is how several client libraries take a list of servers.
    let offset = 0;
    for (const part of s.value.split(',')) {
      const start = (s as StringNode).innerStart + offset;
      offset += part.length + 1;
      const url = parseUrl(part, { src: n.src, start: n === s ? start : n.start, end: n === s ? start + part.length : n.end }, defaultPort);
      if (url) out.push(url);
    }
  }
  return out;
}

/** The port of `port`/`listen` (default 4222), for pairing client configs; undefined when random (-1). */
function clientPort(rootEntries: readonly Entry[]): number | undefined {
  const port = valueOf(lastOf(rootEntries, 'port'));
  if (port?.kind === 'integer') return port.value > 0 ? port.value : undefined;
  const listen = valueOf(lastOf(rootEntries, 'listen'));
  if (listen?.kind === 'integer') return listen.value;
  if (listen?.kind === 'string') {
    const m = /:(-?\d+)$/.exec(listen.value);
    if (m) return Number(m[1]) > 0 ? Number(m[1]) : undefined;
  }
  return 4222;
}

// ------------------------------------------------------------------ discovery

/** A `tls` key at one of nats-server's locations whose value is not a map (`tls: true`, `tls: "yes"`). */
export interface MisshapedTls {
  entry: Entry;
  location: Location;
}

/** Every TLS block of the document; `misshaped` collects tls keys whose value is not a block at all. */
export function findTlsBlocks(doc: ConfigDoc, misshaped: MisshapedTls[] = []): TlsBlock[] {
  if (doc.role === 'client') return clientBlocks(doc);
  if (doc.role === 'context') return contextBlocks(doc);
  // The root's entries are walked once (they include every included file), not once per key looked up.
  const rootEntries = effectiveEntries(doc.root);
  const blocks: TlsBlock[] = [];
  const add = (entry: Entry | undefined, location: Location, dials: DialUrl[] = [], inheritedFrom?: TlsBlock): TlsBlock | undefined => {
    const map = mapOf(entry);
    if (entry && !map && entry.value) misshaped.push({ entry, location });
    if (!entry || !map) return undefined;
    const b = makeBlock(doc, location, keyOf(entry), map, effectiveEntries(map), dials, inheritedFrom);
    blocks.push(b);
    return b;
  };

  const top = add(lastOf(rootEntries, 'tls'), LOCATIONS['client-port']);
  if (top) top.listenPort = clientPort(rootEntries);
  add(lastOf(rootEntries, 'resolver_tls'), LOCATIONS.resolver);
  for (const [names, loc] of [
    [['websocket', 'ws'], LOCATIONS.websocket],
    [['mqtt'], LOCATIONS.mqtt],
  ] as const) {
    const m = mapOf(lastOf(rootEntries, ...names));
    if (m) add(field(m, 'tls'), loc);
  }

  const cluster = mapOf(lastOf(rootEntries, 'cluster'));
  if (cluster) add(field(cluster, 'tls'), LOCATIONS.cluster, urlsOf(field(cluster, 'routes')));

  const leaf = mapOf(lastOf(rootEntries, 'leafnodes', 'leaf'));
  if (leaf) {
    add(field(leaf, 'tls'), LOCATIONS.leafnodes);
    const remotes = valueOf(field(leaf, 'remotes'));
    for (const r of remotes?.kind === 'array' ? remotes.items : []) {
      const rm = deref(r);
      if (rm?.kind !== 'map') continue;
      add(field(rm, 'tls'), LOCATIONS['leafnode-remote'], urlsOf(field(rm, 'url', 'urls')));
    }
  }

  const gateway = mapOf(lastOf(rootEntries, 'gateway'));
  if (gateway) {
    const gwGateways = valueOf(field(gateway, 'gateways'));
    const gwItems: { tls: Entry | undefined; dials: DialUrl[] }[] = [];
    for (const i of gwGateways?.kind === 'array' ? gwGateways.items : []) {
      const m = deref(i);
      if (m?.kind !== 'map') continue;
      const entries = effectiveEntries(m);
      gwItems.push({ tls: lastOf(entries, 'tls'), dials: urlsOf(lastOf(entries, 'url', 'urls')) });
    }
    // Entries without a block of their own dial with a copy of gateway.tls.
    const inheriting = gwItems.filter((g) => !g.tls).flatMap((g) => g.dials);
    const gw = add(field(gateway, 'tls'), LOCATIONS.gateway, inheriting);
    for (const g of gwItems) add(g.tls, LOCATIONS['gateway-remote'], g.dials, gw);
  }
  return blocks;
}

function clientBlocks(doc: ConfigDoc): TlsBlock[] {
  const rootEntries = effectiveEntries(doc.root);
  const servers = urlsOf(lastOf(rootEntries, 'servers', 'server', 'url', 'urls'), 4222);
  const tls = lastOf(rootEntries, 'tls');
  const map = mapOf(tls);
  if (tls && map) return [makeBlock(doc, LOCATIONS['client-config'], keyOf(tls), map, effectiveEntries(map), servers)];
  return [];
}

/** A NATS CLI context keeps cert, key and ca at its top level. */
function contextBlocks(doc: ConfigDoc): TlsBlock[] {
  const rootEntries = effectiveEntries(doc.root);
  // Only the TLS keys of a context are fields of its TLS "block".
  const tlsKeys = rootEntries.filter((e) => e.name === 'cert' || e.name === 'key' || e.name === 'ca');
  if (tlsKeys.length === 0) return [];
  const servers = urlsOf(lastOf(rootEntries, 'url'), 4222);
  return [makeBlock(doc, LOCATIONS.context, keyOf(tlsKeys[0]!), doc.root, tlsKeys, servers)];
}
