// "What is at this offset?": the entry, value, container, include, TLS block and file reference under a
// cursor. Hovers, completion, links and code actions all start here. Pure tree walks; no file access.
import type { ArrayNode, Entry, IncludeNode, MapNode, ValueNode } from './conf/ast';
import type { ConfigDoc } from './document';
import type { TlsBlock } from './tls/blocks';
import type { FileRef, TlsModel } from './tls/model';

export interface NodeAt {
  /** Innermost entry whose key or value holds the offset. */
  entry: Entry | undefined;
  /** The offset is on that entry's key (ends inclusive, so a cursor just after the key counts). */
  onKey: boolean;
  /** Innermost value node (string, number, map, array …) holding the offset. */
  value: ValueNode | undefined;
  /** Innermost map or list whose inside holds the offset: where a new key (or item) typed here would go. */
  container: MapNode | ArrayNode;
  /** The include directive whose path holds the offset. */
  include: IncludeNode | undefined;
}

const MAX_DEPTH = 256;

function containerEnd(node: MapNode | ArrayNode): number {
  return node.close >= 0 ? node.close : node.end;
}

/** Offset strictly inside a container's brackets (or anywhere in a recovered/implicit one). */
function insideContainer(node: MapNode | ArrayNode, offset: number): boolean {
  if (node.kind === 'map' && node.style === 'root') return true;
  // YAML maps and recovered YAML-style blocks have no brackets: their range is their entries.
  if (node.close < 0 && (node.kind === 'array' || node.style !== 'braces')) return within(node.start, node.end, offset);
  return offset > node.start && offset <= containerEnd(node);
}

function within(start: number, end: number, offset: number): boolean {
  return offset >= start && offset <= end;
}

/** Walks from `root` down to the innermost node at `offset` (in root's own source). */
export function nodeAt(root: MapNode, offset: number): NodeAt {
  const out: NodeAt = { entry: undefined, onKey: false, value: undefined, container: root, include: undefined };
  let container: MapNode | ArrayNode = root;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    let next: MapNode | ArrayNode | undefined;
    if (container.kind === 'map') {
      for (const e of container.entries) {
        if (e.src !== root.src) continue;
        if (e.kind === 'include') {
          if (within(e.pathStart, e.pathEnd, offset)) out.include = e;
          continue;
        }
        if (within(e.keyStart, e.keyEnd, offset)) {
          out.entry = e;
          out.onKey = true;
          out.value = undefined;
          return out;
        }
        const v = e.value;
        if (v && within(v.start, v.end, offset)) {
          out.entry = e;
          out.onKey = false;
          out.value = v;
          if ((v.kind === 'map' || v.kind === 'array') && insideContainer(v, offset)) next = v;
          break;
        }
      }
    } else {
      for (const item of container.items) {
        if (within(item.start, item.end, offset)) {
          out.value = item;
          out.entry = undefined;
          if ((item.kind === 'map' || item.kind === 'array') && insideContainer(item, offset)) next = item;
          break;
        }
      }
    }
    if (!next) break;
    container = next;
    out.container = next;
    // Inside a container, a value found above is the container itself until something inner matches.
  }
  if (out.value && out.value === out.container) {
    out.value = undefined;
    out.entry = undefined;
  }
  return out;
}

/** The entry a value or container belongs to (the key it is written after), through list items. */
export function ownerEntry(node: ValueNode | undefined): Entry | undefined {
  let n: ValueNode | Entry | MapNode | ArrayNode | undefined = node;
  for (let i = 0; i < MAX_DEPTH && n; i++) {
    const p: MapNode | ArrayNode | Entry | undefined = n.parent;
    if (!p) return undefined;
    if (p.kind === 'entry') return p;
    n = p;
  }
  return undefined;
}

/** The TLS block whose own map is `map` (a tls { } block, a client `tls:` map, a context's root). */
export function blockOfMap(model: TlsModel, map: MapNode): TlsBlock | undefined {
  return model.blocks.find((b) => b.map === map);
}

/** The TLS block an entry is a field of (keys of included files count for the block that includes them). */
export function blockOfEntry(model: TlsModel, entry: Entry): TlsBlock | undefined {
  return model.blocks.find((b) => b.entries.includes(entry));
}

/** The file reference whose value (quotes included) holds the offset, in the given source file. */
export function refAt(model: TlsModel, file: string, offset: number): FileRef | undefined {
  for (const ref of model.refs) {
    const v = ref.entry.value;
    if (!v || v.src.file !== file) continue;
    if (within(v.start, v.end, offset)) return ref;
  }
  return undefined;
}

/** The document's own include directives (not those of the files it includes). */
export function includesOf(doc: ConfigDoc): IncludeNode[] {
  return doc.conf?.includes ?? [];
}

/** Leading whitespace of the line that holds `offset`, and whether only whitespace precedes `offset` on it. */
export function lineIndentAt(text: string, offset: number): { indent: string; firstOnLine: boolean; lineStart: number } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let i = lineStart;
  while (i < offset && (text[i] === ' ' || text[i] === '\t')) i++;
  return { indent: text.slice(lineStart, i), firstOnLine: i === offset, lineStart };
}
