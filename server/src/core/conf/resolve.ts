// Resolves what nats-server resolves while parsing: `include` files and `$NAME` references.
// Scoping follows conf/parse.go: a reference sees keys set earlier in the maps that enclose it
// (arrays are skipped), keys merged in by earlier includes, then the process environment.
import * as path from 'node:path';
import { Source } from './ast';
import type { Entry, IncludeNode, MapNode, ValueNode, VariableNode } from './ast';
import { rejects, type SourceIssue } from './issue';
import { parseConf, type Dialect, type ParsedConf } from './parser';
import type { EngineFs } from '../types';
import { decodeConfig } from '../text/decode';

/** Config files (and includes) are read up to this size; larger ones are refused, never read whole. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
const MAX_INCLUDE_DEPTH = 32;
const MAX_ENV_DEPTH = 16;

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
  /** Problems in this file and, through includes, in the files it pulls in. */
  issues: SourceIssue[];
  /** Every file this document includes, directly or not (absolute paths). */
  includedFiles: string[];
}

/** Parses and resolves one nats-server config. `chain` holds the files that include this one, for cycles. */
export function loadConf(src: Source, ctx: ConfContext, chain: readonly string[] = []): ConfDocument {
  const parsed = parseConf(src, ctx.dialect);
  const doc: ConfDocument = { src, parsed, issues: [], includedFiles: [] };
  for (const s of parsed.issues) {
    // "config has no values" concerns the file given to nats-server, not the files it includes.
    if (s.code === 'empty-config' && chain.length > 0) continue;
    const issue: SourceIssue = {
      code: s.code,
      severity: s.severity,
      message: s.severity === 'error' ? rejects(s.reason, s.fix) : `${s.reason}: ${s.fix}`,
      src,
      start: s.start,
      end: s.end,
    };
    if (s.data) issue.data = s.data;
    const opened = s.data?.openedAt;
    if (typeof opened === 'number') issue.related = [{ src, start: opened, end: opened + 1, message: 'opened here' }];
    const glued = s.data?.gluedBracket;
    if (typeof glued === 'number') {
      const end = src.text.indexOf(']', glued) + 1;
      (issue.related ??= []).push({ src, start: glued, end, message: 'this reads as text, not as the end of the array' });
    }
    doc.issues.push(issue);
  }
  for (const inc of parsed.includes) resolveInclude(doc, inc, ctx, chain);
  const envState = { active: new Set<string>(), depth: 0 };
  for (const v of parsed.variables) resolveVariable(doc, v, ctx, envState);
  return doc;
}

// ------------------------------------------------------------------ includes

function resolveInclude(doc: ConfDocument, inc: IncludeNode, ctx: ConfContext, chain: readonly string[]): void {
  const here = doc.src.file;
  if (!path.isAbsolute(here)) return; // an unsaved document has no folder to resolve against
  // nats-server joins the path onto the including file's folder, even when the path is absolute.
  const target = path.join(path.dirname(here), inc.path);
  const at = { src: doc.src, start: inc.pathStart, end: Math.max(inc.pathEnd, inc.pathStart) };
  if (target === here || chain.includes(target)) {
    doc.issues.push({
      code: 'include-cycle',
      severity: 'error',
      // The loop as files: from the target's first appearance in the chain, through this file, back to it.
      message: `${path.basename(target)} includes itself${target === here ? '' : ` through ${[...chain.slice(chain.indexOf(target)), here, target].map((f) => path.basename(f)).join(' → ')}`}; nats-server would recurse until it crashes. Remove one of the includes.`,
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
  const absNote = path.isAbsolute(inc.path)
    ? ` nats-server joins even an absolute include path onto the including file's folder, so it opens ${target}; use a path relative to ${path.basename(here)}.`
    : '';
  const read = ctx.fs ? readIncluded(target, ctx, [...chain, here]) : undefined;
  if (!read) return;
  if ('reason' in read) {
    doc.issues.push({
      ...at,
      code: 'include-not-found',
      severity: 'error',
      message: `nats-server rejects this: "error parsing include file '${inc.path}', ${read.reason}".${absNote || ` Paths in include are relative to the folder of ${path.basename(here)}.`}`,
      data: { path: inc.path, target },
    });
    return;
  }
  inc.target = { file: target, root: read.parsed.root };
  doc.includedFiles.push(target, ...read.includedFiles);
  const errors = read.issues.filter((i) => i.severity === 'error');
  for (const i of read.issues) doc.issues.push(i);
  if (errors.length) {
    const first = errors[0]!;
    const pos = first.src.lines.position(first.start);
    doc.issues.push({
      ...at,
      code: 'syntax-error',
      severity: 'error',
      message: `nats-server rejects this: "error parsing include file '${inc.path}'": ${path.basename(first.src.file)}:${pos.line + 1}:${pos.character + 1} has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}. Fix ${errors.length === 1 ? 'it' : 'them'} in that file.`,
      data: { target },
    });
  }
}

function readIncluded(target: string, ctx: ConfContext, chain: string[]): ConfDocument | { reason: string } {
  const fs = ctx.fs!;
  const stat = fs.stat(target);
  if (!stat) return { reason: `open ${target}: no such file or directory` };
  if (stat.type === 'directory') return { reason: `read ${target}: is a directory` };
  const cached = ctx.includeCache?.get(target);
  if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.doc;
  const r = fs.readFile(target, MAX_CONFIG_BYTES);
  if (!r.ok) return { reason: r.detail };
  const doc = loadConf(new Source(target, decodeConfig(r.data)), ctx, chain);
  ctx.includeCache?.set(target, { size: stat.size, mtimeMs: stat.mtimeMs, doc });
  return doc;
}

// ------------------------------------------------------------------ variables

interface EnvState {
  active: Set<string>;
  depth: number;
}

function resolveVariable(doc: ConfDocument, v: VariableNode, ctx: ConfContext, env: EnvState): void {
  const name = v.name;
  // nats-server keeps bcrypt hashes such as $2a$11$… literally instead of looking them up.
  if (name.startsWith('2a$')) {
    v.resolved = { from: 'bcrypt', value: '$' + name };
    return;
  }
  const found = lookupInScopes(v);
  if (found) {
    v.resolved =
      found.kind === 'entry'
        ? { from: 'key', entry: found, value: found.value! }
        : { from: 'misfiled', key: found.key, value: found.value };
    return;
  }
  const line = v.src.lines.position(v.start).line + 1;
  if (env.active.has(name)) {
    if (ctx.dialect === 'latest') {
      // nats-server's lookup fails and processItem wraps that failure once more.
      doc.issues.push(
        variableIssue(
          v,
          `variable reference for '${name}' on line ${line} could not be parsed: variable reference cycle for '${name}'`,
          `The environment variable ${name} refers back to itself; give it a plain value.`,
        ),
      );
    } else {
      const issue = variableIssue(
        v,
        'goroutine stack exceeds 1000000000-byte limit',
        `The environment variable ${name} refers back to itself: nats-server 2.9.10 follows it until it crashes with a stack overflow. Give it a plain value.`,
      );
      issue.data = { ...issue.data, crash: true };
      doc.issues.push(issue);
    }
    return;
  }
  const text = ctx.env[name];
  if (text === undefined) {
    const hint = /[/{}.]/.test(name)
      ? ` nats-server does not interpolate: it looks up a variable named "${name}". Define the whole value as a variable instead.`
      : ` Define ${name} earlier in this block or an enclosing one, or set the environment variable ${name}.`;
    doc.issues.push({
      ...variableIssue(v, `variable reference for '${name}' on line ${line} can not be found`, hint.trim()),
      code: 'undefined-variable',
    });
    return;
  }
  if (env.depth >= MAX_ENV_DEPTH) {
    doc.issues.push(
      variableIssue(
        v,
        `variable reference for '${name}' on line ${line} could not be parsed: too deeply nested`,
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
  const sub: ConfDocument = { src, parsed: parseConf(src, ctx.dialect), issues: [], includedFiles: [] };
  for (const inner of sub.parsed.variables) resolveVariable(sub, inner, ctx, env);
  env.depth--;
  env.active.delete(name);
  const syntax = sub.parsed.issues.find((i) => i.severity === 'error');
  if (syntax) {
    // Lexer errors come as "Parse error on line N: '…'"; conversion errors (parse.go) come bare.
    const lexical = !/^(integer '|expected |float '|config is invalid)/.test(syntax.reason);
    const at = src.lines.position(syntax.start).line + 1;
    doc.issues.push(
      variableIssue(
        v,
        `variable reference for '${name}' on line ${line} could not be parsed: ${lexical ? `Parse error on line ${at}: '${syntax.reason}'` : syntax.reason}`,
        `nats-server parses the environment value ${JSON.stringify(text)} as a config value; wrap it in quotes inside the variable, e.g. ${name}='"${text.replace(/"/g, '\\"')}"'.`,
      ),
    );
    return;
  }
  const inner = sub.issues.find((i) => i.severity === 'error');
  if (inner) {
    const reason = String(inner.data?.reason ?? inner.message);
    const fix = `The environment variable ${name} (${JSON.stringify(text)}) refers to another variable that fails.`;
    // A crash deeper down is still a crash; anything else nats-server wraps once per level.
    const issue = inner.data?.crash
      ? variableIssue(v, reason, String(inner.data.fix ?? fix))
      : variableIssue(v, `variable reference for '${name}' on line ${line} could not be parsed: ${reason}`, fix);
    if (inner.data?.crash) issue.data = { ...issue.data, crash: true };
    doc.issues.push(issue);
    return;
  }
  const pk = sub.parsed.root.entries.find((e): e is Entry => e.kind === 'entry' && e.key === 'pk');
  v.resolved = { from: 'env', text, value: pk?.value };
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
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.start >= before) continue;
    if (e.kind === 'include') {
      const hit = e.target ? lastDefinition(e.target.root, name, 0) : undefined;
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

/** The last top-level definition of `name` in an included file, including what it includes in turn. */
function lastDefinition(root: MapNode, name: string, depth: number): Entry | undefined {
  if (depth > MAX_INCLUDE_DEPTH) return undefined;
  for (let i = root.entries.length - 1; i >= 0; i--) {
    const e = root.entries[i]!;
    if (e.kind === 'include') {
      const hit = e.target ? lastDefinition(e.target.root, name, depth + 1) : undefined;
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
