// duplicate-user: a user name or nkey defined twice, in authorization { users } or across accounts. nats-server
// refuses the config ("Duplicate user "x" detected"), wherever the two are.
//
// The names are kept per walk and, for a walk that took over the visits of an earlier one (schema/walk.ts),
// moved on from the earlier walk's: only the user blocks a keystroke changed are read again. Reading all of
// them was half of a keystroke's work in a config of 75,000 users.
import type { Entry } from '../conf/ast';
import { rejects, type SourceIssue } from '../conf/issue';
import { atNode, optionEntry, stringOf } from '../schema/report';
import { schemaWalk, visitsOf, type BlockVisit, type SchemaWalk } from '../schema/walk';
import type { TlsModel } from '../tls/model';

type Kind = 'nkey' | 'user';

/** The users of one block kind by name: the visit naming it, or those naming it, in walk order when read. */
interface Names {
  byKind: Record<Kind, Map<string, BlockVisit | BlockVisit[]>>;
  /** The lists of the names given more than once. */
  twice: Set<BlockVisit[]>;
}

/** User blocks whose names were read (for tests: a keystroke reads the blocks it changed). */
export const duplicateUserReads = { count: 0 };

const BLOCKS = [
  ['user', false],
  ['leafnodes.user', true],
] as const;

export function checkDuplicateUsers(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  const out: SourceIssue[] = [];
  for (const [blockId, leaf] of BLOCKS) {
    const names = namesOf(walk, blockId, leaf);
    const again: [BlockVisit, BlockVisit, Kind][] = [];
    for (const list of names.twice) {
      list.sort((a, b) => a.at - b.at);
      const kind = nameOf(list[0]!, leaf)![0];
      for (let i = 1; i < list.length; i++) again.push([list[i]!, list[0]!, kind]);
    }
    // In walk order, as nats-server meets them.
    again.sort((a, b) => a[0].at - b[0].at);
    for (const [visit, firstVisit, what] of again) {
      const key = nameOf(visit, leaf)![2];
      const first = nameOf(firstVisit, leaf)![2];
      const name = stringOf(key)!;
      const reason = leaf ? `duplicate user "${name}"` : `Duplicate ${what} "${name}" detected`;
      out.push(
        atNode(
          key.value!,
          'duplicate-user',
          'error',
          rejects(reason, `Each ${what} may be defined once across authorization and all accounts; rename or remove one.`),
          {
            related: [{ src: first.src, start: first.value!.start, end: first.value!.end, message: 'first defined here' }],
            data: { [what]: name },
          },
        ),
      );
    }
  }
  return out;
}

/** The names of a walk's user blocks, kept with the walk's list of them. */
const namesByList = new WeakMap<readonly BlockVisit[], Names>();

function namesOf(walk: SchemaWalk, blockId: string, leaf: boolean): Names {
  const list = visitsOf(walk, blockId);
  const known = namesByList.get(list);
  if (known) return known;
  // The earlier walk's names, moved on: drop the visits this walk did not take over, add those it made.
  const before = walk.fresh ? walk.earlierIndex?.get(blockId) : undefined;
  let names = before && namesByList.get(before);
  if (names && before) {
    namesByList.delete(before);
    for (let i = 0; i < before.length; i++) if (before[i]!.gen !== walk.gen) remove(names, before[i]!, leaf);
    for (const v of walk.fresh!) if (v.block.id === blockId) add(names, v, leaf);
  } else {
    names = { byKind: { nkey: new Map(), user: new Map() }, twice: new Set() };
    for (let i = 0; i < list.length; i++) add(names, list[i]!, leaf);
  }
  namesByList.set(list, names);
  return names;
}

/** What a user block is named by (its nkey, else its user), the name, and the entry naming it. */
function nameOf(v: BlockVisit, leaf: boolean): [Kind, string, Entry] | undefined {
  duplicateUserReads.count++;
  // optionEntry, not optionEntries: no object per user (a config may hold 75,000 of them).
  const nkey = leaf ? undefined : optionEntry(v, 'nkey');
  const nkeyName = stringOf(nkey);
  if (nkey && nkeyName) return ['nkey', nkeyName, nkey];
  const user = optionEntry(v, 'user');
  const name = stringOf(user);
  return user && name ? ['user', name, user] : undefined;
}

function add(names: Names, v: BlockVisit, leaf: boolean): void {
  const n = nameOf(v, leaf);
  if (!n) return;
  const map = names.byKind[n[0]];
  const had = map.get(n[1]);
  if (had === undefined) map.set(n[1], v);
  else if (Array.isArray(had)) had.push(v);
  else {
    const list = [had, v];
    map.set(n[1], list);
    names.twice.add(list);
  }
}

function remove(names: Names, v: BlockVisit, leaf: boolean): void {
  // A visit left behind holds the entries it was read from: it names what it named then.
  const n = nameOf(v, leaf);
  if (!n) return;
  const map = names.byKind[n[0]];
  const had = map.get(n[1]);
  if (had === v) map.delete(n[1]);
  else if (Array.isArray(had)) {
    const i = had.indexOf(v);
    if (i >= 0) had.splice(i, 1);
    if (had.length === 1) {
      names.twice.delete(had);
      map.set(n[1], had[0]!);
    }
  }
}
