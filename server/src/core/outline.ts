// Outline (document symbols) and folding ranges, straight from the syntax tree.
// Both walk iteratively and stop at a depth and a node budget, so hostile files stay cheap.
import type { ArrayNode, Entry, IncludeNode, MapNode, ValueNode } from './conf/ast';
import type { ConfigDoc } from './document';
import { schemaWalk } from './schema/walk';
import type { Range } from './types';

export interface OutlineItem {
  name: string;
  detail: string;
  kind: 'map' | 'array' | 'string' | 'number' | 'bool' | 'datetime' | 'variable' | 'include' | 'unset';
  range: Range;
  selectionRange: Range;
  children: OutlineItem[];
}

const MAX_DEPTH = 64;
const MAX_ITEMS = 20000;

export function outline(doc: ConfigDoc): OutlineItem[] {
  const top: OutlineItem[] = [];
  // Blocks say what they are, from the schema table (the first sentence of the option's documentation).
  const byMap = schemaWalk(doc)?.byMap;
  const blockDetail = (v: ValueNode | undefined): string | undefined => {
    const visit = v?.kind === 'map' ? byMap?.get(v) : undefined;
    if (!visit) return undefined;
    if (visit.block.id === 'account') return 'account';
    const doc_ = visit.owner?.doc;
    if (!doc_) return undefined;
    const first = /^[^.:]*(?:[.:]|$)/.exec(doc_)![0].replace(/[.:]$/, '');
    return first.length > 60 ? `${first.slice(0, 57)}…` : first;
  };
  const work: { map: MapNode | ArrayNode; into: OutlineItem[]; depth: number }[] = [{ map: doc.root, into: top, depth: 0 }];
  let budget = MAX_ITEMS;
  while (work.length && budget > 0) {
    const { map, into, depth } = work.shift()!;
    const children: (Entry | IncludeNode | ValueNode)[] = map.kind === 'map' ? map.entries : map.items;
    for (let i = 0; i < children.length && budget > 0; i++, budget--) {
      const child = children[i]!;
      const item = itemFor(child, i);
      if (child.kind === 'entry' && !item.detail) item.detail = blockDetail(child.value) ?? '';
      into.push(item);
      const value = child.kind === 'entry' ? child.value : child.kind === 'include' ? undefined : child;
      if (value && (value.kind === 'map' || value.kind === 'array') && depth + 1 < MAX_DEPTH)
        work.push({ map: value, into: item.children, depth: depth + 1 });
    }
  }
  return top;
}

function itemFor(node: Entry | IncludeNode | ValueNode, index: number): OutlineItem {
  if (node.kind === 'include') {
    return { name: `include ${node.path}`, detail: '', kind: 'include', range: node.range, selectionRange: node.pathRange, children: [] };
  }
  if (node.kind === 'entry') {
    const v = node.value;
    return { name: node.key || '""', detail: detailOf(v), kind: kindOf(v), range: node.range, selectionRange: node.keyRange, children: [] };
  }
  return { name: `[${index}]`, detail: detailOf(node), kind: kindOf(node), range: node.range, selectionRange: node.range, children: [] };
}

function kindOf(v: ValueNode | undefined): OutlineItem['kind'] {
  if (!v) return 'unset';
  switch (v.kind) {
    case 'map':
      return 'map';
    case 'array':
      return 'array';
    case 'string':
      return 'string';
    case 'integer':
    case 'float':
      return 'number';
    case 'bool':
      return 'bool';
    case 'datetime':
      return 'datetime';
    case 'variable':
      return 'variable';
  }
}

function detailOf(v: ValueNode | undefined): string {
  if (!v) return '';
  switch (v.kind) {
    case 'map':
      return '';
    case 'array':
      return `${v.items.length} item${v.items.length === 1 ? '' : 's'}`;
    case 'string':
      return v.value.length > 60 ? v.value.slice(0, 57) + '…' : v.value;
    case 'integer':
    case 'float':
    case 'bool':
      return v.raw;
    case 'datetime':
      return v.value;
    case 'variable':
      return `$${v.name}`;
  }
}

export interface Fold {
  startLine: number;
  endLine: number;
  kind?: 'comment';
}

/** Multi-line maps, arrays and block strings, and runs of comment lines. */
export function foldingRanges(doc: ConfigDoc): Fold[] {
  const folds: Fold[] = [];
  const lines = doc.src.lines;
  const work: (MapNode | ArrayNode)[] = [doc.root];
  let budget = MAX_ITEMS;
  while (work.length && budget-- > 0) {
    const node = work.pop()!;
    if (node !== doc.root) {
      const start = lines.position(node.start).line;
      const end = lines.position(node.end).line;
      // Stop the fold before the closing bracket's line, as editors expect.
      const closeOnOwnLine = node.close >= 0 && end > start;
      if (end - (closeOnOwnLine ? 1 : 0) > start) folds.push({ startLine: start, endLine: closeOnOwnLine ? end - 1 : end });
    }
    const children = node.kind === 'map' ? node.entries : node.items;
    for (const c of children) {
      const v = c.kind === 'entry' ? c.value : c.kind === 'include' ? undefined : c;
      if (!v) continue;
      if (v.kind === 'map' || v.kind === 'array') work.push(v);
      else if (v.kind === 'string' && v.style === 'block') {
        const s = lines.position(v.start).line;
        const e = lines.position(v.end).line;
        if (e > s) folds.push({ startLine: s, endLine: e });
      }
    }
  }
  const comments = doc.conf?.comments ?? [];
  let runStart = -1;
  let runEnd = -1;
  for (let i = 0; i < comments.length; i += 2) {
    const line = lines.position(comments[i]!).line;
    if (line === runEnd + 1 && runStart >= 0) runEnd = line;
    else {
      if (runEnd > runStart) folds.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
      runStart = runEnd = line;
    }
  }
  if (runEnd > runStart) folds.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
  return folds.sort((a, b) => a.startLine - b.startLine);
}
