// Selection ranges (Expand Selection): from the cursor out to the token, the value, the entry, the block,
// the entry that holds the block, and so on up to the whole file.
import type { ArrayNode, MapNode, ValueNode } from '../conf/ast';
import type { ConfigDoc } from '../document';
import { tokenEnd } from '../format/printer';

export interface Span {
  start: number;
  end: number;
}

const MAX_DEPTH = 256;

/** The spans a selection at `offset` grows through, innermost first, each containing the one before. */
export function selectionSpans(doc: ConfigDoc, offset: number): Span[] {
  const text = doc.src.text;
  const outer: Span[] = [{ start: 0, end: text.length }];
  let container = doc.root as MapNode | ArrayNode;
  const within = (s: number, e: number): boolean => offset >= s && offset <= e;
  /** Pushes the value's span; returns it when the cursor is inside it and it is a map or array. */
  const value = (v: ValueNode): MapNode | ArrayNode | undefined => {
    const end = tokenEnd(text, v);
    outer.push({ start: v.start, end });
    if ((v.kind === 'map' || v.kind === 'array') && offset > v.start && offset < end) return v;
    if (v.kind === 'string' && v.style !== 'bare' && offset >= v.innerStart && offset <= v.innerEnd)
      outer.push({ start: v.innerStart, end: v.innerEnd });
    return undefined;
  };
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    let deeper: MapNode | ArrayNode | undefined;
    if (container.kind === 'map') {
      for (const e of container.entries) {
        if (e.src !== doc.src) continue;
        if (e.kind === 'include') {
          if (!within(e.start, e.end)) continue;
          outer.push({ start: e.start, end: e.end });
          if (within(e.pathStart, e.pathEnd)) outer.push({ start: e.pathStart, end: e.pathEnd });
          break;
        }
        const v = e.value;
        const end = v ? tokenEnd(text, v) : e.keyEnd;
        if (!within(e.start, end)) continue;
        outer.push({ start: e.start, end });
        if (within(e.keyStart, e.keyEnd)) outer.push({ start: e.keyStart, end: e.keyEnd });
        else if (v && offset >= v.start) deeper = value(v);
        break;
      }
    } else {
      for (const item of container.items) {
        if (!within(item.start, tokenEnd(text, item))) continue;
        deeper = value(item);
        break;
      }
    }
    if (!deeper) break;
    container = deeper;
  }
  // Innermost first, each strictly larger than the one inside it.
  const out: Span[] = [];
  for (let i = outer.length - 1; i >= 0; i--) {
    const s = outer[i]!;
    const prev = out[out.length - 1];
    if (prev && s.start === prev.start && s.end === prev.end) continue;
    if (prev && (s.start > prev.start || s.end < prev.end)) continue;
    out.push(s);
  }
  return out;
}
