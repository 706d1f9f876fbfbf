// Walks a nats-server config the way nats-server's option parsers do, pairing each map with the block of the
// schema that parses it. Checks, hovers and completion share one walk per document (cached).
import type { Entry, MapNode, ValueNode, VariableNode } from '../conf/ast';
import { editStamp } from '../conf/incremental';
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
  /**
   * What each per-block check found here (schema/visit-cache.ts), kept on the visit: a visit outlives its
   * version only where a later walk reused it, so its block and context are unchanged.
   */
  kept?: KeptFindings | undefined;
  /** Its place in the walk that holds it now (walk.visits[at]). */
  readonly at: number;
  /**
   * The generation of the walk that holds it now (SchemaWalk.gen; a visit taken over moves on to the next
   * version's walk). A number, not the walk: a visit left behind must not keep its walk alive.
   */
  readonly gen: number;
}

/** Per-block findings of one visit, by check, for one target release (schema/visit-cache.ts). */
export interface KeptFindings {
  version: string;
  byCheck: Map<string, unknown>;
}

export interface SchemaWalk {
  visits: BlockVisit[];
  /** The block a map is parsed as (built when first read: the checks do not need it). */
  readonly byMap: Map<MapNode, BlockVisit>;
  /** Tells this walk's visits from those of other walks (BlockVisit.gen). */
  readonly gen: number;
  /** Entries whose value some `$NAME` reference uses: nats-server skips them where it would call them unknown. */
  used: Set<Entry>;
  /**
   * Entries of a visit (`owner`) whose value is a braces block ending in a key without a value (`last`), in
   * walk order: dangling-key's findings, found while the walk holds the entries (one pass fewer over them).
   */
  valuelessTails: { visit: BlockVisit; owner: Entry; last: Entry }[];
  /** Visits taken over from the walk of the version this one was spliced from (0 for a walk from scratch). */
  reused: number;
  /** The edit stamp when the walk was made (conf/incremental.ts editStamp). */
  stamp: number;
  /** In a walk that took over visits: the visits it made itself (those it did not take over), in walk order. */
  fresh: BlockVisit[] | undefined;
  /**
   * Per per-block check (schema/visit-cache.ts): the visits where it found something, or whose findings cannot
   * be kept, when it ran over this walk; and those of the earlier walk this one took over visits from.
   */
  notable: Map<string, NotableVisits>;
  inherited: Map<string, NotableVisits> | undefined;
  /** The earlier walk's visitsOf index, from which this walk's lists are built when asked for. */
  readonly earlierIndex: Map<string, BlockVisit[]> | undefined;
}

/** The visits of a walk where one check found something or must run each time, for one target release. */
export interface NotableVisits {
  version: string;
  visits: BlockVisit[];
}

const MAX_DEPTH = 48;
/** Entries whose settled bit is kept (a small integer's bits). */
const SETTLED_BITS = 30;

/**
 * What a few visits hold beyond the common fields: entries read otherwise than as written (a repeated key), a
 * large map's keys, an index of a large block's options, findings kept. On each visit these four fields were a
 * sixth of a large config's walk (375,000 visits).
 */
interface VisitMore {
  processed: Entry[] | undefined;
  keys: Set<string> | undefined;
  byOption: Map<string, Entry> | undefined;
  kept: KeptFindings | undefined;
}

/**
 * A visit whose path is spelt out when first read: most paths are never read (only findings and the
 * visit cache name them), and building one string per block was a third of a large config's walk.
 */
class Visit implements BlockVisit {
  // Declared and assigned in the constructor, in one order: initialised class fields are defined one by one,
  // several times slower for an object made once per block (as the parse tree's nodes, conf/ast.ts).
  declare readonly block: BlockSpec;
  declare readonly map: MapNode;
  /** The visit this one's path extends, with `key` and, for a list item, `[index]`; none: `key` is the path. */
  declare up: Visit | undefined;
  declare readonly key: string;
  declare readonly index: number;
  declare readonly entries: Entry[];
  declare readonly owner: OptionSpec | undefined;
  declare readonly account: string | undefined;
  declare readonly options: (OptionSpec | undefined)[];
  declare readonly depth: number;
  declare settled: number;
  /** Where this visit and the visits below it lie in the walk's visits: [at, after). */
  declare at: number;
  declare after: number;
  declare gen: number;
  declare private spelt: string | undefined;
  declare private more: VisitMore | undefined;

  constructor(
    block: BlockSpec,
    map: MapNode,
    up: Visit | undefined,
    key: string,
    index: number,
    entries: Entry[],
    owner: OptionSpec | undefined,
    account: string | undefined,
    read: ReadEntries,
    depth: number,
    gen: number,
    at: number,
  ) {
    this.block = block;
    this.map = map;
    this.up = up;
    this.key = key;
    this.index = index;
    this.entries = entries;
    this.owner = owner;
    this.account = account;
    this.options = read.options;
    this.depth = depth;
    this.settled = 0;
    this.at = at;
    this.after = 0;
    this.gen = gen;
    this.spelt = undefined;
    this.more = undefined;
    if (read.processed !== entries) this.extra().processed = read.processed;
    if (read.keys) this.extra().keys = read.keys;
  }

  private extra(): VisitMore {
    return (this.more ??= { processed: undefined, keys: undefined, byOption: undefined, kept: undefined });
  }

  get processed(): Entry[] {
    return this.more?.processed ?? this.entries;
  }
  /** A large map's keys, when every entry is processed (see changedEntries). */
  get keys(): Set<string> | undefined {
    return this.more?.keys;
  }
  set keys(v: Set<string> | undefined) {
    if (v || this.more) this.extra().keys = v;
  }
  get byOption(): Map<string, Entry> | undefined {
    return this.more?.byOption;
  }
  set byOption(v: Map<string, Entry> | undefined) {
    if (v || this.more) this.extra().byOption = v;
  }
  get kept(): KeptFindings | undefined {
    return this.more?.kept;
  }
  set kept(v: KeptFindings | undefined) {
    if (v || this.more) this.extra().kept = v;
  }

  get path(): string {
    if (this.spelt === undefined) {
      const p = this.up ? join(this.up.path, this.key) : this.key;
      this.spelt = this.index >= 0 ? `${p}[${this.index}]` : p;
    }
    return this.spelt;
  }
}

const cache = new WeakMap<ConfigDoc, SchemaWalk>();
/**
 * The latest walk of each tree, by its root: a splice (conf/incremental.ts) keeps the root and the nodes it did
 * not change, so the walk of the next version takes over the visits of unchanged maps.
 */
const latest = new WeakMap<MapNode, Walk>();
let generations = 0;

/** The schema walk of a nats-server config (undefined for client configs and contexts). */
export function schemaWalk(doc: ConfigDoc): SchemaWalk | undefined {
  if (doc.role !== 'server') return undefined;
  let w = cache.get(doc);
  if (!w) {
    const made = walk(doc, latest.get(doc.root));
    latest.set(doc.root, made);
    cache.set(doc, (w = made));
  }
  return w;
}

class Walk implements SchemaWalk {
  readonly visits: BlockVisit[] = [];
  readonly valuelessTails: { visit: BlockVisit; owner: Entry; last: Entry }[] = [];
  reused = 0;
  readonly gen = ++generations;
  readonly stamp = editStamp();
  readonly notable = new Map<string, NotableVisits>();
  inherited: Map<string, NotableVisits> | undefined = undefined;
  earlierIndex: Map<string, BlockVisit[]> | undefined;
  /** The maps visited, where a map can be reached twice (through `$NAME`s or includes); else undefined. */
  readonly guard: Set<MapNode> | undefined;
  /**
   * Whether a block may end in a key without a value. The parser reports every such braces block
   * (key-without-value), so a walk over a text it found nothing in need not look (that look touched two more
   * objects per block); a walk through variables or includes reads text it did not parse, and looks.
   */
  readonly tails: boolean;
  /** The options read last for each block, with their keys (see knownOptions): this walk's, as the keys are its text's. */
  readonly recent = new Map<BlockSpec, RecentRead[]>();
  /**
   * A walk from scratch: each block's visits in walk order, filled as they are made; they are the walk's index
   * (visitsOf). A second pass over a large config's visits to sort them by block read each again, cold: a
   * tenth of the walk.
   */
  readonly byBlockId: Map<string, BlockVisit[]> | undefined;
  private index: Map<MapNode, BlockVisit> | undefined = undefined;
  /** The earlier walk's byMap, if it was built, until this walk's is built from it. */
  private earlierByMap: Map<MapNode, BlockVisit> | undefined;

  constructor(
    readonly used: Set<Entry>,
    shared: boolean,
    from: Walk | undefined,
    /** In a walk that took over visits: the visits it made itself (those it did not take over), in walk order. */
    readonly fresh: BlockVisit[] | undefined,
    tails: boolean,
  ) {
    this.guard = shared ? new Set() : undefined;
    this.tails = shared || tails;
    this.byBlockId = from ? undefined : new Map();
    if (this.byBlockId) {
      byBlock.set(this, this.byBlockId);
      complete.add(this.byBlockId);
    }
    this.earlierIndex = from && byBlock.get(from);
    this.earlierByMap = from?.index;
  }

  get byMap(): Map<MapNode, BlockVisit> {
    let index = this.index;
    if (index) return index;
    const earlier = this.earlierByMap;
    this.earlierByMap = undefined;
    if (earlier && this.fresh) {
      // The earlier walk's, without the visits this one did not take over, with those it made.
      index = earlier;
      for (const [map, v] of index) if (v.gen !== this.gen) index.delete(map);
      for (const v of this.fresh) index.set(v.map, v);
    } else {
      index = new Map();
      for (const v of this.visits) if (!index.has(v.map)) index.set(v.map, v);
    }
    return (this.index = index);
  }
}

const byBlock = new WeakMap<SchemaWalk, Map<string, BlockVisit[]>>();
/** Indexes holding every block's list (a block missing from one has no visits); the others are built as asked. */
const complete = new WeakSet<Map<string, BlockVisit[]>>();
const NO_VISITS: readonly BlockVisit[] = Object.freeze([]);

/** The walk's visits of one block (by its id), in walk order: built once per walk, shared by the checks. */
export function visitsOf(w: SchemaWalk, id: string): readonly BlockVisit[] {
  let index = byBlock.get(w);
  if (!index) {
    // A walk that took over visits builds each block's list from the earlier walk's when asked (a keystroke
    // asks for a few of them); another walk builds them all in one pass (a walk from scratch made its own).
    index = w.earlierIndex && w.fresh ? new Map() : indexOf(w.visits);
    byBlock.set(w, index);
  }
  let list = index.get(id);
  if (!list) {
    const earlier = w.earlierIndex;
    if (complete.has(index) || !earlier || !w.fresh) return NO_VISITS;
    const before = earlier.get(id);
    // A block the earlier walk was not asked for: its visits are found in this walk's own.
    list = before || complete.has(earlier) ? listFrom(w, before, w.fresh, id) : w.visits.filter((v) => v.block.id === id);
    index.set(id, list);
  }
  return list;
}

/** The visits of some blocks, in walk order: their lists (each in walk order) merged. */
export function visitsIn(walk: SchemaWalk, blocks: readonly string[]): readonly BlockVisit[] {
  const lists = blocks.map((id) => visitsOf(walk, id)).filter((l) => l.length > 0);
  if (lists.length <= 1) return lists[0] ?? [];
  const heads = lists.map(() => 0);
  const out: BlockVisit[] = [];
  for (;;) {
    let best = -1;
    for (let l = 0; l < lists.length; l++) {
      const v = lists[l]![heads[l]!];
      if (v && (best < 0 || v.at < lists[best]![heads[best]!]!.at)) best = l;
    }
    if (best < 0) return out;
    out.push(lists[best]![heads[best]!++]!);
  }
}

function indexOf(visits: readonly BlockVisit[]): Map<string, BlockVisit[]> {
  const index = new Map<string, BlockVisit[]>();
  for (const v of visits) listVisit(index, v);
  complete.add(index);
  return index;
}

/** Adds a visit to its block's list in an index (visitsOf), after those already there. */
function listVisit(index: Map<string, BlockVisit[]>, v: BlockVisit): void {
  const list = index.get(v.block.id);
  if (list) list.push(v);
  else index.set(v.block.id, [v]);
}

/**
 * One block's list in a walk that took over visits, from the earlier walk's list (`list`): the visits this
 * walk holds, merged in walk order with those it made. A list with nothing to drop or add is shared as it is.
 */
function listFrom(w: SchemaWalk, list: readonly BlockVisit[] | undefined, fresh: readonly BlockVisit[], id: string): BlockVisit[] {
  const add: BlockVisit[] = [];
  for (const v of fresh) if (v.block.id === id) add.push(v);
  if (!list) return add;
  let all = true;
  for (let i = 0; i < list.length && all; i++) if (list[i]!.gen !== w.gen) all = false;
  if (all && add.length === 0) return list as BlockVisit[];
  const merged: BlockVisit[] = [];
  let j = 0;
  for (const v of list) {
    if (v.gen !== w.gen) continue;
    while (j < add.length && add[j]!.at < v.at) merged.push(add[j++]!);
    merged.push(v);
  }
  while (j < add.length) merged.push(add[j++]!);
  return merged;
}

/** The walk being made, and the earlier walk of the same tree whose visits of unchanged maps it may take over. */
interface Walking {
  out: Walk;
  from: Walk | undefined;
}

/**
 * Where to look for the earlier walk's visits of a map's children: the earlier visit of the map holds them
 * in walk order, each child's subtree after the one before ([pos, end) of the earlier walk's visits). A
 * splice keeps their order, so each child is found at or just after the cursor; past a few misses (many
 * children inserted or removed), by a map of the rest.
 */
interface Children {
  pos: number;
  end: number;
  rest: Map<MapNode, Visit> | undefined;
}

/** Children skipped before the cursor gives way to a map of the rest. */
const LOOKAHEAD = 8;

function walk(doc: ConfigDoc, from: Walk | undefined): Walk {
  const used = usedEntries(doc);
  // Variables and includes make a block depend on text elsewhere: such walks take over nothing. They also let a
  // map be reached twice (a `$NAME` naming a block, a file included twice), which the guard stops.
  const shared = used.size > 0 || (doc.conf?.variables.length ?? 0) > 0 || (doc.conf?.includes.length ?? 0) > 0;
  // Nor does a walk that found a block ending in a key without a value: the parser reports those, so such a
  // text is never spliced, and the visits taken over carry no valueless tails.
  if (shared || from?.used.size || from?.guard || from?.valuelessTails.length) from = undefined;
  const out = new Walk(used, shared, from, from ? [] : undefined, (doc.conf?.issues.length ?? 1) > 0);
  const root = blockSpec('root')!;
  const top = from?.visits[0] as Visit | undefined;
  const kids: Children | undefined = top?.map === doc.root ? { pos: 0, end: from!.visits.length, rest: undefined } : undefined;
  visitMap({ out, from }, kids, doc.root, root, undefined, '', -1, undefined, 0, undefined);
  if (from) {
    // What the checks noted over the earlier walk, of the visits this one holds.
    out.inherited = new Map();
    for (const [name, n] of from.notable)
      out.inherited.set(name, { version: n.version, visits: n.visits.filter((v) => v.gen === out.gen) });
  }
  return out;
}

/** The earlier walk's visit of `map` among the children `kids` looks at, if any. */
function earlierChild(from: Walk, kids: Children, map: MapNode): Visit | undefined {
  if (!kids.rest) {
    const visits = from.visits;
    let pos = kids.pos;
    for (let k = 0; k < LOOKAHEAD && pos < kids.end; k++) {
      const v = visits[pos] as Visit;
      // Read before a take-over moves it.
      const next = v.gen === from.gen ? v.after : pos + 1;
      if (v.map === map) {
        kids.pos = next;
        return v;
      }
      pos = next;
    }
    if (pos >= kids.end) return undefined;
    kids.rest = new Map();
    for (let p = kids.pos; p < kids.end;) {
      const v = visits[p] as Visit;
      kids.rest.set(v.map, v);
      p = v.gen === from.gen ? v.after : p + 1;
    }
  }
  return kids.rest.get(map);
}

/**
 * Takes over the earlier walk's visit of an unchanged map and every visit below it, where the map is visited
 * as before (same block, key, list index, owner, account and depth); true when it did.
 */
function takeOver(
  ing: Walking,
  old: Visit,
  map: MapNode,
  block: BlockSpec,
  up: Visit | undefined,
  key: string,
  index: number,
  owner: OptionSpec | undefined,
  depth: number,
  account: string | undefined,
): boolean {
  const from = ing.from!;
  if (
    old.gen !== from.gen ||
    old.block !== block ||
    old.key !== key ||
    old.index !== index ||
    old.owner !== owner ||
    old.account !== account ||
    old.depth !== depth ||
    // A splice since the earlier walk changed what the map holds.
    map.edited > from.stamp
  )
    return false;
  const w = ing.out;
  old.up = up;
  const visits = from.visits;
  const start = old.at;
  const end = old.after;
  const shift = w.visits.length - start;
  const gen = w.gen;
  for (let i = start; i < end; i++) {
    const v = visits[i] as Visit;
    v.at += shift;
    v.after += shift;
    v.gen = gen;
    w.visits.push(v);
  }
  w.reused += end - start;
  return true;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Visits a map (`kids`: where the earlier walk's visits of its parent's children are, if known). */
function visitMap(
  ing: Walking,
  kids: Children | undefined,
  map: MapNode,
  block: BlockSpec,
  up: Visit | undefined,
  key: string,
  index: number,
  owner: OptionSpec | undefined,
  depth: number,
  account: string | undefined,
): void {
  const w = ing.out;
  if (depth > MAX_DEPTH) return;
  const old = kids && earlierChild(ing.from!, kids, map);
  if (old && takeOver(ing, old, map, block, up, key, index, owner, depth, account)) return;
  if (w.guard) {
    if (w.guard.has(map)) return;
    w.guard.add(map);
  }
  // The earlier visit of this map (changed, or visited otherwise) still says where its children's visits are.
  const mine: Children | undefined = old && old.gen === ing.from!.gen ? { pos: old.at + 1, end: old.after, rest: undefined } : undefined;
  // Most maps include nothing: their own entries are what nats-server sees (no copy). Only a walk through
  // includes or variables (w.guard) can meet a map that includes something.
  let includes = false;
  const own = map.entries;
  if (w.guard) for (let i = 0; i < own.length; i++) if (own[i]!.kind === 'include') includes = true;
  const entries = includes ? effectiveEntries(map) : (map.entries as Entry[]);
  // Only the last value of a key counts (a Go map): earlier ones are neither checked nor followed.
  const read =
    (!includes && old && old.gen === ing.from!.gen && changedEntries(old, block, entries)) || readEntries(block, entries, w.recent);
  const { processed, options } = read;
  const visit = new Visit(block, map, up, key, index, entries, owner, account, read, depth, w.gen, w.visits.length);
  w.visits.push(visit);
  w.fresh?.push(visit);
  if (w.byBlockId) listVisit(w.byBlockId, visit);
  if (w.tails) valuelessTails(w, visit);
  if (block.id === 'accounts') {
    const accountBlock = blockSpec('account')!;
    for (let i = 0; i < processed.length; i++) {
      const e = processed[i]!;
      const v = deref(e.value);
      if (v?.kind === 'map' && !w.used.has(e)) visitMap(ing, mine, v, accountBlock, visit, e.key, -1, undefined, depth + 1, e.key);
    }
  } else {
    let settled = 0;
    for (let i = 0; i < processed.length; i++) {
      const e = processed[i]!;
      const option = options[i];
      if (!option || !e.value) continue;
      const v = deref(e.value);
      if (i < SETTLED_BITS && settledValue(option, v)) settled |= 1 << i;
      // Only blocks and lists can hold blocks: scalars are not followed (and need no path).
      if (v && (v.kind === 'map' || v.kind === 'array')) visitValue(ing, mine, v, option, visit, e.key, depth + 1, account);
    }
    visit.settled = settled;
  }
  visit.after = w.visits.length;
}

/** What the walk reads of a map's entries: those nats-server processes, and the option each names. */
interface ReadEntries {
  processed: Entry[];
  options: (OptionSpec | undefined)[];
  /** For a large map whose entries are all processed: their keys (to read the next version's from). */
  keys: Set<string> | undefined;
}

/** Entries from which a map's keys are kept (smaller maps are compared pairwise: no set). */
const KEYED = 16;

function readEntries(block: BlockSpec, entries: Entry[], recent: Map<BlockSpec, RecentRead[]>): ReadEntries {
  if (entries.length > KEYED) {
    let keys: Set<string> | undefined = new Set();
    for (const e of entries) {
      if (!e.value) break;
      keys.add(e.key);
    }
    if (keys.size !== entries.length) keys = undefined;
    const processed = keys ? entries : lastByKey(entries);
    return { processed, options: optionsFor(block, processed), keys };
  }
  // A block written as one read before: all its entries are processed, and their options are those read then.
  const reads = recent.get(block);
  const known = reads && knownOptions(reads, entries);
  if (known) return { processed: entries, options: known, keys: undefined };
  const processed = lastByKey(entries);
  const options = optionsFor(block, processed);
  if (processed === entries) remember(recent, block, entries, options);
  return { processed, options, keys: undefined };
}

/**
 * The options a walk read last for a block, with the keys they were read for, where each key was set once
 * and had a value (a few per block, tried in turn). A large config repeats the same few blocks by the
 * thousand (users, permissions): a visit of one of them shares the options array (one per visit was a tenth
 * of the walk's memory), and its keys need no search for duplicates. Visits never change their options (a
 * changed map's visit builds its own, changedEntries).
 */
interface RecentRead {
  keys: string[];
  options: (OptionSpec | undefined)[];
}
const RECENT = 4;

/** The options of entries with the keys of a block read before, in the same order, each with a value. */
function knownOptions(recent: RecentRead[], entries: Entry[]): (OptionSpec | undefined)[] | undefined {
  const n = entries.length;
  for (let r = 0; r < recent.length; r++) {
    const keys = recent[r]!.keys;
    if (keys.length !== n) continue;
    let i = 0;
    for (; i < n; i++) {
      const e = entries[i]!;
      if (keys[i] !== e.key || e.value === undefined) break;
    }
    if (i === n) return recent[r]!.options;
  }
  return undefined;
}

/** Notes a block's keys (each set once, with a value) and their options, for knownOptions. */
function remember(recent: Map<BlockSpec, RecentRead[]>, block: BlockSpec, entries: Entry[], options: (OptionSpec | undefined)[]): void {
  let reads = recent.get(block);
  if (!reads) recent.set(block, (reads = []));
  const keys = new Array<string>(entries.length);
  for (let i = 0; i < entries.length; i++) keys[i] = entries[i]!.key;
  if (reads.length >= RECENT) reads.shift();
  reads.push({ keys, options });
}

/**
 * A changed large map's entries read from its earlier visit's, where each was processed: a splice replaced a
 * run of them (a new entries array), so only the entries between the unchanged head and tail are read again (a
 * keystroke that adds an account reads three), or a splice deeper down kept them all. Undefined when that
 * cannot be done (the caller reads them all).
 */
function changedEntries(old: Visit, block: BlockSpec, entries: Entry[]): ReadEntries | undefined {
  const keys = old.keys;
  const before = old.entries;
  if (!keys || old.block !== block || old.processed !== before || entries.length <= KEYED) return undefined;
  // The old visit is left behind: its keys become the new visit's.
  old.keys = undefined;
  // The same array: the splice was deeper down (a keystroke in one of the accounts), and a splice replaces
  // values only with values, so the entries read as before. Reading 75,000 of them again was a sixth of such a
  // keystroke.
  if (before === entries) return { processed: entries, options: old.options, keys };
  const n = Math.min(before.length, entries.length);
  let head = 0;
  while (head < n && before[head] === entries[head]) head++;
  let tail = 0;
  while (tail < n - head && before[before.length - 1 - tail] === entries[entries.length - 1 - tail]) tail++;
  for (let i = head; i < before.length - tail; i++) keys.delete(before[i]!.key);
  const added = entries.slice(head, entries.length - tail);
  for (const e of added) {
    if (!e.value || keys.has(e.key)) return undefined;
    keys.add(e.key);
  }
  const options = old.options.slice(0, head);
  for (const o of optionsFor(block, added)) options.push(o);
  for (let i = old.options.length - tail; i < old.options.length; i++) options.push(old.options[i]);
  return { processed: entries, options, keys };
}

/** Records the visit's entries whose braces block ends in a key without a value (see SchemaWalk.valuelessTails). */
function valuelessTails(w: Walk, visit: BlockVisit): void {
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
  w: Walking,
  kids: Children | undefined,
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
      if (v.kind === 'map' && option.block) visitMap(w, kids, v, blockSpec(option.block)!, up, key, -1, option, depth, account);
      else if (v.kind === 'array' && option.name === 'accounts') return;
      return;
    case 'map-list':
      if (v.kind === 'array' && option.block) {
        const block = blockSpec(option.block)!;
        const items = v.items;
        for (let i = 0; i < items.length; i++) {
          const m = mapOf(items[i]!);
          if (m) visitMap(w, kids, m, block, up, key, i, option, depth, account);
        }
      }
      return;
    case 'subjects':
      if (v.kind === 'map') visitMap(w, kids, v, blockSpec('subject-permission')!, up, key, -1, option, depth, account);
      return;
    case 'dynamic-map': {
      if (v.kind !== 'map' || !option.entry?.block) return;
      const entryBlock = blockSpec(option.entry.block)!;
      // Rare (mappings): these paths are spelt out now, as the key under the parent visit.
      const path = join(up.path, key);
      for (const e of lastByKey(effectiveEntries(v))) {
        const ev = deref(e.value);
        if (ev?.kind === 'map') visitMap(w, kids, ev, entryBlock, undefined, join(path, e.key), -1, option.entry, depth + 1, account);
        else if (ev?.kind === 'array') {
          const items = ev.items;
          for (let i = 0; i < items.length; i++) {
            const m = mapOf(items[i]!);
            if (m) visitMap(w, kids, m, entryBlock, undefined, join(path, e.key), i, option.entry, depth + 1, account);
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
