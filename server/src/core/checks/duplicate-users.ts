// duplicate-user: a user name or nkey defined twice, in authorization { users } or across accounts. nats-server
// refuses the config ("Duplicate user "x" detected"), wherever the two are.
import type { Entry } from '../conf/ast';
import { rejects, type SourceIssue } from '../conf/issue';
import { atNode, optionEntry, stringOf } from '../schema/report';
import { schemaWalk, visitsOf } from '../schema/walk';
import type { TlsModel } from '../tls/model';

export function checkDuplicateUsers(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  const out: SourceIssue[] = [];
  for (const [blockId, leaf] of [
    ['user', false],
    ['leafnodes.user', true],
  ] as const) {
    // By what names the user (nkey or user), then by the name.
    const seen = { nkey: new Map<string, Entry>(), user: new Map<string, Entry>() };
    for (const v of visitsOf(walk, blockId)) {
      // optionEntry, not optionEntries: no object per user (a config may hold 75,000 of them).
      const nkey = leaf ? undefined : optionEntry(v, 'nkey');
      const key = stringOf(nkey) ? nkey : optionEntry(v, 'user');
      const name = stringOf(key);
      if (!key || !name) continue;
      const what = key === nkey ? 'nkey' : 'user';
      const first = seen[what].get(name);
      if (!first) {
        seen[what].set(name, key);
        continue;
      }
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
