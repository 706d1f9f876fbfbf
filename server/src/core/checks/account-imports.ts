// Imports and exports between configured accounts, as nats-server wires them after reading every account:
// - import-not-exported: an import whose subject no export of the source account grants to the importer
//   ("stream import not authorized");
// - invalid-value: an export's account_token_position that does not point at a `*` token of its subject.
import type { ValueNode } from '../conf/ast';
import { rejects, type SourceIssue } from '../conf/issue';
import { deref } from '../conf/resolve';
import { atKey, atNode, optionEntry, stringOf, valueOfEntry } from '../schema/report';
import { isSubject } from '../schema/nkeys';
import { schemaWalk, visitsOf, type BlockVisit, type SchemaWalk } from '../schema/walk';
import { visitOfMap } from './block-visit';
import type { TlsModel } from '../tls/model';

interface Export {
  subject: string;
  /** Accounts allowed (undefined: public). */
  accounts: string[] | undefined;
  tokenPosition: number;
}

interface AccountExports {
  streams: Export[];
  services: Export[];
}

const KINDS = ['stream', 'service'] as const;

export function checkAccountImports(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  // Without exports and imports there is nothing to say (a large config of plain accounts): no map of them all.
  if (visitsOf(walk, 'export').length === 0 && visitsOf(walk, 'import').length === 0) return [];
  const out: SourceIssue[] = [];
  const exportsOf = new Map<string, AccountExports>();
  const accountVisits = visitsOf(walk, 'account');
  for (const account of accountVisits) {
    const name = account.account!;
    const ex: AccountExports = { streams: [], services: [] };
    exportsOf.set(name, ex);
    for (const v of childVisits(walk, account, 'export')) {
      // optionEntry, not optionEntries: no object per block (a large config has thousands of exports).
      const service = stringOf(optionEntry(v, 'service'));
      const stream = stringOf(optionEntry(v, 'stream'));
      const subject = service ?? stream;
      if (subject === undefined) continue;
      const posEntry = optionEntry(v, 'account_token_position');
      const pos = valueOfEntry(posEntry);
      const tokenPosition = pos?.kind === 'integer' ? pos.value : 0;
      if (posEntry && tokenPosition > 0) {
        const tokens = subject.split('.');
        if (tokens.length < tokenPosition || tokens[tokenPosition - 1] !== '*')
          out.push(
            atKey(
              posEntry,
              'invalid-value',
              'error',
              rejects(
                `Error adding ${service !== undefined ? 'service' : 'stream'} export "${subject}": sublist: invalid subject`,
                `account_token_position ${tokenPosition} must point at a * token of "${subject}" (tokens count from 1).`,
              ),
            ),
          );
      }
      const list = valueOfEntry(optionEntry(v, 'accounts'));
      let allowed: string[] | undefined;
      if (list?.kind === 'array') {
        allowed = [];
        for (let i = 0; i < list.items.length; i++) {
          const item = deref(list.items[i]);
          if (item?.kind === 'string') allowed.push(item.value);
        }
      }
      (service !== undefined ? ex.services : ex.streams).push({ subject, accounts: allowed, tokenPosition });
    }
  }
  for (const account of accountVisits) {
    const name = account.account!;
    for (const v of childVisits(walk, account, 'import')) {
      for (const kind of KINDS) {
        const src = deref(optionEntry(v, kind)?.value);
        if (src?.kind !== 'map') continue;
        const sv = visitOfMap(walk, 'import.source', src);
        if (!sv) continue;
        const subjectEntry = optionEntry(sv, 'subject');
        const from = stringOf(optionEntry(sv, 'account'));
        const subject = stringOf(subjectEntry);
        const ex = from !== undefined ? exportsOf.get(from) : undefined;
        // An undefined source account is unknown-account's finding.
        if (!ex || subject === undefined || !subjectEntry?.value) continue;
        const list = kind === 'stream' ? ex.streams : ex.services;
        if (!authorized(list, subject, name)) {
          out.push(importIssue(subjectEntry.value, kind, subject, from!, list));
          continue;
        }
        // A stream import mapped with `to` keeps a full wildcard: nats-server builds a subject transform.
        const to = optionEntry(v, 'to');
        const toSubject = stringOf(to);
        if (kind === 'stream' && to?.value && toSubject !== undefined && subject.endsWith('>') && !toSubject.endsWith('>'))
          out.push(
            atNode(
              to.value,
              'invalid-value',
              'error',
              rejects(
                `Error adding stream import "${subject}": failed to create mapping transform for stream import subject from "${subject}" to "${toSubject}": invalid subject`,
                `"${subject}" ends in >, so to must too (e.g. "${toSubject.replace(/\.?$/, '')}.>").`,
              ),
            ),
          );
      }
    }
  }
  return out;
}

function importIssue(at: ValueNode, kind: 'stream' | 'service', subject: string, from: string, list: Export[]): SourceIssue {
  const fix =
    list.length === 0
      ? `Account ${from} exports no ${kind}s: add exports: [ { ${kind}: "${subject}" } ] to ${from}.`
      : `No ${kind} export of ${from} covers "${subject}" for this account (${from} exports ${list.map((e) => `"${e.subject}"`).join(', ')}); import one of those subjects, or export this one.`;
  return atNode(
    at,
    'import-not-exported',
    'error',
    rejects(`Error adding ${kind} import "${subject}": ${kind} import not authorized`, fix),
    {
      data: { account: from, subject, kind },
    },
  );
}

/** Does an export grant `subject` to `account`? (Exports naming the importer by token position are trusted.) */
function authorized(list: Export[], subject: string, account: string): boolean {
  if (!isSubject(subject)) return list.length > 0;
  // Split only when no export names the subject itself (most imports do): one array per import otherwise.
  let tokens: string[] | undefined;
  for (const e of list) {
    if (e.subject !== subject && !isSubsetMatch((tokens ??= subject.split('.')), e.subject)) continue;
    if (e.tokenPosition > 0 || e.accounts === undefined || e.accounts.includes(account)) return true;
  }
  return false;
}

/** nats-server's isSubsetMatchTokenized: every subject the import's tokens match, the export matches too. */
function isSubsetMatch(tokens: string[], exportSubject: string): boolean {
  const test = exportSubject.split('.');
  for (let i = 0; i < test.length; i++) {
    if (i >= tokens.length) return false;
    const t2 = test[i]!;
    if (t2 === '') return false;
    if (t2 === '>') return true;
    const t1 = tokens[i]!;
    if (t1 === '' || t1 === '>') return false;
    if (t1 === '*') {
      if (t2 !== '*') return false;
      continue;
    }
    if (t2 !== '*' && t1 !== t2) return false;
  }
  return tokens.length === test.length;
}

const groups = new WeakMap<SchemaWalk, Map<string, Map<string, BlockVisit[]>>>();
const NO_VISITS: BlockVisit[] = [];

/** The blocks `id` of an account, grouped once per walk (a config may hold thousands of accounts). */
function childVisits(walk: SchemaWalk, account: BlockVisit, id: string): BlockVisit[] {
  let g = groups.get(walk);
  if (!g) groups.set(walk, (g = new Map()));
  let byAccount = g.get(id);
  if (!byAccount) {
    byAccount = new Map();
    for (const v of visitsOf(walk, id)) {
      if (v.account === undefined) continue;
      const list = byAccount.get(v.account);
      if (list) list.push(v);
      else byAccount.set(v.account, [v]);
    }
    g.set(id, byAccount);
  }
  return (account.account !== undefined && byAccount.get(account.account)) || NO_VISITS;
}
