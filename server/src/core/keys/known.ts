// "Does nats-server know this key here?" — the one question semantic tokens and rename ask about option
// names, answered from the schema table (core/schema), the same one the unknown-option check reads. Where a
// map's keys are the user's own (account names, subjects of a mapping, …) there is no answer (undefined).
import type { Entry } from '../conf/ast';
import { blockSpec, optionIn, type BlockSpec } from '../schema';

const MAX_DEPTH = 256;

/** The lower-cased keys of the maps that enclose an entry, outermost first (array levels skipped). */
export function keyPath(entry: Entry): string[] {
  const path: string[] = [];
  let n: Entry['parent'] = entry.parent;
  for (let i = 0; n && i < MAX_DEPTH; i++) {
    if (n.kind === 'entry') path.push(n.name);
    n = n.parent;
  }
  return path.reverse();
}

const ROOT = blockSpec('root')!;
const ACCOUNT = blockSpec('account')!;
const SUBJECT_PERMISSION = blockSpec('subject-permission')!;

/**
 * Whether nats-server knows `key` in the map at `path` (lower-cased enclosing keys, from the top of a
 * nats-server config, arrays skipped): true or false where the schema has that map's block, undefined where
 * it has none or the map's keys are names the user chooses.
 */
export function isKnownKey(path: readonly string[], key: string): boolean | undefined {
  let block: BlockSpec = ROOT;
  for (let i = 0; i < path.length; i++) {
    // accounts { NAME { … } }: the account's name is the user's, its map an account block.
    if (block.id === 'accounts') {
      block = ACCOUNT;
      continue;
    }
    const option = optionIn(block, path[i]!);
    if (!option) return undefined;
    if (option.kind === 'dynamic-map') {
      // The next key is the user's name; the map under it (if any) is the entry's block.
      const entry = option.entry?.block && blockSpec(option.entry.block);
      if (i + 1 >= path.length || !entry) return undefined;
      block = entry;
      i++;
      continue;
    }
    const next = option.kind === 'subjects' ? SUBJECT_PERMISSION : option.block && blockSpec(option.block);
    if (!next) return undefined;
    block = next;
  }
  if (block.id === 'accounts') return undefined;
  return optionIn(block, key) !== undefined;
}
