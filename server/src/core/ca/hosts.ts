// Host names and IPs a nats-server config says this server is reached at: the SANs its certificate needs.
// Reads the engine's tree (includes merged, `$VAR`s followed); option names compared the way nats-server does.
import type { Entry, MapNode, ValueNode } from '../conf/ast';
import { deref } from '../conf/resolve';
import type { ConfigDoc } from '../document';
import { effectiveEntries } from '../tls/blocks';
import { formatIp, parseIp } from '../x509/ip';
import { HOST_NAME } from './profiles';

export interface FoundHost {
  /** Lower-case DNS name, or an IP in canonical form. */
  host: string;
  kind: 'dns' | 'ip';
  /** Where it was written, e.g. `cluster.routes[1]`, `leafnodes.remotes[0].urls[2]`. */
  from: string;
}

/** Listen-only addresses, not names anyone dials. */
const WILDCARDS = new Set(['', '0.0.0.0', '::', '*']);

/** A map's entries as nats-server sees them: includes merged in place, the last definition of a key wins. */
function options(map: MapNode): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const e of effectiveEntries(map)) if (e.value) out.set(e.name, e);
  return out;
}

function valueOf(opts: Map<string, Entry>, ...names: string[]): ValueNode | undefined {
  // Aliases: whichever is written last wins in nats-server; entries keep their offsets, so compare them.
  let best: Entry | undefined;
  for (const n of names) {
    const e = opts.get(n);
    if (e && (!best || e.src !== best.src || e.start > best.start)) best = e;
  }
  return deref(best?.value);
}

function mapAt(opts: Map<string, Entry>, ...names: string[]): MapNode | undefined {
  const v = valueOf(opts, ...names);
  return v?.kind === 'map' ? v : undefined;
}

function itemsOf(v: ValueNode | undefined): ValueNode[] {
  if (!v) return [];
  if (v.kind === 'array') return v.items.map((i) => deref(i)).filter((i): i is ValueNode => i !== undefined);
  return [v];
}

/** `host`, `host:port`, `[v6]:port`, bare v6: the host part. */
export function hostOfAddress(text: string): string {
  const t = text.trim();
  if (t.startsWith('[')) {
    const close = t.indexOf(']');
    return close < 0 ? t.slice(1) : t.slice(1, close);
  }
  const colons = t.split(':').length - 1;
  if (colons === 1) return t.slice(0, t.indexOf(':'));
  return t;
}

/** `scheme://user:pass@host:port/…` (or a scheme-less `host:port`): the host part. */
export function hostOfUrl(text: string): string {
  const t = text.trim();
  const scheme = t.indexOf('://');
  if (scheme < 0) return hostOfAddress(t);
  let rest = t.slice(scheme + 3);
  rest = rest.replace(/[/?#].*$/, '');
  rest = rest.slice(rest.lastIndexOf('@') + 1);
  return hostOfAddress(rest);
}

function normalize(host: string): { host: string; kind: 'dns' | 'ip' } | undefined {
  const h = host.replace(/%.*$/, '').replace(/\.$/, '').toLowerCase();
  if (WILDCARDS.has(h)) return undefined;
  const bytes = parseIp(h);
  if (bytes) {
    const ip = formatIp(bytes);
    return ip === '::' ? undefined : { host: ip, kind: 'ip' };
  }
  // A value that is not a plausible host name (an unresolved `$VAR` left as text, a typo with spaces) is no SAN.
  if (/^[\d.]+$/.test(h)) return undefined;
  if (!HOST_NAME.test(h)) return undefined;
  return { host: h, kind: 'dns' };
}

/** Every host a server config names for itself or its peers, first occurrence kept, in file order. */
export function hostsInConfig(doc: ConfigDoc): FoundHost[] {
  if (doc.role !== 'server') return [];
  const out: FoundHost[] = [];
  const seen = new Set<string>();
  const add = (v: ValueNode | undefined, from: string, parse: (s: string) => string): void => {
    if (v?.kind !== 'string') return;
    const n = normalize(parse(v.value));
    if (!n || seen.has(`${n.kind}:${n.host}`)) return;
    seen.add(`${n.kind}:${n.host}`);
    out.push({ ...n, from });
  };
  const listenerHosts = (opts: Map<string, Entry>, prefix: string, advertise: string[]): void => {
    add(valueOf(opts, 'listen'), `${prefix}listen`, hostOfAddress);
    add(valueOf(opts, 'host', 'net'), `${prefix}host`, (s) => s);
    for (const a of advertise) add(valueOf(opts, a), `${prefix}${a}`, hostOfAddress);
  };
  const urls = (v: ValueNode | undefined, from: string): void => {
    itemsOf(v).forEach((item, i) => add(item, v?.kind === 'array' ? `${from}[${i}]` : from, hostOfUrl));
  };
  // gateway.gateways[] and leafnodes.remotes[]: maps that dial `url` and/or `urls`.
  const remoteUrls = (list: ValueNode | undefined, from: string): void => {
    itemsOf(list).forEach((r, i) => {
      if (r.kind !== 'map') return;
      const o = options(r);
      urls(valueOf(o, 'url'), `${from}[${i}].url`);
      urls(valueOf(o, 'urls'), `${from}[${i}].urls`);
    });
  };

  const top = options(doc.root);
  listenerHosts(top, '', ['client_advertise']);

  const cluster = mapAt(top, 'cluster');
  if (cluster) {
    const o = options(cluster);
    listenerHosts(o, 'cluster.', ['advertise', 'cluster_advertise']);
    urls(valueOf(o, 'routes'), 'cluster.routes');
  }
  const gateway = mapAt(top, 'gateway');
  if (gateway) {
    const o = options(gateway);
    listenerHosts(o, 'gateway.', ['advertise', 'gateway_advertise']);
    remoteUrls(valueOf(o, 'gateways'), 'gateway.gateways');
  }
  const leaf = mapAt(top, 'leafnodes', 'leaf');
  if (leaf) {
    const o = options(leaf);
    listenerHosts(o, 'leafnodes.', ['advertise']);
    remoteUrls(valueOf(o, 'remotes'), 'leafnodes.remotes');
  }
  const websocket = mapAt(top, 'websocket', 'ws');
  if (websocket) listenerHosts(options(websocket), 'websocket.', ['advertise']);
  const mqtt = mapAt(top, 'mqtt');
  if (mqtt) listenerHosts(options(mqtt), 'mqtt.', []);
  return out;
}
