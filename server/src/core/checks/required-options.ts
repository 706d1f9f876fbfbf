// invalid-value for blocks missing what nats-server requires: a user entry without user or nkey, an
// auth_callout without issuer or auth_users, a mapping destination without weight, an import without its
// account or subject, a latency block without subject, a resolver block without a known type or a dir.
import type { MapNode } from '../conf/ast';
import { rejects, type SourceIssue } from '../conf/issue';
import { atNode, optionEntries, optionEntry, stringOf } from '../schema/report';
import { eachVisit, NO_ISSUES, type VisitCache } from '../schema/visit-cache';
import { schemaWalk, type BlockVisit } from '../schema/walk';
import type { EngineHost, TlsModel } from '../tls/model';

export function checkRequiredOptions(model: TlsModel, _host?: EngineHost, cache?: VisitCache): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  return eachVisit('required-options', model.doc, walk, model.version, requiredIn, cache, REQUIRED_IN);
}

/** The blocks with required options (the others are not visited). */
const REQUIRED_IN = ['user', 'auth_callout', 'mapping-dest', 'import.source', 'latency', 'resolver'];
const WITH_REQUIRED = new Set(REQUIRED_IN);

function requiredIn(v: BlockVisit): SourceIssue[] {
  if (!WITH_REQUIRED.has(v.block.id)) return NO_ISSUES;
  // At most one finding per block; most blocks (thousands of users) have none and allocate nothing here.
  const missing = missingIn(v);
  return missing ? [atNode(anchorOf(v.map), 'invalid-value', 'error', rejects(missing[0], missing[1]))] : NO_ISSUES;
}

/** What a block misses, as nats-server's reason and the fix, or undefined when it has what it needs. */
function missingIn(v: BlockVisit): [reason: string, fix: string] | undefined {
  switch (v.block.id) {
    case 'user':
      if (!stringOf(optionEntry(v, 'user')) && !stringOf(optionEntry(v, 'nkey')))
        return ['User entry requires a user', 'Give the entry a user (and password) or an nkey.'];
      return undefined;
    case 'auth_callout': {
      const f = optionEntries(v);
      if (!f.get('issuer'))
        return [
          'Authorization callouts require an issuer to be specified',
          'Add issuer: the public account key (A…) that signs callout responses.',
        ];
      if (!f.get('auth_users'))
        return [
          'Authorization callouts require authorized users to be specified',
          'Add auth_users: the users the callout service connects as.',
        ];
      return undefined;
    }
    case 'mapping-dest': {
      const f = optionEntries(v);
      if (!f.get('weight'))
        return [
          `Missing weight for mapping destination "${stringOf(f.get('destination')) ?? ''}"`,
          'Add weight: a percentage from 0 to 100.',
        ];
      return undefined;
    }
    case 'import.source':
      if (!stringOf(optionEntry(v, 'account')) || !stringOf(optionEntry(v, 'subject')))
        return ['Expect an account name and a subject', 'Write { account: "NAME", subject: "…" }.'];
      return undefined;
    case 'latency':
      if (!optionEntry(v, 'subject')) return ['Latency subject required, but missing', 'Add subject: where latency samples are published.'];
      return undefined;
    case 'resolver': {
      const f = optionEntries(v);
      const type = stringOf(f.get('type'))?.toUpperCase();
      if (!type || !['FULL', 'CACHE', 'MEM', 'MEMORY'].includes(type)) {
        if (!f.get('type'))
          return [
            'error parsing account resolver, should be MEM or  URL("url") or a map containing dir and type state=[FULL|CACHE])',
            'Add type: full (or cache) and dir.',
          ];
      } else if ((type === 'FULL' || type === 'CACHE') && !stringOf(f.get('dir')))
        return ['dir has no value and needs to point to a directory', 'Add dir: the folder for account JWTs.'];
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A block's opening brace (or its start): where "this block misses …" is reported. */
function anchorOf(map: MapNode): { src: MapNode['src']; start: number; end: number } {
  return { src: map.src, start: map.start, end: Math.min(map.end, map.start + 1) };
}
