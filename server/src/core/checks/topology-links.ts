// Across files: every route, gateway and leaf remote URL paired with the config that listens there, and
// each handshake failure predicted for that link reported on the dialer's URL (peer-untrusted,
// host-mismatch, missing-client-auth, missing-server-auth, pin-mismatch, cert-maps-to-no-user,
// link-tls-mismatch), with related information on the other config's lines. A route URL no config in the
// workspace listens at is checked as before, against this node's own certificate, as a stated assumption
// (a warning).
import type { SourceIssue } from '../conf/issue';
import { excerpt } from '../conf/excerpt';
import { isOn } from '../tls/blocks';
import { issueAt } from '../tls/issue-at';
import { refOf, type TlsModel } from '../tls/model';
import { hostErrorText, matchesHost } from '../x509/verify';
import { loaded } from './chain-trust';
import { topologyOf, type TopologyLink } from '../topology/build';
import type { LinkFailure } from '../topology/handshake';
import { nodeLabel } from '../topology/pairing';
import { isIp } from '../topology/nodes';

const WHAT: Record<TopologyLink['kind'], string> = { route: 'Route', gateway: 'Gateway connection', leafnode: 'Leaf node connection' };

export function checkTopologyLinks(models: TlsModel[]): SourceIssue[] {
  const out: SourceIssue[] = [];
  for (const link of topologyOf(models).links) {
    if (link.prediction && link.pairing.node) {
      const to = nodeLabel(link.pairing.node);
      // One diagnostic per code on a URL: both directions failing the same way read as one problem.
      const byCode = new Map<string, LinkFailure[]>();
      for (const f of link.prediction.failures) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
      for (const [code, fs] of byCode) {
        const text = fs.map((f) => `${f.reason} ${f.fix}`).join(' ');
        const issue = issueAt(link.dial.url.at, code, 'error', `${WHAT[link.kind]} to ${to} fails: ${text}`, {
          ...Object.assign({}, ...fs.map((f) => f.data ?? {})),
          peer: link.pairing.node.file,
          by: fs.map((f) => f.by).join(','),
        });
        const related = fs.flatMap((f) => f.related).filter((r) => r.message);
        if (related.length) issue.related = related.map((r) => ({ ...r.at, message: r.message }));
        out.push(issue);
      }
    } else if (link.kind === 'route' && !link.pairing.self) {
      const assumed = assumedRouteHost(link);
      if (assumed) out.push(assumed);
    }
  }
  return out;
}

/** No config listens there: the peer is assumed to present this node's own cluster certificate (the usual shared one). */
function assumedRouteHost(link: TopologyLink): SourceIssue | undefined {
  const block = link.dial.block;
  const model = link.from.model;
  const cert = block && loaded(refOf(model, block, 'cert_file'))?.certs[0];
  if (!block || !cert || isOn(block.fields.get('insecure'))) return undefined;
  const host = link.dial.url.host;
  if (matchesHost(cert, host)) return undefined;
  const where =
    link.pairing.ambiguous.length > 1
      ? `several configs could listen at ${excerpt(host)}`
      : `no config in the workspace listens at ${excerpt(host)}`;
  return issueAt(
    link.dial.url.at,
    'host-mismatch',
    'warning',
    `Assuming the peer presents this node's own cluster certificate (${where}): it does not cover that host ("${hostErrorText(cert, host)}"). If the peer has a certificate of its own, put its config in the workspace (URLs are paired with configs by port, listen host, server_name and file name); if it shares this one, add ${excerpt(host)} as a ${isIp(host) ? 'IP' : 'DNS'} SAN.`,
    { host, assumed: true },
  );
}
