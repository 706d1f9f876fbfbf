// Resolves what nats-server resolves while parsing: `include` files and `$NAME` references.
// Scoping follows conf/parse.go: a reference sees keys set earlier in the maps that enclose it
// (arrays are skipped), keys merged in by earlier includes, then the process environment.
import * as path from 'node:path';
import { Source } from './ast';
import type { Entry, IncludeNode, MapNode, ValueNode, VariableNode } from './ast';
import { excerpt, excerptPath } from './excerpt';
import { rejects, reportedAt, type SourceIssue } from './issue';
import { parseConf, type Dialect, type ParsedConf } from './parser';
import { templateKindNames, type TemplateInfo } from './template';
import { addSecret, isOpaque, markOpaque } from './secrets';
import type { EngineFs } from '../types';
import { decodeConfig } from '../text/decode';
import { looksLikeNatsServerConf } from '../sniff';
import { tlsField } from '../tls/fields';

/** Config files (and includes) are read up to this size; larger ones are refused, never read whole. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
const MAX_INCLUDE_DEPTH = 32;
const MAX_ENV_DEPTH = 16;
/** Include directives followed for one config, its includes' included. Each file is still read only once. */
export const MAX_INCLUDES = 1000;
/** When nats-server would read more included files than this (it reads a file each time it is included), say so. */
const FAN_OUT_WARNING = 10_000;

export interface ConfContext {
  env: Readonly<Record<string, string | undefined>>;
  fs: EngineFs | undefined;
  dialect: Dialect;
  /** Parsed include files, reused across checks while their size and mtime are unchanged. */
  includeCache?: Map<string, { size: number; mtimeMs: number; doc: ConfDocument }>;
}

export interface ConfDocument {
  src: Source;
  parsed: ParsedConf;
  /** Problems in this file and, through includes, in the files it pulls in (each file's once). */
  issues: SourceIssue[];
  /** Every file this document includes, directly or not (absolute paths, each once). */
  includedFiles: string[];
  /** Include directives followed while loading it (a file included twice counts twice, and is read once). */
  includesFollowed: number;
}

/** One file of the include graph: its own problems, and the files its include directives point to. */
interface FileNode {
  doc: ConfDocument;
  /** For each followed directive, in order: the file it includes. */
  edges: { inc: IncludeNode; target: FileNode }[];
}

/** The graph node of each loaded document (documents in the include cache keep theirs). */
const nodes = new WeakMap<ConfDocument, FileNode>();

/** One load of a config: every file it reaches is loaded once, and the includes followed are counted. */
interface LoadState {
  loaded: Map<string, FileNode>;
  followed: number;
  capped: boolean;
}

/** Parses and resolves one nats-server config. `chain` holds the files that include this one, for cycles. */
export function loadConf(src: Source, ctx: ConfContext, chain: readonly string[] = []): ConfDocument {
  const state: LoadState = { loaded: new Map(), followed: 0, capped: false };
  const node = loadFile(src, ctx, chain, state, false);
  const doc = node.doc;
  const issues: SourceIssue[] = [];
  const files: string[] = [];
  const seen = new Set<FileNode>([node]);
  // Each reachable file's problems once, in include order (depth is bounded by MAX_INCLUDE_DEPTH). Those of a
  // file that is not a config are kept too: toFinding shows where they are, never what the text says.
  const visit = (n: FileNode): void => {
    issues.push(...n.doc.issues);
    for (const { target } of n.edges) {
      if (seen.has(target)) continue;
      seen.add(target);
      files.push(target.doc.src.file);
      visit(target);
    }
  };
  visit(node);
  const fanOut = fanOutIssue(node);
  if (fanOut) issues.push(fanOut);
  return { src: doc.src, parsed: doc.parsed, issues, includedFiles: files, includesFollowed: state.followed };
}

function loadFile(src: Source, ctx: ConfContext, chain: readonly string[], state: LoadState, included: boolean): FileNode {
  const parsed = parseConf(src, ctx.dialect);
  const doc: ConfDocument = { src, parsed, issues: [], includedFiles: [], includesFollowed: 0 };
  // Text that is not a nats-server config is never quoted: it may be a token or a password file.
  const opaque = included && !looksLikeConfig(src.text, parsed);
  if (opaque) markOpaque(src);
  const node: FileNode = { doc, edges: [] };
  nodes.set(doc, node);
  if (path.isAbsolute(src.file)) state.loaded.set(src.file, node);
  for (const s of parsed.issues) {
    // "config has no values" concerns the file given to nats-server, not the files it includes.
    if (s.code === 'empty-config' && chain.length > 0) continue;
    const issue: SourceIssue = {
      code: s.code,
      severity: s.severity,
      // nats-server's words for what it rejects; nats-tls's own limit (too-deep) is not one of them.
      message:
        s.code === 'too-deep' ? `${s.reason}. ${s.fix}` : s.severity === 'error' ? rejects(s.reason, s.fix) : `${s.reason}: ${s.fix}`,
      src,
      start: s.start,
      end: s.end,
    };
    if (s.data) issue.data = s.data;
    const opened = s.data?.openedAt;
    if (typeof opened === 'number') issue.related = [{ src, start: opened, end: opened + 1, message: 'opened here' }];
    const glued = s.data?.gluedBracket;
    if (s.serverAt) {
      const line = src.lines.position(s.serverAt.start).line + 1;
      (issue.related ??= []).push({ ...s.serverAt, src, message: `nats-server reports this error on line ${line}` });
    }
    if (typeof glued === 'number') {
      const end = src.text.indexOf(']', glued) + 1;
      (issue.related ??= []).push({ src, start: glued, end, message: 'this reads as text, not as the end of the array' });
    }
    doc.issues.push(issue);
  }
  if (src.template) doc.issues.push(templateIssue(src, src.template));
  for (const inc of parsed.includes) resolveInclude(node, inc, ctx, chain, state);
  const envState = { active: new Set<string>(), depth: 0 };
  for (const v of parsed.variables) resolveVariable(doc, v, ctx, envState);
  return node;
}

/** Once per templated file: what it is and what nats-tls does not check in it. */
function templateIssue(src: Source, t: TemplateInfo): SourceIssue {
  const first = t.regions[0]!;
  const n = t.regions.length;
  const what = templateKindNames(t.kinds);
  return {
    code: 'templated-config',
    severity: 'information',
    message:
      `This file is ${/^[AEIOU]/.test(what) ? 'an' : 'a'} ${what} template: nats-server cannot read it until it is rendered. nats-tls checks the config text ` +
      `around its ${n} template region${n === 1 ? '' : 's'}, but not what ${n === 1 ? 'it writes' : 'they write'}: values, ` +
      `entries added or removed (${t.controls ? 'if/else, loops, ' : ''}includes) and the syntax of the rendered file. ` +
      'Check the rendered config too (for Helm: helm template, then nats-tls check on the output).',
    src,
    start: first.start,
    end: first.end,
    data: { kinds: t.kinds, regions: n },
  };
}

/** The sniffer's answer, or a fragment of includes and TLS fields (`tls { include "tls.conf" }`). */
function looksLikeConfig(text: string, parsed: ParsedConf): boolean {
  if (looksLikeNatsServerConf(text)) return true;
  const entries = parsed.root.entries;
  return entries.length > 0 && entries.every((e) => e.kind === 'include' || tlsField(e.key.toLowerCase()) !== undefined);
}

// ------------------------------------------------------------------ includes

/** The loop as files: from the target's first appearance in the chain, through this file, back to it. */
function cycleText(chain: readonly string[], here: string, target: string): string {
  return [...chain.slice(chain.indexOf(target)), here, target].map((f) => excerptPath(path.basename(f))).join(' → ');
}

function resolveInclude(node: FileNode, inc: IncludeNode, ctx: ConfContext, chain: readonly string[], state: LoadState): void {
  const doc = node.doc;
  const here = doc.src.file;
  if (!path.isAbsolute(here)) return; // an unsaved document has no folder to resolve against
  // nats-server joins the path onto the including file's folder, even when the path is absolute.
  const target = path.join(path.dirname(here), inc.path);
  const at = { src: doc.src, start: inc.pathStart, end: Math.max(inc.pathEnd, inc.pathStart) };
  const shown = excerptPath(inc.path);
  if (target === here || chain.includes(target)) {
    doc.issues.push({
      code: 'include-cycle',
      severity: 'error',
      message: `nats-server crashes on this include: ${excerptPath(path.basename(target))} includes itself${target === here ? '' : ` through ${cycleText(chain, here, target)}`}, and nats-server follows the loop until Go stops it with "fatal error: stack overflow" (measured on 2.9.10 to 2.15.1; nats-server -t names no file or line). Remove one of the includes.`,
      src: doc.src,
      start: inc.start,
      end: inc.end,
      data: { target },
    });
    return;
  }
  if (chain.length >= MAX_INCLUDE_DEPTH) {
    doc.issues.push({
      ...at,
      code: 'include-cycle',
      severity: 'error',
      message: `Includes nest more than ${MAX_INCLUDE_DEPTH} files deep here; nats-tls stops following them.`,
    });
    return;
  }
  if (state.followed >= MAX_INCLUDES) {
    if (!state.capped) {
      state.capped = true;
      doc.issues.push({
        ...at,
        code: 'too-many-includes',
        severity: 'error',
        message: `This config pulls in more than ${MAX_INCLUDES.toLocaleString('en-US')} includes; nats-tls stops following them here, so what they set is not checked. nats-server reads an included file again every time it is included: include each file once.`,
        data: { limit: MAX_INCLUDES },
      });
    }
    return;
  }
  state.followed++;
  const absNote = path.isAbsolute(inc.path)
    ? ` nats-server joins even an absolute include path onto the including file's folder, so it opens ${excerptPath(target)}; use a path relative to ${excerptPath(path.basename(here))}.`
    : '';
  const read = state.loaded.get(target) ?? (ctx.fs ? readIncluded(target, ctx, [...chain, here], state) : undefined);
  if (!read) return;
  if ('reason' in read) {
    doc.issues.push({
      ...at,
      code: 'include-not-found',
      severity: 'error',
      message: rejects(
        `error parsing include file '${shown}', ${read.reason}`,
        absNote || `Paths in include are relative to the folder of ${excerptPath(path.basename(here))}.`,
      ),
      data: { path: inc.path, target },
    });
    return;
  }
  inc.target = { file: target, root: read.doc.parsed.root };
  node.edges.push({ inc, target: read });
  const errors = firstErrors(read);
  // A loop further down crashes nats-server (a stack overflow): it never prints "error parsing include file".
  if (errors.first?.code === 'include-cycle') {
    doc.issues.push({
      ...at,
      code: 'include-cycle',
      severity: 'error',
      message: `nats-server crashes on this include: ${excerptPath(path.basename(target))} leads back into a loop of includes, and nats-server follows it until Go stops it with "fatal error: stack overflow". Remove one of the includes in the loop.`,
      data: { target },
      related: [{ src: errors.first.src, start: errors.first.start, end: errors.first.end, message: 'the include that closes the loop' }],
    });
    return;
  }
  if (errors.count) {
    const first = errors.first!;
    const pos = first.src.lines.position(first.start);
    const where = `${excerptPath(path.basename(first.src.file))}:${pos.line + 1}:${pos.character + 1}`;
    const opaqueNote = isOpaque(first.src)
      ? ` ${excerptPath(path.basename(first.src.file))} does not look like a nats-server config, so nats-tls does not quote it: check that it is the file you meant to include.`
      : ` Fix ${errors.count === 1 ? 'it' : 'them'} in that file.`;
    doc.issues.push({
      ...at,
      code: 'syntax-error',
      severity: 'error',
      message: rejects(
        `error parsing include file '${shown}'`,
        `${where} has ${errors.count === 1 ? 'an error' : `${errors.count} errors`}.${opaqueNote}`,
      ),
      data: { target },
    });
  }
}

/** The errors in a file and the files it includes (each file once): how many, and the first. */
function firstErrors(node: FileNode): { count: number; first: SourceIssue | undefined } {
  let count = 0;
  let first: SourceIssue | undefined;
  const seen = new Set<FileNode>();
  const visit = (n: FileNode): void => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const i of n.doc.issues) {
      if (i.severity !== 'error') continue;
      count++;
      first ??= i;
    }
    for (const e of n.edges) visit(e.target);
  };
  visit(node);
  return { count, first };
}

function readIncluded(target: string, ctx: ConfContext, chain: string[], state: LoadState): FileNode | { reason: string } {
  const fs = ctx.fs!;
  const stat = fs.stat(target);
  if (!stat) return { reason: `open ${excerptPath(target)}: no such file or directory` };
  if (stat.type === 'directory') return { reason: `read ${excerptPath(target)}: is a directory` };
  const cached = ctx.includeCache?.get(target);
  const cachedNode = cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs ? nodes.get(cached.doc) : undefined;
  if (cachedNode) {
    state.loaded.set(target, cachedNode);
    // A cached file's own includes count as followed again: the cap is per config, not per process.
    state.followed += countEdges(cachedNode);
    return cachedNode;
  }
  const r = fs.readFile(target, MAX_CONFIG_BYTES);
  if (!r.ok) return { reason: excerpt(r.detail, 300) };
  const node = loadFile(new Source(target, decodeConfig(r.data)), ctx, chain, state, true);
  ctx.includeCache?.set(target, { size: stat.size, mtimeMs: stat.mtimeMs, doc: node.doc });
  return node;
}

/** Include directives followed below a (cached) file, each file once. */
function countEdges(node: FileNode): number {
  let n = 0;
  const seen = new Set<FileNode>();
  const visit = (x: FileNode): void => {
    if (seen.has(x)) return;
    seen.add(x);
    n += x.edges.length;
    for (const e of x.edges) visit(e.target);
  };
  visit(node);
  return n;
}

/**
 * nats-server parses an included file again every time it is included, so includes that fan out make it read
 * exponentially many files (18 files each including the next twice: 262,143). Counted on the graph, not done.
 */
function fanOutIssue(root: FileNode): SourceIssue | undefined {
  const memo = new Map<FileNode, number>();
  const reads = (n: FileNode): number => {
    const known = memo.get(n);
    if (known !== undefined) return known;
    memo.set(n, 0); // cycles were cut when the graph was built; this only guards against a stale cache
    let total = 0;
    for (const e of n.edges) total = Math.min(Number.MAX_SAFE_INTEGER, total + 1 + reads(e.target));
    memo.set(n, total);
    return total;
  };
  const total = reads(root);
  if (total <= FAN_OUT_WARNING) return undefined;
  let worst = root.edges[0]!;
  for (const e of root.edges) if (reads(e.target) > reads(worst.target)) worst = e;
  const distinct = new Set<FileNode>();
  const collect = (n: FileNode): void => {
    for (const e of n.edges) {
      if (distinct.has(e.target)) continue;
      distinct.add(e.target);
      collect(e.target);
    }
  };
  collect(root);
  const inc = worst.inc;
  return {
    code: 'include-fan-out',
    severity: 'warning',
    message: `nats-server reads an included file again every time it is included: through these includes it reads ${total.toLocaleString('en-US')} files before it starts (there are ${distinct.size.toLocaleString('en-US')} different ones). Include each file once.`,
    src: root.doc.src,
    start: inc.pathStart,
    end: Math.max(inc.pathEnd, inc.pathStart),
    data: { reads: total, files: distinct.size },
  };
}

// ------------------------------------------------------------------ variables

interface EnvState {
  active: Set<string>;
  depth: number;
}

function resolveVariable(doc: ConfDocument, v: VariableNode, ctx: ConfContext, env: EnvState): void {
  const name = v.name;
  const shown = excerpt(name);
  // nats-server keeps bcrypt hashes such as $2a$11$… literally instead of looking them up.
  if (name.startsWith('2a$')) {
    v.resolved = { from: 'bcrypt', value: '$' + name };
    return;
  }
  const found = lookupInScopes(v);
  if (found) {
    if (found.kind === 'entry') {
      // A value set in a file that is not a nats-server config (a .env file) is as secret as the file.
      if (isOpaque(found.src)) {
        const line = found.src.lines.position(found.start).line + 1;
        hideValue(v, found.value, `${excerptPath(path.basename(found.src.file))}:${line}`);
      }
      v.resolved = { from: 'key', entry: found, value: found.value! };
    } else v.resolved = { from: 'misfiled', key: found.key, value: found.value };
    return;
  }
  const line = v.src.lines.position(v.start).line + 1;
  if (env.active.has(name)) {
    if (ctx.dialect === 'latest') {
      // nats-server's lookup fails and processItem wraps that failure once more.
      doc.issues.push(
        variableIssue(
          v,
          `variable reference for '${shown}' on line ${line} could not be parsed: variable reference cycle for '${shown}'`,
          `The environment variable ${shown} refers back to itself; give it a plain value.`,
        ),
      );
    } else {
      const issue = variableIssue(
        v,
        'goroutine stack exceeds 1000000000-byte limit',
        `The environment variable ${shown} refers back to itself: nats-server 2.9.10 follows it until it crashes with a stack overflow. Give it a plain value.`,
      );
      issue.data = { ...issue.data, crash: true };
      doc.issues.push(issue);
    }
    return;
  }
  const text = ctx.env[name];
  if (text === undefined) {
    const hint = /[/{}.]/.test(name)
      ? ` nats-server does not interpolate: it looks up a variable named "${shown}". Define the whole value as a variable instead.`
      : ` Define ${shown} earlier in this block or an enclosing one, or set the environment variable ${shown}.`;
    doc.issues.push({
      ...variableIssue(v, `variable reference for '${shown}' on line ${line} can not be found`, hint.trim()),
      code: 'undefined-variable',
    });
    return;
  }
  if (env.depth >= MAX_ENV_DEPTH) {
    doc.issues.push(
      variableIssue(
        v,
        `variable reference for '${shown}' on line ${line} could not be parsed: too deeply nested`,
        'Environment variables refer to each other too deeply; give one of them a plain value.',
      ),
    );
    return;
  }
  // nats-server parses the environment value as a config value: `pk=<value>`.
  const src = new Source(`$${name}`, `pk=${text}`);
  src.origin = { src: v.src, start: v.start, end: v.end };
  env.active.add(name);
  env.depth++;
  const sub: ConfDocument = { src, parsed: parseConf(src, ctx.dialect), issues: [], includedFiles: [], includesFollowed: 0 };
  for (const inner of sub.parsed.variables) resolveVariable(sub, inner, ctx, env);
  env.depth--;
  env.active.delete(name);
  const pk = sub.parsed.root.entries.find((e): e is Entry => e.kind === 'entry' && e.key === 'pk');
  // Never shown: findings about the config say `$NAME` where the value would be.
  hideEnvValue(v, text, pk?.value);
  const syntax = sub.parsed.issues.find((i) => i.severity === 'error');
  if (syntax) {
    // Lexer errors come as "Parse error on line N: '…'"; conversion errors (parse.go) come bare.
    const lexical = !/^(integer '|expected |float '|config is invalid)/.test(syntax.reason);
    const at = src.lines.position(syntax.start).line + 1;
    doc.issues.push(
      variableIssue(
        v,
        `variable reference for '${shown}' on line ${line} could not be parsed: ${lexical ? `Parse error on line ${at}: '${syntax.reason}'` : syntax.reason}`,
        `nats-server parses the value of the environment variable ${shown} as a config value (nats-tls does not show it); wrap the value in double quotes inside the variable, e.g. ${shown}='"…"'.`,
      ),
    );
    return;
  }
  const inner = sub.issues.find((i) => i.severity === 'error');
  if (inner) {
    const reason = String(inner.data?.reason ?? inner.message);
    const fix = `The environment variable ${shown} refers to another variable that fails.`;
    // A crash deeper down is still a crash; anything else nats-server wraps once per level.
    const issue = inner.data?.crash
      ? variableIssue(v, reason, String(inner.data.fix ?? fix))
      : variableIssue(v, `variable reference for '${shown}' on line ${line} could not be parsed: ${reason}`, fix);
    if (inner.data?.crash) issue.data = { ...issue.data, crash: true };
    doc.issues.push(issue);
    return;
  }
  v.resolved = { from: 'env', text, value: pk?.value };
}

/** The config a `$NAME` is reported in (an environment value's own references are reported at the outer one). */
function hostOf(v: VariableNode): Source {
  return reportedAt(v.src, v.start, v.end).src;
}

/** Hides the environment's value of `v` (and each piece of it) from findings about the config that uses it. */
function hideEnvValue(v: VariableNode, text: string, value: ValueNode | undefined): void {
  const host = hostOf(v);
  const name = `$${excerpt(v.name)}`;
  addSecret(host, text, name, 'the environment');
  if (value) hideValue(v, value, 'the environment');
  // A value nats-server cannot parse has no tree: hide its words instead.
  else for (const word of text.split(/[\s"'{}[\](),;:=]+/)) addSecret(host, word, name, 'the environment', true);
}

/** Hides every scalar of `value` (a string, or the strings and numbers in a map or list). */
function hideValue(v: VariableNode, value: ValueNode | undefined, origin: string): void {
  const host = hostOf(v);
  const name = `$${excerpt(v.name)}`;
  const piece = value?.kind === 'map' || value?.kind === 'array';
  const work: (ValueNode | undefined)[] = [value];
  for (let budget = 10_000; work.length && budget > 0; budget--) {
    const n = work.pop();
    if (!n) continue;
    if (n.kind === 'map') for (const e of n.entries) work.push(e.kind === 'entry' ? e.value : undefined);
    else if (n.kind === 'array') work.push(...n.items);
    else if (n.kind === 'string') addSecret(host, n.value, name, origin, piece);
    else if (n.kind !== 'variable' && n.kind !== 'bool') addSecret(host, n.src.text.slice(n.start, n.end), name, origin, piece);
  }
}

function variableIssue(v: VariableNode, reason: string, fix: string): SourceIssue {
  return {
    code: 'syntax-error',
    severity: 'error',
    message: rejects(reason, fix).trim(),
    src: v.src,
    start: v.start,
    end: v.end,
    data: { name: v.name, reason, fix },
  };
}

/** The entry a reference sees: the last one set before it, in the innermost enclosing map that has one. */
function lookupInScopes(v: VariableNode): Entry | MisfiledValue | undefined {
  let child: ValueNode | Entry = v;
  let node = v.parent;
  while (node) {
    if (node.kind === 'map') {
      const hit = lookupInMap(node, v.name, child.start);
      if (hit) return hit;
    }
    child = node;
    node = node.parent;
  }
  return undefined;
}

function lookupInMap(map: MapNode, name: string, before: number): Entry | MisfiledValue | undefined {
  let best: Entry | MisfiledValue | undefined;
  let bestAt = -1;
  const entries = map.entries;
  // Files searched without a hit: the same file included again need not be searched again.
  const searched = new Set<MapNode>();
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.start >= before) continue;
    if (e.kind === 'include') {
      const hit = e.target ? lastDefinition(e.target.root, name, 0, searched) : undefined;
      if (hit) {
        best = hit;
        bestAt = e.end;
        break;
      }
      continue;
    }
    if (e.key === name && e.value && !e.misfiled && stored(e.value)) {
      best = e;
      bestAt = e.end;
      break;
    }
  }
  for (const m of map.misfiled ?? []) {
    if (m.key === name && m.at <= before && m.at > bestAt) {
      best = { kind: 'misfiled', key: m.key, value: m.value };
      bestAt = m.at;
    }
  }
  return best;
}

/** False for an integer with a suffix nats-server does not know (`1kbi`): it sets no value at all. */
function stored(value: ValueNode): boolean {
  return !(value.kind === 'integer' && Number.isNaN(value.value));
}

interface MisfiledValue {
  kind: 'misfiled';
  key: string;
  value: ValueNode;
}

/**
 * The last top-level definition of `name` in an included file, including what it includes in turn. A file
 * included several times is searched once (at its last include): the same answer, without exponential work.
 */
function lastDefinition(root: MapNode, name: string, depth: number, seen = new Set<MapNode>()): Entry | undefined {
  if (depth > MAX_INCLUDE_DEPTH || seen.has(root)) return undefined;
  seen.add(root);
  for (let i = root.entries.length - 1; i >= 0; i--) {
    const e = root.entries[i]!;
    if (e.kind === 'include') {
      const hit = e.target ? lastDefinition(e.target.root, name, depth + 1, seen) : undefined;
      if (hit) return hit;
    } else if (e.key === name && e.value && stored(e.value)) return e;
  }
  return undefined;
}

/** Follows `$NAME` references to the value they stand for (bounded, so a cycle cannot hang). */
export function deref(node: ValueNode | undefined): ValueNode | undefined {
  let n = node;
  for (let i = 0; i < 64 && n && n.kind === 'variable'; i++) {
    const r: VariableNode['resolved'] = n.resolved;
    if (!r || r.from === 'bcrypt') return n;
    n = r.value;
  }
  return n;
}
