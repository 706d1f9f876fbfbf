// Small helpers the schema checks share: which entries nats-server actually processes, and its wording.
import type { Entry } from '../conf/ast';
import type { SourceIssue } from '../conf/issue';
import type { Stage } from '../codes';
import type { Severity } from '../types';
import { deref } from '../conf/resolve';
import type { ValueNode } from '../conf/ast';
import type { BlockSpec } from './types';
import type { BlockVisit } from './walk';

/**
 * The entries nats-server processes: a Go map keeps the last value per exact key (keys differing in case
 * are different keys, and both are processed). In source order of those last entries; entries without a
 * value are left out. Not cached: the schema walk keeps each block's (BlockVisit.processed), and a WeakMap
 * entry per block cost more than the scan.
 */
export function lastByKey(entries: readonly Entry[]): Entry[] {
  // Most blocks set each key once and every key has a value: then they are all processed (no copy).
  let plain = true;
  const n = entries.length;
  for (let i = 0; i < n && plain; i++) {
    const e = entries[i]!;
    if (!e.value) plain = false;
    else if (n <= 16) for (let j = i + 1; j < n; j++) if (entries[j]!.key === e.key) plain = false;
  }
  if (plain && n > 16) {
    const keys = new Set<string>();
    for (const e of entries) keys.add(e.key);
    plain = keys.size === n;
  }
  let out = entries as Entry[];
  if (!plain) {
    const last = new Map<string, Entry>();
    // A key without a value sets nothing (2.9.10 drops a bare key at the end; newer releases fail to parse it).
    for (const e of entries) if (e.value) last.set(e.key, e);
    out = entries.filter((e) => last.get(e.key) === e);
  }
  return out;
}

/** nats-server's message for a key its switch does not know. */
export function unknownReason(block: BlockSpec, key: string): string {
  return (block.unknownMessage ?? 'unknown field "%s"').replace('%s', key);
}

export interface IssueOptions {
  data?: Record<string, unknown>;
  stage?: Stage;
  related?: SourceIssue['related'];
}

/** A finding on an entry's key. */
export function atKey(e: Entry, code: string, severity: Severity, message: string, opts: IssueOptions = {}): SourceIssue {
  const issue: SourceIssue = { code, severity, message, src: e.src, start: e.keyStart, end: e.keyEnd };
  if (opts.data) issue.data = opts.data;
  if (opts.stage) issue.stage = opts.stage;
  if (opts.related?.length) issue.related = opts.related;
  return issue;
}

/** A finding on a node (a value, an item). */
export function atNode(
  n: { src: SourceIssue['src']; start: number; end: number },
  code: string,
  severity: Severity,
  message: string,
  opts: IssueOptions = {},
): SourceIssue {
  const issue: SourceIssue = { code, severity, message, src: n.src, start: n.start, end: n.end };
  if (opts.data) issue.data = opts.data;
  if (opts.stage) issue.stage = opts.stage;
  if (opts.related?.length) issue.related = opts.related;
  return issue;
}

/** A visit's entries by option name: what optionEntries gives (a Map for large blocks). */
export interface OptionEntries {
  get(name: string): Entry | undefined;
}

/** Blocks this small are searched (a few comparisons) instead of indexed: most blocks, e.g. one per user. */
const SCANNED = 16;

class ScannedEntries implements OptionEntries {
  constructor(private readonly visit: BlockVisit) {}
  get(name: string): Entry | undefined {
    return optionEntry(this.visit, name);
  }
}

/** The entries of a visit by option name (aliases folded; the last one written wins). */
export function optionEntries(visit: BlockVisit): OptionEntries {
  // A Map per block of a large config (thousands of users) cost more to build and collect than a scan.
  if (visit.processed.length <= SCANNED) return new ScannedEntries(visit);
  // Kept on the visit (a field, not a WeakMap entry per block: those cost the garbage collector more).
  const cached = visit.byOption;
  if (cached) return cached;
  const out = new Map<string, Entry>();
  visit.byOption = out;
  const { processed, options } = visit;
  for (let i = 0; i < processed.length; i++) {
    const o = options[i];
    if (o) out.set(o.name, processed[i]!);
  }
  return out;
}

/** One option's entry in a visit (aliases folded; the last one written wins), without building optionEntries' map. */
export function optionEntry(visit: BlockVisit, name: string): Entry | undefined {
  const { processed, options } = visit;
  for (let i = processed.length - 1; i >= 0; i--) if (options[i]?.name === name) return processed[i];
  return undefined;
}

/** The value of an entry, `$VAR`s followed. */
export function valueOfEntry(e: Entry | undefined): ValueNode | undefined {
  return deref(e?.value);
}

/** The string value of an entry, when it is one. */
export function stringOf(e: Entry | undefined): string | undefined {
  const v = valueOfEntry(e);
  return v?.kind === 'string' ? v.value : undefined;
}
