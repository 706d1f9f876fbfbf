// Which config listens where a route, gateway or leaf remote URL dials. A config does not say where it will
// run, so the evidence is weighed: the port (a different port rules a config out), the URL's host as the
// listen host or the advertised host, as the server_name (or its first label), as a name the listener's
// certificate covers, and the config's file name as a last hint. A port alone only pairs a loopback URL
// (every node of a deployment listens on 6222; on one test machine the port is what tells them apart).
// The best unique score wins; a tie, or no evidence, pairs nothing (the link is an assumption, said so).
import * as path from 'node:path';
import { pemOf, refOf } from '../tls/model';
import { matchesHost } from '../x509/verify';
import { dialPort, isIp, listenerKindFor, nodeName, type Dial, type Listener, type ServerNode } from './nodes';

export interface Pairing {
  node: ServerNode | undefined;
  listener: Listener | undefined;
  /** The URL is the dialer's own (a shared route list): nats-server ignores a route to itself. */
  self: boolean;
  /** Why this pairing, in words ("port 6222", "server_name node-b"), for hovers. */
  why: string[];
  /** When several configs fit equally well: which. */
  ambiguous: ServerNode[];
}

const WEIGHT = { port: 4, listenHost: 5, advertise: 5, serverName: 6, certificate: 3, fileName: 1 } as const;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

function firstLabel(host: string): string {
  return isIp(host) ? host : (host.split('.')[0] ?? host);
}

function advertisedHost(adv: string | undefined): string | undefined {
  if (!adv) return undefined;
  const m = /^(?:[a-z]+:\/\/)?(\[[^\]]+\]|[^:/]+)/i.exec(adv);
  return m?.[1]?.replace(/^\[|\]$/g, '').toLowerCase();
}

function score(dial: Dial, node: ServerNode, l: Listener): { score: number; why: string[] } | undefined {
  const port = dialPort(dial);
  if (port !== undefined && l.port !== undefined && port !== l.port) return undefined;
  if (dial.kind === 'gateway' && dial.gatewayName && node.gatewayName && dial.gatewayName !== node.gatewayName) return undefined;
  const host = dial.url.host.toLowerCase();
  let s = 0;
  const why: string[] = [];
  if (port !== undefined && l.port !== undefined) {
    s += WEIGHT.port;
    why.push(`port ${port}`);
  }
  if (l.host && l.host.toLowerCase() === host) {
    s += WEIGHT.listenHost;
    why.push(`listens on ${l.host}`);
  }
  if (advertisedHost(l.advertise) === host) {
    s += WEIGHT.advertise;
    why.push(`advertises ${l.advertise}`);
  }
  const label = firstLabel(host);
  if (node.serverName && (node.serverName.toLowerCase() === host || node.serverName.toLowerCase() === label)) {
    s += WEIGHT.serverName;
    why.push(`server_name ${node.serverName}`);
  }
  if (dial.kind === 'gateway' && dial.gatewayName && dial.gatewayName === node.gatewayName) {
    s += WEIGHT.serverName;
    why.push(`gateway name ${dial.gatewayName}`);
  }
  // A loopback name is in every test certificate: it says nothing about which node this is.
  if (!LOOPBACK.has(host)) {
    const cert = pemOf(l.block && refOf(node.model, l.block, 'cert_file'))?.certs[0];
    if (cert && matchesHost(cert, host)) {
      s += WEIGHT.certificate;
      why.push(`its certificate covers ${host}`);
    }
    const base = path
      .basename(node.file)
      .replace(/\.[^.]*$/, '')
      .toLowerCase();
    if (label.length >= 2 && base.length >= 3 && !isIp(label) && (base.includes(label) || label.includes(base))) {
      s += WEIGHT.fileName;
      why.push(`file name ${path.basename(node.file)}`);
    }
  }
  // The same port on another machine says nothing: a port alone pairs only loopback URLs (one test machine).
  if (s === WEIGHT.port && !LOOPBACK.has(host)) return { score: 0, why };
  return { score: s, why };
}

export function pairDial(dial: Dial, from: ServerNode, nodes: readonly ServerNode[]): Pairing {
  const kind = listenerKindFor(dial.kind, dial.url.scheme);
  let best: { node: ServerNode; listener: Listener; score: number; why: string[] }[] = [];
  for (const node of nodes) {
    for (const l of node.listeners) {
      if (l.kind !== kind) continue;
      const r = score(dial, node, l);
      if (!r || r.score === 0) continue;
      if (!best.length || r.score > best[0]!.score) best = [{ node, listener: l, ...r }];
      else if (r.score === best[0]!.score) best.push({ node, listener: l, ...r });
    }
  }
  if (best.length !== 1) return { node: undefined, listener: undefined, self: false, why: [], ambiguous: best.map((b) => b.node) };
  const b = best[0]!;
  return { node: b.node, listener: b.listener, self: b.node === from, why: b.why, ambiguous: [] };
}

/** "b.conf (node-b)", for messages. */
export function nodeLabel(node: ServerNode): string {
  const file = path.basename(node.file);
  return node.serverName ? `${file} (${node.serverName})` : file;
}

export { nodeName };
