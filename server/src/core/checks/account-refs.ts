// unknown-account: an import from, or an export to, an account the config does not define. nats-server
// resolves these after reading every account and refuses the config ("… account not defined for …").
import { rejects, type SourceIssue } from '../conf/issue';
import { deref } from '../conf/resolve';
import { atNode, optionEntries, stringOf, valueOfEntry } from '../schema/report';
import { schemaWalk, visitsIn, visitsOf } from '../schema/walk';
import type { TlsModel } from '../tls/model';
import { editDistance } from '../tls/suggest';

/** The defined account closest to a name, when it is close (names are case-sensitive, the distance is not). */
function nearest(name: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const d = editDistance(name.toLowerCase(), n.toLowerCase());
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

export function checkAccountRefs(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  const blocks = visitsOf(walk, 'accounts');
  if (blocks.length === 0) return [];
  // Import sources and exports, in walk order: most configs have none, and then the accounts need no set.
  const refs = visitsIn(walk, ['import.source', 'export']);
  if (refs.length === 0) return [];
  const accounts = new Set<string>();
  for (const v of blocks) {
    const processed = v.processed;
    for (let i = 0; i < processed.length; i++) if (!walk.used.has(processed[i]!)) accounts.add(processed[i]!.key);
  }
  let names: string[] | undefined;
  const out: SourceIssue[] = [];
  const missing = (at: { src: SourceIssue['src']; start: number; end: number }, name: string, what: string): void => {
    const near = nearest(name, (names ??= [...accounts]));
    out.push(
      atNode(
        at,
        'unknown-account',
        'error',
        rejects(
          `"${name}" account not defined for ${what}`,
          `Define the account ${name} in accounts${near ? `, or did you mean ${near}?` : '.'}`,
        ),
        { data: { account: name, ...(near ? { suggestion: near } : {}) } },
      ),
    );
  };
  for (const v of refs) {
    if (v.block.id === 'import.source') {
      const account = optionEntries(v).get('account');
      const name = stringOf(account);
      if (account && name && !accounts.has(name)) {
        const kind = v.owner?.name === 'service' ? 'service import' : 'stream import';
        missing(account.value!, name, kind);
      }
    } else if (v.block.id === 'export') {
      const f = optionEntries(v);
      const list = valueOfEntry(f.get('accounts'));
      if (list?.kind !== 'array') continue;
      const kind = f.get('service') ? 'service export' : 'stream export';
      for (const item of list.items) {
        const s = deref(item);
        if (s?.kind === 'string' && !accounts.has(s.value)) missing(item, s.value, kind);
      }
    }
  }
  return out;
}
