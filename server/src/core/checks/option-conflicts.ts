// conflicting-fields outside tls blocks: options nats-server refuses together, whatever order they are in
// (nats-server walks a Go map, so only rules that fail in every order are reported as errors).
import type { Entry } from '../conf/ast';
import { rejects, type SourceIssue } from '../conf/issue';
import { ownerEntry } from '../locate';
import { atKey, optionEntries, optionEntry, stringOf, valueOfEntry } from '../schema/report';
import { schemaWalk, visitsOf, type BlockVisit } from '../schema/walk';
import type { TlsModel } from '../tls/model';
import { availableIn, type Version } from '../tls/versions';

const HARD_DELETE_SINCE = { '2.9': '2.9.16', '2.10': '2.10.0' };

/** `named`: the entry whose line nats-server names (its error carries that block's token), when not `e`'s. */
type Report = (e: Entry, reason: string, fix: string, other?: Entry, named?: Entry) => void;

export function checkOptionConflicts(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  const out: SourceIssue[] = [];
  const report: Report = (e, reason, fix, other, named) => {
    const related = other ? [{ src: other.src, start: other.keyStart, end: other.keyEnd, message: `${other.key} is set here` }] : [];
    if (named) related.push({ src: named.src, start: named.keyStart, end: named.keyEnd, message: 'nats-server names this line' });
    out.push(atKey(e, 'conflicting-fields', 'error', rejects(reason, fix), { related, data: { with: other?.key } }));
  };
  const byId = (id: string): readonly BlockVisit[] => visitsOf(walk, id);
  const root = walk.visits[0];
  const accountsHaveUsers = byId('account').some((a) => nonEmptyList(optionEntries(a).get('users')));
  for (const auth of byId('authorization')) authorization(auth, accountsHaveUsers, report);
  for (const id of ['cluster.authorization', 'gateway.authorization']) for (const v of byId(id)) peerAuthorization(v, id, report);
  if (root) storeDir(root, byId('jetstream'), report);
  for (const v of byId('leafnodes.remote')) {
    const f = optionEntries(v);
    const creds = f.get('credentials');
    const nkey = f.get('nkey');
    if (creds && nkey)
      report(nkey, 'Remote leafnode can not have both creds and nkey defined', 'Use either a credentials file or an nkey seed.', creds);
  }
  for (const v of byId('leafnodes.authorization')) {
    const f = optionEntries(v);
    const user = f.get('user');
    const users = f.get('users');
    if (user && nonEmptyList(users))
      report(user, 'can not have a single user/pass and a users array', 'Move this user into users, or remove users.', users);
  }
  for (const v of byId('user')) {
    // Most users have no nkey: their names are not looked up (no map of the block's options either).
    const nkey = optionEntry(v, 'nkey');
    if (!nkey || !stringOf(nkey)) continue;
    const named = optionEntry(v, 'user') ?? optionEntry(v, 'password');
    if (named && stringOf(named))
      report(
        named,
        'Nkey users do not take usernames or passwords',
        'An nkey user signs in with its key: remove the user and password, or the nkey.',
        nkey,
      );
  }
  for (const v of byId('export')) exportDirectives(v, report);
  for (const v of byId('import')) importDirectives(v, report);
  for (const v of byId('resolver')) resolverModes(v, report, model.version);
  return out;
}

function nonEmptyList(e: Entry | undefined): boolean {
  const v = valueOfEntry(e);
  return v?.kind === 'array' && v.items.length > 0;
}

function authorization(auth: BlockVisit, accountsHaveUsers: boolean, report: Report): void {
  const f = optionEntries(auth);
  const user = f.get('user');
  const pass = f.get('password');
  const token = f.get('token');
  const users = f.get('users');
  const single = (stringOf(user) ? user : undefined) ?? (stringOf(pass) ? pass : undefined);
  if (single && stringOf(token)) {
    report(token!, 'Cannot have a user/pass and token', 'Use either a user and password or a token.', single);
    return;
  }
  const many = users !== undefined || accountsHaveUsers;
  if (many && stringOf(user))
    report(
      user!,
      users ? 'Can not have a single user/pass and a users array' : 'Can not have a single user/pass and accounts',
      users ? 'Move this user into users.' : 'Accounts define users: move this user into an account.',
      users,
    );
  else if (many && stringOf(token))
    report(
      token!,
      users ? 'Can not have a token and a users array' : 'Can not have a token and accounts',
      'A token is for a server without users: remove the token or the users.',
      users,
    );
}

function peerAuthorization(v: BlockVisit, id: string, reportAt: Report): void {
  const f = optionEntries(v);
  // nats-server reports these on the authorization line.
  const owner = ownerEntry(v.map);
  const report: Report = (e, reason, fix, other) => reportAt(e, reason, fix, other, owner);
  const what = id.startsWith('cluster') ? 'Cluster' : 'Gateway';
  const users = f.get('users');
  const token = f.get('token');
  const callout = f.get('auth_callout');
  if (users)
    report(
      users,
      `${what} authorization does not allow multiple users`,
      `Routes and gateways present one user and password: use user and password.`,
    );
  else if (token && stringOf(token)) report(token, `${what} authorization does not support tokens`, 'Use user and password instead.');
  else if (callout) report(callout, `${what} authorization does not support callouts`, 'Use user and password instead.');
}

function storeDir(root: BlockVisit, jetstream: readonly BlockVisit[], report: Report): void {
  const top = optionEntries(root).get('store_dir');
  if (!stringOf(top)) return;
  for (const js of jetstream) {
    const inner = optionEntries(js).get('store_dir');
    if (stringOf(inner)) report(inner!, "Duplicate 'store_dir' configuration", 'Set store_dir once: here or at the top level.', top);
  }
}

/** Export directives for services only, and how nats-server names each. */
const SERVICE_ONLY = [
  ['response_type', 'response'],
  ['latency', 'latency'],
  ['allow_trace', 'allow_trace'],
] as const;

function exportDirectives(v: BlockVisit, report: Report): void {
  const f = optionEntries(v);
  const stream = f.get('stream');
  const service = f.get('service');
  if (stream && service) {
    report(
      service,
      `Detected service "${stringOf(service) ?? ''}" but already saw a stream`,
      'An export is either a stream or a service: split it in two.',
      stream,
    );
    return;
  }
  if (!stream) return;
  for (const [name, what] of SERVICE_ONLY) {
    const e = f.get(name);
    if (e) report(e, `Detected ${what} directive on non-service`, `${e.key} applies to service exports only.`, stream);
  }
}

function importDirectives(v: BlockVisit, report: Report): void {
  const f = optionEntries(v);
  const stream = f.get('stream');
  const service = f.get('service');
  if (stream && service) {
    report(service, 'Detected service but already saw a stream', 'An import is either a stream or a service: split it in two.', stream);
    return;
  }
  const trace = f.get('allow_trace');
  if (service && trace)
    report(trace, 'Detected allow_trace directive on a non-stream', 'allow_trace applies to stream imports only.', service);
}

function resolverModes(v: BlockVisit, report: Report, version: Version): void {
  const f = optionEntries(v);
  const type = stringOf(f.get('type'))?.toUpperCase();
  const typeEntry = f.get('type');
  if (!typeEntry) return;
  if (type === 'CACHE') {
    for (const [name, word] of [
      ['interval', 'sync'],
      ['allow_delete', 'allow_delete'],
      ['hard_delete', 'hard_delete'],
    ] as const) {
      const e = name === 'hard_delete' && !availableIn(HARD_DELETE_SINCE, version) ? undefined : f.get(name);
      if (e) report(e, `CACHE does not accept ${word}`, `${e.key} is for full resolvers only; remove it.`, typeEntry);
    }
  } else if (type === 'FULL') {
    const ttl = f.get('ttl');
    if (ttl) report(ttl, 'FULL does not accept ttl', 'ttl is for cache resolvers only; remove it.', typeEntry);
    // Releases before hard_delete existed ignore it.
    const hard = availableIn(HARD_DELETE_SINCE, version) ? f.get('hard_delete') : undefined;
    const del = valueOfEntry(f.get('allow_delete'));
    if (hard && !(del?.kind === 'bool' && del.value))
      report(hard, 'hard_delete has no effect without delete', 'Set allow_delete: true as well, or remove hard_delete.', typeEntry);
  }
}
