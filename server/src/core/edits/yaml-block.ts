// Rewrites a YAML-style block in a nats-server config (`tls:` followed by indented `key: value` lines, or
// `- item` lines) into the syntax nats-server reads: `tls { … }` and `key: [ … ]`. YAML-style blocks nested
// inside it are rewritten too. Indentation, comments and values stay exactly as written.
import type { ArrayNode, MapNode } from '../conf/ast';
import type { ParsedConf, SyntaxIssue } from '../conf/parser';
import { lineIndentAt } from '../locate';
import type { OffsetEdit } from './text-edit';

interface Block {
  node: MapNode | ArrayNode;
  depth: number;
}

function contains(outer: MapNode | ArrayNode, inner: MapNode | ArrayNode): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** The yaml-style-block issue reported at `start` (the offset of its key), if any. */
export function yamlBlockIssueAt(conf: ParsedConf, start: number): SyntaxIssue | undefined {
  return conf.issues.find((i) => i.code === 'yaml-style-block' && i.node && i.start === start);
}

/** Where the closing bracket goes: after the block's last value, or at the end of that line when only a comment follows. */
function closeOffset(text: string, end: number): number {
  let eol = text.indexOf('\n', end);
  if (eol === -1) eol = text.length;
  const rest = text.slice(end, eol);
  if (/^[ \t]*((#|\/\/).*)?\r?$/.test(rest)) return rest.endsWith('\r') ? eol - 1 : eol;
  return end;
}

/**
 * Edits that turn the YAML-style block reported by `issue` (and every YAML-style block inside it) into
 * braces and brackets. Undefined when the issue carries no recovered block.
 */
export function yamlBlockToBraces(conf: ParsedConf, issue: SyntaxIssue): OffsetEdit[] | undefined {
  const outer = issue.node;
  if (!outer || issue.code !== 'yaml-style-block') return undefined;
  const text = conf.src.text;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const nodes = conf.issues.filter((i) => i.code === 'yaml-style-block' && i.node && contains(outer, i.node)).map((i) => i.node!);
  const blocks: Block[] = nodes.map((node) => ({ node, depth: nodes.filter((o) => o !== node && contains(o, node)).length }));
  const edits: (OffsetEdit & { depth: number })[] = [];
  for (const { node, depth } of blocks) {
    const entry = node.parent;
    if (entry?.kind !== 'entry') continue;
    const list = node.kind === 'array';
    const sep = /^[ \t]*[:=]?/.exec(text.slice(entry.keyEnd, node.start + 1))![0];
    edits.push({ start: entry.keyEnd, end: entry.keyEnd + sep.length, newText: list ? ': [' : ' {', depth });
    if (node.kind === 'array') {
      for (const item of node.items) {
        // `- item` → `item`: the dash goes, the indentation before it stays.
        let i = item.start - 1;
        while (i > node.start && (text[i] === ' ' || text[i] === '\t')) i--;
        if (text[i] === '-') edits.push({ start: i, end: item.start, newText: '', depth });
      }
    }
    const at = closeOffset(text, node.end);
    // The closing bracket lines up with the key when the key starts its line.
    const key = lineIndentAt(text, entry.keyStart);
    edits.push({ start: at, end: at, newText: `${nl}${key.firstOnLine ? key.indent : ''}${list ? ']' : '}'}`, depth });
  }
  // Inserts at one offset: inner blocks close first.
  edits.sort((a, b) => a.start - b.start || a.end - b.end || b.depth - a.depth);
  return edits.map(({ start, end, newText }) => ({ start, end, newText }));
}
