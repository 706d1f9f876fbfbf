// natsTls/topology: the workspace's deployment for the VS Code topology view, from the same models and
// predictions as the diagnostics (core/topology), with places the view can open.
import { topologyOf } from '../core/topology/build';
import { topologyData } from '../core/topology/export';
import { TopologyRequest, type TopologyResult } from '../protocol/requests';
import { fileUri } from './convert';
import { allModels } from './docs';
import { handle, shown } from './request-support';
import type { ServerContext } from './server';

export function registerTopologyRequest(ctx: ServerContext): void {
  handle(ctx, TopologyRequest, (): TopologyResult => {
    // Documents edited since they were last parsed take part with their current text.
    for (const td of ctx.documents.all()) ctx.workspace.update(td);
    const data = topologyData(topologyOf(allModels(ctx)));
    return {
      nodes: data.nodes.map((n) => ({ ...n, name: shown(ctx, n.file), at: { uri: fileUri(n.at.file), range: n.at.range } })),
      links: data.links.map((l) => ({ ...l, at: { uri: fileUri(l.at.file), range: l.at.range } })),
    };
  });
}
