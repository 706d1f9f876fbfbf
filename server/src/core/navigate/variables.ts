// Variables as the resolver (conf/resolve.ts) bound them: every `$NAME` reference knows the entry it stands
// for, an earlier key in an enclosing map or in an included file (or the environment, which has no place
// in any file). Definitions, references and highlights all read those bindings; nothing is looked up anew.
import type { ArrayNode, Entry, IncludeNode, MapNode, Source, VariableNode } from '../conf/ast';
import type { ConfigDoc } from '../document';

/** Included files nest at most this deep (as the resolver), and a walk visits at most this many nodes. */
const MAX_INCLUDE_DEPTH = 32;
const MAX_NODES = 500_000;

/** The entry a reference stands for, when it is a key of some config (not the environment). */
export function definitionOf(v: VariableNode): Entry | undefined {
  return v.resolved?.from === 'key' ? v.resolved.entry : undefined;
}

/**
 * Whether two entries are the same definition. An included file is parsed once for each document that
 * includes it (and once more when it is open itself), so the same key may be several objects: compare
 * where it is written.
 */
export function sameEntry(a: Entry, b: Entry): boolean {
  return a === b || (a.src.file === b.src.file && a.start === b.start && a.key === b.key);
}

/**
 * Every `$NAME` reference written in the document and in the files it includes (each resolved in its own
 * file, as nats-server parses an included file on its own).
 */
export function referencesIn(
  doc: Pick<ConfigDoc, 'src' | 'root'> & { conf?: { variables: VariableNode[]; includes: IncludeNode[] } | undefined },
): VariableNode[] {
  const out: VariableNode[] = [...(doc.conf?.variables ?? [])];
  const seen = new Set<Source>([doc.src]);
  let budget = MAX_NODES;
  const follow = (inc: IncludeNode, depth: number): void => {
    const t = inc.target;
    if (!t || seen.has(t.root.src) || depth > MAX_INCLUDE_DEPTH) return;
    seen.add(t.root.src);
    collect(t.root, out);
    for (const nested of includesOf(t.root)) follow(nested, depth + 1);
  };
  // The document's own includes were collected by the parser; an included file's are found by a walk.
  for (const inc of doc.conf?.includes ?? includesOf(doc.root)) follow(inc, 1);
  return out;

  function includesOf(root: MapNode): IncludeNode[] {
    const found: IncludeNode[] = [];
    const work: (MapNode | ArrayNode)[] = [root];
    while (work.length && budget-- > 0) {
      const node = work.pop()!;
      const children = node.kind === 'map' ? node.entries : node.items;
      for (const c of children) {
        if (c.kind === 'include') found.push(c);
        else {
          const v = c.kind === 'entry' ? c.value : c;
          if (v && (v.kind === 'map' || v.kind === 'array')) work.push(v);
        }
      }
    }
    return found.sort((a, b) => a.start - b.start);
  }

  function collect(root: MapNode, into: VariableNode[]): void {
    const work: (MapNode | ArrayNode)[] = [root];
    const found: VariableNode[] = [];
    while (work.length && budget-- > 0) {
      const node = work.pop()!;
      const children = node.kind === 'map' ? node.entries : node.items;
      for (const c of children) {
        if (c.kind === 'include') continue;
        const v = c.kind === 'entry' ? c.value : c;
        if (!v) continue;
        if (v.kind === 'variable') found.push(v);
        else if (v.kind === 'map' || v.kind === 'array') work.push(v);
      }
    }
    into.push(...found.sort((a, b) => a.start - b.start));
  }
}

/** The references, across `docs`, that stand for `def` (each place once, in file and offset order). */
export function usesOf(def: Entry, docs: readonly Parameters<typeof referencesIn>[0][]): VariableNode[] {
  const byPlace = new Map<string, VariableNode>();
  for (const doc of docs) {
    for (const v of referencesIn(doc)) {
      const d = definitionOf(v);
      if (d && sameEntry(d, def)) byPlace.set(`${v.src.file}\0${v.start}`, v);
    }
  }
  return [...byPlace.values()].sort((a, b) => (a.src.file < b.src.file ? -1 : a.src.file > b.src.file ? 1 : a.start - b.start));
}

/** The offsets of a reference's name (after the `$`). */
export function nameSpan(v: VariableNode): { start: number; end: number } {
  return { start: v.start + 1, end: v.end };
}

/** The offsets of a key's text (inside its quotes, when quoted). */
export function keySpan(e: Entry): { start: number; end: number } {
  return e.keyQuoted ? { start: e.keyStart + 1, end: Math.max(e.keyStart + 1, e.keyEnd - 1) } : { start: e.keyStart, end: e.keyEnd };
}
