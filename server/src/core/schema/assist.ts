// Hovers and completion from the schema table, for every block nats-server parses. TLS blocks keep their
// own location-aware texts (tls/field-doc.ts); here they fall back to the same field table.
import type { Entry, MapNode } from '../conf/ast';
import type { ConfigDoc } from '../document';
import { nodeAt, ownerEntry } from '../locate';
import { fieldMarkdown } from '../tls/field-doc';
import { tlsField } from '../tls/fields';
import { availableIn, describeSince, type Version } from '../tls/versions';
import { blockSpec, optionIn } from './index';
import type { BlockSpec, OptionSpec, ValueKind } from './types';
import { schemaWalk, type BlockVisit } from './walk';

const KIND_TEXT: Record<ValueKind, string> = {
  string: 'string',
  bool: 'boolean',
  int: 'integer',
  size: 'size (integer; 1KB = 1024, 1K = 1000)',
  'storage-size': 'size: an integer (10GB) or a string ("10G")',
  duration: 'duration string ("2m"); a bare number is seconds, with a warning',
  'duration-string': 'duration string ("30s", "1h30m")',
  seconds: 'seconds (a number) or a duration string',
  listen: 'port, or "host:port"',
  url: 'URL string',
  'url-list': 'list of URL strings',
  'url-or-list': 'URL string, or a list of them',
  'string-or-list': 'string, or a list of strings',
  'string-list': 'list of strings',
  subjects: 'subject, list of subjects, or { allow, deny }',
  map: 'block { … }',
  'map-list': 'list of blocks [ { … } ]',
  'dynamic-map': 'block of name: value pairs',
  enum: 'one of a fixed set of strings',
  union: 'several forms',
};

function kindText(o: OptionSpec): string {
  if (o.kind === 'enum' && o.values) return `one of ${o.values.map((v) => `"${v}"`).join(', ')}`;
  if (o.kind === 'union' && o.accepts) {
    const words: Record<string, string> = {
      string: 'string',
      bool: 'boolean',
      int: 'integer',
      float: 'number',
      map: 'block',
      array: 'list',
    };
    return o.accepts.map((a) => words[a]).join(' or ');
  }
  return KIND_TEXT[o.kind];
}

/** One-line summary for completion details: `boolean · default false · nats-server 2.10.0+`. */
export function optionDetail(o: OptionSpec): string {
  const parts = [kindText(o)];
  if (o.default) parts.push(`default ${o.default}`);
  if (o.since) parts.push(`nats-server ${describeSince(o.since)}+`);
  return parts.join(' · ');
}

/** Markdown documentation of an option, with the facts from the table. */
export function optionMarkdown(o: OptionSpec, block: BlockSpec, path?: string): string {
  const lines: string[] = [];
  lines.push(`**${o.name}**${o.aliases?.length ? ` (also ${o.aliases.map((a) => `\`${a}\``).join(', ')})` : ''} — ${kindText(o)}`);
  lines.push('', o.doc, '');
  lines.push(`- Default: ${o.default ?? 'not set'}`);
  if (o.values?.length && o.kind !== 'enum') lines.push(`- Values: ${o.values.map((v) => `\`${v}\``).join(', ')}`);
  if (o.min !== undefined || o.max !== undefined) lines.push(`- Range: ${o.min ?? '…'} to ${o.max ?? '…'}`);
  lines.push(`- Added in: ${o.since ? `nats-server ${describeSince(o.since)}` : 'every supported nats-server release (2.9.10 and newer)'}`);
  if (o.deprecated) lines.push(`- Deprecated since nats-server ${describeSince(o.deprecated.since)}: ${o.deprecated.note}`);
  if (o.exactCase || block.caseSensitive) lines.push('- nats-server reads this key only in lower case, exactly as written here');
  lines.push(`- In \`${path || block.path || 'the top level'}\` (nats-server's ${block.parser})`);
  return lines.join('\n');
}

export interface OptionHover {
  markdown: string;
  /** The key's offsets. */
  start: number;
  end: number;
}

/** The documentation of the option whose key is at `offset`, when the schema knows it. */
export function optionHoverAt(doc: ConfigDoc, offset: number): OptionHover | undefined {
  const walk = schemaWalk(doc);
  if (!walk) return undefined;
  const at = nodeAt(doc.root, offset);
  if (!at.entry || !at.onKey) return undefined;
  const entry = at.entry;
  const map = entry.parent?.kind === 'map' ? entry.parent : undefined;
  const visit = map && visitOf(walk.byMap, map, entry);
  if (!visit) return undefined;
  if (visit.block.id === 'tls') {
    const f = tlsField(entry.name);
    return f ? { markdown: fieldMarkdown(f), start: entry.keyStart, end: entry.keyEnd } : undefined;
  }
  const option = optionIn(visit.block, entry.key);
  if (!option) return undefined;
  return { markdown: optionMarkdown(option, visit.block, visit.path), start: entry.keyStart, end: entry.keyEnd };
}

/** The visit of the map an entry is written in (for an entry of an included file, the block that includes it). */
function visitOf(byMap: Map<MapNode, BlockVisit>, map: MapNode, entry: Entry): BlockVisit | undefined {
  const direct = byMap.get(map);
  if (direct) return direct;
  for (const v of byMap.values()) if (v.entries.includes(entry)) return v;
  return undefined;
}

export interface OptionItem {
  label: string;
  detail: string;
  documentation: string;
  /** Snippet (LSP snippet syntax) and the same without placeholders. */
  snippet: string;
  plain: string;
  /** Deprecated or ignored by the target release. */
  deprecated: boolean;
}

export interface OptionCompletion {
  items: OptionItem[];
  /** The offsets the item replaces (the word being typed). */
  start: number;
  end: number;
  /** Only the name is inserted: the key already has a value. */
  nameOnly: boolean;
}

const WORD = /[A-Za-z0-9_-]/;

/** Option names that can be typed at `offset` (a key position in a block the schema knows). */
export function optionCompletionsAt(doc: ConfigDoc, offset: number, version: Version | undefined): OptionCompletion | undefined {
  const walk = schemaWalk(doc);
  if (!walk) return undefined;
  const text = doc.src.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (!/(^|[{,;])\s*[A-Za-z0-9_-]*$/.test(before)) return undefined;
  if (/(^|\s)(#|\/\/)/.test(before)) return undefined;
  const at = nodeAt(doc.root, offset);
  const map = at.container.kind === 'map' ? at.container : undefined;
  if (!map) return undefined;
  let visit = walk.byMap.get(map);
  // An empty map typed after a key the walk did not reach (e.g. a list item): find its block from the owner.
  if (!visit) {
    const owner = ownerEntry(map);
    const parent = owner?.parent?.kind === 'map' ? walk.byMap.get(owner.parent) : undefined;
    const option = parent && owner ? optionIn(parent.block, owner.key) : undefined;
    const block = option?.block ? blockSpec(option.block) : undefined;
    if (block)
      visit = {
        block,
        map,
        path: owner!.key,
        entries: [],
        owner: option,
        account: undefined,
        processed: [],
        options: [],
        at: -1,
        gen: -1,
      };
  }
  if (!visit || visit.block.delegated || visit.block.id === 'accounts') return undefined;
  let s = offset;
  while (s > 0 && WORD.test(text[s - 1]!)) s--;
  let e = offset;
  while (e < text.length && WORD.test(text[e]!)) e++;
  const current = at.entry && at.onKey ? at.entry : undefined;
  const taken = new Set(visit.entries.filter((x) => x !== current).map((x) => x.name));
  const items: OptionItem[] = [];
  for (const o of visit.block.options) {
    if ([o.name, ...(o.aliases ?? [])].some((n) => taken.has(n))) continue;
    const available = !o.since || !version || availableIn(o.since, version);
    if (!available) continue;
    const s2 = snippetOf(o);
    items.push({
      label: o.name,
      detail: optionDetail(o),
      documentation: optionMarkdown(o, visit.block, visit.path),
      snippet: s2.snippet,
      plain: s2.plain,
      deprecated: !!(o.deprecated && (!version || availableIn(o.deprecated.since, version))),
    });
  }
  return { items, start: s, end: e, nameOnly: !!current?.value };
}

/** A `name: value` line for an option, by kind. */
export function snippetOf(o: OptionSpec): { snippet: string; plain: string } {
  const n = o.name;
  const choice = (values: string[], quote: boolean): { snippet: string; plain: string } => {
    const q = quote ? '"' : '';
    return { snippet: `${n}: ${q}\${1|${values.join(',')}|}${q}`, plain: `${n}: ${q}${values[0]}${q}` };
  };
  switch (o.kind) {
    case 'bool':
      return choice(['true', 'false'], false);
    case 'enum':
      return choice(o.values ?? [''], true);
    case 'int':
      return { snippet: `${n}: \${1:${o.min ?? 0}}`, plain: `${n}: ${o.min ?? 0}` };
    case 'size':
      return { snippet: `${n}: \${1:1MB}`, plain: `${n}: 1MB` };
    case 'storage-size':
      return { snippet: `${n}: \${1:10GB}`, plain: `${n}: 10GB` };
    case 'duration':
    case 'duration-string':
      return { snippet: `${n}: "\${1:${o.min && o.min > 2 ? `${o.min}s` : '2s'}}"`, plain: `${n}: "2s"` };
    case 'seconds':
      return { snippet: `${n}: \${1:2}`, plain: `${n}: 2` };
    case 'listen':
      return { snippet: `${n}: "\${1:0.0.0.0}:\${2:4222}"`, plain: `${n}: "0.0.0.0:4222"` };
    case 'map':
    case 'dynamic-map':
      return { snippet: `${n} {\n\t$0\n}`, plain: `${n} {\n}` };
    case 'map-list':
      return { snippet: `${n}: [\n\t{ $0 }\n]`, plain: `${n}: [\n]` };
    case 'url-list':
    case 'string-list':
    case 'string-or-list':
      return { snippet: `${n}: [ "$1" ]`, plain: `${n}: [ "" ]` };
    case 'union':
      if (o.accepts?.includes('bool')) return choice(['true', 'false'], false);
      if (o.accepts?.includes('map')) return { snippet: `${n} {\n\t$0\n}`, plain: `${n} {\n}` };
      return { snippet: `${n}: "$1"`, plain: `${n}: ""` };
    default:
      return { snippet: `${n}: "$1"`, plain: `${n}: ""` };
  }
}
