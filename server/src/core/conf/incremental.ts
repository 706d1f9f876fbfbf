// Incremental reparse of a nats-server config after an edit (a keystroke in a 15 MB file must not re-tokenise
// 15 MB). Two cases are spliced into the previous tree; anything else is parsed again in full:
//   - the edit lies inside one comment and adds no line break: the tree is the same, offsets after it move;
//   - the edit lies strictly inside the brackets of a map or array: that container alone is parsed again, as
//     the value of a one-key document, and must close exactly where its text ends, without any issue.
// Both are taken only where the grammar is provably local: the previous parse had no issue, no `$NAME`, no
// include, no template and no value nats-server files under another key (misfiled, an unknown unit suffix),
// and neither has the new piece. The differential test (test/unit/conf-incremental.test.ts) compares the
// result with a full parse, field by field, over many random edits.
//
// The previous tree's nodes are reused, not copied: they move to the new Source and their offsets shift. So the
// previous ParsedConf must not be read after it was spliced (its Source and text stay as they were).
import { ArrayNode, MapNode, Source } from './ast';
import type { Entry, IncludeNode, NumberNode, StringNode, TreeSource, ValueNode } from './ast';
import { firstFailing } from '../text/bisect';
import { MAX_NESTING, parseConf, parseFacts, type Dialect, type ParsedConf } from './parser';

/** An edit of a text: [start, end) of the old text became `length` characters of the new one. */
export interface TextEdit {
  start: number;
  end: number;
  length: number;
}

/** Splicing state of a parse: its dialect, and whether it may be spliced (false: parse in full). */
interface Facts {
  dialect: Dialect;
  spliceable: boolean;
  /** Top-level braces wrap some entries: the top level is then not read as in a document of its own. */
  braced: boolean;
}
const facts = new WeakMap<ParsedConf, Facts>();

/** Template openers: where none is in the text, findTemplates finds no template. */
const OPENER = /\{\{|\{%|\{#|<%/;

/** Whether splicing into `conf` is safe, worked out on the first edit (linear in its text, once). */
function factsOf(conf: ParsedConf): Facts | undefined {
  const known = facts.get(conf);
  if (known) return known;
  const parsed = parseFacts(conf);
  if (!parsed) return undefined;
  const t = conf.src.text;
  const spliceable =
    !parsed.misfiled &&
    conf.issues.length === 0 &&
    conf.variables.length === 0 &&
    conf.includes.length === 0 &&
    conf.src.template === undefined &&
    conf.src.origin === undefined &&
    !conf.suffixed.some((n) => Number.isNaN(n.value)) &&
    !t.includes('{{') &&
    !t.includes('{%') &&
    !t.includes('{#') &&
    !t.includes('<%');
  const f = { dialect: parsed.dialect, spliceable, braced: parsed.braced };
  facts.set(conf, f);
  return f;
}

/** How many splices were made and how many edits fell back to a full parse (tests count them). */
export const spliceCounts = { comment: 0, run: 0, container: 0, fallback: 0 };

/**
 * The parse of `text` (the previous text with `edit` applied), spliced from `prev`, or undefined when it cannot
 * be done safely (the caller then parses in full). `prev` must not be used afterwards when this succeeds.
 */
export function spliceConf(prev: ParsedConf, text: string, edit: TextEdit, dialect: Dialect): ParsedConf | undefined {
  const f = factsOf(prev);
  const old = prev.src.text;
  const delta = edit.length - (edit.end - edit.start);
  if (
    !f?.spliceable ||
    f.dialect !== dialect ||
    edit.start < 0 ||
    edit.end < edit.start ||
    edit.end > old.length ||
    old.length + delta !== text.length ||
    // The new text around the edit holds no template opener (then neither does the whole text).
    OPENER.test(text.slice(Math.max(0, edit.start - 1), edit.start + edit.length + 1))
  ) {
    spliceCounts.fallback++;
    return undefined;
  }
  const r = spliceComment(prev, text, edit) ?? spliceContainer(prev, f, text, edit);
  if (r) facts.set(r, f);
  else spliceCounts.fallback++;
  return r;
}

// ------------------------------------------------------------------ a comment

/**
 * The index (in `comments`' [start, end) pairs) of the comment that an edit of `old` into `text` stays inside: it
 * lies after the comment's opener (`#` or `//`, which stays), ends within the comment, and adds no line break or
 * NUL (either would end the comment). -1 when there is none. The comment then holds the new text too: the text
 * before it is the same, and so is where it ends, moved by the edit's length.
 */
export function commentHolding(comments: readonly number[], old: string, edit: TextEdit, text: string): number {
  // The last comment starting before the edit.
  const at = firstFailing(0, comments.length / 2, (i) => comments[i * 2]! < edit.start) - 1;
  if (at < 0) return -1;
  const cs = comments[at * 2]!;
  const opener = old.charCodeAt(cs) === 35 ? 1 : 2;
  if (edit.start < cs + opener || edit.end > comments[at * 2 + 1]!) return -1;
  for (let i = edit.start; i < edit.start + edit.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13 || ch === 0) return -1;
  }
  return at;
}

/**
 * Splices, by the parse they made: the parse spliced (weakly held: a run of edits must not keep every earlier
 * 15 MB text alive) and, for an edit inside one comment, where it started (comment-edit.ts reads it).
 */
const splices = new WeakMap<ParsedConf, { from: WeakRef<ParsedConf>; commentAt: number | undefined }>();

/**
 * The parse `conf` was spliced from, and where the edit started when it lay inside one comment (undefined:
 * it did not; a comment edit is always spliced as one). Undefined when `conf` was parsed in full.
 */
export function spliceOf(conf: ParsedConf): { from: ParsedConf; commentAt: number | undefined } | undefined {
  const r = splices.get(conf);
  const from = r?.from.deref();
  return from ? { from, commentAt: r!.commentAt } : undefined;
}

/** A parse spliced from `prev` by an edit that changed its tree, recorded as such (spliceOf). */
function recorded(prev: ParsedConf, spliced: ParsedConf): ParsedConf {
  splices.set(spliced, { from: new WeakRef(prev), commentAt: undefined });
  return spliced;
}

/** The stamp of the latest splice that changed a tree (MapNode.edited). */
let lastStamp = 0;

/** The current edit stamp: a map whose `edited` is at most this holds the same as when it was read. */
export function editStamp(): number {
  return lastStamp;
}

/** Stamps the maps holding `node` (and `node` itself): their content changed with this splice. */
function stampEdited(node: Container | Entry | undefined): void {
  const stamp = ++lastStamp;
  for (let n: Container | Entry | ValueNode | undefined = node; n; n = n.parent) if (n.kind === 'map') n.edited = stamp;
}

function spliceComment(prev: ParsedConf, text: string, edit: TextEdit): ParsedConf | undefined {
  const c = prev.comments;
  const at = commentHolding(c, prev.src.text, edit, text);
  if (at < 0) return undefined;
  const delta = edit.length - (edit.end - edit.start);
  const src = moveOn(prev, text);
  moveTree(prev.root, NONE, edit.end, delta, undefined);
  const comments = c.slice();
  for (let i = at * 2 + 1; i < comments.length; i++) comments[i]! += delta;
  spliceCounts.comment++;
  const spliced: ParsedConf = { src, root: prev.root, issues: [], variables: [], includes: [], suffixed: prev.suffixed, comments };
  splices.set(spliced, { from: new WeakRef(prev), commentAt: edit.start });
  return spliced;
}

// ------------------------------------------------------------------ a container

type Container = MapNode | ArrayNode;

function isClosedContainer(v: ValueNode | undefined): v is Container {
  return !!v && ((v.kind === 'map' && v.style === 'braces') || v.kind === 'array') && v.close >= 0;
}

/** The innermost closed map or array whose brackets strictly enclose [start, end), and how deep it sits. */
function enclosing(root: MapNode, start: number, end: number): { node: Container; depth: number } | undefined {
  let found: { node: Container; depth: number } | undefined;
  let node: Container = root;
  let depth = 1;
  for (;;) {
    const children: readonly (Entry | IncludeNode | ValueNode)[] = node.kind === 'map' ? node.entries : node.items;
    // The last child starting at or before `start`.
    const at = firstFailing(0, children.length, (i) => children[i]!.start <= start) - 1;
    if (at < 0) return found;
    const child = children[at]!;
    const v = child.kind === 'entry' ? child.value : child.kind === 'include' ? undefined : child;
    if (!isClosedContainer(v) || !(v.start < start && end <= v.close)) return found;
    node = v;
    depth++;
    found = { node: v, depth };
  }
}

function spliceContainer(prev: ParsedConf, f: Facts, text: string, edit: TextEdit): ParsedConf | undefined {
  const hit = enclosing(prev.root, edit.start, edit.end);
  if (!hit) return f.braced ? undefined : spliceRun(prev, f, text, edit, { node: prev.root, depth: 1 });
  return spliceRun(prev, f, text, edit, hit) ?? spliceWhole(prev, f, text, edit, hit);
}

/** Whether a piece parsed as `k:` and one container is clean and closes exactly at its end. */
function cleanPiece(part: ParsedConf, kind: Container['kind']): Container | undefined {
  const entry = part.root.entries[0];
  const fresh = entry?.kind === 'entry' ? entry.value : undefined;
  if (
    part.issues.length > 0 ||
    part.variables.length > 0 ||
    part.includes.length > 0 ||
    part.src.template !== undefined ||
    part.root.entries.length !== 1 ||
    !fresh ||
    fresh.kind !== kind ||
    !isClosedContainer(fresh) ||
    fresh.close !== part.src.text.length - 1 ||
    part.suffixed.some((n) => Number.isNaN(n.value)) ||
    parseFacts(part)?.misfiled !== false
  )
    return undefined;
  return fresh;
}

/** A piece read as a document of its own (top-level children): clean, with no top-level braces. */
function cleanTop(part: ParsedConf): MapNode | undefined {
  const facts = parseFacts(part);
  if (
    part.issues.length > 0 ||
    part.variables.length > 0 ||
    part.includes.length > 0 ||
    part.src.template !== undefined ||
    part.root.entries.length === 0 ||
    // A key still waiting for its value at the end (`}` is one nats-server lets pass there): the real text
    // goes on after the line break and would give it one.
    part.root.entries.some((e) => e.kind === 'entry' && !e.value) ||
    part.suffixed.some((n) => Number.isNaN(n.value)) ||
    facts?.misfiled !== false ||
    facts.braced
  )
    return undefined;
  return part.root;
}

/**
 * The children of the enclosing container (or of the top level) around the edit, from the last one ending before it to the first one
 * starting after it, parsed again as a container of their own and put in place of the old ones: typing in one
 * account of 75,000 re-reads three accounts, not the whole `accounts` map. Each child's value ends where a line
 * break would end it too, and its parse starts where a key (or an item) starts in the container.
 */
function spliceRun(
  prev: ParsedConf,
  f: Facts,
  text: string,
  edit: TextEdit,
  hit: { node: Container; depth: number },
): ParsedConf | undefined {
  const n = hit.node;
  const kids: readonly (Entry | IncludeNode | ValueNode)[] = n.kind === 'map' ? n.entries : n.items;
  // a: the last child ending before the edit; b: the first starting after it.
  const a = firstFailing(0, kids.length, (i) => kids[i]!.end < edit.start) - 1;
  let b = firstFailing(Math.max(a, 0), kids.length, (i) => kids[i]!.start <= edit.end);
  if (a < 0 || b >= kids.length || b <= a) return undefined;
  const delta = edit.length - (edit.end - edit.start);
  const r0 = kids[a]!.start;
  // The run ends at a line break (what follows a token can decide where it ends: the piece has the same "\n"),
  // the one ending child b's line, and takes in whatever else that line holds.
  const r1 = prev.src.text.indexOf('\n', kids[b]!.end);
  const top = n === prev.root;
  if (r1 < 0 || (!top && r1 >= n.close)) return undefined;
  while (b + 1 < kids.length && kids[b + 1]!.start < r1) b++;
  // At the top level the children are read as a document of their own; inside brackets, as the value of `k:`.
  const [open, close] = n.kind === 'map' ? ['{', '}'] : ['[', ']'];
  const body = text.slice(r0, r1 + delta) + '\n';
  const piece = new Source(prev.src.file, top ? body : 'k:' + open + body + close);
  const part = parseConf(piece, f.dialect);
  const fresh = top ? cleanTop(part) : cleanPiece(part, n.kind);
  if (!fresh || hit.depth - 1 + depthOf(fresh) > MAX_NESTING) return undefined;
  const shift = top ? r0 : r0 - 3;
  const src = moveOn(prev, text);
  const old = kids.slice(a, b + 1);
  moveTree(prev.root, [r0, r1], r1, delta, undefined);
  moveTree(fresh, NONE, -1, shift, src.tree);
  // The old children leave the tree: they stay with the previous text.
  const stay = prev.src.tree;
  if (n.kind === 'map') {
    const gone = new MapNode(prev.src, r0, r1);
    (gone as { entries: (Entry | IncludeNode)[] }).entries = old as (Entry | IncludeNode)[];
    moveTree(gone, NONE, -1, 0, stay);
    const now = (fresh as MapNode).entries;
    for (const e of now) e.parent = n;
    (n as { entries: (Entry | IncludeNode)[] }).entries = [...n.entries.slice(0, a), ...now, ...n.entries.slice(b + 1)];
  } else {
    const gone = new ArrayNode(prev.src, r0, r1);
    (gone as { items: ValueNode[] }).items = old as ValueNode[];
    moveTree(gone, NONE, -1, 0, stay);
    const now = (fresh as ArrayNode).items;
    for (const v of now) v.parent = n;
    (n as { items: ValueNode[] }).items = [...n.items.slice(0, a), ...now, ...n.items.slice(b + 1)];
  }
  const comments: number[] = [];
  const pc = prev.comments;
  let i = 0;
  for (; i < pc.length && pc[i]! < r0; i += 2) comments.push(pc[i]!, pc[i + 1]!);
  while (i < pc.length && pc[i]! < r1) i += 2;
  for (const x of part.comments) comments.push(x + shift);
  for (; i < pc.length; i++) comments.push(pc[i]! + delta);
  let suffixed: NumberNode[] = prev.suffixed;
  if (suffixed.length > 0 || part.suffixed.length > 0) {
    suffixed = [];
    for (const x of prev.suffixed) if (x.start < r0) suffixed.push(x);
    suffixed.push(...part.suffixed);
    for (const x of prev.suffixed) if (x.start >= r1 + delta && x.src === src) suffixed.push(x);
  }
  stampEdited(n);
  spliceCounts.run++;
  return recorded(prev, { src, root: prev.root, issues: [], variables: [], includes: [], suffixed, comments });
}

/** The enclosing container parsed again whole, as the only value of a document of its own: `k:` then its text. */
function spliceWhole(
  prev: ParsedConf,
  f: Facts,
  text: string,
  edit: TextEdit,
  hit: { node: Container; depth: number },
): ParsedConf | undefined {
  const old = hit.node;
  const delta = edit.length - (edit.end - edit.start);
  const oldEnd = old.close + 1;
  const newEnd = oldEnd + delta;
  const part = parseConf(new Source(prev.src.file, 'k:' + text.slice(old.start, newEnd)), f.dialect);
  const fresh = cleanPiece(part, old.kind);
  // Nesting past MAX_NESTING is cut by the parser: the piece must stay within it where it sits.
  if (!fresh || hit.depth - 1 + depthOf(fresh) > MAX_NESTING) return undefined;
  const src = moveOn(prev, text);
  // The rest of the tree first (the old container's subtree is skipped: it leaves the tree), then the new piece.
  moveTree(prev.root, [old.start, oldEnd], oldEnd, delta, undefined);
  moveTree(fresh, NONE, -1, old.start - 2, src.tree);
  // The old piece leaves the tree: it stays with the previous text.
  moveTree(old, NONE, -1, 0, prev.src.tree);
  const owner = old.parent;
  fresh.parent = owner;
  if (owner?.kind === 'entry') owner.value = fresh;
  else if (owner?.kind === 'array') {
    const items = owner.items;
    items[items.indexOf(old)] = fresh;
  } else return undefined; // cannot happen: a closed container is a value
  // Comments and suffixed integers: those before the container, the new piece's, then the later ones.
  const comments: number[] = [];
  const pc = prev.comments;
  let i = 0;
  for (; i < pc.length && pc[i]! < old.start; i += 2) comments.push(pc[i]!, pc[i + 1]!);
  while (i < pc.length && pc[i]! < oldEnd) i += 2;
  for (const x of part.comments) comments.push(x + old.start - 2);
  for (; i < pc.length; i++) comments.push(pc[i]! + delta);
  let suffixed: NumberNode[] = prev.suffixed;
  if (suffixed.length > 0 || part.suffixed.length > 0) {
    // The reused nodes have moved already: those after the container start at or past its new end.
    suffixed = [];
    for (const n of prev.suffixed) if (n.start < old.start) suffixed.push(n);
    suffixed.push(...part.suffixed);
    for (const n of prev.suffixed) if (n.start >= newEnd && n.src === src) suffixed.push(n);
  }
  stampEdited(owner);
  spliceCounts.container++;
  return recorded(prev, { src, root: prev.root, issues: [], variables: [], includes: [], suffixed, comments });
}

/** No node is skipped. */
const NONE = [Infinity, Infinity] as const;

/** Levels of containers in `node` and below (1 for a container holding no container). */
function depthOf(node: Container): number {
  let max = 0;
  const work: [Container, number][] = [[node, 1]];
  while (work.length > 0) {
    const [n, d] = work.pop()!;
    if (d > max) max = d;
    if (n.kind === 'map') {
      for (const e of n.entries)
        if (e.kind === 'entry' && (e.value?.kind === 'map' || e.value?.kind === 'array')) work.push([e.value, d + 1]);
    } else for (const v of n.items) if (v.kind === 'map' || v.kind === 'array') work.push([v, d + 1]);
  }
  return max;
}

/**
 * The Source of the spliced parse: the previous tree's nodes move to it at once, through the holder they share
 * (TreeSource); the previous Source keeps its text, and a holder of its own.
 */
function moveOn(prev: ParsedConf, text: string): Source {
  const src = new Source(prev.src.file, text);
  const tree = prev.src.tree;
  prev.src.tree = { src: prev.src };
  tree.src = src;
  src.tree = tree;
  return src;
}

/** The offsets every node has. */
interface Movable {
  tree: TreeSource;
  start: number;
  end: number;
}

/**
 * Adds `delta` to each offset at or past `from` in `top`'s tree (every offset when `from` is -1), skipping the
 * nodes that start in `skip` (the replaced piece) and what they hold, and what ends before `from`; with `tree`, moves the nodes to that holder too (the new piece).
 * Nothing is allocated per node, and each node class has its own store site (one hidden class each, which V8
 * keeps fast) rather than one site seeing them all: a keystroke early in a 15 MB config moves a million nodes.
 */
function moveTree(top: Container, skip: readonly [number, number], from: number, delta: number, tree: TreeSource | undefined): void {
  if (delta === 0 && !tree) return;
  const stack: Container[] = [top];
  const at = delta === 0 ? Infinity : from;
  const [skipFrom, skipTo] = skip;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === 'map') {
      moveMap(n, tree, at, delta);
      for (const e of n.entries) {
        if (e.end < from || (e.start >= skipFrom && e.start < skipTo)) continue;
        if (e.kind === 'include') {
          moveInclude(e, tree, at, delta);
          continue;
        }
        moveEntry(e, tree, at, delta);
        const v = e.value;
        if (!v || (v.start >= skipFrom && v.start < skipTo)) continue;
        if (v.kind === 'map' || v.kind === 'array') stack.push(v);
        else moveScalar(v, tree, at, delta);
      }
    } else {
      moveArray(n, tree, at, delta);
      for (const v of n.items) {
        if (v.end < from || (v.start >= skipFrom && v.start < skipTo)) continue;
        if (v.kind === 'map' || v.kind === 'array') stack.push(v);
        else moveScalar(v, tree, at, delta);
      }
    }
  }
}

function moveMap(n: MapNode, tree: TreeSource | undefined, at: number, d: number): void {
  if (tree) n.tree = tree;
  if (n.start >= at) n.start += d;
  if (n.end >= at) n.end += d;
  if (n.close >= 0 && n.close >= at) n.close += d;
  if (n.misfiled) for (const m of n.misfiled) if (m.at >= at) m.at += d;
}

function moveArray(n: ArrayNode, tree: TreeSource | undefined, at: number, d: number): void {
  if (tree) n.tree = tree;
  if (n.start >= at) n.start += d;
  if (n.end >= at) n.end += d;
  if (n.close >= 0 && n.close >= at) n.close += d;
}

function moveEntry(n: Entry, _tree: TreeSource | undefined, at: number, d: number): void {
  // An entry reads its text through its map (Entry.src), which is moved with it.
  if (n.start >= at) n.start += d;
  if (n.end >= at) n.end += d;
  if (n.keyEnd >= at) (n as { keyEnd: number }).keyEnd += d;
}

function moveInclude(n: IncludeNode, tree: TreeSource | undefined, at: number, d: number): void {
  const m = n as Movable & { pathStart: number; pathEnd: number };
  if (tree) m.tree = tree;
  if (m.start >= at) m.start += d;
  if (m.end >= at) m.end += d;
  if (m.pathStart >= at) m.pathStart += d;
  if (m.pathEnd >= at) m.pathEnd += d;
}

function moveScalar(v: Exclude<ValueNode, Container>, tree: TreeSource | undefined, at: number, d: number): void {
  switch (v.kind) {
    case 'string':
      return moveString(v, tree, at, d);
    case 'integer':
    case 'float':
      return moveNumber(v, tree, at, d);
    default:
      return moveOther(v, tree, at, d);
  }
}

function moveString(n: StringNode, tree: TreeSource | undefined, at: number, d: number): void {
  if (tree) n.tree = tree;
  if (n.start >= at) n.start += d;
  if (n.end >= at) n.end += d;
}

function moveNumber(n: NumberNode, tree: TreeSource | undefined, at: number, d: number): void {
  if (tree) n.tree = tree;
  if (n.start >= at) n.start += d;
  if (n.end >= at) n.end += d;
}

/** Booleans, datetimes and variables: rare in large configs, one shared site is enough. */
function moveOther(n: Movable, tree: TreeSource | undefined, at: number, d: number): void {
  if (tree) n.tree = tree;
  if (n.start >= at) n.start += d;
  if (n.end >= at) n.end += d;
}
