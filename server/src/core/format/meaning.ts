// What a parsed config means, as plain data: the keys and values nats-server's parser stores (with the
// include directives and `$NAME` references in place), and the errors it stops at. Two texts with the same
// meaning load the same way; the formatter's tests compare these before and after formatting.
import type { MapNode, ValueNode } from '../conf/ast';
import type { ParsedConf } from '../conf/parser';

export type Meaning = unknown;

const MAX_DEPTH = 1000;

/** The values of a parse (iterative, so deeply nested input cannot overflow the stack). */
export function meaningOf(parsed: ParsedConf): Meaning {
  return {
    root: plain(parsed.root),
    errors: parsed.issues.filter((i) => i.severity === 'error').map((i) => i.reason),
  };
}

function plain(root: MapNode): Meaning {
  // Work items fill `into[at]` with the plain form of `node`.
  const out: Meaning[] = [];
  const work: { node: ValueNode | undefined; into: Meaning[]; at: number; depth: number }[] = [{ node: root, into: out, at: 0, depth: 0 }];
  while (work.length) {
    const { node, into, at, depth } = work.pop()!;
    if (!node) {
      into[at] = null;
      continue;
    }
    if (depth > MAX_DEPTH) {
      into[at] = ['deep'];
      continue;
    }
    switch (node.kind) {
      case 'map': {
        const entries: Meaning[] = [];
        into[at] = ['map', entries, (node.misfiled ?? []).map((m) => m.key)];
        node.entries.forEach((e, i) => {
          if (e.kind === 'include') entries[i] = ['include', e.path];
          else {
            const pair: Meaning[] = [e.key, null];
            entries[i] = pair;
            work.push({ node: e.value, into: pair, at: 1, depth: depth + 1 });
          }
        });
        break;
      }
      case 'array': {
        const items: Meaning[] = [];
        into[at] = ['array', items];
        node.items.forEach((v, i) => work.push({ node: v, into: items, at: i, depth: depth + 1 }));
        break;
      }
      case 'string':
        into[at] = ['string', node.value];
        break;
      case 'integer':
      case 'float':
        // The value nats-server computes, and the token (a suffix is part of what was meant).
        into[at] = [node.kind, Number.isNaN(node.value) ? 'dropped' : node.value, node.raw];
        break;
      case 'bool':
        into[at] = ['bool', node.value];
        break;
      case 'datetime':
        into[at] = ['datetime', node.value];
        break;
      case 'variable':
        into[at] = ['variable', node.name];
        break;
    }
  }
  return out[0];
}

/** Whether two parses mean the same: same stored keys and values, same errors. */
export function sameMeaning(a: ParsedConf, b: ParsedConf): boolean {
  return JSON.stringify(meaningOf(a)) === JSON.stringify(meaningOf(b));
}
