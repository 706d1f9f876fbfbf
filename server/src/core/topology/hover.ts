// Hover text for identity and topology: on a client's cert_file (the identities it presents and the user of
// the paired server it logs in as), on a `user` value (the certificates that log in as it), on a pin in
// pinned_certs (the certificate it pins), and on a route, gateway or leaf remote URL (the config listening
// there, why, and whether both handshakes hold). Markdown from public facts only.
import * as path from 'node:path';
import { allUsers, type ConfigUser } from '../auth/users';
import { pairClients } from '../checks/peers';
import { loaded } from '../checks/chain-trust';
import { identitiesOf, KIND_LABEL, mapIdentity, mapsToSingleUser, type CertIdentities, type Mapping } from '../identity/map';
import { isOn, type Anchor } from '../tls/blocks';
import { code, md, renderLines } from '../tls/ref-info';
import { refOf, type FileRef, type TlsModel } from '../tls/model';
import { nameOf } from '../x509/describe';
import type { CertInfo } from '../x509/model';
import { topologyOf, type Topology, type TopologyLink } from './build';
import { nodeLabel } from './pairing';
import { pinsOf, type Pin } from './pins';
import type { ServerNode } from './nodes';

const MAX_LISTED = 12;

/** Hover markdown and the span it is about. */
export interface TopologyHover {
  value: string;
  at: Anchor;
}

function inside(at: Anchor, file: string, offset: number): boolean {
  return at.src.file === file && offset >= at.start && offset <= at.end;
}

function identityLines(ids: CertIdentities, mapping: Mapping | undefined): string[] {
  const lines = ids.list
    .filter((i) => i.value)
    .slice(0, MAX_LISTED)
    .map((i, n) => `${n + 1}. ${KIND_LABEL[i.kind]} ${code(i.value)}${mapping?.via === i ? ` → user ${code(mapping.user.name)}` : ''}`);
  return lines.length ? lines : ['none'];
}

function userAccount(u: ConfigUser): string {
  return u.account ? ` in account ${code(u.account)}` : '';
}

/** What a client certificate (client config, context or leaf remote) logs in as. Empty when `ref` is none of those. */
export function certIdentityMarkdown(ref: FileRef, model: TlsModel, models: readonly TlsModel[]): string {
  const loc = ref.block.location.id;
  if (ref.field !== 'cert_file' || (loc !== 'client-config' && loc !== 'context' && loc !== 'leafnode-remote')) return '';
  const leaf = loaded(ref)?.certs[0];
  if (!leaf) return '';
  const all = models.includes(model) ? models : [...models, model];
  const out: string[] = ['**Identity** (verify_and_map tries these in this order; the first user that matches wins)'];
  if (loc === 'leafnode-remote') {
    const links = topologyOf(all).links.filter((l) => l.kind === 'leafnode' && l.dial.block === ref.block && l.pairing.node);
    const hub = links[0]?.pairing.node;
    const block = hub?.model.blocks.find((b) => b.location.id === 'leafnodes');
    const ids = identitiesOf(leaf, hub?.model.version ?? model.version);
    if (!hub || !block)
      return renderLines([...out, ...identityLines(ids, undefined), '', 'No hub config in the workspace listens at its URL.']);
    return renderLines([...out, ...leafMapping(ids, hub, isOn(block.fields.get('verify_and_map')))]);
  }
  const pair = pairClients([...all]).find((p) => p.block === ref.block);
  if (!pair) {
    return renderLines([
      ...out,
      ...identityLines(identitiesOf(leaf, model.version), undefined),
      '',
      'No server config in the workspace is paired with this client.',
    ]);
  }
  const server = pair.server;
  const name = path.basename(server.model.doc.file);
  const node = topologyOf(all).nodeOf(server.model);
  const ids = identitiesOf(leaf, server.model.version);
  if (!isOn(server.block.fields.get('verify_and_map')) || !node)
    return renderLines([
      ...out,
      ...identityLines(ids, undefined),
      '',
      `${md(name)} does not map certificates to users (no verify_and_map).`,
    ]);
  if (!node.auth.clientUsers.length)
    return renderLines([
      ...out,
      ...identityLines(ids, undefined),
      '',
      `${md(name)} has verify_and_map but no users: it asks for no authorization, and any client it trusts connects.`,
    ]);
  const m = mapIdentity(ids, node.auth.clientUsers, { version: server.model.version, dnMatching: true });
  return renderLines([
    ...out,
    ...identityLines(ids, m),
    '',
    m
      ? `✓ logs in to ${md(name)} as user ${code(m.user.name)}${userAccount(m.user)} (its ${KIND_LABEL[m.via.kind]})`
      : `✗ no user of ${md(name)} matches: nats-server answers "Authorization Violation"${ids.refused ? ` (${md(ids.refused)})` : ''}`,
  ]);
}

function leafMapping(ids: CertIdentities, hub: ServerNode, maps: boolean): string[] {
  const name = md(path.basename(hub.file));
  if (!maps)
    return [
      ...identityLines(ids, undefined),
      '',
      `${name} does not map leaf node certificates to users (no verify_and_map in leafnodes.tls).`,
    ];
  const leafUsers = hub.auth.leafUsers;
  const users = leafUsers.length ? leafUsers : hub.auth.clientUsers;
  if (!users.length) return [...identityLines(ids, undefined), '', `${name} has verify_and_map but no users to map to.`];
  const m = mapIdentity(ids, users, { version: hub.model.version, dnMatching: !leafUsers.length, connectionType: 'LEAFNODE' });
  return [
    ...identityLines(ids, m),
    '',
    m
      ? `✓ the leaf node connection to ${name} binds to user ${code(m.user.name)}${userAccount(m.user)}`
      : `✗ no ${leafUsers.length ? 'leafnodes.authorization user' : 'user'} of ${name} matches: the hub refuses the leaf node connection`,
  ];
}

/** The certificates that log in as the `user` value at `offset`, or undefined when there is none there. */
export function userMarkdown(model: TlsModel, models: readonly TlsModel[], offset: number): TopologyHover | undefined {
  const all = models.includes(model) ? models : [...models, model];
  const topology = topologyOf(all);
  const node = topology.nodeOf(model);
  if (!node) return undefined;
  const file = model.doc.file;
  const user = allUsers(node.auth).find((u) => inside(u.at, file, offset));
  if (!user) return undefined;
  const scope = { client: 'clients', leafnode: 'leaf nodes', cluster: 'routes', gateway: 'gateways' }[user.scope];
  const lines = [`**user** ${code(user.name)}${userAccount(user)} · authenticates ${scope}`];
  const certs = mappedCertificates(user, node, all, topology);
  if (certs === undefined)
    lines.push('', 'Certificates are not mapped to users here (no verify_and_map), so no certificate logs in as it.');
  else if (certs.length === 0) lines.push('', 'No certificate in the workspace maps to it.');
  else lines.push('', 'Certificates in the workspace that log in as it:', ...certs.slice(0, MAX_LISTED));
  return { value: renderLines(lines), at: user.at };
}

/** "client-a.yaml: CN=client-a (email SAN)" lines; undefined when the server does not map certificates for this user. */
function mappedCertificates(user: ConfigUser, node: ServerNode, models: readonly TlsModel[], topology: Topology): string[] | undefined {
  const model = node.model;
  const version = model.version;
  const line = (file: string, cert: CertInfo, via: string): string => `- ${md(path.basename(file))}: ${md(nameOf(cert))} (its ${via})`;
  const out: string[] = [];
  const leafBlock = model.blocks.find((b) => b.location.id === 'leafnodes');
  const leafMaps = !!leafBlock && isOn(leafBlock.fields.get('verify_and_map'));
  if (user.scope === 'client') {
    const clientPort = model.blocks.find((b) => b.location.id === 'client-port');
    const clientMaps = !!clientPort && isOn(clientPort.fields.get('verify_and_map'));
    if (!clientMaps && !(leafMaps && !node.auth.leafUsers.length)) return undefined;
    if (clientMaps) {
      for (const p of pairClients([...models])) {
        if (p.server.model !== model) continue;
        const cert = loaded(refOf(p.client, p.block, 'cert_file'))?.certs[0];
        const m = cert && mapIdentity(identitiesOf(cert, version), node.auth.clientUsers, { version, dnMatching: true });
        if (cert && m?.user === user) out.push(line(p.client.doc.file, cert, KIND_LABEL[m.via.kind]));
      }
    }
    if (leafMaps && !node.auth.leafUsers.length) out.push(...leafCerts(user, node, topology, node.auth.clientUsers, true, line));
    return out;
  }
  if (user.scope === 'leafnode') {
    if (!leafMaps || user === node.auth.leafSingle) return undefined;
    return leafCerts(user, node, topology, node.auth.leafUsers, false, line);
  }
  // The route or gateway user: the certificates of the nodes that dial this one.
  const kind = user.scope === 'cluster' ? 'route' : 'gateway';
  const block = model.blocks.find((b) => b.location.id === user.scope);
  if (!block || !isOn(block.fields.get('verify_and_map'))) return undefined;
  for (const l of topology.links) {
    if (l.kind !== kind || l.pairing.node !== node || !l.dial.block) continue;
    const cert = loaded(refOf(l.from.model, l.dial.block, 'cert_file'))?.certs[0];
    const via = cert && mapsToSingleUser(identitiesOf(cert, version), user, version);
    if (cert && via) out.push(line(l.from.file, cert, KIND_LABEL[via.kind]));
  }
  return [...new Set(out)];
}

function leafCerts(
  user: ConfigUser,
  node: ServerNode,
  topology: Topology,
  users: ConfigUser[],
  dnMatching: boolean,
  line: (file: string, cert: CertInfo, via: string) => string,
): string[] {
  const out: string[] = [];
  const version = node.model.version;
  for (const l of topology.links) {
    if (l.kind !== 'leafnode' || l.pairing.node !== node || !l.dial.block) continue;
    const cert = loaded(refOf(l.from.model, l.dial.block, 'cert_file'))?.certs[0];
    const m = cert && mapIdentity(identitiesOf(cert, version), users, { version, dnMatching, connectionType: 'LEAFNODE' });
    if (cert && m?.user === user) out.push(line(l.from.file, cert, KIND_LABEL[m.via.kind]));
  }
  return [...new Set(out)];
}

/** The certificate a pin of pinned_certs at `offset` matches, or undefined when no pin is there. */
export function pinMarkdown(model: TlsModel, models: readonly TlsModel[], offset: number): TopologyHover | undefined {
  const file = model.doc.file;
  let pin: Pin | undefined;
  for (const b of model.blocks) {
    pin = pinsOf(b)?.find((p) => inside(p.at, file, offset));
    if (pin) break;
  }
  if (!pin) return undefined;
  const all = models.includes(model) ? models : [...models, model];
  const matches: string[] = [];
  for (const m of all) {
    for (const r of m.refs) {
      if (r.field !== 'cert_file') continue;
      const leaf = loaded(r)?.certs[0];
      if (leaf?.publicKey.spkiSha256 === pin.value)
        matches.push(`- ${md(nameOf(leaf))} — ${code(r.raw)} in ${md(path.basename(m.doc.file))}`);
    }
  }
  const head = `**pinned_certs** ${code(pin.value)}`;
  const at = pin.at;
  if (!/^[0-9a-f]{64}$/.test(pin.value))
    return { value: renderLines([head, '', 'Not a SHA-256 in hex: nats-server refuses the config.']), at };
  const lines = matches.length
    ? [head, '', 'Pins the public key of:', ...[...new Set(matches)].slice(0, MAX_LISTED)]
    : [head, '', 'No certificate a config in the workspace uses has this public key.'];
  return { value: renderLines(lines), at };
}

/** Pairing and prediction for the route, gateway or leaf remote URL at `offset`, or undefined. */
export function dialMarkdown(model: TlsModel, models: readonly TlsModel[], offset: number): TopologyHover | undefined {
  const all = models.includes(model) ? models : [...models, model];
  const topology = topologyOf(all);
  const node = topology.nodeOf(model);
  if (!node) return undefined;
  const link = topology.dials.find((l) => l.from === node && inside(l.dial.url.at, model.doc.file, offset));
  return link && { value: renderLines(linkLines(link)), at: link.dial.url.at };
}

const KIND_TEXT: Record<TopologyLink['kind'], string> = { route: 'route', gateway: 'gateway connection', leafnode: 'leaf node connection' };
const STATUS_TEXT: Record<TopologyLink['status'], string> = {
  ok: '✓ both handshakes hold',
  fails: '✗ fails',
  unknown: '? cannot be told from the workspace',
};

export function linkLines(link: TopologyLink): string[] {
  const head = `**${KIND_TEXT[link.kind]}** to ${code(link.dial.url.url)}`;
  const p = link.pairing;
  if (p.self) return [head, '', 'This is this node itself (its own cluster port): nats-server ignores a route to itself.'];
  if (!p.node) return [head, '', `Not paired: ${md(link.reasons[0] ?? '')}.`];
  return [
    head,
    '',
    `→ ${md(nodeLabel(p.node))}${p.why.length ? ` (${md(p.why.join(', '))})` : ''}`,
    '',
    STATUS_TEXT[link.status],
    ...link.reasons.slice(0, 6).map((r) => `- ${md(r)}`),
  ];
}
