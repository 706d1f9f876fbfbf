// Imports and exports between configured accounts, as nats-server wires them after reading every account:
// - import-not-exported: an import whose subject no export of the source account grants to the importer
//   ("stream import not authorized");
// - invalid-value: an export's account_token_position that does not point at a `*` token of its subject.
import type { ValueNode } from '../conf/ast';
import { rejects, type SourceIssue } from '../conf/issue';
import { deref } from '../conf/resolve';
import { atKey, atNode, optionEntries, stringOf, valueOfEntry } from '../schema/report';
import { isSubject } from '../schema/nkeys';
import { schemaWalk, visitsOf } from '../schema/walk';
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
  const out: SourceIssue[] = [];
  // Exports by account: the walk visits each account's blocks together, accounts in order, so the walk's
  // export (and import) visits come account by account.
  const exportsOf = new Map<string, AccountExports>();
  for (const v of visitsOf(walk, 'export')) {
    const name = v.account;
    if (name === undefined) continue;
    let ex = exportsOf.get(name);
    if (!ex) exportsOf.set(name, (ex = { streams: [], services: [] }));
    const f = optionEntries(v);
    const service = stringOf(f.get('service'));
    const stream = stringOf(f.get('stream'));
    const subject = service ?? stream;
    if (subject === undefined) continue;
    const posEntry = f.get('account_token_position');
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
    const list = valueOfEntry(f.get('accounts'));
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
  // An account with no exports grants nothing (an account that is not defined is unknown-account's finding).
  let defined: Set<string> | undefined;
  const exportsFrom = (account: string): AccountExports | undefined => {
    const ex = exportsOf.get(account);
    if (ex) return ex;
    defined ??= new Set(visitsOf(walk, 'account').map((a) => a.account!));
    return defined.has(account) ? NO_EXPORTS : undefined;
  };
  for (const v of visitsOf(walk, 'import')) {
    const name = v.account;
    if (name === undefined) continue;
    const f = optionEntries(v);
    for (const kind of KINDS) {
      const src = deref(f.get(kind)?.value);
      if (src?.kind !== 'map') continue;
      const sv = walk.byMap.get(src);
      if (!sv) continue;
      const sf = optionEntries(sv);
      const from = stringOf(sf.get('account'));
      const subjectEntry = sf.get('subject');
      const subject = stringOf(subjectEntry);
      const ex = from !== undefined ? exportsFrom(from) : undefined;
      // An undefined source account is unknown-account's finding.
      if (!ex || subject === undefined || !subjectEntry?.value) continue;
      const list = kind === 'stream' ? ex.streams : ex.services;
      if (!authorized(list, subject, name)) {
        out.push(importIssue(subjectEntry.value, kind, subject, from!, list));
        continue;
      }
      // A stream import mapped with `to` keeps a full wildcard: nats-server builds a subject transform.
      const to = f.get('to');
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
  const tokens = subject.split('.');
  return list.some((e) => {
    if (e.subject !== subject && !isSubsetMatch(tokens, e.subject)) return false;
    if (e.tokenPosition > 0) return true;
    return e.accounts === undefined || e.accounts.includes(account);
  });
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

const NO_EXPORTS: AccountExports = { streams: [], services: [] };
