// Both TLS handshakes of one paired link (a route, a gateway connection, a leaf node connection), predicted
// with the same Go-faithful verification as the rest of the engine, then the authorization that follows:
// - the dialer verifies the listener's certificate: expiry, then the URL's host name, then the chain to its
//   ca_file with serverAuth usage (Go's Certificate.Verify order), then its pinned_certs;
// - the listener verifies the dialer's certificate when it asks for one (routes and gateways always, leaf
//   nodes with verify): Go's client only sends a certificate issued by a CA the listener names, then the
//   chain to the listener's ca_file with clientAuth usage, expiry, and the listener's pinned_certs;
// - verify_and_map (and verify_cert_and_check_known_urls) on the listener: the dialer's certificate must map
//   to the route/gateway user, or to a leaf node user.
// Each failure says what each side logs, as nats-server 2.9.10–2.15 do (test/integration/topology.test.ts).
import { isOpaque } from '../conf/secrets';
import { isOn, type Anchor, type TlsBlock } from '../tls/blocks';
import { compareVersions, type Version } from '../tls/versions';
import { refOf, type TlsModel } from '../tls/model';
import { loaded } from '../checks/chain-trust';
import { identitiesOf, mapIdentity, mapsToSingleUser, userNamesFor, KIND_LABEL } from '../identity/map';
import { nameOf } from '../x509/describe';
import type { CertInfo } from '../x509/model';
import { goClientSendsCertificate, hostErrorText, matchesHost, verifyChain, type ChainResult } from '../x509/verify';
import { matchHostnames } from '../x509/host';
import { isIp, nodeName, type Dial, type Listener, type ServerNode } from './nodes';
import { pinned, pinningBlock, pinsOf } from './pins';

export type LinkCode =
  | 'peer-untrusted'
  | 'host-mismatch'
  | 'missing-client-auth'
  | 'missing-server-auth'
  | 'pin-mismatch'
  | 'cert-maps-to-no-user'
  | 'link-tls-mismatch';

export interface Related {
  at: Anchor;
  message: string;
}

export interface LinkFailure {
  code: LinkCode;
  /** Who refuses the link: the dialer (checking the listener) or the listener (checking the dialer). */
  by: 'dialer' | 'listener';
  /** What fails and what each side logs. */
  reason: string;
  fix: string;
  related: Related[];
  data?: Record<string, unknown>;
}

export type LinkStatus = 'ok' | 'fails' | 'unknown';

export interface LinkPrediction {
  status: LinkStatus;
  failures: LinkFailure[];
  /** What cannot be told from the workspace (system roots, unreadable certificates), and what holds. */
  notes: string[];
}

export interface PredictContext {
  now: Date;
  version: Version;
}

const V2_10: Version = { major: 2, minor: 10, patch: 0 };

function typOf(dial: Dial): string {
  return dial.kind === 'leafnode' ? 'leafnode' : dial.kind;
}

/** Go 1.20 and later wrap x509 errors of a TLS client: nats-server 2.10 and later are built with those. */
function verifyPrefix(version: Version): string {
  return compareVersions(version, V2_10) >= 0 ? 'tls: failed to verify certificate: ' : '';
}

function certRef(model: TlsModel, block: TlsBlock | undefined): Related | undefined {
  const ref = block && refOf(model, block, 'cert_file');
  return ref && { at: ref.at, message: '' };
}

function rel(at: Anchor | undefined, message: string): Related[] {
  return at ? [{ at, message }] : [];
}

function fieldKey(block: TlsBlock | undefined, name: string): Anchor | undefined {
  const e = block?.fields.get(name);
  return e ? { src: e.src, start: e.keyStart, end: e.keyEnd } : undefined;
}

const chainCode = (r: ChainResult & { ok: false }, usage: 'serverAuth' | 'clientAuth'): LinkCode =>
  r.reason === 'incompatible-usage' ? (usage === 'serverAuth' ? 'missing-server-auth' : 'missing-client-auth') : 'peer-untrusted';

const dated = (r: ChainResult): boolean => !r.ok && (r.reason === 'expired' || r.reason === 'not-yet-valid');
const detail = (r: ChainResult): string => (r.ok ? '' : r.detail);

/** The names nats-server verifies the listener's certificate for: an IP URL's saved host name first, then the IP. */
function verifiedNames(dial: Dial): string[] {
  const host = dial.url.host;
  return isIp(host) && dial.tlsName ? [dial.tlsName, host] : [host];
}

/** verify_cert_and_check_known_urls: one of the certificate's DNS SANs matches a host of these URLs (RFC 6125). */
function knownUrlMatch(cert: CertInfo, hosts: string[]): string | undefined {
  return cert.san?.dns.find((d) => hosts.some((h) => matchHostnames(d.toLowerCase(), h.toLowerCase())));
}

export function predictLink(dial: Dial, from: ServerNode, to: ServerNode, listener: Listener, ctx: PredictContext): LinkPrediction {
  const failures: LinkFailure[] = [];
  const notes: string[] = [];
  const D = nodeName(from);
  const L = nodeName(to);
  const typ = typOf(dial);
  const hs = (err: string): string => `"TLS ${typ} handshake error: ${err}"`;
  const dBlock = dial.block;
  const lBlock = listener.block;
  const what =
    dial.kind === 'route'
      ? 'cluster.tls'
      : dial.kind === 'gateway'
        ? 'gateway.tls'
        : listener.kind === 'websocket'
          ? 'websocket.tls'
          : 'leafnodes.tls';

  // Routes and gateways start TLS at once when configured; a leaf remote upgrades whenever the hub asks.
  if (!lBlock && !dBlock) {
    notes.push('no TLS on either side');
    return { status: 'ok', failures, notes };
  }
  if (!lBlock) {
    failures.push({
      code: 'link-tls-mismatch',
      by: 'listener',
      reason: `${D} dials with TLS, but ${L} has no ${what}: the handshake fails at once (${D} logs a TLS handshake error, ${L} a parse error or "first record does not look like a TLS handshake").`,
      fix: `Give ${L} a ${what} block, or remove this one.`,
      related: rel(listener.at, `${L} listens here without TLS`),
    });
    return { status: 'fails', failures, notes };
  }
  if (!dBlock && dial.kind !== 'leafnode') {
    failures.push({
      code: 'link-tls-mismatch',
      by: 'listener',
      reason: `${L} requires TLS on ${dial.kind === 'route' ? 'routes' : 'gateways'} (${what}), but ${D} has no ${what}: ${L} logs "tls: first record does not look like a TLS handshake".`,
      fix: `Give ${D} a ${what} block like ${L}'s.`,
      related: rel(lBlock.anchor, `${L}'s ${what}`),
    });
    return { status: 'fails', failures, notes };
  }

  const lChain = loaded(refOf(to.model, lBlock, 'cert_file'));
  const lLeaf = lChain?.certs[0];
  const lCertAt = certRef(to.model, lBlock)?.at;

  // 1. The dialer verifies the listener.
  if (!lLeaf) notes.push(`${L}'s certificate cannot be read, so ${D}'s check of it cannot be predicted`);
  else if (dBlock && isOn(dBlock.fields.get('insecure'))) notes.push(`${D} does not verify ${L}'s certificate (insecure: true)`);
  else {
    const caRef = dBlock && refOf(from.model, dBlock, 'ca_file');
    const roots = loaded(caRef);
    const r = verifyChain(lLeaf, { intermediates: lChain!.certs.slice(1), roots: roots?.certs ?? [], at: ctx.now, usage: 'serverAuth' });
    const names = verifiedNames(dial);
    const rejectedBy = (err: string): string =>
      `${D} rejects ${L}'s certificate (${nameOf(lLeaf)}): ${D} logs ${hs(verifyPrefix(ctx.version) + err)}, and ${L} logs ${hs('remote error: tls: bad certificate')}.`;
    const about = [...rel(lCertAt, `${L} presents this certificate`), ...rel(caRef?.at, `${D} verifies with this ca_file`)];
    if (dated(r)) {
      failures.push({
        code: 'peer-untrusted',
        by: 'dialer',
        reason: rejectedBy(detail(r)),
        fix: `Renew ${L}'s certificate.`,
        related: about,
      });
    } else if (!names.some((n) => matchesHost(lLeaf, n))) {
      const n = names[0]!;
      const ipNote =
        names.length > 1
          ? ` (nats-server verifies ${n}, the host name of another URL in the same list, for this IP URL; after that fails it retries with the IP)`
          : '';
      failures.push({
        code: 'host-mismatch',
        by: 'dialer',
        reason: rejectedBy(hostErrorText(lLeaf, n)) + ipNote,
        fix: `Add ${dial.url.host} as a ${isIp(dial.url.host) ? 'IP' : 'DNS'} SAN to ${L}'s certificate, or dial a name it has.`,
        related: rel(lCertAt, `${L} presents this certificate`),
        data: { host: dial.url.host },
      });
    } else if (!r.ok && r.reason === 'incompatible-usage') {
      failures.push({
        code: 'missing-server-auth',
        by: 'dialer',
        reason: rejectedBy(r.detail),
        fix: `Reissue ${L}'s certificate with serverAuth (and clientAuth) extended key usage.`,
        related: about,
      });
    } else if (!roots) {
      notes.push(`${D} verifies ${L}'s certificate against the system's trust store (no ca_file), which nats-tls cannot see`);
    } else if (!r.ok) {
      failures.push({
        code: chainCode(r, 'serverAuth'),
        by: 'dialer',
        reason: rejectedBy(r.detail),
        fix: `Put the CA that issued ${L}'s certificate into ${D}'s ca_file, or issue ${L}'s certificate from a CA ${D} trusts.`,
        related: about,
      });
    }
    const pinBlock = pinningBlock(from.model, dial.kind);
    const pins = pinsOf(pinBlock);
    if (!pinned(pins, lLeaf.publicKey.spkiSha256))
      failures.push({
        code: 'pin-mismatch',
        by: 'dialer',
        reason: `${D}'s pinned_certs do not hold ${L}'s certificate (${nameOf(lLeaf)}, public-key pin ${lLeaf.publicKey.spkiSha256}): ${D} logs ${hs('certificate not pinned')} after the handshake.`,
        fix: `Add "${lLeaf.publicKey.spkiSha256}" to ${D}'s pinned_certs.`,
        related: [...rel(fieldKey(pinBlock, 'pinned_certs'), `${D}'s pinned_certs`), ...rel(lCertAt, `${L} presents this certificate`)],
        data: { pin: lLeaf.publicKey.spkiSha256 },
      });
  }

  // 2. The listener verifies the dialer, when it asks for a certificate. When the dialer already gave up, the
  // listener only logs "remote error: tls: bad certificate": what it would say is for after that is fixed.
  const then = failures.some((f) => f.by === 'dialer' && f.code !== 'pin-mismatch') ? 'Once that is fixed: ' : '';
  const asks = dial.kind !== 'leafnode' || isOn(lBlock.fields.get('verify')) || isOn(lBlock.fields.get('verify_and_map'));
  const dRef = dBlock && refOf(from.model, dBlock, 'cert_file');
  const dChain = loaded(dRef);
  const dLeaf = dChain?.certs[0];
  const lCaRef = refOf(to.model, lBlock, 'ca_file');
  const lCa = loaded(lCaRef);
  const noCert = (why: string): void => {
    failures.push({
      code: 'peer-untrusted',
      by: 'listener',
      reason: `${then}${why}: ${L} logs ${hs("tls: client didn't provide a certificate")}, and ${D} logs only that the connection closed${dial.kind === 'leafnode' ? ' ("Read Error")' : ''}.`,
      fix: dRef
        ? `Issue ${D}'s certificate from a CA in ${L}'s ca_file, or add its CA there.`
        : `Give ${D}'s ${dial.kind === 'leafnode' ? 'remote a tls block with' : `${what}`} cert_file and key_file.`,
      related: [...rel(lCaRef?.at, `${L} accepts certificates from these CAs`), ...rel(dRef?.at, `${D} has this certificate`)],
    });
  };
  let presented = false;
  if (asks) {
    if (!dRef) noCert(`${L} requires a certificate from ${D}, which has none`);
    else if (!dLeaf) notes.push(`${D}'s certificate cannot be read, so ${L}'s check of it cannot be predicted`);
    else if (lCa && !goClientSendsCertificate(dChain!.certs, lCa.certs))
      noCert(
        `${L} asks for a certificate from the CAs in its ca_file, and ${D}'s (${nameOf(dLeaf)}, issued by ${dLeaf.issuerCN ?? dLeaf.issuer}) is from none of them, so Go's TLS client sends no certificate at all`,
      );
    else {
      presented = true;
      const r = verifyChain(dLeaf, { intermediates: dChain!.certs.slice(1), roots: lCa?.certs ?? [], at: ctx.now, usage: 'clientAuth' });
      const rejectedBy = (err: string): string =>
        `${then}${L} rejects ${D}'s certificate (${nameOf(dLeaf)}): ${L} logs ${hs(`tls: failed to verify client certificate: ${err}`)}, and ${D} logs ${hs('remote error: tls: bad certificate')}.`;
      const about = [...rel(dRef.at, `${D} presents this certificate`), ...rel(lCaRef?.at, `${L} verifies with this ca_file`)];
      if (dated(r))
        failures.push({
          code: 'peer-untrusted',
          by: 'listener',
          reason: rejectedBy(detail(r)),
          fix: `Renew ${D}'s certificate.`,
          related: about,
        });
      else if (!r.ok && r.reason === 'incompatible-usage')
        failures.push({
          code: 'missing-client-auth',
          by: 'listener',
          reason: rejectedBy(r.detail),
          fix: `Reissue ${D}'s certificate with clientAuth (and serverAuth) extended key usage: nodes are TLS clients when they dial.`,
          related: about,
        });
      else if (!lCa)
        notes.push(`${L} verifies ${D}'s certificate against the system's trust store (no ca_file), which nats-tls cannot see`);
      else if (!r.ok)
        failures.push({
          code: chainCode(r, 'clientAuth'),
          by: 'listener',
          reason: rejectedBy(r.detail),
          fix: `Issue ${D}'s certificate from a CA in ${L}'s ca_file, or add its CA there.`,
          related: about,
        });
    }
  }
  const lPinBlock = pinningBlock(to.model, listener.kind === 'websocket' ? 'websocket' : dial.kind);
  const lPins = pinsOf(lPinBlock);
  if (lPins && dLeaf && (!presented || !pinned(lPins, dLeaf.publicKey.spkiSha256)) && !failures.some((f) => f.by === 'listener'))
    failures.push({
      code: 'pin-mismatch',
      by: 'listener',
      reason: presented
        ? `${L}'s pinned_certs do not hold ${D}'s certificate (${nameOf(dLeaf)}, public-key pin ${dLeaf.publicKey.spkiSha256}): ${L} logs ${hs('certificate not pinned')}.`
        : `${L} pins certificates (pinned_certs) but does not ask ${D} for one (no verify in ${what}): ${L} closes every such connection with ${hs('certificate not pinned')}.`,
      fix: presented ? `Add "${dLeaf.publicKey.spkiSha256}" to ${L}'s pinned_certs.` : `Add verify: true to ${L}'s ${what}.`,
      related: [...rel(fieldKey(lPinBlock, 'pinned_certs'), `${L}'s pinned_certs`), ...rel(dRef?.at, `${D} presents this certificate`)],
      data: { pin: dLeaf.publicKey.spkiSha256 },
    });

  // 3. Authorization from the certificate.
  if (presented && dLeaf) {
    const f = authorization(dial, from, to, lBlock, dLeaf, ctx, dRef!.at);
    if (f) failures.push(f);
  }

  const status: LinkStatus = failures.length ? 'fails' : notes.some((n) => !n.startsWith('no TLS')) ? 'unknown' : 'ok';
  return { status, failures, notes };
}

function authorization(
  dial: Dial,
  from: ServerNode,
  to: ServerNode,
  lBlock: TlsBlock,
  cert: CertInfo,
  ctx: PredictContext,
  certAt: Anchor,
): LinkFailure | undefined {
  const ids = identitiesOf(cert, ctx.version);
  const D = nodeName(from);
  const L = nodeName(to);
  const tried = ids.list.filter((i) => i.kind !== 'dn' && i.value).map((i) => `${KIND_LABEL[i.kind]} "${i.value}"`);
  const presents = tried.length
    ? `${D}'s certificate presents ${tried.join(', ')}`
    : `${D}'s certificate presents no identity${ids.refused ? ` (${ids.refused})` : ''}`;
  const mapAt = fieldKey(lBlock, 'verify_and_map');
  if (dial.kind === 'route' || dial.kind === 'gateway') {
    const tlsMap = isOn(lBlock.fields.get('verify_and_map'));
    const known = isOn(lBlock.fields.get('verify_cert_and_check_known_urls'));
    if (!tlsMap && !known) return undefined;
    const user = dial.kind === 'route' ? to.auth.clusterUser : to.auth.gatewayUser;
    if (tlsMap && mapsToSingleUser(ids, user, ctx.version)) return undefined;
    const hosts = to.dials.filter((d) => d.kind === dial.kind).map((d) => d.url.host);
    if (known && knownUrlMatch(cert, hosts)) return undefined;
    const block = dial.kind === 'route' ? 'cluster' : 'gateway';
    // A user written in an included file that is not a config is not quoted (core/conf/secrets.ts).
    const shownUser = user && (isOpaque(user.at.src) ? 'that user' : `"${user.name}"`);
    const needs = [
      ...(tlsMap
        ? [user ? `map to its ${block} authorization user ${shownUser}` : `map to a ${block} authorization user, and ${L} defines none`]
        : []),
      ...(known ? [`have a DNS SAN matching one of ${L}'s ${dial.kind} URLs (${hosts.join(', ') || 'none'})`] : []),
    ];
    return {
      code: 'cert-maps-to-no-user',
      by: 'listener',
      reason: `${L} authorizes ${dial.kind === 'route' ? 'routes' : 'gateways'} by certificate (${tlsMap ? 'verify_and_map' : 'verify_cert_and_check_known_urls'}): it must ${needs.join(' or ')}, and ${presents}. ${L} logs "authentication error" and ${D} logs "${dial.kind === 'route' ? 'Route' : 'Gateway'} Error 'Authorization Violation'".`,
      fix: user
        ? `Make ${D}'s certificate carry ${shownUser} (an email, DNS or URI SAN, or the subject), or change the user.`
        : `Add authorization { user: "<an identity of the certificate>" } to ${L}'s ${block} block.`,
      related: [
        ...rel(user?.at, `${L}'s ${block} user`),
        ...rel(mapAt, `${L} maps certificates to users`),
        ...rel(certAt, `${D} presents this certificate`),
      ],
      data: { server: to.file, scope: block },
    };
  }
  // Leaf nodes: the hub's leaf users (compared literally), else its users for clients (with DN matching).
  if (!isOn(lBlock.fields.get('verify_and_map')) || to.auth.leafSingle || to.auth.operatorMode) return undefined;
  const leafUsers = to.auth.leafUsers;
  const users = leafUsers.length ? leafUsers : to.auth.clientUsers;
  if (!users.length) return undefined;
  const m = mapIdentity(ids, users, { version: ctx.version, dnMatching: !leafUsers.length, connectionType: 'LEAFNODE' });
  if (m) return undefined;
  return {
    code: 'cert-maps-to-no-user',
    by: 'listener',
    reason: `${L} maps leaf node certificates to ${leafUsers.length ? 'its leafnodes.authorization users' : 'its users'} (verify_and_map), and ${presents}, which match none of them: ${L} refuses the leaf node connection and ${D} logs "Leafnode Error 'Authorization Violation'".`,
    fix: `Add a user named after one of those identities to ${L}'s ${leafUsers.length ? 'leafnodes.authorization.users' : 'users'}.`,
    related: [...rel(mapAt, `${L} maps certificates to users`), ...rel(certAt, `${D} presents this certificate`)],
    data: {
      server: to.file,
      scope: leafUsers.length ? 'leafnode' : 'client',
      names: userNamesFor(ids).map((n) => ({ kind: n.kind, value: n.value })),
    },
  };
}
