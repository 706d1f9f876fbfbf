// The deployment's nodes: each nats-server config, what it listens on (client port, cluster, leaf nodes,
// gateway, WebSocket, MQTT) and what it dials (route URLs, leaf node remotes, gateway URLs), with the TLS
// block each side uses. Read as nats-server's option processing reads the config (server/opts.go:
// parseListen, parseCluster, parseLeafNodes, parseRemoteLeafNodes, parseGateway, setBaselineOptions).
import type { Entry, MapNode } from '../conf/ast';
import { deref } from '../conf/resolve';
import { serverAuth, type ServerAuth } from '../auth/users';
import { effectiveEntries, lastOf, mapOf, urlsOf, valueOf, type Anchor, type DialUrl, type TlsBlock } from '../tls/blocks';
import { keyOf } from '../tls/issue-at';
import type { LocationId } from '../tls/locations';
import type { TlsModel } from '../tls/model';

export type ListenerKind = 'client' | 'cluster' | 'leafnode' | 'gateway' | 'websocket' | 'mqtt';
export type LinkKind = 'route' | 'gateway' | 'leafnode';

export interface Listener {
  kind: ListenerKind;
  /** As configured; '' when nats-server listens on every interface (0.0.0.0, the default). */
  host: string;
  /** undefined when random (-1). */
  port: number | undefined;
  /** The advertised host[:port] (cluster.advertise, client_advertise …), when set. */
  advertise: string | undefined;
  block: TlsBlock | undefined;
  /** Where the port (or listen) is written; the block key when neither is. */
  at: Anchor | undefined;
}

export interface Dial {
  kind: LinkKind;
  url: DialUrl;
  /** The TLS block the dialer uses (gateways without one inherit gateway.tls); undefined: none. */
  block: TlsBlock | undefined;
  /** For an IP URL: the first host name among the same list's URLs, which nats-server verifies instead. */
  tlsName: string | undefined;
  /** gateway.gateways[].name: the name of the gateway (cluster) dialled. */
  gatewayName: string | undefined;
}

export interface ServerNode {
  model: TlsModel;
  file: string;
  serverName: string | undefined;
  clusterName: string | undefined;
  gatewayName: string | undefined;
  listeners: Listener[];
  dials: Dial[];
  auth: ServerAuth;
}

const DEFAULT_CLIENT_PORT = 4222;
/** setBaselineOptions gives remote URLs without a port the default leaf node port. */
export const DEFAULT_LEAFNODE_PORT = 7422;
const WILDCARD = new Set(['', '0.0.0.0', '::', '[::]']);

function stringOf(e: Entry | undefined): string | undefined {
  const v = valueOf(e);
  return v?.kind === 'string' ? v.value : undefined;
}

function valueAnchor(e: Entry): Anchor {
  const v = e.value;
  return v ? { src: v.src, start: v.start, end: v.end } : keyOf(e);
}

const isIp = (h: string): boolean => /^[\d.]+$/.test(h) || h.includes(':');

/** host, port and where they are written, from `listen` / `port` / `host` (parseListen; -1 is random). */
function listenOf(
  entries: readonly Entry[],
  defaultPort: number | undefined,
): { host: string; port: number | undefined; at: Anchor | undefined } | undefined {
  const listen = lastOf(entries, 'listen');
  const portE = lastOf(entries, 'port');
  const hostE = lastOf(entries, 'host', 'net');
  let host = stringOf(hostE) ?? '';
  let port: number | undefined;
  let written = false;
  const lv = valueOf(listen);
  if (lv?.kind === 'integer') {
    port = lv.value;
    written = true;
  } else if (lv?.kind === 'string') {
    const m = /^(?:\[([^\]]*)\]|(.*)):(-?\d+)$/.exec(lv.value);
    if (m) {
      host = m[1] ?? m[2] ?? '';
      port = Number(m[3]);
      written = true;
    }
  }
  // `port` after `listen` overrides its port (options are applied in order; last wins for the port).
  const pv = valueOf(portE);
  if (pv?.kind === 'integer' && (!listen || portE!.start > listen.start)) {
    port = pv.value;
    written = true;
  }
  if (!written) {
    if (defaultPort === undefined) return undefined;
    port = defaultPort;
  }
  const at = portE && (!listen || portE.start > listen.start) ? valueAnchor(portE) : listen ? valueAnchor(listen) : undefined;
  return { host: WILDCARD.has(host) ? '' : host, port: port !== undefined && port > 0 ? port : undefined, at };
}

/** A model's blocks by map and by location, in order: a scan per remote was quadratic on 10,000 remotes. */
const blockIndex = new WeakMap<TlsModel, { byMap: Map<MapNode, TlsBlock[]>; byLocation: Map<LocationId, TlsBlock> }>();

function blockAt(model: TlsModel, location: LocationId, map: MapNode | undefined): TlsBlock | undefined {
  let index = blockIndex.get(model);
  if (!index) {
    index = { byMap: new Map(), byLocation: new Map() };
    for (const b of model.blocks) {
      const list = index.byMap.get(b.map);
      if (list) list.push(b);
      else index.byMap.set(b.map, [b]);
      if (!index.byLocation.has(b.location.id)) index.byLocation.set(b.location.id, b);
    }
    blockIndex.set(model, index);
  }
  return map ? index.byMap.get(map)?.find((b) => b.location.id === location) : index.byLocation.get(location);
}

/** The first host name among URLs (nats-server's saveTLSHostname / saveRouteTLSName). */
function tlsNameOf(urls: DialUrl[]): string | undefined {
  return urls.find((u) => u.host && !isIp(u.host))?.host;
}

/** A node for a nats-server config; undefined for client configs and NATS CLI contexts. */
export function serverNode(model: TlsModel): ServerNode | undefined {
  const doc = model.doc;
  if (doc.role !== 'server') return undefined;
  const root = effectiveEntries(doc.root);
  const listeners: Listener[] = [];
  const dials: Dial[] = [];
  const add = (
    kind: ListenerKind,
    entries: readonly Entry[],
    defaultPort: number | undefined,
    block: TlsBlock | undefined,
    advertise?: string,
    fallback?: Anchor,
  ): void => {
    const l = listenOf(entries, defaultPort);
    if (l) listeners.push({ kind, host: l.host, port: l.port, advertise, block, at: l.at ?? fallback ?? block?.anchor });
  };

  add('client', root, DEFAULT_CLIENT_PORT, blockAt(model, 'client-port', undefined), stringOf(lastOf(root, 'client_advertise')));
  for (const [names, kind, loc] of [
    [['websocket', 'ws'], 'websocket', 'websocket'],
    [['mqtt'], 'mqtt', 'mqtt'],
  ] as const) {
    const e = lastOf(root, ...names);
    const m = mapOf(e);
    if (m)
      add(
        kind,
        effectiveEntries(m),
        undefined,
        blockAt(model, loc, undefined),
        stringOf(lastOf(effectiveEntries(m), 'advertise')),
        keyOf(e!),
      );
  }

  const clusterE = lastOf(root, 'cluster');
  const cluster = mapOf(clusterE);
  let clusterName: string | undefined;
  if (cluster) {
    const entries = effectiveEntries(cluster);
    clusterName = stringOf(lastOf(entries, 'name'));
    const block = blockAt(model, 'cluster', undefined);
    add('cluster', entries, undefined, block, stringOf(lastOf(entries, 'cluster_advertise', 'advertise')), keyOf(clusterE!));
    const urls = urlsOf(lastOf(entries, 'routes'));
    const tlsName = tlsNameOf(urls);
    for (const url of urls) dials.push({ kind: 'route', url, block, tlsName, gatewayName: undefined });
  }

  const leafE = lastOf(root, 'leafnodes', 'leaf');
  const leaf = mapOf(leafE);
  if (leaf) {
    const entries = effectiveEntries(leaf);
    add(
      'leafnode',
      entries,
      undefined,
      blockAt(model, 'leafnodes', undefined),
      stringOf(lastOf(entries, 'leafnode_advertise', 'advertise')),
      keyOf(leafE!),
    );
    const remotes = valueOf(lastOf(entries, 'remotes'));
    for (const r of remotes?.kind === 'array' ? remotes.items : []) {
      const rm = deref(r);
      if (rm?.kind !== 'map') continue;
      const re = effectiveEntries(rm);
      const tls = mapOf(lastOf(re, 'tls'));
      const block = tls ? blockAt(model, 'leafnode-remote', tls) : undefined;
      const urls = urlsOf(lastOf(re, 'url', 'urls'));
      const tlsName = tlsNameOf(urls);
      for (const url of urls) dials.push({ kind: 'leafnode', url, block, tlsName, gatewayName: undefined });
    }
  }

  const gwE = lastOf(root, 'gateway');
  const gw = mapOf(gwE);
  let gatewayName: string | undefined;
  if (gw) {
    const entries = effectiveEntries(gw);
    gatewayName = stringOf(lastOf(entries, 'name'));
    const own = blockAt(model, 'gateway', undefined);
    add('gateway', entries, undefined, own, stringOf(lastOf(entries, 'advertise', 'gateway_advertise')), keyOf(gwE!));
    const list = valueOf(lastOf(entries, 'gateways'));
    for (const g of list?.kind === 'array' ? list.items : []) {
      const gm = deref(g);
      if (gm?.kind !== 'map') continue;
      const ge = effectiveEntries(gm);
      const tls = mapOf(lastOf(ge, 'tls'));
      const block = tls ? blockAt(model, 'gateway-remote', tls) : own;
      const urls = urlsOf(lastOf(ge, 'url', 'urls'));
      const tlsName = tlsNameOf(urls);
      const name = stringOf(lastOf(ge, 'name'));
      for (const url of urls) dials.push({ kind: 'gateway', url, block, tlsName, gatewayName: name });
    }
  }

  // Who may log in is read when first asked (verify_and_map, a route's user): reading every user of a large
  // config for a node that maps no certificate took as long as the rest of the topology.
  let auth: ServerAuth | undefined;
  return {
    model,
    file: doc.file,
    serverName: stringOf(lastOf(root, 'server_name')),
    clusterName,
    gatewayName,
    listeners,
    dials,
    get auth(): ServerAuth {
      return (auth ??= serverAuth(doc));
    },
  };
}

/** The listener a link of this kind (and URL scheme) arrives at. */
export function listenerKindFor(kind: LinkKind, scheme: string): ListenerKind {
  if (kind === 'route') return 'cluster';
  if (kind === 'gateway') return 'gateway';
  return scheme === 'ws' || scheme === 'wss' ? 'websocket' : 'leafnode';
}

/** The port a dial URL reaches (leaf remotes default to 7422; WebSocket URLs to 80/443). */
export function dialPort(dial: Dial): number | undefined {
  if (dial.url.port !== undefined) return dial.url.port;
  if (dial.kind !== 'leafnode') return undefined;
  if (dial.url.scheme === 'ws') return 80;
  if (dial.url.scheme === 'wss') return 443;
  return DEFAULT_LEAFNODE_PORT;
}

/** What a node is called in messages: its server_name, else its file's base name. */
export function nodeName(node: ServerNode): string {
  return node.serverName ?? node.file.replace(/^.*[\\/]/, '');
}

export { isIp };
