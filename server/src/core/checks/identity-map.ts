// Across files: who a client certificate logs in as. When the server a client config (YAML/JSON, NATS CLI
// context) is paired with has verify_and_map and users, the certificate must map to one of them
// (cert-maps-to-no-user, on the client's cert_file, with the strings that would match as data for the
// quick fix). A user that no client certificate paired with the server maps to is pointed out
// (user-unmapped), only when the server has such client certificates at all. pinned_certs on the client
// port: a client certificate whose public key is not pinned is refused (pin-mismatch).
import * as path from 'node:path';
import type { SourceIssue } from '../conf/issue';
import { excerpt } from '../conf/excerpt';
import { type ConfigUser } from '../auth/users';
import { identitiesOf, KIND_LABEL, mapIdentity, userNamesFor, type CertIdentities, type ConnectionType } from '../identity/map';
import { isOn, type TlsBlock } from '../tls/blocks';
import { issueAt } from '../tls/issue-at';
import { refOf, type FileRef, type TlsModel } from '../tls/model';
import { topologyOf } from '../topology/build';
import { CODES } from '../codes';
import type { ServerNode } from '../topology/nodes';
import { pinned, pinsOf } from '../topology/pins';
import { nameOf } from '../x509/describe';
import type { CertInfo } from '../x509/model';
import { loaded, trustFailure } from './chain-trust';
import { pairClients } from './peers';

export interface ClientCert {
  /** The client config (or leaf remote's server config) and its block. */
  model: TlsModel;
  block: TlsBlock;
  ref: FileRef;
  leaf: CertInfo;
}

/** The identities a certificate presents, in words: `email SAN "a@b", DNS SAN "x", subject "CN=x"`. */
export function presented(ids: CertIdentities): string {
  const shown = ids.list.filter((i) => i.kind !== 'dn' && i.value);
  return shown.length ? shown.map((i) => `${KIND_LABEL[i.kind]} "${excerpt(i.value)}"`).join(', ') : 'no identity';
}

function connectionType(block: TlsBlock): ConnectionType {
  return block.dials.some((d) => d.scheme === 'ws' || d.scheme === 'wss') ? 'WEBSOCKET' : 'STANDARD';
}

/** Whether the server's client port maps certificates to users at all (verify_and_map, users, no operator). */
export function mapsClients(node: ServerNode | undefined, block: TlsBlock): boolean {
  return !!node && isOn(block.fields.get('verify_and_map')) && !node.auth.operatorMode && node.auth.clientUsers.length > 0;
}

export function checkIdentityMapping(models: TlsModel[]): SourceIssue[] {
  const out: SourceIssue[] = [];
  const topology = topologyOf(models);
  const seen = new Map<ServerNode, { certs: ClientCert[]; leafCerts: ClientCert[] }>();
  const certsOf = (n: ServerNode): { certs: ClientCert[]; leafCerts: ClientCert[] } => {
    let s = seen.get(n);
    if (!s) seen.set(n, (s = { certs: [], leafCerts: [] }));
    return s;
  };

  for (const { client, block, server } of pairClients(models)) {
    const node = topology.nodeOf(server.model);
    const sBlock = server.block;
    const ref = refOf(client, block, 'cert_file');
    const leafCert = loaded(ref);
    const leaf = leafCert?.certs[0];
    const serverFile = path.basename(server.model.doc.file);
    if (node && ref && leaf) certsOf(node).certs.push({ model: client, block, ref, leaf });

    // Pinned client certificates.
    const pins = pinsOf(sBlock);
    const verifies = isOn(sBlock.fields.get('verify')) || isOn(sBlock.fields.get('verify_and_map'));
    const pinField = sBlock.fields.get('pinned_certs');
    const pinRelated = pinField
      ? [{ src: pinField.src, start: pinField.keyStart, end: pinField.keyEnd, message: `${serverFile}'s pinned_certs` }]
      : [];
    if (pins && !verifies) {
      const issue = issueAt(
        ref?.at ?? block.anchor,
        'pin-mismatch',
        CODES['pin-mismatch'].severity,
        `${serverFile} pins client certificates (pinned_certs) but never asks for one (no verify): nats-server closes every client connection with "TLS handshake error: certificate not pinned". Add verify: true to ${serverFile}'s tls block.`,
        { server: server.model.doc.file },
      );
      issue.related = pinRelated;
      out.push(issue);
    } else if (pins && ref && leaf && !pinned(pins, leaf.publicKey.spkiSha256)) {
      const issue = issueAt(
        ref.at,
        'pin-mismatch',
        CODES['pin-mismatch'].severity,
        `${serverFile}'s pinned_certs do not hold this certificate's public key (${nameOf(leaf)}, pin ${leaf.publicKey.spkiSha256}): the server closes the connection with "TLS handshake error: certificate not pinned". Add "${leaf.publicKey.spkiSha256}" to its pinned_certs.`,
        { server: server.model.doc.file, pin: leaf.publicKey.spkiSha256 },
      );
      issue.related = pinRelated;
      out.push(issue);
    }

    // verify_and_map: the certificate must map to a user.
    if (!ref || !leaf || !mapsClients(node, sBlock)) continue;
    const serverCa = loaded(refOf(server.model, sBlock, 'ca_file'));
    // A certificate the server rejects never reaches the mapping (peer-untrusted says so).
    if (serverCa && trustFailure(leaf, leafCert!.certs.slice(1), serverCa.certs, client.now, 'clientAuth')) continue;
    const ids = identitiesOf(leaf, server.model.version);
    const m = mapIdentity(ids, node!.auth.clientUsers, {
      version: server.model.version,
      dnMatching: true,
      connectionType: connectionType(block),
    });
    if (m) continue;
    const names = userNamesFor(ids);
    const mapEntry = sBlock.fields.get('verify_and_map')!;
    const issue = issueAt(
      ref.at,
      'cert-maps-to-no-user',
      CODES['cert-maps-to-no-user'].severity,
      `${serverFile} maps client certificates to users (verify_and_map), and this certificate (${nameOf(leaf)}) presents ${presented(ids)}${ids.refused ? ` (${ids.refused})` : ''}: no user of ${serverFile} matches, so the connection fails with "Authorization Violation". ${
        names.length
          ? `Add a user named "${excerpt(names[0]!.value)}" to ${serverFile}.`
          : 'Issue the certificate with an email or DNS SAN, or a subject, and add a user named after it.'
      }`,
      { server: server.model.doc.file, names: names.map((n) => ({ kind: n.kind, value: n.value })) },
    );
    issue.related = [
      { src: mapEntry.src, start: mapEntry.keyStart, end: mapEntry.keyEnd, message: `${serverFile} maps certificates to users` },
    ];
    out.push(issue);
  }

  // Leaf remotes are clients of their hub's leaf node port.
  for (const link of topology.links) {
    if (link.kind !== 'leafnode' || !link.pairing.node || !link.dial.block) continue;
    const ref = refOf(link.from.model, link.dial.block, 'cert_file');
    const leaf = loaded(ref)?.certs[0];
    if (ref && leaf) certsOf(link.pairing.node).leafCerts.push({ model: link.from.model, block: link.dial.block, ref, leaf });
  }

  for (const [node, { certs, leafCerts }] of seen) out.push(...unmappedUsers(node, certs, leafCerts));
  return out;
}

/** Users no paired client certificate maps to (information), when the server maps certificates and has some. */
function unmappedUsers(node: ServerNode, certs: ClientCert[], leafCerts: ClientCert[]): SourceIssue[] {
  const out: SourceIssue[] = [];
  const model = node.model;
  const version = model.version;
  const clientPort = model.blocks.find((b) => b.location.id === 'client-port');
  const leafPort = model.blocks.find((b) => b.location.id === 'leafnodes');
  const leafMaps = !!leafPort && isOn(leafPort.fields.get('verify_and_map')) && !node.auth.leafSingle && !node.auth.operatorMode;
  const check = (users: ConfigUser[], from: ClientCert[], dnMatching: boolean, what: string): void => {
    if (!from.length) return;
    const mapped = new Set<ConfigUser>();
    for (const c of from) {
      const m = mapIdentity(identitiesOf(c.leaf, version), users, { version, dnMatching });
      if (m) mapped.add(m.user);
    }
    const files = [...new Set(from.map((c) => path.basename(c.model.doc.file)))];
    for (const u of users) {
      if (mapped.has(u)) continue;
      out.push(
        issueAt(
          u.at,
          'user-unmapped',
          CODES['user-unmapped'].severity,
          `No ${what} certificate in the workspace maps to this user (checked ${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5} more` : ''}): with verify_and_map, a certificate logs in as it only when its email SAN, DNS SAN, URI SAN or subject is exactly "${excerpt(u.name)}". Certificates outside the workspace may.`,
          { user: u.name },
        ),
      );
    }
  };
  const clientMaps = !!clientPort && mapsClients(node, clientPort);
  // Leaf nodes without leaf users of their own log in as the server's users.
  const forUsers = [...(clientMaps ? certs : []), ...(leafMaps && !node.auth.leafUsers.length ? leafCerts : [])];
  if (clientMaps || (leafMaps && !node.auth.leafUsers.length)) check(node.auth.clientUsers, forUsers, true, 'client');
  if (leafMaps && node.auth.leafUsers.length) check(node.auth.leafUsers, leafCerts, false, 'leaf node');
  return out;
}
