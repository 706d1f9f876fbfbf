// Semantic tokens: what each piece of a nats-server config means, for colouring beyond what the TextMate
// grammar can see. Keys nats-server knows (options) are `property` + `defaultLibrary`, other keys plain
// `property`, keys that `$NAME` references use are `variable` + `declaration`; references are `variable`;
// a unit suffix (`GB` in `1GB`, `k` in `10k`) is a `unit` of its own after the `number`.
import type { Entry, IncludeNode, ValueNode } from '../conf/ast';
import type { ConfigDoc } from '../document';
import { tokenEnd } from '../format/printer';
import { definitionOf, referencesIn } from '../navigate/variables';

/** The legend: token types and modifiers, in the order their indexes are sent. */
export const TOKEN_TYPES = ['property', 'variable', 'keyword', 'number', 'string', 'comment', 'operator', 'unit'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  start: number;
  end: number;
  type: TokenType;
  modifiers: readonly TokenModifier[];
}

// Shared, so a large file's hundred thousand tokens do not each allocate their modifiers.
const NONE: readonly TokenModifier[] = [];
const DECLARATION: readonly TokenModifier[] = ['declaration'];
const DEFAULT_LIBRARY: readonly TokenModifier[] = ['defaultLibrary'];

/** Whether nats-server knows `key` in the map at `path` (see keys/known.ts); undefined where that is not known. */
export type KnownKey = (path: readonly string[], key: string) => boolean | undefined;

const MAX_NODES = 2_000_000;

/** Every token of a nats-server config (conf format), in document order, none overlapping. */
export function semanticTokens(doc: ConfigDoc, known: KnownKey): SemanticToken[] {
  const text = doc.src.text;
  const out: SemanticToken[] = [];
  const variables = new Set<Entry>();
  for (const v of referencesIn(doc)) {
    const d = definitionOf(v);
    if (d && d.src === doc.src) variables.add(d);
  }
  const tok = (start: number, end: number, type: TokenType, modifiers = NONE): void => {
    if (end > start) out.push({ start, end, type, modifiers });
  };
  const value = (v: ValueNode): void => {
    switch (v.kind) {
      case 'string':
        return tok(v.start, tokenEnd(text, v), 'string');
      case 'integer':
      case 'float':
      case 'datetime': {
        const suffix = v.kind === 'datetime' ? '' : v.suffix;
        tok(v.start, v.end - suffix.length, 'number');
        return tok(v.end - suffix.length, v.end, 'unit');
      }
      case 'bool':
        return tok(v.start, v.end, 'keyword');
      case 'variable':
        // `$2a$11$…` is a bcrypt hash nats-server keeps as text.
        return tok(v.start, v.end, v.resolved?.from === 'bcrypt' ? 'string' : 'variable');
      default:
        return;
    }
  };
  // Depth-first in document order (an explicit stack: nesting can be deep), with the path of enclosing
  // keys for "is this key known here".
  type Frame = { children: readonly (Entry | IncludeNode | ValueNode)[]; at: number; path: string[] };
  const stack: Frame[] = [{ children: doc.root.entries, at: 0, path: [] }];
  let budget = MAX_NODES;
  while (stack.length && --budget > 0) {
    const f = stack[stack.length - 1]!;
    if (f.at >= f.children.length) {
      stack.pop();
      continue;
    }
    const c = f.children[f.at++]!;
    if (c.src !== doc.src) continue;
    let v: ValueNode | undefined;
    let path = f.path;
    if (c.kind === 'include') {
      tok(c.start, c.start + 7, 'keyword');
      const q = text.charCodeAt(c.pathStart - 1);
      tok(q === 34 || q === 39 ? c.pathStart - 1 : c.pathStart, c.end, 'string');
      continue;
    } else if (c.kind === 'entry') {
      if (variables.has(c)) tok(c.keyStart, c.keyEnd, 'variable', DECLARATION);
      else if (known(f.path, c.key)) tok(c.keyStart, c.keyEnd, 'property', DEFAULT_LIBRARY);
      else tok(c.keyStart, c.keyEnd, 'property');
      v = c.value;
      if (!v) continue;
      for (let i = c.keyEnd; i < v.start; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 58 || ch === 61) {
          tok(i, i + 1, 'operator');
          break;
        }
      }
      if (v.kind === 'map' || v.kind === 'array') path = [...f.path, c.name];
    } else v = c;
    if (v.kind === 'map') stack.push({ children: v.entries, at: 0, path });
    else if (v.kind === 'array') stack.push({ children: v.items, at: 0, path });
    else value(v);
  }
  return merge(out, doc.conf?.comments ?? []);
}

/** Both lists in document order, merged: the tokens and the comments (offset pairs). */
function merge(tokens: SemanticToken[], comments: readonly number[]): SemanticToken[] {
  if (comments.length === 0) return tokens;
  const out: SemanticToken[] = [];
  let c = 0;
  for (const t of tokens) {
    for (; c + 1 < comments.length && comments[c]! < t.start; c += 2)
      out.push({ start: comments[c]!, end: comments[c + 1]!, type: 'comment', modifiers: NONE });
    out.push(t);
  }
  for (; c + 1 < comments.length; c += 2) out.push({ start: comments[c]!, end: comments[c + 1]!, type: 'comment', modifiers: NONE });
  return out;
}
