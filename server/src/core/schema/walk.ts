// Walks a nats-server config the way nats-server's option parsers do, pairing each map with the block of the
// schema that parses it. Checks, hovers and completion share one walk per document (cached).
import type { Entry, MapNode, ValueNode, VariableNode } from '../conf/ast';
import { deref } from '../conf/resolve';
import type { ConfigDoc } from '../document';
import { effectiveEntries } from '../tls/blocks';
import { blockSpec, optionsFor } from './index';
import { lastByKey } from './report';
import { settledValue } from './values';
import type { BlockSpec, OptionSpec } from './types';

export interface BlockVisit {
  block: BlockSpec;
  map: MapNode;
  /** Where it is, as users would write it: "cluster.authorization", "accounts.A.users[0]". */
  readonly path: string;
  /** Its entries as nats-server sees them (included files merged in place). */
  entries: Entry[];
  /** The option whose value this map is (undefined for the root). */
  owner: OptionSpec | undefined;
  /** The account (its name under accounts { }) this block belongs to, if any. */
  account: string | undefined;
  /** The entries nats-server processes (lastByKey of entries), and the option each names (optionIn): every check reads both. */
  processed: Entry[];
  options: (OptionSpec | undefined)[];
  /** optionEntries' map of this visit, once built (schema/report.ts). */
  byOption?: Map<string, Entry> | undefined;
  /** Bit i set: checkValue has nothing to say about processed[i]'s value (settledValue; the first 30 entries). */
  settled?: number;
}

export interface SchemaWalk {
  visits: BlockVisit[];
  /** The block a map is parsed as. */
  byMap: Map<MapNode, BlockVisit>;
  /** Entries whose value some `$NAME` reference uses: nats-server skips them where it would call them unknown. */
  used: Set<Entry>;
  /**
   * Entries of a visit (`owner`) whose value is a braces block ending in a key without a value (`last`), in
   * walk order: dangling-key's findings, found while the walk holds the entries (one pass fewer over them).
   */
  valuelessTails: { visit: BlockVisit; owner: Entry; last: Entry }[];
}

const MAX_DEPTH = 48;
/** Entries whose settled bit is kept (a small integer's bits). */
const SETTLED_BITS = 30;

/**
 * A visit whose path is spelt out when first read: most paths are never read (only findings and the
 * visit cache name them), and building one string per block was a third of a large config's walk.
 */
class Visit implements BlockVisit {
  constructor(
    readonly block: BlockSpec,
    readonly map: MapNode,
    /** The visit this one's path extends, with `key` and, for a list item, `[index]`; none: `key` is the path. */
    private readonly up: Visit | undefined,
    private readonly key: string,
    private readonly index: number,
    readonly entries: Entry[],
    readonly owner: OptionSpec | undefined,
    readonly account: string | undefined,
    readonly processed: Entry[],
    readonly options: (OptionSpec | undefined)[],
  ) {}

  byOption: Map<string, Entry> | undefined = undefined;
  settled = 0;
  private spelt: string | undefined = undefined;

  get path(): string {
    if (this.spelt === undefined) {
      const p = this.up ? join(this.up.path, this.key) : this.key;
      this.spelt = this.index >= 0 ? `${p}[${this.index}]` : p;
    }
    return this.spelt;
  }
}

const cache = new WeakMap<ConfigDoc, SchemaWalk>();

/** The schema walk of a nats-server config (undefined for client configs and contexts). */
export function schemaWalk(doc: ConfigDoc): SchemaWalk | undefined {
  if (doc.role !== 'server') return undefined;
  let w = cache.get(doc);
  if (!w) {
    w = walk(doc);
    cache.set(doc, w);
  }
  return w;
}

const byBlock = new WeakMap<SchemaWalk, Map<string, BlockVisit[]>>();
const NO_VISITS: readonly BlockVisit[] = Object.freeze([]);

/** The walk's visits of one block (by its id), in walk order: built once per walk, shared by the checks. */
export function visitsOf(w: SchemaWalk, id: string): readonly BlockVisit[] {
  let index = byBlock.get(w);
  if (!index) {
    index = new Map();
    for (const v of w.visits) {
      const list = index.get(v.block.id);
      if (list) list.push(v);
      else index.set(v.block.id, [v]);
    }
    byBlock.set(w, index);
  }
  return index.get(id) ?? NO_VISITS;
}

function walk(doc: ConfigDoc): SchemaWalk {
  const out: SchemaWalk = { visits: [], byMap: new Map(), used: usedEntries(doc), valuelessTails: [] };
  const root = blockSpec('root')!;
  visitMap(out, doc.root, root, undefined, '', -1, undefined, 0, undefined);
  return out;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function visitMap(
  w: SchemaWalk,
  map: MapNode,
  block: BlockSpec,
  up: Visit | undefined,
  key: string,
  index: number,
  owner: OptionSpec | undefined,
  depth: number,
  account: string | undefined,
): void {
  if (depth > MAX_DEPTH || w.byMap.has(map)) return;
  // Most maps include nothing: their own entries are what nats-server sees (no copy).
  let includes = false;
  const own = map.entries;
  for (let i = 0; i < own.length; i++) if (own[i]!.kind === 'include') includes = true;
  const entries = includes ? effectiveEntries(map) : (map.entries as Entry[]);
  // Only the last value of a key counts (a Go map): earlier ones are neither checked nor followed.
  const processed = lastByKey(entries);
  const options = optionsFor(block, processed);
  const visit = new Visit(block, map, up, key, index, entries, owner, account, processed, options);
  w.visits.push(visit);
  w.byMap.set(map, visit);
  valuelessTails(w, visit);
  if (block.id === 'accounts') {
    const accountBlock = blockSpec('account')!;
    for (let i = 0; i < processed.length; i++) {
      const e = processed[i]!;
      const v = deref(e.value);
      if (v?.kind === 'map' && !w.used.has(e)) visitMap(w, v, accountBlock, visit, e.key, -1, undefined, depth + 1, e.key);
    }
    return;
  }
  let settled = 0;
  for (let i = 0; i < processed.length; i++) {
    const e = processed[i]!;
    const option = options[i];
    if (!option || !e.value) continue;
    const v = deref(e.value);
    if (i < SETTLED_BITS && settledValue(option, v)) settled |= 1 << i;
    // Only blocks and lists can hold blocks: scalars are not followed (and need no path).
    if (v && (v.kind === 'map' || v.kind === 'array')) visitValue(w, v, option, visit, e.key, depth + 1, account);
  }
  visit.settled = settled;
}

/** Records the visit's entries whose braces block ends in a key without a value (see SchemaWalk.valuelessTails). */
function valuelessTails(w: SchemaWalk, visit: BlockVisit): void {
  const entries = visit.entries;
  for (let i = 0; i < entries.length; i++) {
    const owner = entries[i]!;
    const m = deref(owner.value);
    if (m?.kind !== 'map' || m.style !== 'braces') continue;
    // The last entry nats-server sees is the map's own last one, unless the map ends with an include.
    const tail = m.entries[m.entries.length - 1];
    if (tail === undefined || (tail.kind === 'entry' && tail.value !== undefined)) continue;
    const inner = tail.kind === 'entry' ? undefined : effectiveEntries(m);
    const last: Entry | undefined = inner ? inner[inner.length - 1] : (tail as Entry);
    if (last && last.value === undefined) w.valuelessTails.push({ visit, owner, last });
  }
}

/** Follows a value into the blocks it holds, by the option's kind (its path: `key` under `up`). */
function visitValue(
  w: SchemaWalk,
  v: ValueNode | undefined,
  option: OptionSpec,
  up: Visit,
  key: string,
  depth: number,
  account: string | undefined,
): void {
  if (!v || depth > MAX_DEPTH) return;
  switch (option.kind) {
    case 'map':
    case 'union':
      if (v.kind === 'map' && option.block) visitMap(w, v, blockSpec(option.block)!, up, key, -1, option, depth, account);
      else if (v.kind === 'array' && option.name === 'accounts') return;
      return;
    case 'map-list':
      if (v.kind === 'array' && option.block) {
        const block = blockSpec(option.block)!;
        const items = v.items;
        for (let i = 0; i < items.length; i++) {
          const m = mapOf(items[i]!);
          if (m) visitMap(w, m, block, up, key, i, option, depth, account);
        }
      }
      return;
    case 'subjects':
      if (v.kind === 'map') visitMap(w, v, blockSpec('subject-permission')!, up, key, -1, option, depth, account);
      return;
    case 'dynamic-map': {
      if (v.kind !== 'map' || !option.entry?.block) return;
      const entryBlock = blockSpec(option.entry.block)!;
      // Rare (mappings): these paths are spelt out now, as the key under the parent visit.
      const path = join(up.path, key);
      for (const e of lastByKey(effectiveEntries(v))) {
        const ev = deref(e.value);
        if (ev?.kind === 'map') visitMap(w, ev, entryBlock, undefined, join(path, e.key), -1, option.entry, depth + 1, account);
        else if (ev?.kind === 'array') {
          const items = ev.items;
          for (let i = 0; i < items.length; i++) {
            const m = mapOf(items[i]!);
            if (m) visitMap(w, m, entryBlock, undefined, join(path, e.key), i, option.entry, depth + 1, account);
          }
        }
      }
      return;
    }
    default:
      return;
  }
}

function mapOf(item: ValueNode): MapNode | undefined {
  const m = item.kind === 'variable' ? deref(item) : item;
  return m?.kind === 'map' ? m : undefined;
}

/** Entries some variable reference resolves to, in the document and the files it includes. */
function usedEntries(doc: ConfigDoc): Set<Entry> {
  const used = new Set<Entry>();
  const mark = (v: VariableNode): void => {
    const r = v.resolved;
    if (r?.from === 'key') used.add(r.entry);
  };
  // The parser lists the document's own references; included files are walked (they are usually small).
  for (const v of doc.conf?.variables ?? []) mark(v);
  const stack: ValueNode[] = [];
  for (const inc of doc.conf?.includes ?? []) if (inc.target) stack.push(inc.target.root);
  let budget = 1_000_000;
  while (stack.length && budget-- > 0) {
    const node = stack.pop()!;
    if (node.kind === 'variable') mark(node);
    else if (node.kind === 'map') {
      for (const e of node.entries) {
        if (e.kind === 'include') {
          if (e.target) stack.push(e.target.root);
        } else if (e.value) stack.push(e.value);
      }
    } else if (node.kind === 'array') for (const item of node.items) stack.push(item);
  }
  return used;
}
