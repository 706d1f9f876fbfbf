// The syntax tree shared by every config format we read (nats-server conf, YAML, JSON).
// Nodes keep UTF-16 offsets; `range` converts lazily, so parsing a large file allocates little.
import { LineIndex } from '../text/line-index';
import type { Range } from '../types';
import type { TemplateInfo } from './template';

/** Where an environment variable's value is used: the `$NAME` reference in the config. */
export interface SourceOrigin {
  src: Source;
  start: number;
  end: number;
}

/**
 * What a tree's nodes read their Source through: one per parse. When an edit is spliced into a parse
 * (incremental.ts), the tree moves on to the new text by pointing this at the new Source: no node is touched.
 */
export interface TreeSource {
  src: Source;
}

/** The text a node came from. One per parsed document (and one per environment-variable value). */
export class Source {
  readonly lines: LineIndex;
  /** The holder the nodes made from this source share (see TreeSource). */
  tree: TreeSource;
  /** For an environment variable's value: the reference it stands for (findings in it are reported there). */
  origin: SourceOrigin | undefined;
  /** A templated config (Helm, Jinja, ERB): its template regions; the parser read the masked text. */
  template: TemplateInfo | undefined;
  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
    this.tree = { src: this };
    this.origin = undefined;
    this.template = undefined;
    if (!shapes) keepShapes();
  }
}

/**
 * One instance of each node class, kept for the life of the process (made with the first Source). V8 keeps
 * an object's hidden class, and the chain of classes its constructor walks through, only while some object
 * uses it. When a parsed tree is collected those classes would go too, and all the optimised code that
 * refers to them (the parser's included) would be thrown away and recompiled on the next parse.
 */
let shapes: object[] | undefined;

function keepShapes(): void {
  shapes = [];
  const src = new Source('', '');
  shapes.push(
    new MapNode(src, 0, 0),
    new Entry(src, 0, 0, '', 0, 0, false),
    new ArrayNode(src, 0, 0),
    new StringNode(src, 0, 0, '', 'bare'),
    new NumberNode(src, 0, 0, 'integer', 0, '', ''),
    new NumberNode(src, 0, 0, 'float', 0.5, '', ''),
    new BoolNode(src, 0, 0, false, ''),
    new DatetimeNode(src, 0, 0, ''),
    new VariableNode(src, 0, 0, ''),
    new IncludeNode(src, 0, 0, '', 0, 0),
  );
}

// Performance note: nodes are created by the hundred thousand, so each class declares its fields with
// `declare` and assigns them in its constructor, always in the same order, and there is no base class:
// initialised class fields compile to define-semantics fields, which V8 creates several times slower,
// and derived classes are slow to construct where a compiler renames them (tsx's keepNames).

/** What every node has: the source, UTF-16 offsets [start, end), and the entry, map or array holding it. */
interface NodeCommon {
  readonly src: Source;
  start: number;
  end: number;
  parent: MapNode | ArrayNode | Entry | undefined;
}

function rangeOf(n: NodeCommon): Range {
  return n.src.lines.range(n.start, n.end);
}

function toJSONOf(n: NodeCommon): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) {
    if (k !== 'parent' && k !== 'tree' && k !== 'resolved' && k !== 'target' && k !== 'edited') out[k] = v;
  }
  delete out.decoded;
  out.kind = (n as { kind?: string }).kind;
  if ('value' in n) out.value = (n as { value?: unknown }).value;
  if ('raw' in n) out.raw = (n as { raw?: unknown }).raw;
  out.range = rangeOf(n);
  return out;
}

/** A value nats-server files under `key`, not under the key it is written after (MapNode.misfiled). */
export interface Misfiled {
  key: string;
  value: ValueNode;
  at: number;
}
const misfiledValues = new WeakMap<MapNode, Misfiled[]>();

export class MapNode implements NodeCommon {
  declare tree: TreeSource;
  /** The text this node is in: its tree's current Source. */
  get src(): Source {
    return this.tree.src;
  }
  declare start: number;
  declare end: number;
  declare parent: MapNode | ArrayNode | Entry | undefined;
  get range(): Range {
    return rangeOf(this);
  }
  toJSON(): Record<string, unknown> {
    return toJSONOf(this);
  }
  declare readonly kind: 'map';
  declare readonly entries: (Entry | IncludeNode)[];
  /** Offset of the closing '}', or -1 when the map is implicit (a document root) or unclosed. */
  declare close: number;
  /**
   * Values nats-server stores under a different key than the one they are written after. This happens
   * after a key without a value (`x { a: }` stores the map as "a", not "x"); variable lookups must see it.
   * Rare, so kept off the node (a field on each of a large config's 375,000 maps was 3 MB).
   */
  get misfiled(): Misfiled[] | undefined {
    return misfiledValues.get(this);
  }
  set misfiled(v: Misfiled[] | undefined) {
    if (v) misfiledValues.set(this, v);
    else misfiledValues.delete(this);
  }
  /** How the map was written: braces, a whole document, or an indented YAML-style block we recovered. */
  declare readonly style: 'braces' | 'root' | 'yaml-block' | 'yaml';
  /**
   * The edit stamp of the last splice that changed what this map holds, at any depth (conf/incremental.ts
   * editStamp); 0: none. A map with an older stamp holds what it held then.
   */
  declare edited: number;
  constructor(src: Source, start: number, end: number, style: 'braces' | 'root' | 'yaml-block' | 'yaml' = 'braces') {
    this.tree = src.tree;
    this.start = start;
    this.end = end;
    this.parent = undefined;
    this.entries = [];
    this.close = -1;
    this.style = style;
    this.edited = 0;
  }
}

export class ArrayNode implements NodeCommon {
  declare tree: TreeSource;
  /** The text this node is in: its tree's current Source. */
  get src(): Source {
    return this.tree.src;
  }
  declare start: number;
  declare end: number;
  declare parent: MapNode | ArrayNode | Entry | undefined;
  get range(): Range {
    return rangeOf(this);
  }
  toJSON(): Record<string, unknown> {
    return toJSONOf(this);
  }
  declare readonly kind: 'array';
  declare readonly items: ValueNode[];
  declare close: number;
  constructor(src: Source, start: number, end: number) {
    this.tree = src.tree;
    this.start = start;
    this.end = end;
    this.parent = undefined;
    this.items = [];
    this.close = -1;
  }
}

export class StringNode implements NodeCommon {
  declare tree: TreeSource;
  /** The text this node is in: its tree's current Source. */
  get src(): Source {
    return this.tree.src;
  }
  declare start: number;
  declare end: number;
  declare parent: MapNode | ArrayNode | Entry | undefined;
  get range(): Range {
    return rangeOf(this);
  }
  toJSON(): Record<string, unknown> {
    return toJSONOf(this);
  }
  declare readonly kind: 'string';
  /** The decoded value when it differs from the text between the quotes (escapes, YAML folding); else cut on first use. */
  declare private decoded: string | undefined;
  declare readonly style: 'bare' | 'double' | 'single' | 'block';
  /** `value` undefined: the value is exactly the text between the quotes (or the whole token when unquoted). */
  constructor(src: Source, start: number, end: number, value: string | undefined, style: 'bare' | 'double' | 'single' | 'block') {
    this.tree = src.tree;
    this.start = start;
    this.end = end;
    this.parent = undefined;
    this.decoded = value;
    this.style = style;
  }
  /** The string's value. Most values are plain text cut from the source when first asked for: most are never asked for. */
  get value(): string {
    return (this.decoded ??= this.src.text.slice(this.innerStart, this.innerEnd));
  }
  /** Whether the value is exactly the text [innerStart, innerEnd), not yet cut: it can be read there in place. */
  get verbatim(): boolean {
    return this.decoded === undefined;
  }
  /** Offsets of the text between the quotes (the whole token when unquoted). */
  get innerStart(): number {
    return this.style === 'bare' ? this.start : this.start + 1;
  }
  get innerEnd(): number {
    if (this.style === 'bare') return this.end;
    const closed = this.src.text.charCodeAt(this.end - 1) === (this.style === 'double' ? 34 : this.style === 'single' ? 39 : 41);
    return closed && this.end - 1 >= this.innerStart ? this.end - 1 : this.end;
  }
}

export class NumberNode implements NodeCommon {
  declare tree: TreeSource;
  /** The text this node is in: its tree's current Source. */
  get src(): Source {
    return this.tree.src;
  }
  declare start: number;
  declare end: number;
  declare parent: MapNode | ArrayNode | Entry | undefined;
  get range(): Range {
    return rangeOf(this);
  }
  toJSON(): Record<string, unknown> {
    return toJSONOf(this);
  }
  declare readonly kind: 'integer' | 'float';
  /** The value nats-server computes, suffix applied; NaN when it would reject or drop the token. */
  declare readonly value: number;
  /** Unit suffix as written (`k`, `MiB`), empty when none. */
  declare readonly suffix: string;
  /** `raw` is the token as written, which is always the source text of the node: it is not stored. */
  constructor(src: Source, start: number, end: number, kind: 'integer' | 'float', value: number, _raw: string, suffix: string) {
    this.tree = src.tree;
    this.start = start;
    this.end = end;
    this.parent = undefined;
    this.kind = kind;
    this.value = value;
    this.suffix = suffix;
  }
  get raw(): string {
    return this.src.text.slice(this.start, this.end);
  }
}

export class BoolNode implements NodeCommon {
  declare tree: TreeSource;
  /** The text this node is in: its tree's current Source. */
  get src(): Source {
    return this.tree.src;
  }
  declare start: number;
  declare end: number;
  declare parent: MapNode | ArrayNode | Entry | undefined;
  get range(): Range {
    return rangeOf(this);
  }
  toJSON(): Record<string, unknown> {
    return toJSONOf(this);
  }
  declare readonly kind: 'bool';
  declare readonly value: boolean;
  declare readonly raw: string;
  constructor(src: Source, start: number, end: number, value: boolean, raw: string) {
    this.tree = src.tree;
    this.start = start;
    this.end = end;
    this.parent = undefined;
    this.value = value;
    this.raw = raw;
  }
}

export class DatetimeNode implements NodeCommon {
  declare tree: TreeSource;
  /** The text this node is in: its tree's current Source. */
  get src(): Source {
    return this.tree.src;
  }
  declare start: number;
  declare end: number;
  declare parent: MapNode | ArrayNode | Entry | undefined;
  get range(): Range {
    return rangeOf(this);
  }
  toJSON(): Record<string, unknown> {
    return toJSONOf(this);
  }
  declare readonly kind: 'datetime';
  declare readonly value: string;
  constructor(src: Source, start: number, end: number, value: string) {
    this.tree = src.tree;
    this.start = start;
    this.end = end;
    this.parent = undefined;
    this.value = value;
  }
}

/** What a `$NAME` reference stands for: an earlier key in an enclosing map, or the environment. */
export type Resolution =
  | { from: 'key'; entry: Entry; value: ValueNode }
  | { from: 'env'; text: string; value: ValueNode | undefined }
  | { from: 'misfiled'; key: string; value: ValueNode }
  | { from: 'bcrypt'; value: string };

export class VariableNode implements NodeCommon {
  declare tree: TreeSource;
  /** The text this node is in: its tree's current Source. */
  get src(): Source {
    return this.tree.src;
  }
  declare start: number;
  declare end: number;
  declare parent: MapNode | ArrayNode | Entry | undefined;
  get range(): Range {
    return rangeOf(this);
  }
  toJSON(): Record<string, unknown> {
    return toJSONOf(this);
  }
  declare readonly kind: 'variable';
  declare resolved: Resolution | undefined;
  declare readonly name: string;
  constructor(src: Source, start: number, end: number, name: string) {
    this.tree = src.tree;
    this.start = start;
    this.end = end;
    this.parent = undefined;
    this.resolved = undefined;
    this.name = name;
  }
}

/** `include path` — a directive, not a value; it sits among a map's entries. */
export class IncludeNode implements NodeCommon {
  declare tree: TreeSource;
  /** The text this node is in: its tree's current Source. */
  get src(): Source {
    return this.tree.src;
  }
  declare start: number;
  declare end: number;
  declare parent: MapNode | ArrayNode | Entry | undefined;
  get range(): Range {
    return rangeOf(this);
  }
  toJSON(): Record<string, unknown> {
    return toJSONOf(this);
  }
  declare readonly kind: 'include';
  /** Filled by the resolver: the parsed file, when it could be read. */
  declare target: IncludeTarget | undefined;
  declare readonly path: string;
  declare readonly pathStart: number;
  declare readonly pathEnd: number;
  constructor(src: Source, start: number, end: number, path: string, pathStart: number, pathEnd: number) {
    this.tree = src.tree;
    this.start = start;
    this.end = end;
    this.parent = undefined;
    this.target = undefined;
    this.path = path;
    this.pathStart = pathStart;
    this.pathEnd = pathEnd;
  }
  get pathRange(): Range {
    return this.src.lines.range(this.pathStart, this.pathEnd);
  }
}

export interface IncludeTarget {
  file: string;
  /** The included file's own top-level map. */
  root: MapNode;
}

/** Entries whose value nats-server files under another key: rare, so kept off the node. */
const misfiledEntries = new WeakSet<Entry>();

export class Entry implements NodeCommon {
  /**
   * The text this entry is in: its map's (an entry is put in its map as it is made). No field of its own: a
   * large config holds a million entries.
   */
  get src(): Source {
    return (this.parent as MapNode).src;
  }
  declare start: number;
  declare end: number;
  declare parent: MapNode | ArrayNode | Entry | undefined;
  get range(): Range {
    return rangeOf(this);
  }
  toJSON(): Record<string, unknown> {
    return toJSONOf(this);
  }
  declare readonly kind: 'entry';
  declare value: ValueNode | undefined;
  /** The key as written, quotes removed. nats-server matches option names case-insensitively. */
  declare readonly key: string;
  declare readonly keyEnd: number;
  constructor(src: Source, start: number, end: number, key: string, keyStart: number, keyEnd: number, keyQuoted: boolean) {
    void src;
    this.start = start;
    this.end = end;
    this.parent = undefined;
    this.value = undefined;
    this.key = key;
    this.keyEnd = keyEnd;
    // keyStart is always start, and a quoted key starts with its quote: neither needs a field.
    void keyStart;
    void keyQuoted;
  }
  get keyStart(): number {
    return this.start;
  }
  get keyQuoted(): boolean {
    const c = this.src.text.charCodeAt(this.start);
    return c === 34 || c === 39;
  }
  /** True when nats-server stores this entry's value under another key (see MapNode.misfiled). */
  get misfiled(): boolean {
    return misfiledEntries.has(this);
  }
  set misfiled(v: boolean) {
    if (v) misfiledEntries.add(this);
    else misfiledEntries.delete(this);
  }
  get keyRange(): Range {
    return this.src.lines.range(this.keyStart, this.keyEnd);
  }
  /** Lower-cased key, the way nats-server compares option names. */
  get name(): string {
    return this.key.toLowerCase();
  }
}

export type ValueNode = MapNode | ArrayNode | StringNode | NumberNode | BoolNode | DatetimeNode | VariableNode;
export type AnyNode = ValueNode | Entry | IncludeNode;

// `kind` lives on each class's prototype (NumberNode has two kinds, so keeps its own): one field less on
// every node, which matters when a large config makes hundreds of thousands of them.
Object.defineProperty(MapNode.prototype, 'kind', { value: 'map', enumerable: true });
Object.defineProperty(ArrayNode.prototype, 'kind', { value: 'array', enumerable: true });
Object.defineProperty(StringNode.prototype, 'kind', { value: 'string', enumerable: true });
Object.defineProperty(BoolNode.prototype, 'kind', { value: 'bool', enumerable: true });
Object.defineProperty(DatetimeNode.prototype, 'kind', { value: 'datetime', enumerable: true });
Object.defineProperty(VariableNode.prototype, 'kind', { value: 'variable', enumerable: true });
Object.defineProperty(IncludeNode.prototype, 'kind', { value: 'include', enumerable: true });
Object.defineProperty(Entry.prototype, 'kind', { value: 'entry', enumerable: true });
