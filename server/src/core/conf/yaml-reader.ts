// Reads YAML and JSON client configs (and NATS CLI contexts) into the same tree as nats-server configs,
// keeping offsets, so later checks treat a YAML `tls:` map like a `tls { }` block.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, Scalar } from 'yaml';
import { ArrayNode, BoolNode, Entry, MapNode, NumberNode, StringNode, type Source, type ValueNode } from './ast';
import type { SourceIssue } from './issue';

export interface ParsedYaml {
  root: MapNode;
  issues: SourceIssue[];
  /** False when the document is not a mapping at all (a list, a scalar, or empty). */
  isMapping: boolean;
}

const MAX_DEPTH = 512;

export function parseYaml(src: Source): ParsedYaml {
  const root = new MapNode(src, 0, src.text.length, 'root');
  const issues: SourceIssue[] = [];
  let doc;
  try {
    doc = parseDocument(src.text, { uniqueKeys: false, lineCounter: new LineCounter(), prettyErrors: false, strict: false });
  } catch (e) {
    // The yaml library recurses; absurdly deep documents overflow it. Report instead of crashing.
    issues.push({
      code: 'syntax-error',
      severity: 'error',
      message: `This file cannot be read as YAML: ${(e as Error).message}.`,
      src,
      start: 0,
      end: 0,
    });
    return { root, issues, isMapping: false };
  }
  for (const err of doc.errors) {
    // The yaml library puts errors at the end of the input one character past it.
    const start = Math.min(err.pos[0], src.text.length);
    issues.push({
      code: 'syntax-error',
      severity: 'error',
      message: `${err.message.split('\n')[0]}.`.replace(/\.\.$/, '.'),
      src,
      start,
      end: Math.min(Math.max(err.pos[1], start), src.text.length),
    });
  }
  const contents = doc.contents;
  if (!isMap(contents)) return { root, issues, isMapping: false };
  // Iterative conversion: a hostile file may nest deeper than the call stack allows.
  const work: { from: YamlNode; into: MapNode | ArrayNode; entry?: Entry; depth: number }[] = [{ from: contents, into: root, depth: 0 }];
  while (work.length) {
    const { from, into, depth } = work.pop()!;
    if (depth > MAX_DEPTH) {
      issues.push({
        code: 'syntax-error',
        severity: 'error',
        message: `This file nests more than ${MAX_DEPTH} levels deep; nats-tls stops reading there.`,
        src,
        start: into.start,
        end: into.start,
      });
      continue;
    }
    if (isMap(from) && into.kind === 'map') {
      for (const pair of from.items) {
        const key = pair.key;
        if (!isScalar(key) || !key.range) continue;
        const [ks, ke] = key.range;
        const value = pair.value as YamlNode | null;
        const end = value?.range ? value.range[1] : ke;
        const entry = new Entry(
          src,
          ks,
          end,
          String(key.value ?? ''),
          ks,
          ke,
          key.type === Scalar.QUOTE_DOUBLE || key.type === Scalar.QUOTE_SINGLE,
        );
        entry.parent = into;
        into.entries.push(entry);
        const node = value ? convert(src, value) : undefined;
        if (node) {
          entry.value = node;
          node.parent = entry;
          if (node.kind === 'map' || node.kind === 'array') work.push({ from: value!, into: node, depth: depth + 1 });
        }
      }
    } else if (isSeq(from) && into.kind === 'array') {
      for (const item of from.items as (YamlNode | null)[]) {
        const node = item ? convert(src, item) : undefined;
        if (!node) continue;
        node.parent = into;
        into.items.push(node);
        if (node.kind === 'map' || node.kind === 'array') work.push({ from: item!, into: node, depth: depth + 1 });
      }
    }
  }
  return { root, issues, isMapping: true };
}

function convert(src: Source, node: YamlNode): ValueNode | undefined {
  const range = node.range;
  if (!range) return undefined;
  const [start, end] = range;
  if (isMap(node)) return new MapNode(src, start, end, 'yaml');
  if (isSeq(node)) return new ArrayNode(src, start, end);
  if (!isScalar(node)) return undefined;
  const v = node.value;
  const raw = src.text.slice(start, end);
  if (typeof v === 'string') {
    const style =
      node.type === Scalar.QUOTE_DOUBLE
        ? 'double'
        : node.type === Scalar.QUOTE_SINGLE
          ? 'single'
          : node.type === Scalar.PLAIN
            ? 'bare'
            : 'block';
    return new StringNode(src, start, end, v, style);
  }
  if (typeof v === 'boolean') return new BoolNode(src, start, end, v, raw);
  if (typeof v === 'number') return new NumberNode(src, start, end, Number.isInteger(v) ? 'integer' : 'float', v, raw, '');
  return undefined;
}
