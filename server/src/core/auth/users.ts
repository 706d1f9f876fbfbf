// Who may log in to a nats-server, as its config says: the users a client certificate can map to
// (authorization.users and every account's users: nats-server's one users map), the users of incoming leaf
// node connections (leafnodes.authorization), and the single route and gateway users
// (cluster.authorization.user, gateway.authorization.user). Read from the syntax tree the way nats-server's
// option processing reads it (keys case-insensitive, includes merged, `$VAR`s followed); never throws.
import type { ArrayNode, Entry, MapNode, ValueNode } from '../conf/ast';
import { deref } from '../conf/resolve';
import type { ConfigDoc } from '../document';
import { effectiveEntries, valueOf, type Anchor } from '../tls/blocks';

/** Which connections a user authenticates. */
export type UserScope = 'client' | 'leafnode' | 'cluster' | 'gateway';

export interface ConfigUser {
  /** The user name exactly as nats-server stores it (what a certificate identity must equal). */
  name: string;
  scope: UserScope;
  /** The account it binds to: the accounts block it is defined in, or a leaf user's `account`. */
  account: string | undefined;
  /** The `user` entry, and its value as written (the string, or the `$VAR`). */
  entry: Entry;
  at: Anchor;
  /** allowed_connection_types, upper-cased (STANDARD, WEBSOCKET, MQTT, LEAFNODE); undefined: any. */
  connectionTypes: string[] | undefined;
}

/** A users list a new user can be appended to (for the quick fix of cert-maps-to-no-user). */
export interface UserList {
  array: ArrayNode;
  scope: UserScope;
  /** The account the list belongs to (accounts { A { users: [...] } }); undefined for authorization.users. */
  account: string | undefined;
}

export interface ServerAuth {
  /** nats-server's users map for clients (and leaf nodes without users of their own): last definition wins. */
  clientUsers: ConfigUser[];
  clientLists: UserList[];
  /** leafnodes.authorization.users. */
  leafUsers: ConfigUser[];
  leafLists: UserList[];
  /** leafnodes.authorization.user: it takes precedence over the users list (and over verify_and_map). */
  leafSingle: ConfigUser | undefined;
  clusterUser: ConfigUser | undefined;
  gatewayUser: ConfigUser | undefined;
  /** `operator` / `trusted` keys: users come from JWTs, and verify_and_map maps nothing from the config. */
  operatorMode: boolean;
}

const MAX_USERS = 10_000;

function mapOf(v: ValueNode | undefined): MapNode | undefined {
  const d = deref(v);
  return d?.kind === 'map' ? d : undefined;
}

function lastOf(entries: readonly Entry[], ...names: string[]): Entry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (names.includes(entries[i]!.name)) return entries[i];
  return undefined;
}

function stringOf(e: Entry | undefined): string | undefined {
  const v = valueOf(e);
  return v?.kind === 'string' ? v.value : undefined;
}

/** The value as written: a string's text between its quotes, or the `$VAR` reference. */
function anchorOf(e: Entry): Anchor {
  const v = e.value;
  if (v?.kind === 'string') return { src: v.src, start: v.innerStart, end: v.innerEnd };
  return v ? { src: v.src, start: v.start, end: v.end } : { src: e.src, start: e.keyStart, end: e.keyEnd };
}

function connectionTypes(e: Entry | undefined): string[] | undefined {
  const v = valueOf(e);
  if (v?.kind !== 'array') return undefined;
  return v.items.flatMap((i) => {
    const s = deref(i);
    return s?.kind === 'string' ? [s.value.toUpperCase()] : [];
  });
}

/** One user entry of a users list; nkey users (no `user`) are not certificate identities. */
function userOf(item: ValueNode, scope: UserScope, account: string | undefined): ConfigUser | undefined {
  const m = mapOf(item);
  if (!m) return undefined;
  const entries = effectiveEntries(m);
  const entry = lastOf(entries, 'user', 'username');
  const name = stringOf(entry);
  if (!entry || name === undefined || lastOf(entries, 'nkey')) return undefined;
  const own = scope === 'leafnode' ? stringOf(lastOf(entries, 'account')) : undefined;
  return {
    name,
    scope,
    account: own ?? account,
    entry,
    at: anchorOf(entry),
    connectionTypes: connectionTypes(lastOf(entries, 'allowed_connection_types', 'connection_types', 'clients')),
  };
}

function usersOf(e: Entry | undefined, scope: UserScope, account: string | undefined, lists: UserList[]): ConfigUser[] {
  const v = valueOf(e);
  if (v?.kind !== 'array') return [];
  lists.push({ array: v, scope, account });
  const out: ConfigUser[] = [];
  for (const item of v.items.slice(0, MAX_USERS)) {
    const u = userOf(item, scope, account);
    if (u) out.push(u);
  }
  return out;
}

/** The single `user` of an authorization block (cluster, gateway, leafnodes). */
function singleUser(auth: MapNode | undefined, scope: UserScope, account?: string): ConfigUser | undefined {
  if (!auth) return undefined;
  const entries = effectiveEntries(auth);
  const entry = lastOf(entries, 'user', 'username');
  const name = stringOf(entry);
  if (!entry || name === undefined) return undefined;
  return { name, scope, account, entry, at: anchorOf(entry), connectionTypes: undefined };
}

/** Users defined twice: the later definition replaces the earlier (nats-server keeps a map by name). */
function lastWins(users: ConfigUser[]): ConfigUser[] {
  const byName = new Map<string, ConfigUser>();
  for (const u of users) {
    byName.delete(u.name);
    byName.set(u.name, u);
  }
  return [...byName.values()];
}

export function serverAuth(doc: ConfigDoc): ServerAuth {
  const root = effectiveEntries(doc.root);
  const clientLists: UserList[] = [];
  const leafLists: UserList[] = [];
  const clientUsers: ConfigUser[] = [];
  const authorization = mapOf(lastOf(root, 'authorization')?.value);
  if (authorization) clientUsers.push(...usersOf(lastOf(effectiveEntries(authorization), 'users'), 'client', undefined, clientLists));
  const accounts = mapOf(lastOf(root, 'accounts')?.value);
  if (accounts) {
    for (const acc of effectiveEntries(accounts)) {
      const m = mapOf(acc.value);
      if (m) clientUsers.push(...usersOf(lastOf(effectiveEntries(m), 'users'), 'client', acc.key, clientLists));
    }
  }
  const leaf = mapOf(lastOf(root, 'leafnodes', 'leaf')?.value);
  const leafAuth = leaf ? mapOf(lastOf(effectiveEntries(leaf), 'authorization')?.value) : undefined;
  const leafAuthEntries = leafAuth ? effectiveEntries(leafAuth) : [];
  const cluster = mapOf(lastOf(root, 'cluster')?.value);
  const gateway = mapOf(lastOf(root, 'gateway')?.value);
  const authIn = (m: MapNode | undefined): MapNode | undefined =>
    m ? mapOf(lastOf(effectiveEntries(m), 'authorization')?.value) : undefined;
  return {
    clientUsers: lastWins(clientUsers),
    clientLists,
    leafUsers: lastWins(usersOf(lastOf(leafAuthEntries, 'users'), 'leafnode', undefined, leafLists)),
    leafLists,
    leafSingle: singleUser(leafAuth, 'leafnode', stringOf(lastOf(leafAuthEntries, 'account'))),
    clusterUser: singleUser(authIn(cluster), 'cluster'),
    gatewayUser: singleUser(authIn(gateway), 'gateway'),
    operatorMode: !!lastOf(root, 'operator', 'operators', 'root_operators', 'trusted', 'trusted_keys'),
  };
}

/** Every user entry of the config with its scope (for hovers on `user` values). */
export function allUsers(auth: ServerAuth): ConfigUser[] {
  return [
    ...auth.clientUsers,
    ...auth.leafUsers,
    ...(auth.leafSingle ? [auth.leafSingle] : []),
    ...(auth.clusterUser ? [auth.clusterUser] : []),
    ...(auth.gatewayUser ? [auth.gatewayUser] : []),
  ];
}
