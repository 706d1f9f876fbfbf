// Across files: a client config (YAML/JSON, NATS CLI context) paired with the nats-server config it talks
// to. peer-untrusted and host-mismatch predict handshake failures. Links between servers (routes, gateways,
// leaf nodes) are checked in topology-links.ts.
import * as path from 'node:path';
import type { SourceIssue } from '../conf/issue';
import { isOn, type DialUrl, type TlsBlock } from '../tls/blocks';
import { issueAt } from '../tls/issue-at';
import { refOf, type TlsModel } from '../tls/model';
import { nameOf } from '../x509/describe';
import { chainFailureNote, hostErrorText, matchesHost } from '../x509/verify';
import { loaded, trustFailure } from './chain-trust';
import { excerpt } from '../conf/excerpt';

interface ServerSide {
  model: TlsModel;
  block: TlsBlock;
}

/** The server each client talks to: the one whose client port matches its URLs' port, or the only one there is. */
export function pairClients(models: TlsModel[]): { client: TlsModel; block: TlsBlock; server: ServerSide }[] {
  const servers: ServerSide[] = [];
  for (const m of models) for (const b of m.blocks) if (b.location.id === 'client-port') servers.push({ model: m, block: b });
  const pairs: { client: TlsModel; block: TlsBlock; server: ServerSide }[] = [];
  for (const m of models) {
    for (const b of m.blocks) {
      if (b.location.id !== 'client-config' && b.location.id !== 'context') continue;
      const ports = new Set(b.dials.map((d) => d.port ?? 4222));
      // A server on a random port (-1) could be any of them.
      const byPort = servers.filter((s) => s.block.listenPort === undefined || ports.has(s.block.listenPort));
      const server = byPort.length === 1 ? byPort[0] : servers.length === 1 ? servers[0] : undefined;
      if (server) pairs.push({ client: m, block: b, server });
    }
  }
  return pairs;
}

export function checkPeers(models: TlsModel[]): SourceIssue[] {
  const out: SourceIssue[] = [];
  for (const { client, block, server } of pairClients(models)) out.push(...checkClientPair(client, block, server));
  return out;
}

function checkClientPair(client: TlsModel, block: TlsBlock, server: ServerSide): SourceIssue[] {
  const out: SourceIssue[] = [];
  const now = client.now;
  const serverName = path.basename(server.model.doc.file);
  const clientCertRef = refOf(client, block, 'cert_file');
  const clientCert = loaded(clientCertRef);
  const clientCa = loaded(refOf(client, block, 'ca_file'));
  const serverCertRef = refOf(server.model, server.block, 'cert_file');
  const serverCert = loaded(serverCertRef);
  const serverCaRef = refOf(server.model, server.block, 'ca_file');
  const serverCa = loaded(serverCaRef);
  const verifies = isOn(server.block.fields.get('verify')) || isOn(server.block.fields.get('verify_and_map'));

  // Server → client: with verify, the server checks the client's certificate against its ca_file.
  if (verifies && !clientCertRef) {
    out.push(
      issueAt(
        block.anchor,
        'peer-untrusted',
        'error',
        `${serverName} requires a client certificate (verify: true), but this config presents none; the handshake fails with "tls: client didn't provide a certificate". Add cert_file and key_file.`,
        { server: server.model.doc.file },
      ),
    );
  } else if (verifies && clientCert && serverCa && clientCertRef) {
    const [leaf, ...intermediates] = clientCert.certs;
    const r = trustFailure(leaf!, intermediates, serverCa.certs, now, 'clientAuth');
    if (r) {
      out.push(
        issueAt(
          clientCertRef.at,
          'peer-untrusted',
          'error',
          `${serverName} verifies client certificates against ${excerpt(path.basename(serverCaRef!.raw))}, which does not vouch for ${leaf!.subjectCN ?? 'this certificate'}: the handshake fails with "tls: failed to verify client certificate: ${r.detail}".${chainFailureNote(r)} Sign it with a CA in that file, or add its CA there.`,
          { server: server.model.doc.file },
        ),
      );
    }
  }

  // Client → server: the client checks the server's certificate against its own ca_file, and the URL's host.
  if (serverCert && serverCertRef) {
    const [leaf, ...intermediates] = serverCert.certs;
    const caRef = refOf(client, block, 'ca_file');
    if (clientCa && caRef) {
      const r = trustFailure(leaf!, intermediates, clientCa.certs, now, 'serverAuth');
      if (r) {
        out.push(
          issueAt(
            caRef.at,
            'peer-untrusted',
            'error',
            `The server's certificate (${nameOf(leaf!)}, from ${serverName}) does not verify against this ca_file: the client fails with "${r.detail}".${chainFailureNote(r)} Put the CA that issued it in this file.`,
            { server: server.model.doc.file },
          ),
        );
      }
    }
    for (const url of block.dials) {
      if (url.port !== undefined && server.block.listenPort !== undefined && url.port !== server.block.listenPort) continue;
      if (!matchesHost(leaf!, url.host)) out.push(hostIssue(url, leaf!, `the server's certificate from ${serverName}`));
    }
  }
  return out;
}

function hostIssue(url: DialUrl, leaf: import('../x509/model').CertInfo, whose: string): SourceIssue {
  return issueAt(
    url.at,
    'host-mismatch',
    'error',
    `Connecting to ${excerpt(url.host)} fails: ${whose} does not cover that host ("${hostErrorText(leaf, url.host)}"). Add ${excerpt(url.host)} as a ${/^[\d.]+$|:/.test(url.host) ? 'IP' : 'DNS'} SAN, or connect with a name the certificate has.`,
    {
      host: url.host,
    },
  );
}
