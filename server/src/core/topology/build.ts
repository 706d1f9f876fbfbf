// The deployment as a graph: every nats-server config a node, every route, gateway and leaf remote URL a
// link to the config that listens there (when one does), each link with both handshakes predicted.
// Built from the documents' TLS models; the last result is kept while the models are the same objects
// (the Project rebuilds a model only when its document or files change).
import type { TlsModel } from '../tls/model';
import { predictLink, type LinkPrediction, type LinkStatus } from './handshake';
import { serverNode, type Dial, type LinkKind, type ServerNode } from './nodes';
import { nodeLabel, pairDial, type Pairing } from './pairing';

export interface TopologyLink {
  kind: LinkKind;
  from: ServerNode;
  dial: Dial;
  pairing: Pairing;
  /** Undefined when nothing listens there in the workspace (or the URL is the dialer's own). */
  prediction: LinkPrediction | undefined;
  status: LinkStatus;
  reasons: string[];
}

export interface Topology {
  nodes: ServerNode[];
  /** Every dial URL but routes to the dialer itself (nats-server ignores those). */
  links: TopologyLink[];
  /** Every dial URL, routes to self included, for hovers on any URL. */
  dials: TopologyLink[];
  nodeOf(model: TlsModel): ServerNode | undefined;
}

/** Bounds the work on a hostile workspace: links beyond this many are not predicted. */
const MAX_LINKS = 2000;

function unpairedReason(link: Pairing, dial: Dial): string {
  const where = `${dial.url.host}${dial.url.port !== undefined ? `:${dial.url.port}` : ''}`;
  if (link.ambiguous.length > 1)
    return `${link.ambiguous.map(nodeLabel).join(' and ')} could all be listening at ${where}: give each node its own port or server_name to tell them apart`;
  return `no config in the workspace listens at ${where}`;
}

function build(models: readonly TlsModel[]): Topology {
  const nodes: ServerNode[] = [];
  const byModel = new Map<TlsModel, ServerNode>();
  for (const m of models) {
    const n = serverNode(m);
    if (!n) continue;
    nodes.push(n);
    byModel.set(m, n);
  }
  const dials: TopologyLink[] = [];
  for (const from of nodes) {
    for (const dial of from.dials) {
      if (dials.length >= MAX_LINKS) break;
      const pairing = pairDial(dial, from, nodes);
      let prediction: LinkPrediction | undefined;
      let status: LinkStatus = 'unknown';
      let reasons: string[];
      if (pairing.self) reasons = ['this is the node itself: nats-server ignores a route to itself'];
      else if (!pairing.node || !pairing.listener) reasons = [unpairedReason(pairing, dial)];
      else {
        prediction = predictLink(dial, from, pairing.node, pairing.listener, { now: from.model.now, version: from.model.version });
        status = prediction.status;
        reasons = [
          ...prediction.failures.map((f) => f.reason),
          ...prediction.notes.filter((n) => !n.startsWith('no TLS') || status === 'ok'),
        ];
      }
      dials.push({ kind: dial.kind, from, dial, pairing, prediction, status: pairing.self ? 'ok' : status, reasons });
    }
  }
  return { nodes, dials, links: dials.filter((l) => !l.pairing.self), nodeOf: (m) => byModel.get(m) };
}

let last: { models: readonly TlsModel[]; topology: Topology } | undefined;

/** The topology of these models (the same result while they are the same objects). */
export function topologyOf(models: readonly TlsModel[]): Topology {
  if (last && last.models.length === models.length && last.models.every((m, i) => m === models[i])) return last.topology;
  const topology = build(models);
  last = { models: [...models], topology };
  return topology;
}
