// verify_and_map: which user a client certificate logs in as. nats-server (server/auth.go,
// checkClientTLSCertSubject) tries, and the first match wins:
//   1. each email SAN, 2. each DNS SAN, 3. each URI SAN (as literal user names),
//   4. the subject as a DN (internal/ldap), against every user parsed as a DN: equal, then reordered
//      (client and leaf connections that fall back to the server's users only),
//   5. Go's subject string with the domain components appended (only when it has some),
//   6. Go's subject string.
// Before 2.15 a certificate with neither an email SAN, a URI SAN nor a subject maps to nobody, even with a
// DNS SAN (nats-server returned before looking at DNS names).
import type { ConfigUser } from '../auth/users';
import { compareVersions, type Version } from '../tls/versions';
import type { CertInfo } from '../x509/model';
import { dnEqual, goSubject, ldapDnOf, ldapDnText, parseLdapDn, rdnsMatch, subjectRdns, type LdapDn } from './subject';

export type IdentityKind = 'email' | 'dns' | 'uri' | 'dn' | 'subject-dc' | 'subject';

export interface Identity {
  kind: IdentityKind;
  /** The string nats-server compares (for 'dn', the DN as internal/ldap prints it). */
  value: string;
}

export interface CertIdentities {
  /** In the order nats-server tries them; 'dn' only when internal/ldap can read the subject. */
  list: Identity[];
  dn: LdapDn | undefined;
  /** Why nats-server maps this certificate to nobody whatever the users are (before 2.15: no email, URI or subject). */
  refused: string | undefined;
}

export const KIND_LABEL: Record<IdentityKind, string> = {
  email: 'email SAN',
  dns: 'DNS SAN',
  uri: 'URI SAN',
  dn: 'subject as a DN',
  'subject-dc': 'subject with domain components',
  subject: 'subject',
};

const V2_14: Version = { major: 2, minor: 14, patch: 0 };
const V2_15: Version = { major: 2, minor: 15, patch: 0 };

export function identitiesOf(cert: CertInfo, version: Version): CertIdentities {
  const list: Identity[] = [];
  const san = cert.san;
  for (const e of san?.email ?? []) list.push({ kind: 'email', value: e });
  for (const d of san?.dns ?? []) list.push({ kind: 'dns', value: d });
  for (const u of san?.uri ?? []) list.push({ kind: 'uri', value: u });
  const rdns = subjectRdns(cert);
  const subject = rdns ? goSubject(rdns) : { rdn: '', dcs: '', hasSubject: false };
  const dn = rdns ? ldapDnOf(rdns) : undefined;
  if (dn && dn.length) list.push({ kind: 'dn', value: ldapDnText(dn) });
  if (subject.dcs) list.push({ kind: 'subject-dc', value: [subject.rdn, subject.dcs].join(',') });
  list.push({ kind: 'subject', value: subject.rdn });
  const hasDns = (san?.dns.length ?? 0) > 0;
  const none = !san?.email.length && !san?.uri.length && !subject.hasSubject;
  let refused: string | undefined;
  if (none && (!hasDns || compareVersions(version, V2_15) < 0))
    refused = hasDns
      ? 'it has no email or URI SAN and an empty subject: nats-server before 2.15 maps such a certificate to nobody, DNS SANs notwithstanding'
      : 'it has no email, DNS or URI SAN and an empty subject';
  return { list, dn, refused };
}

/** Connection types a user's allowed_connection_types must include for this connection. */
export type ConnectionType = 'STANDARD' | 'WEBSOCKET' | 'MQTT' | 'LEAFNODE';

export interface Mapping {
  user: ConfigUser;
  via: Identity;
}

export interface MapOptions {
  version: Version;
  /** Client connections (and leaf nodes without users of their own) also match the subject as a DN. */
  dnMatching: boolean;
  connectionType?: ConnectionType;
}

function allowed(u: ConfigUser, type: ConnectionType | undefined): boolean {
  return !type || !u.connectionTypes || u.connectionTypes.length === 0 || u.connectionTypes.includes(type);
}

/** The user a certificate logs in as among `users`, or undefined (nats-server: "Authorization Violation"). */
export function mapIdentity(ids: CertIdentities, users: readonly ConfigUser[], opts: MapOptions): Mapping | undefined {
  if (ids.refused) return undefined;
  const byName = new Map<string, ConfigUser>();
  for (const u of users) byName.set(u.name, u);
  const literal = (id: Identity): Mapping | undefined => {
    const u = byName.get(id.value);
    // A user of another connection type ends the look-up for this identity, not the search.
    return u && allowed(u, opts.connectionType) ? { user: u, via: id } : undefined;
  };
  for (const id of ids.list) {
    if (id.kind === 'dn') {
      if (!opts.dnMatching || !ids.dn) continue;
      const m = dnMapping(ids.dn, id, users, opts);
      if (m) return m;
      continue;
    }
    const m = literal(id);
    if (m) return m;
  }
  return undefined;
}

function dnMapping(certDn: LdapDn, id: Identity, users: readonly ConfigUser[], opts: MapOptions): Mapping | undefined {
  const parsed: { u: ConfigUser; dn: LdapDn }[] = [];
  for (const u of users) {
    if (!allowed(u, opts.connectionType)) continue;
    const dn = parseLdapDn(u.name);
    if (!dn) continue;
    if (dnEqual(dn, certDn)) return { user: u, via: id };
    parsed.push({ u, dn });
  }
  const oneToOne = compareVersions(opts.version, V2_14) >= 0;
  for (const { u, dn } of parsed) if (rdnsMatch(dn, certDn, oneToOne)) return { user: u, via: id };
  return undefined;
}

/** The strings a new user could be named to match this certificate, best first (for the quick fix). */
export function userNamesFor(ids: CertIdentities): Identity[] {
  if (ids.refused) return [];
  const out: Identity[] = [];
  for (const kind of ['email', 'dns', 'uri'] as const) {
    const first = ids.list.find((i) => i.kind === kind);
    if (first) out.push(first);
  }
  const subject = ids.list.find((i) => i.kind === 'subject');
  if (subject?.value) out.push(subject);
  return out;
}

/** The route or gateway user check: one configured user, compared literally (no DN matching). */
export function mapsToSingleUser(ids: CertIdentities, user: ConfigUser | undefined, version: Version): Identity | undefined {
  if (!user) return undefined;
  return mapIdentity(ids, [user], { version, dnMatching: false })?.via;
}
