// The topology as plain data, for `nats-tls topology --format json` and the natsTls/topology request (the
// VS Code view): nodes with what they listen on, links with their status and reasons, and where each is
// written (for jumping to the config line).
import { reportedAt } from '../conf/issue';
import type { Range } from '../types';
import type { Anchor } from '../tls/blocks';
import type { Topology } from './build';
import type { LinkStatus } from './handshake';
import type { LinkKind, ListenerKind } from './nodes';

export interface Place {
  file: string;
  range: Range;
}

export interface NodeData {
  file: string;
  serverName: string | null;
  listens: { kind: ListenerKind; host: string; port: number | null }[];
  /** Where the node is named (server_name), else the start of the file. */
  at: Place;
}

export interface LinkData {
  kind: LinkKind;
  from: string;
  /** The config listening where the URL points; null when none in the workspace does. */
  to: string | null;
  url: string;
  status: LinkStatus;
  reasons: string[];
  /** The URL in the dialer's config. */
  at: Place;
}

export interface TopologyData {
  nodes: NodeData[];
  links: LinkData[];
}

function place(at: Anchor): Place {
  const r = reportedAt(at.src, at.start, at.end);
  return { file: r.src.file, range: r.src.lines.range(r.start, r.end) };
}

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function topologyData(t: Topology): TopologyData {
  return {
    nodes: t.nodes.map((n) => {
      const nameEntry = n.model.doc.root.entries.find((e) => e.kind === 'entry' && e.name === 'server_name');
      const at: Place =
        nameEntry && nameEntry.kind === 'entry'
          ? place({ src: nameEntry.src, start: nameEntry.keyStart, end: nameEntry.end })
          : { file: n.file, range: START };
      return {
        file: n.file,
        serverName: n.serverName ?? null,
        listens: n.listeners.map((l) => ({ kind: l.kind, host: l.host || '0.0.0.0', port: l.port ?? null })),
        at,
      };
    }),
    links: t.links.map((l) => ({
      kind: l.kind,
      from: l.from.file,
      to: l.pairing.node?.file ?? null,
      url: l.dial.url.url,
      status: l.status,
      reasons: l.reasons,
      at: place(l.dial.url.at),
    })),
  };
}
