// Is a value one nats-server accepts for an option? Each value kind follows the code path in server/opts.go
// that reads it, and a problem quotes the text nats-server prints, with a plain explanation and a fix.
import type { Entry, ValueNode } from '../conf/ast';
import { deref } from '../conf/resolve';
import { availableIn, type Version } from '../tls/versions';
import { CONNECTION_TYPES } from './authorization';
import { lowerKey } from './index';
import { isSubject, isSubjectIn, nkeyKind } from './nkeys';
import type { OptionSpec, Shape } from './types';

export interface ValueProblem {
  /** Where to report: a value node (an item of a list, a map value) or the entry. */
  at: ValueNode | Entry;
  /** nats-server's own words. */
  reason: string;
  /** What it means and how to fix it, in one or two sentences. */
  fix: string;
  /** nats-server prints this as a warning: the server starts, but `-t` fails. */
  warning?: boolean;
  /** nats-server never checks this (or ignores the value): advice, not an error. */
  advice?: boolean;
  data?: Record<string, unknown>;
}

export interface ValueContext {
  version: Version;
  /** The key as written (messages quote it). */
  key: string;
  /** The id of the block the option is in. */
  block: string;
}

/** Go's %T of a config value, as nats-server's messages print it. */
export function goType(v: ValueNode | undefined): string {
  switch (v?.kind) {
    case 'string':
      return 'string';
    case 'integer':
      return 'int64';
    case 'float':
      return 'float64';
    case 'bool':
      return 'bool';
    case 'datetime':
      return 'time.Time';
    case 'array':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    default:
      return '<nil>';
  }
}

/** Go's %v of a value, roughly (scalars exactly). */
export function goValue(v: ValueNode | undefined): string {
  switch (v?.kind) {
    case 'string':
      return v.value;
    case 'integer':
    case 'float':
      return String(v.value);
    case 'bool':
      return String(v.value);
    case 'datetime':
      return v.value;
    case 'array':
      return `[${v.items.map((i) => goValue(deref(i))).join(' ')}]`;
    case 'map':
      return 'map[…]';
    default:
      return '<nil>';
  }
}

/** The shape of a value, as the union kinds name them. */
export function shapeOf(v: ValueNode): Shape | undefined {
  switch (v.kind) {
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'integer':
      return 'int';
    case 'float':
      return 'float';
    case 'map':
      return 'map';
    case 'array':
      return 'array';
    default:
      return undefined;
  }
}

const PLAIN_SHAPE: Record<Shape, string> = {
  string: 'a string',
  bool: 'true or false',
  int: 'an integer',
  float: 'a number',
  map: 'a block { … }',
  array: 'a list [ … ]',
};

/** "a string, true or false, or a block { … }" — what a union accepts, for messages. */
export function describeShapes(shapes: readonly Shape[]): string {
  const words = shapes.map((s) => PLAIN_SHAPE[s]);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

// ------------------------------------------------------------------ Go durations

const UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration: seconds, or the error Go returns. */
export function parseGoDuration(text: string): { seconds: number } | { error: string } {
  // One pass over the characters (no regex, no slice per unit): a large config has thousands of durations.
  const n = text.length;
  let i = 0;
  let sign = 1;
  const first = text.charCodeAt(0);
  if (first === 45 || first === 43) {
    if (first === 45) sign = -1;
    i = 1;
  }
  if (n - i === 1 && text.charCodeAt(i) === 48) return { seconds: 0 };
  if (i === n) return invalidDuration(text);
  let total = 0;
  while (i < n) {
    // The number: digits, then optionally "." and digits (/^(\d*)(?:\.(\d*))?/).
    const numStart = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i < n && text.charCodeAt(i) === 46) {
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    if (i === numStart || (i === numStart + 1 && text.charCodeAt(numStart) === 46)) return invalidDuration(text);
    const numEnd = i;
    // The unit: everything up to the next digit or "." (/^[^\d.]*/).
    while (i < n && !isDigit(text.charCodeAt(i)) && text.charCodeAt(i) !== 46) i++;
    if (i === numEnd) return { error: `time: missing unit in duration "${text}"` };
    const unit = text.slice(numEnd, i);
    const mult = UNITS[unit];
    if (mult === undefined) return { error: `time: unknown unit "${unit}" in duration "${text}"` };
    const num = text.slice(numStart, numEnd);
    total += Number(text.charCodeAt(numStart) === 46 ? `0${num}` : num) * mult;
  }
  return { seconds: sign * total };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Made only when a duration is bad (most are good, and this message quoted every one of them). */
function invalidDuration(text: string): { error: string } {
  return { error: `time: invalid duration "${text}"` };
}

// ------------------------------------------------------------------ helpers

function fill(template: string, v: ValueNode | undefined, key: string): string {
  return template
    .replace(/%T/g, goType(v))
    .replace(/%v/g, goValue(v))
    .replace(/%k/g, key)
    .replace(/%q/g, `"${goValue(v)}"`);
}

const WANT: Record<string, string> = {
  string: 'string',
  bool: 'bool',
  int: 'int64',
  map: 'map[string]interface {}',
  array: '[]interface {}',
};

function conversion(v: ValueNode | undefined, want: string): string {
  return `interface conversion: interface {} is ${goType(v)}, not ${want}`;
}

function wrongType(
  option: OptionSpec,
  at: ValueNode | Entry,
  v: ValueNode | undefined,
  ctx: ValueContext,
  want: string,
  plain: string,
): ValueProblem {
  const reason = option.typeMessage ? fill(option.typeMessage, v, ctx.key) : conversion(v, want);
  const quoted = v?.kind === 'string' && /^(true|false|yes|no|on|off|-?\d+(\.\d+)?[a-zA-Z]*)$/i.test(v.value);
  return {
    at,
    reason,
    fix: `${ctx.key} takes ${plain}, not ${PLAIN_KIND[v?.kind ?? ''] ?? goType(v)}${quoted ? '; remove the quotes' : ''}.`,
    data: quoted && v?.kind === 'string' ? { replacement: v.value } : undefined,
  };
}

const PLAIN_KIND: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  float: 'a decimal number',
  bool: 'a boolean',
  datetime: 'a date',
  array: 'a list',
  map: 'a block',
};

function clean(p: ValueProblem): ValueProblem {
  if (p.data === undefined) delete p.data;
  return p;
}

// ------------------------------------------------------------------ the check

const NONE: ValueProblem[] = [];
/**
 * The node kind that alone says a value of this option kind is fine (absent any further rule). A switch: a keyed
 * load on a record cost more, and the walk asks for every entry of a config.
 */
function fastKind(kind: OptionSpec['kind']): string | undefined {
  switch (kind) {
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'int':
    case 'size':
      return 'integer';
    case 'map':
      return 'map';
    default:
      return undefined;
  }
}

/**
 * Whether checkValue has nothing to say about a value (`v`, the written value with `$VAR`s followed) for this
 * option whatever the target release: its kind alone settles it. The schema walk records this per entry while
 * it holds the value, so that the value check need not read tens of thousands of values again.
 */
export function settledValue(option: OptionSpec, v: ValueNode | undefined): boolean {
  // Older releases may read the option otherwise (optionFor): the check decides per target.
  if (option.older !== undefined) return false;
  if (!v || v.kind === 'variable') return true;
  if (v.kind === 'integer' && Number.isNaN(v.value)) return true;
  // A further rule (specialCheck) runs on a value of the right shape: the check decides.
  if (option.check) return false;
  if (option.min === undefined && option.max === undefined && fastKind(option.kind) === v.kind) return true;
  // The kinds most values of a large config are (permissions, users, imports), each answered as valueProblems
  // would answer it, but here, while the walk holds the value: the check then need not read it again.
  switch (option.kind) {
    case 'subjects':
      return v.kind === 'map' || (v.kind === 'array' && plainSubjects(v.items)) || (v.kind === 'string' && isSubject(v.value));
    case 'union':
      // A block where blocks are accepted: union() has nothing to say about one (nor percent(), for weights).
      return v.kind === 'map' && option.accepts !== undefined && option.accepts.includes('map');
    case 'map-list':
      return v.kind === 'array' && blockItems(v.items);
    case 'enum':
      return v.kind === 'string' && enumAccepts(option, v.value);
    case 'duration':
    case 'duration-string':
      // A duration string Go parses, with no range to keep to (duration's `values` are strings it accepts too).
      return v.kind === 'string' && option.min === undefined && option.max === undefined && !('error' in parseGoDuration(v.value));
    default:
      return false;
  }
}

/** Every item a subject nats-server accepts (or a `$VAR` the check skips): subjects() finds nothing. */
function plainSubjects(items: readonly ValueNode[]): boolean {
  for (let i = 0; i < items.length; i++) {
    const s = deref(items[i]);
    if (!s || s.kind === 'variable') continue;
    if (s.kind !== 'string') return false;
    // Read in place where it can be: most subjects are never cut from the text (StringNode.value).
    if (s.verbatim ? !isSubjectIn(s.src.text, s.innerStart, s.innerEnd) : !isSubject(s.value)) return false;
  }
  return true;
}

/** Every item a block (or a `$VAR` the check skips): the map-list case of valueProblems finds nothing. */
function blockItems(items: readonly ValueNode[]): boolean {
  for (let i = 0; i < items.length; i++) {
    const m = deref(items[i]);
    if (m && m.kind !== 'map' && m.kind !== 'variable') return false;
  }
  return true;
}

/** Whether an enum accepts a value: enumCheck's test. */
function enumAccepts(option: OptionSpec, value: string): boolean {
  const values = option.values ?? [];
  if (option.caseSensitive) return values.includes(value);
  const lower = lowerKey(value);
  for (let i = 0; i < values.length; i++) if (lowerKey(values[i]!) === lower) return true;
  return false;
}

/** Problems with `entry`'s value for `option`. Values behind `$VAR`s are followed; unresolved ones are skipped. */
export function checkValue(option: OptionSpec, entry: Entry, ctx: ValueContext): ValueProblem[] {
  const written = entry.value;
  const v = deref(written);
  if (!written || !v || v.kind === 'variable') return NONE;
  // An integer with a suffix nats-server does not know: it drops the whole entry (unit-trap reports it).
  if (v.kind === 'integer' && Number.isNaN(v.value)) return NONE;
  // The common case, without allocating: a plain value of the expected type and nothing more to check.
  if (!option.check && option.min === undefined && option.max === undefined && fastKind(option.kind) === v.kind) return NONE;
  // publish { allow, deny }: a block of its own (a visit of the walk), nothing to check here.
  if (option.kind === 'subjects' && v.kind === 'map' && !option.check) return NONE;
  const at: ValueNode | Entry = written;
  const problems = valueProblems(option, at, v, ctx);
  if (problems.length === 0) return NONE;
  for (const p of problems) clean(p);
  return problems;
}

function valueProblems(option: OptionSpec, at: ValueNode | Entry, v: ValueNode, ctx: ValueContext): ValueProblem[] {
  const out: ValueProblem[] = [];
  switch (option.kind) {
    case 'string':
      if (v.kind !== 'string') return [wrongType(option, at, v, ctx, 'string', 'a string (in quotes)')];
      break;
    case 'bool':
      if (v.kind !== 'bool') return [wrongType(option, at, v, ctx, 'bool', 'true or false')];
      break;
    case 'int':
    case 'size':
      if (v.kind !== 'integer')
        return [wrongType(option, at, v, ctx, 'int64', option.kind === 'size' ? 'a size such as 1MB (no quotes)' : 'an integer')];
      rangeCheck(option, v.value, ctx, problemFor(out, at));
      break;
    case 'storage-size':
      storageSize(option, v, ctx, problemFor(out, at));
      break;
    case 'duration':
      duration(option, v, ctx, problemFor(out, at));
      break;
    case 'duration-string': {
      if (v.kind !== 'string') return [wrongType(option, at, v, ctx, 'string', 'a duration string such as "30s"')];
      const d = parseGoDuration(v.value);
      if ('error' in d) problemFor(out, at)(durationReason(option, d.error), `Write a Go duration such as "30s", "2m" or "1h30m".`);
      else rangeCheck(option, d.seconds, ctx, problemFor(out, at), v.value);
      break;
    }
    case 'seconds':
      seconds(option, v, ctx, problemFor(out, at));
      break;
    case 'listen':
      listen(v, ctx, problemFor(out, at));
      break;
    case 'url':
      if (v.kind !== 'string') return [wrongType(option, at, v, ctx, 'string', 'a URL string')];
      urlCheck(v, at, ctx, out);
      break;
    case 'url-list':
      if (v.kind !== 'array')
        return [wrongType(option, at, v, ctx, '[]interface {}', 'a list of URLs, even for one: [ "nats://host:port" ]')];
      urlItems(v.items, ctx, out);
      break;
    case 'url-or-list':
      if (v.kind === 'string') urlCheck(v, at, ctx, out);
      else if (v.kind === 'array') urlItems(v.items, ctx, out);
      else
        problemFor(out, at)(
          `Expected remote leafnode url to be an array or string, got ${goValue(v)}`,
          `${ctx.key} takes a URL string or a list of them.`,
        );
      break;
    case 'string-or-list':
    case 'string-list':
      stringList(option, v, at, ctx, out);
      break;
    case 'subjects':
      subjects(option, v, at, out);
      break;
    case 'map':
      if (v.kind !== 'map') {
        const p = wrongType(option, at, v, ctx, 'map[string]interface {}', `a block: ${ctx.key} { … }`);
        if (option.name === 'http' || option.name === 'https') p.fix += ' It takes a port or "host:port".';
        return [p];
      }
      break;
    case 'map-list':
      if (v.kind !== 'array') return [wrongType(option, at, v, ctx, '[]interface {}', `a list of blocks: ${ctx.key} [ { … } ]`)];
      for (let i = 0; i < v.items.length; i++) {
        const item = v.items[i]!;
        const m = deref(item);
        if (m && m.kind !== 'map' && m.kind !== 'variable')
          out.push({
            at: item,
            reason: `Expected ${ctx.key} entry to be a map/struct, got ${goValue(m)}`,
            fix: `Each entry of ${ctx.key} is a block { … }.`,
          });
      }
      break;
    case 'dynamic-map':
      dynamicMap(option, v, at, ctx, out);
      break;
    case 'enum':
      enumCheck(option, v, at, ctx, out);
      break;
    case 'union':
      union(option, v, at, ctx, out);
      break;
  }
  if (out.length === 0 && option.check) specialCheck(option, v, at, ctx, out);
  return out;
}

/** How a helper reports a problem at `at` (made only where a helper may report one: most values need none). */
function problemFor(out: ValueProblem[], at: ValueNode | Entry): Problem {
  return (reason, fix, extra = {}) => {
    out.push({ at, reason, fix, ...extra });
  };
}

type Problem = (reason: string, fix: string, extra?: Partial<ValueProblem>) => void;

function rangeCheck(option: OptionSpec, n: number, ctx: ValueContext, problem: Problem, written?: string): void {
  const low = option.min !== undefined && n < option.min;
  const high = option.max !== undefined && n > option.max;
  if (!low && !high) return;
  const shown = written ?? String(n);
  const reason = option.rangeMessage
    ? option.rangeMessage.replace(/%k/g, ctx.key).replace(/%v/g, shown)
    : `${ctx.key} value ${shown} is out of range`;
  const range =
    option.min !== undefined && option.max !== undefined
      ? `between ${option.min} and ${option.max}`
      : option.min !== undefined
        ? `at least ${option.min}`
        : `at most ${option.max}`;
  problem(reason, `${ctx.key} must be ${range}${option.kind.startsWith('duration') ? ' seconds' : ''}.`);
}

function durationReason(option: OptionSpec, goError: string): string {
  return option.kind === 'duration' || ['lame_duck_duration', 'lame_duck_grace_period'].includes(option.name)
    ? `error parsing ${option.name}: ${goError}`
    : goError;
}

function duration(option: OptionSpec, v: ValueNode, ctx: ValueContext, problem: Problem): void {
  if (v.kind === 'string') {
    if (option.values?.includes(v.value.toLowerCase())) return;
    const d = parseGoDuration(v.value);
    if ('error' in d) problem(durationReason(option, d.error), 'Write a Go duration such as "30s", "2m" or "1h30m".');
    else if (option.check === 'route-ping' && d.seconds > 30 && availableIn({ '2.10': '2.10.10', '2.11': '2.11.0' }, ctx.version))
      problem(
        `Cluster 'ping_interval' will reset to 30s which is the max for routes`,
        'nats-server starts, but warns and uses 30s; `nats-server -t` fails on the warning. Use 30s or less.',
        { warning: true },
      );
    return;
  }
  if (v.kind === 'integer') {
    const suffix = v.suffix ? `${v.raw} is ${v.value.toLocaleString('en-US')} seconds (the suffix multiplies); ` : '';
    problem(
      `invalid use of field "${option.name}": ${option.name} should be converted to a duration`,
      `${suffix}nats-server reads a plain number as seconds but warns, and \`nats-server -t\` fails on the warning. Write a duration string such as "${durationFor(v.value)}".`,
      { warning: true, data: { replacement: `"${durationFor(v.value)}"` } },
    );
    return;
  }
  problem(conversion(v, 'int64'), `${ctx.key} takes a duration string such as "30s".`);
}

function durationFor(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function seconds(option: OptionSpec, v: ValueNode, ctx: ValueContext, problem: Problem): void {
  let secs: number;
  if (v.kind === 'integer' || v.kind === 'float') secs = v.value;
  else if (v.kind === 'string') {
    const d = parseGoDuration(v.value);
    if ('error' in d) {
      problem(
        `error parsing ${ctxLabel(ctx)} config, '${option.name}' ${d.error}`,
        'Write seconds (2, 0.5) or a duration string such as "2s".',
      );
      return;
    }
    secs = d.seconds;
  } else {
    problem(
      `error parsing ${ctxLabel(ctx)} config, '${option.name}' wrong type`,
      `${ctx.key} takes seconds (2, 0.5) or a duration string such as "2s".`,
    );
    return;
  }
  const w = option.warnAbove;
  if (w && secs > w.above && availableIn(w.since, ctx.version)) {
    problem(
      `invalid use of field "${ctx.key}": timeout of ${goValue(v)} (${secs.toFixed(6)} seconds) is high, consider keeping it under ${w.above} seconds`,
      `nats-server starts, but warns, and \`nats-server -t\` fails on the warning. An unquoted 1m is one million seconds: write "1m" in quotes, or a value under ${w.above}.`,
      { warning: true },
    );
  }
}

function ctxLabel(ctx: ValueContext): string {
  if (ctx.block === 'leafnodes.authorization') return 'leafnode authorization';
  if (ctx.block === 'ocsp_cache') return 'OCSP peer cache';
  return 'authorization';
}

function storageSize(option: OptionSpec, v: ValueNode, ctx: ValueContext, problem: Problem): void {
  const label = option.name === 'max_memory_store' ? 'max_mem_store' : option.name;
  if (v.kind === 'integer') {
    if (option.min !== undefined && v.value < option.min)
      problem(`Expected an absolute size for "${ctx.key}", got ${v.value}`, `${ctx.key} cannot be negative.`);
    return;
  }
  if (v.kind !== 'string') {
    problem(`${label} must be int64 or string`, `${ctx.key} takes a size: 10GB (no quotes) or "10G".`);
    return;
  }
  const s = v.value;
  if (s === '') return;
  const prefix = s.slice(0, -1);
  const suffix = s.slice(-1);
  if (!/^[-+]?\d+$/.test(prefix)) {
    problem(
      `${label} strconv.ParseInt: parsing "${prefix}": invalid syntax`,
      `A size string is digits and one of K, M, G, T ("10G"); or write the size without quotes: 10GB.`,
      /^\d+[kmgtKMGT][bB]?$/.test(s)
        ? {
            data: {
              replacement: s
                .replace(/[bB]$/, '')
                .replace(/[kmgt]$/, (c) => c.toUpperCase())
                .replace(/^(\d+)([KMGT])$/, '$1$2B'),
            },
          }
        : {},
    );
    return;
  }
  if (!'KMGT'.includes(suffix))
    problem(
      `${label} sizes defined as strings must end in K, M, G, T`,
      `Use an upper-case K, M, G or T ("10G"), or write the size without quotes: 10GB.`,
    );
}

function listen(v: ValueNode, ctx: ValueContext, problem: Problem): void {
  if (v.kind === 'integer') return;
  if (v.kind !== 'string') {
    problem(
      `expected port or host:port, got ${goType(v)}`,
      `${ctx.key} takes a port (8222) or "host:port", not ${PLAIN_KIND[v.kind] ?? goType(v)}.`,
    );
    return;
  }
  const hp = splitHostPort(v.value);
  if (!hp)
    problem(`could not parse address string "${v.value}"`, `Write "host:port" (e.g. "0.0.0.0:4222", "[::1]:4222") or a port number.`);
  else if (!/^[-+]?\d+$/.test(hp.port)) problem(`could not parse port "${hp.port}"`, `The port must be a number.`);
}

/** Go's net.SplitHostPort, enough to tell good from bad. */
function splitHostPort(s: string): { host: string; port: string } | undefined {
  if (s.startsWith('[')) {
    const m = /^\[([^\]]*)\]:([^:]*)$/.exec(s);
    return m ? { host: m[1]!, port: m[2]! } : undefined;
  }
  const i = s.lastIndexOf(':');
  if (i < 0) return undefined;
  const host = s.slice(0, i);
  if (host.includes(':') || host.includes('[') || host.includes(']')) return undefined;
  return { host, port: s.slice(i + 1) };
}

const URL_TYPE: Record<string, string> = { cluster: 'route', 'gateway.remote': 'gateway', 'leafnodes.remote': 'leafnode' };

function urlCheck(v: ValueNode & { kind: 'string' }, at: ValueNode | Entry, ctx: ValueContext, out: ValueProblem[]): void {
  const u = v.value.trim();
  const bad = goUrlError(u);
  if (bad)
    out.push({
      at,
      reason: `error parsing ${URL_TYPE[ctx.block] ?? 'url'} url ["${u}"]`,
      fix: `${bad}. Write a URL such as "nats://host:port".`,
    });
}

/** Why Go's url.Parse refuses a string, for the cases configs hit. */
function goUrlError(u: string): string | undefined {
  if (u.startsWith(':')) return 'It has no scheme before ":"';
  if (/[\u0000-\u001f\u007f]/.test(u)) return 'It contains a control character';
  if (/%(?![0-9a-fA-F]{2})/.test(u)) return 'A "%" must start an escape such as %20';
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(u);
  if (m) {
    const host = m[1]!.slice(m[1]!.lastIndexOf('@') + 1);
    if (/[\s"<>\\^`{|}]/.test(host)) return 'The host contains a character URLs do not allow';
    if (host.startsWith('[') && !host.includes(']')) return 'The IPv6 address misses its "]"';
  }
  return undefined;
}

function urlItems(items: ValueNode[], ctx: ValueContext, out: ValueProblem[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    const s = deref(item);
    if (!s || s.kind === 'variable') continue;
    if (s.kind !== 'string') {
      out.push({ at: item, reason: conversion(s, 'string'), fix: 'Each URL is a string in quotes.' });
      continue;
    }
    if (seen.has(s.value)) {
      out.push({
        at: item,
        reason: `invalid use of field "${s.value}": Duplicate ${URL_TYPE[ctx.block] ?? 'url'} entry detected`,
        fix: 'nats-server starts, but warns, and `nats-server -t` fails on the warning. Remove the duplicate.',
        warning: true,
      });
      continue;
    }
    seen.add(s.value);
    urlCheck(s, item, ctx, out);
  }
}

function stringList(option: OptionSpec, v: ValueNode, at: ValueNode | Entry, ctx: ValueContext, out: ValueProblem[]): void {
  if (option.check === 'go-string-slice' && v.kind === 'array') {
    out.push({
      at,
      reason: conversion(v, '[]string'),
      fix: `Every nats-server release fails on ${ctx.key} written as a list; use url: "…" with one responder instead.`,
    });
    return;
  }
  const items = v.kind === 'array' ? v.items : option.kind === 'string-or-list' && v.kind === 'string' ? [v] : undefined;
  if (!items) {
    const reason = option.typeMessage
      ? fill(option.typeMessage, v, ctx.key)
      : conversion(v, option.kind === 'string-list' ? '[]interface {}' : 'string');
    out.push({
      at,
      reason,
      fix: `${ctx.key} takes ${option.kind === 'string-list' ? 'a list of strings' : 'a string or a list of strings'}.`,
    });
    return;
  }
  for (const item of items) {
    const s = deref(item);
    if (!s || s.kind === 'variable' || s.kind === 'string') continue;
    out.push({
      at: item,
      reason:
        option.name === 'server_tags'
          ? `error parsing tags: unsupported type *conf.token where string is expected`
          : conversion(s, 'string'),
      fix: `Each item of ${ctx.key} is a string; put it in quotes.`,
    });
  }
}

function subjects(option: OptionSpec, v: ValueNode, at: ValueNode | Entry, out: ValueProblem[]): void {
  if (v.kind === 'map') return; // { allow, deny }: a block of its own
  const items = v.kind === 'array' ? v.items : v.kind === 'string' ? [v] : undefined;
  if (!items) {
    out.push({
      at,
      reason: `Expected subject permissions to be a subject, or array of subjects, got ${goType(v)}`,
      fix: 'Write a subject ("orders.>"), a list of subjects, or { allow: [...], deny: [...] }.',
    });
    return;
  }
  const queues = option.name === 'subscribe' || option.name === 'allow' || option.name === 'deny';
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const s = deref(item);
    if (!s || s.kind === 'variable') continue;
    if (s.kind !== 'string') {
      out.push({ at: item, reason: 'Subject in permissions array cannot be cast to string', fix: 'Each subject is a string.' });
      return;
    }
    const bad = subjectError(s.value, queues);
    if (bad) {
      out.push({ at: item, reason: bad, fix: 'Subjects are dot-separated tokens without spaces; ">" may only be the last token.' });
      return;
    }
  }
}

function subjectError(s: string, allowQueue: boolean): string | undefined {
  if (isSubject(s)) return undefined;
  if (!allowQueue) return `subject "${s}" is not a valid subject`;
  const parts = s.split(/\s+/).filter(Boolean);
  if (parts.length !== 2) return `subject "${s}" is not a valid subject`;
  if (!isSubject(parts[0]!)) return `subject "${parts[0]}" is not a valid subject`;
  if (!isSubject(parts[1]!)) return `queue "${parts[1]}" is not a valid queue`;
  return undefined;
}

function dynamicMap(option: OptionSpec, v: ValueNode, at: ValueNode | Entry, ctx: ValueContext, out: ValueProblem[]): void {
  if (v.kind !== 'map') {
    const reason = option.typeMessage ? fill(option.typeMessage, v, ctx.key) : conversion(v, 'map[string]interface {}');
    out.push({ at, reason, fix: `${ctx.key} takes a block of key: value pairs.` });
    return;
  }
  const entry = option.entry;
  if (!entry) return;
  for (const e of v.entries) {
    if (e.kind !== 'entry') continue;
    if (option.check === 'mapping-subjects' && !isSubject(e.key)) {
      out.push({
        at: e,
        reason: `Subject "${e.key}" is not a valid subject`,
        fix: 'A mapping maps a subject: dot-separated tokens without spaces.',
      });
      continue;
    }
    if (entry.kind === 'union') {
      const ev = deref(e.value);
      if (ev && ev.kind !== 'variable') out.push(...valueProblems(entry, e.value ?? e, ev, { ...ctx, key: e.key }));
      continue;
    }
    const ev = deref(e.value);
    if (!ev || ev.kind === 'variable') continue;
    const want = entry.kind === 'bool' ? 'bool' : 'string';
    if ((want === 'bool' && ev.kind !== 'bool') || (want === 'string' && ev.kind !== 'string')) {
      const reason = entry.typeMessage ? fill(entry.typeMessage, ev, e.key) : conversion(ev, want);
      out.push({ at: e.value ?? e, reason, fix: `The value of ${e.key} must be ${want === 'bool' ? 'true or false' : 'a string'}.` });
    } else if (option.check === 'account-jwts' && ev.kind === 'string' && !looksLikeJwt(ev.value)) {
      out.push({
        at: e.value ?? e,
        reason: 'invalid account JWT',
        fix: 'Each value is an account JWT (three base64url parts, starting with eyJ).',
      });
    }
  }
}

function looksLikeJwt(s: string): boolean {
  return /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(s);
}

function enumCheck(option: OptionSpec, v: ValueNode, at: ValueNode | Entry, ctx: ValueContext, out: ValueProblem[]): void {
  const values = option.values ?? [];
  if (v.kind !== 'string') {
    out.push(wrongType(option, at, v, ctx, 'string', `one of ${values.map((x) => `"${x}"`).join(', ')}`));
    return;
  }
  if (enumAccepts(option, v.value)) return;
  const lower = values.find((x) => x.toLowerCase() === v.value.toLowerCase());
  out.push({
    at,
    reason: enumReason(option, v.value, ctx),
    fix: lower ? `Values are case-sensitive here: write "${lower}".` : `Use one of ${values.map((x) => `"${x}"`).join(', ')}.`,
    data: { replacement: `"${lower ?? values[0]}"`, values },
  });
}

function enumReason(option: OptionSpec, value: string, ctx: ValueContext): string {
  switch (ctx.block === 'ocsp' ? 'ocsp-mode' : option.name) {
    case 'write_timeout':
      return "write_timeout must be 'default', 'close' or 'retry'";
    case 'cipher':
      return `Unknown cipher type: "${value}"`;
    case 'ocsp-mode':
      return 'error parsing ocsp config: unsupported ocsp mode string';
    case 'type':
      return ctx.block === 'ocsp_cache'
        ? `error parsing OCSP peer cache config, unknown type [${value}]`
        : 'error parsing account resolver, should be MEM or  URL("url") or a map containing dir and type state=[FULL|CACHE])';
    case 'response_type':
      return `Unknown response type: "${value}"`;
    case 'cluster_traffic':
      return `Expected 'system' or 'owner' string value for "${ctx.key}", got ${value}`;
    default:
      return `invalid value "${value}" for ${ctx.key}`;
  }
}

function union(option: OptionSpec, v: ValueNode, at: ValueNode | Entry, ctx: ValueContext, out: ValueProblem[]): void {
  const accepts = option.accepts ?? [];
  const shape = shapeOf(v);
  // A float where integers are accepted: the type switch misses it like any other type.
  if ((!shape || !accepts.includes(shape)) && option.name === 'accounts') {
    // parseAccounts has no default case: any other value is silently ignored.
    out.push({
      at,
      reason: 'accounts is neither a block nor a list',
      fix: 'nats-server ignores it: write accounts { NAME: { … } }.',
      advice: true,
    });
    return;
  }
  if (!shape || !accepts.includes(shape)) {
    const reason = option.typeMessage ? fill(option.typeMessage, v, ctx.key) : conversion(v, WANT[accepts[0] ?? 'string'] ?? 'string');
    out.push({ at, reason, fix: `${ctx.key} takes ${describeShapes(accepts)}.` });
    return;
  }
  if (shape === 'string' && option.values?.length && v.kind === 'string') {
    if (!option.values.some((x) => x.toLowerCase() === v.value.toLowerCase()))
      out.push({
        at,
        reason: option.values.includes('enabled')
          ? `Expected 'enabled' or 'disabled' for string value, got '${v.value}'`
          : `invalid value "${v.value}" for ${ctx.key}`,
        fix: `Use ${option.values.map((x) => `"${x}"`).join(' or ')}${accepts.includes('bool') ? ', or true/false' : ''}.`,
      });
    return;
  }
  if (option.name === 'handshake_timeout' && v.kind === 'string') {
    const d = parseGoDuration(v.value);
    if ('error' in d) out.push({ at, reason: d.error, fix: 'Write seconds (2) or a duration string such as "2s".' });
  }
  if (option.name === 'weight' || option.name === 'sampling') percent(option, v, at, ctx, out);
  if (option.name === 'operator' && v.kind === 'array') {
    for (const item of v.items) {
      const s = deref(item);
      if (s && s.kind !== 'string' && s.kind !== 'variable') {
        out.push({
          at: item,
          reason: 'error parsing operators: unsupported type *conf.token where string is expected',
          fix: 'Each operator is a file path or a JWT string.',
        });
        return;
      }
    }
  }
}

function percent(option: OptionSpec, v: ValueNode, at: ValueNode | Entry, ctx: ValueContext, out: ValueProblem[]): void {
  const latency = ctx.block === 'latency';
  const trace = ctx.block === 'account.msg_trace';
  let n: number;
  if (v.kind === 'integer') n = v.value;
  else if (v.kind === 'string') {
    if (latency && v.value.trim().toLowerCase() === 'headers') return;
    const s = v.value.replace(/%$/, '');
    if (!/^[-+]?\d+$/.test(s)) {
      const reason = latency
        ? `Failed to parse latency sample: strconv.Atoi: parsing "${s}": invalid syntax`
        : trace
          ? `Invalid trace destination sampling value "${v.value}"`
          : `Invalid weight "${s}" for mapping destination`;
      out.push({ at, reason, fix: 'Write a whole number from 0 to 100, or a percentage such as "40%".' });
      return;
    }
    n = Number(s);
  } else return;
  const min = option.name === 'weight' ? 0 : 1;
  if (n < min || n > 100) {
    const reason = latency
      ? 'bad sampling percentage, should be 1-100'
      : trace
        ? `Ttrace destination sampling value ${n} is invalid, needs to be [1..100]`
        : `Invalid weight ${n} for mapping destination`;
    out.push({ at, reason, fix: `${ctx.key} must be between ${min} and 100.` });
  }
}

// ------------------------------------------------------------------ special rules

function specialCheck(option: OptionSpec, v: ValueNode, at: ValueNode | Entry, ctx: ValueContext, out: ValueProblem[]): void {
  const s = v.kind === 'string' ? v.value : undefined;
  const bad = (reason: string, fix: string, data?: Record<string, unknown>): void => {
    out.push({ at, reason, fix, ...(data ? { data } : {}) });
  };
  switch (option.check) {
    case 'server-name':
    case 'cluster-name':
    case 'gateway-name':
      // Checked while loading since 2.11.0 (earlier releases refuse such names only when starting).
      if (s?.includes(' ') && availableIn({ '2.11': '2.11.0' }, ctx.version)) {
        const what = option.check.split('-')[0]!;
        bad(`${what} name cannot contain spaces`, `Remove the spaces, e.g. "${s.replace(/\s+/g, '-')}".`, {
          replacement: `"${s.replace(/\s+/g, '-')}"`,
        });
      }
      return;
    case 'leaf-min-version':
      if (s !== undefined) leafMinVersion(s, bad);
      return;
    case 'user-nkey':
      if (s !== undefined && nkeyKind(s) !== 'user')
        bad(
          ctx.block === 'leafnodes.authorization'
            ? 'Not a valid public nkey for leafnode authorization'
            : 'Not a valid public nkey for a user',
          'A user nkey is the public key starting with U (56 characters), not the seed.',
        );
      return;
    case 'account-nkey':
      if (s !== undefined && nkeyKind(s) !== 'account')
        bad(
          ctx.block === 'auth_callout'
            ? `Expected callout user to be a valid public account nkey, got "${s}"`
            : `Not a valid public nkey for an account: "${s}"`,
          'An account nkey is the public key starting with A (56 characters).',
        );
      return;
    case 'curve-nkey':
      if (s !== undefined && nkeyKind(s) !== 'curve')
        bad(
          `Expected callout xkey to be a valid public xkey, got "${s}"`,
          'An xkey is a public curve key starting with X (56 characters).',
        );
      return;
    case 'user-seed':
      if (s !== undefined && nkeyKind(s) !== 'user-seed')
        bad(`Remote leafnode nkey is not a valid seed: "${s}"`, 'Use the user seed (starting with SU), or a credentials file.');
      return;
    case 'public-nkey':
      if (s !== undefined && !['user', 'account', 'operator', 'server', 'cluster', 'curve'].includes(nkeyKind(s) ?? ''))
        bad(`invalid proxy key "${s}"`, 'A proxy key is a public nkey (56 characters).');
      return;
    case 'operator-nkeys': {
      const keys = v.kind === 'string' ? [v] : v.kind === 'array' ? v.items.map(deref) : [];
      for (const k of keys)
        if (k?.kind === 'string' && nkeyKind(k.value) !== 'operator') {
          bad(
            `trust key "${k.value}" required to be a valid public operator nkey`,
            'Trusted keys are operator public keys, starting with O.',
          );
          return;
        }
      return;
    }
    case 'connection-types': {
      const items = v.kind === 'string' ? [v] : v.kind === 'array' ? v.items.map(deref) : [];
      const unknown = items
        .filter((i) => i?.kind === 'string' && !CONNECTION_TYPES.includes(i.value.toUpperCase()))
        .map((i) => (i as { value: string }).value.toUpperCase());
      if (unknown.length)
        bad(`invalid connection types [${unknown.map((u) => `"${u}"`).join(' ')}]`, `Known types: ${CONNECTION_TYPES.join(', ')}.`);
      return;
    }
    case 'resolver':
      if (s !== undefined && !/(MEM|MEMORY)\s*/i.test(s) && !/URL/i.test(s))
        bad(
          'error parsing account resolver, should be MEM or  URL("url") or a map containing dir and type state=[FULL|CACHE])',
          'Write MEMORY, URL("http://host/jwt/v1/accounts/"), or a block { type: full, dir: "./jwt" }.',
        );
      return;
    case 'rtt-durations':
      if (v.kind === 'array')
        for (const item of v.items) {
          const d = deref(item);
          if (d?.kind === 'string' && 'error' in parseGoDuration(d.value)) {
            out.push({
              at: item,
              reason: (parseGoDuration(d.value) as { error: string }).error,
              fix: 'Each threshold is a duration string such as "10ms".',
            });
            return;
          }
          if (d && d.kind !== 'string' && d.kind !== 'variable') {
            out.push({ at: item, reason: conversion(d, 'string'), fix: 'Each threshold is a duration string such as "10ms".' });
            return;
          }
        }
      return;
    default:
      return;
  }
}

function leafMinVersion(s: string, bad: (reason: string, fix: string) => void): void {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(s);
  if (!m) {
    bad(`invalid leafnode's minimum version: invalid semver`, 'Write a version such as "2.8.0".');
    return;
  }
  const [maj, min] = [Number(m[1]), Number(m[2])];
  if (maj < 2 || (maj === 2 && min < 8)) bad('the minimum version should be at least 2.8.0', 'Use "2.8.0" or newer.');
}
