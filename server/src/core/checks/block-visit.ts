// The visit of a map the schema walk parsed as a known block, found among that block's visits: the checks
// that follow a value into its block (an import's source, a remote's proxy, the accounts block) need only a
// few hundred visits indexed, not the walk's map of every block of the document.
import type { MapNode } from '../conf/ast';
import { visitsOf, type BlockVisit, type SchemaWalk } from '../schema/walk';

/** Per walk, per block id: that block's visits by their map (built on first use). */
const index = new WeakMap<SchemaWalk, Map<string, Map<MapNode, BlockVisit>>>();

/** What walk.byMap.get(map) answers, looked up among the visits of block `id` first. */
export function visitOfMap(walk: SchemaWalk, id: string, map: MapNode): BlockVisit | undefined {
  let byId = index.get(walk);
  if (!byId) index.set(walk, (byId = new Map()));
  let byMap = byId.get(id);
  if (!byMap) {
    byMap = new Map();
    for (const v of visitsOf(walk, id)) byMap.set(v.map, v);
    byId.set(id, byMap);
  }
  // The walk visits each map once: a map of block `id` has that visit. Any other map (reached first as another
  // block through a `$VAR`, or never visited) gets the walk's own answer.
  return byMap.get(map) ?? walk.byMap.get(map);
}
