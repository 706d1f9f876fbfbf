// invalid-value for the accounts block itself: each account is a block (`Expected map entries for
// accounts`), a list of accounts holds names, and `$G` is reserved. Variables some `$NAME` uses are skipped,
// as nats-server skips them.
import { rejects, type SourceIssue } from '../conf/issue';
import { deref } from '../conf/resolve';
import { atKey, atNode, optionEntries } from '../schema/report';
import { goType } from '../schema/values';
import { schemaWalk } from '../schema/walk';
import { visitOfMap } from './block-visit';
import type { TlsModel } from '../tls/model';

export function checkAccountsShape(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  const root = walk?.visits[0];
  const entry = root && optionEntries(root).get('accounts');
  if (!walk || !entry) return [];
  const v = deref(entry.value);
  const out: SourceIssue[] = [];
  if (v?.kind === 'map') {
    const visit = visitOfMap(walk, 'accounts', v);
    for (const e of visit?.processed ?? []) {
      if (walk.used.has(e)) continue;
      const a = deref(e.value);
      if (a && a.kind !== 'map' && a.kind !== 'variable')
        out.push(
          atKey(
            e,
            'invalid-value',
            'error',
            rejects('Expected map entries for accounts', `Each account is a block: ${e.key}: { users: [ … ] }.`),
          ),
        );
      else if (e.key === '$G')
        out.push(
          atKey(e, 'invalid-value', 'error', rejects('"$G" is a Reserved Account', '$G is the global account; choose another name.')),
        );
    }
  } else if (v?.kind === 'array') {
    const seen = new Set<string>();
    for (const item of v.items) {
      const s = deref(item);
      if (!s || s.kind === 'variable') continue;
      if (s.kind !== 'string') {
        out.push(
          atNode(
            item,
            'invalid-value',
            'error',
            rejects(`interface conversion: interface {} is ${goType(s)}, not string`, 'A list of accounts holds account names.'),
          ),
        );
        break;
      }
      const why = s.value === '$G' ? '"$G" is a Reserved Account' : seen.has(s.value) ? `Duplicate Account Entry: ${s.value}` : undefined;
      if (why) out.push(atNode(item, 'invalid-value', 'error', rejects(why, 'Use each account name once; $G is reserved.')));
      seen.add(s.value);
    }
  }
  return out;
}
