// The syntax tree shared by every config format we read (nats-server conf, YAML, JSON).
// Nodes keep UTF-16 offsets; `range` converts lazily, so parsing a large file allocates little.
import { LineIndex } from '../text/line-index';
import type { Range } from '../types';

/** The text a node came from. One per parsed document (and one per environment-variable value). */
export class Source {
  readonly lines: LineIndex;
  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
  }
}

abstract class NodeBase {
  parent: MapNode | ArrayNode | Entry | undefined;
  constructor(
    readonly src: Source,
    public start: number,
    public end: number,
  ) {}
  get range(): Range {
    return this.src.lines.range(this.start, this.end);
  }
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) {
      if (k !== 'parent' && k !== 'src' && k !== 'resolved' && k !== 'target') out[k] = v;
    }
    out.range = this.range;
    return out;
  }
}

export class MapNode extends NodeBase {
  readonly kind = 'map' as const;
  readonly entries: (Entry | IncludeNode)[] = [];
  /** Offset of the closing '}', or -1 when the map is implicit (a document root) or unclosed. */
  close = -1;
  /**
   * Values nats-server stores under a different key than the one they are written after. This happens
   * after a key without a value (`x { a: }` stores the map as "a", not "x"); variable lookups must see it.
   */
  misfiled: { key: string; value: ValueNode; at: number }[] | undefined;
  /** How the map was written: braces, a whole document, or an indented YAML-style block we recovered. */
  constructor(src: Source, start: number, end: number, readonly style: 'braces' | 'root' | 'yaml-block' | 'yaml' = 'braces') {
    super(src, start, end);
  }
}

export class ArrayNode extends NodeBase {
  readonly kind = 'array' as const;
  readonly items: ValueNode[] = [];
  close = -1;
}

export class StringNode extends NodeBase {
  readonly kind = 'string' as const;
  constructor(
    src: Source,
    start: number,
    end: number,
    readonly value: string,
    readonly style: 'bare' | 'double' | 'single' | 'block',
  ) {
    super(src, start, end);
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

export class NumberNode extends NodeBase {
  constructor(
    src: Source,
    start: number,
    end: number,
    readonly kind: 'integer' | 'float',
    /** The value nats-server computes, suffix applied; NaN when it would reject or drop the token. */
    readonly value: number,
    readonly raw: string,
    /** Unit suffix as written (`k`, `MiB`), empty when none. */
    readonly suffix: string,
  ) {
    super(src, start, end);
  }
}

export class BoolNode extends NodeBase {
  readonly kind = 'bool' as const;
  constructor(
    src: Source,
    start: number,
    end: number,
    readonly value: boolean,
    readonly raw: string,
  ) {
    super(src, start, end);
  }
}

export class DatetimeNode extends NodeBase {
  readonly kind = 'datetime' as const;
  constructor(
    src: Source,
    start: number,
    end: number,
    readonly value: string,
  ) {
    super(src, start, end);
  }
}

/** What a `$NAME` reference stands for: an earlier key in an enclosing map, or the environment. */
export type Resolution =
  | { from: 'key'; entry: Entry; value: ValueNode }
  | { from: 'env'; text: string; value: ValueNode | undefined }
  | { from: 'misfiled'; key: string; value: ValueNode }
  | { from: 'bcrypt'; value: string };

export class VariableNode extends NodeBase {
  readonly kind = 'variable' as const;
  resolved: Resolution | undefined;
  constructor(
    src: Source,
    start: number,
    end: number,
    readonly name: string,
  ) {
    super(src, start, end);
  }
}

/** `include path` — a directive, not a value; it sits among a map's entries. */
export class IncludeNode extends NodeBase {
  readonly kind = 'include' as const;
  /** Filled by the resolver: the parsed file, when it could be read. */
  target: IncludeTarget | undefined;
  constructor(
    src: Source,
    start: number,
    end: number,
    readonly path: string,
    readonly pathStart: number,
    readonly pathEnd: number,
  ) {
    super(src, start, end);
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

export class Entry extends NodeBase {
  readonly kind = 'entry' as const;
  value: ValueNode | undefined;
  /** True when nats-server stores this entry's value under another key (see MapNode.misfiled). */
  misfiled = false;
  constructor(
    src: Source,
    start: number,
    end: number,
    /** The key as written, quotes removed. nats-server matches option names case-insensitively. */
    readonly key: string,
    readonly keyStart: number,
    readonly keyEnd: number,
    readonly keyQuoted: boolean,
  ) {
    super(src, start, end);
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
