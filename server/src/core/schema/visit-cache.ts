// Incremental option checks: what a per-block option check (unknown-field, invalid-value, field-not-in-version,
// deprecated-field, required options) found in one block of the schema walk, reused in the next version of
// the document while that block's text and context are unchanged. Such a check reads only the block's own
// entries (their keys, values and what they hold), the block's kind and path, its account and the target
// release, so the key is exactly these. A block whose findings could depend on text elsewhere is checked each
// time: one holding a `$VARIABLE` or an `include`, one with an entry some `$NAME` refers to (nats-server skips
// those), and findings pointing outside the block (related information on a parent's line).
//
// Blocks are found again by their path in the document ("leafnodes.remotes[12]"): a keystroke re-checks the
// blocks around it, not the 10,000 others. Inserting a list item shifts the paths after it, which are then
// checked again (correct, just not reused).
import type { Source } from '../conf/ast';
import { placeIssue, relativeIssues, type RelativeIssue, type SourceIssue } from '../conf/issue';
import type { ConfigDoc } from '../document';
import { formatVersion, type Version } from '../tls/versions';
import { visitsIn, type BlockVisit, type SchemaWalk } from './walk';

/** A per-block check: the findings of one visit of the walk (in the order the whole-document check reports them). */
export type VisitCheck = (visit: BlockVisit, walk: SchemaWalk, version: Version) => SourceIssue[];

/**
 * What a per-block check returns for a block with no findings (most blocks): one shared, frozen array, so
 * that tens of thousands of blocks allocate nothing.
 */
export const NO_ISSUES: SourceIssue[] = Object.freeze([]) as unknown as SourceIssue[];

/** Larger blocks (the root, a list of 10,000 remotes) are checked each time: their own entries are few. */
const MAX_CACHED_CHARS = 64 * 1024;
/** Text that makes a block depend on text elsewhere. */
const DEPENDS_ELSEWHERE = /\$|include/gi;
/** Documents whose blocks are kept (the most recently checked). */
const MAX_FILES = 64;

/** One block's findings per check (by the check's name); false: this check's findings cannot be kept. */
interface Slot {
  text: string;
  block: string;
  version: string;
  account: string | undefined;
  results: Map<string, RelativeIssue[] | false>;
}

interface Stamp {
  slot: Slot;
  src: Source;
  base: number;
  end: number;
}

/** Per-block option-check findings of the documents checked, kept across their versions. */
export class VisitCache {
  /** By file, by block path: the slots of the version checked last. */
  private readonly files = new Map<string, Map<string, Slot>>();
  /** The stamps of a walk (computed once, then read by each check). */
  private readonly byWalk = new WeakMap<SchemaWalk, { version: Version; list: (Stamp | undefined)[] }>();
  /** Blocks a check ran on, and blocks whose findings were reused (for tests and benchmarks). */
  analysed = 0;
  reused = 0;

  /** The slots of this walk's blocks (reusing those whose text and context are unchanged); the file's others are dropped. */
  stampsOf(doc: ConfigDoc, walk: SchemaWalk, version: Version): (Stamp | undefined)[] {
    let stamps = this.byWalk.get(walk);
    if (stamps && stamps.version === version) return stamps.list;
    const before = this.files.get(doc.file);
    const now = new Map<string, Slot>();
    const target = formatVersion(version);
    const list: (Stamp | undefined)[] = [];
    // A file seen for the first time is checked plainly (a CLI run checks each file once); its blocks are
    // kept from its next version on.
    if (before) for (const visit of walk.visits) list.push(stampOf(visit, walk, target, before, now));
    this.files.delete(doc.file);
    this.files.set(doc.file, now);
    if (this.files.size > MAX_FILES) this.files.delete(this.files.keys().next().value!);
    stamps = { version, list };
    this.byWalk.set(walk, stamps);
    return list;
  }

  clear(): void {
    this.files.clear();
  }
}

function stampOf(
  visit: BlockVisit,
  walk: SchemaWalk,
  version: string,
  before: Map<string, Slot>,
  now: Map<string, Slot>,
): Stamp | undefined {
  const { map, block } = visit;
  if (block.delegated || map.end - map.start > MAX_CACHED_CHARS || now.has(visit.path)) return undefined;
  if (dependsElsewhere(map.src, map.start, map.end)) return undefined;
  if (walk.used.size) for (const e of visit.processed) if (walk.used.has(e)) return undefined;
  const text = map.src.text.slice(map.start, map.end);
  let slot = before.get(visit.path);
  if (!slot || slot.text !== text || slot.block !== block.id || slot.version !== version || slot.account !== visit.account)
    slot = { text, block: block.id, version, account: visit.account, results: new Map() };
  // The slot holds this version's slice: kept slots then keep one version of the text alive, not every one.
  else slot.text = text;
  now.set(visit.path, slot);
  return { slot, src: map.src, base: map.start, end: map.end };
}

/** Where a source's text has a `$` or an `include` (computed once per text; a binary search per block). */
const marksOf = new WeakMap<Source, number[]>();

function dependsElsewhere(src: Source, start: number, end: number): boolean {
  let marks = marksOf.get(src);
  if (!marks) {
    marks = [];
    DEPENDS_ELSEWHERE.lastIndex = 0;
    for (let m = DEPENDS_ELSEWHERE.exec(src.text); m; m = DEPENDS_ELSEWHERE.exec(src.text)) marks.push(m.index);
    marksOf.set(src, marks);
  }
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  // A mark starting before `end` (an `include` running past the end counts too: conservative).
  return lo < marks.length && marks[lo]! < end;
}

/**
 * Runs a per-block check over every block of the walk, reusing each block's findings from an earlier version
 * when the cache has them. Without a cache, the check simply runs on every block. `blocks`: the ids of the
 * only blocks the check can find something in (the others are not visited: a large config has hundreds of
 * thousands of blocks, most of a few kinds).
 */
export function eachVisit(
  name: string,
  doc: ConfigDoc,
  walk: SchemaWalk,
  version: Version,
  check: VisitCheck,
  cache: VisitCache | undefined,
  blocks?: readonly string[],
): SourceIssue[] {
  if (cache && walk.reused > 0) return eachKept(name, walk, version, check, cache, blocks);
  const out: SourceIssue[] = [];
  const stamps = cache?.stampsOf(doc, walk, version);
  const visits = blocks ? visitsIn(walk, blocks) : walk.visits;
  for (let v = 0; v < visits.length; v++) {
    const visit = visits[v]!;
    // A visit's place in the walk (the stamps are in walk order).
    const stamp = stamps?.[visit.at];
    const kept = stamp?.slot.results.get(name);
    if (kept) {
      cache!.reused++;
      for (const r of kept) out.push(placeIssue(r, stamp!.src, stamp!.base));
      continue;
    }
    const own = check(visit, walk, version);
    if (stamp && kept === undefined) {
      cache!.analysed++;
      stamp.slot.results.set(name, relativeIssues(own, stamp.src, stamp.base, stamp.end));
    }
    for (let k = 0; k < own.length; k++) out.push(own[k]!);
  }
  return out;
}

/**
 * eachVisit over a walk that took over the visits of an earlier version's walk (schema/walk.ts): a visit taken
 * over holds the same block in the same context, so what a check found there still holds, for the same target
 * release. Those findings are kept on the visit itself: no text is compared. Where the check ran over the
 * earlier walk, only the visits this walk made and those where it found something are visited: a keystroke in
 * a 15 MB config checks the few blocks around it, not its 375,000 others.
 */
function eachKept(
  name: string,
  walk: SchemaWalk,
  version: Version,
  check: VisitCheck,
  cache: VisitCache,
  blocks: readonly string[] | undefined,
): SourceIssue[] {
  const out: SourceIssue[] = [];
  const target = formatVersion(version);
  const notable: BlockVisit[] = [];
  const visits = candidates(name, walk, target) ?? (blocks ? visitsIn(walk, blocks) : walk.visits);
  cache.reused += walk.visits.length - visits.length;
  for (let v = 0; v < visits.length; v++) {
    const visit = visits[v]!;
    const map = visit.map;
    let kept = visit.kept;
    const found = kept?.version === target ? (kept.byCheck.get(name) as RelativeIssue[] | false | undefined) : undefined;
    if (found) {
      cache.reused++;
      notable.push(visit);
      const src = map.src;
      for (const r of found) out.push(placeIssue(r, src, map.start));
      continue;
    }
    const own = check(visit, walk, version);
    if (found === undefined) cache.analysed++;
    // Only notable visits keep their findings (most visits have none: no object for them): a visit missing
    // from this walk's notable list found nothing.
    if (own.length > 0 || found === false) {
      notable.push(visit);
      if (found === undefined) {
        if (kept?.version !== target) visit.kept = kept = { version: target, byCheck: new Map() };
        kept!.byCheck.set(name, relativeIssues(own, map.src, map.start, map.end));
      }
    }
    for (let k = 0; k < own.length; k++) out.push(own[k]!);
  }
  walk.notable.set(name, { version: target, visits: notable });
  return out;
}

/**
 * The visits a check must look at in a walk, when the check ran over this walk or the earlier one it took
 * visits over from, for this release: the visits that walk noted (those this one took over), and those this walk
 * made. Undefined: every visit.
 */
function candidates(name: string, walk: SchemaWalk, target: string): BlockVisit[] | undefined {
  const own = walk.notable.get(name);
  if (own?.version === target) return own.visits;
  const before = walk.inherited?.get(name);
  if (before?.version !== target || !walk.fresh) return undefined;
  // The walk kept only the noted visits it took over (schema/walk.ts): none to filter out here.
  return [...before.visits, ...walk.fresh].sort((a, b) => a.at - b.at);
}
