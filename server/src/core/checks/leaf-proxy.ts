// The proxy of a leaf node remote (nats-server 2.12.1+, leafnode.go validateLeafNodeProxyOptions): an
// http(s) URL with a host, a user and password together or not at all, and a tls block for wss:// URLs.
// The proxy only carries WebSocket connections: with nats:// URLs it is not used (advice; -t passes).
import type { ValueNode } from '../conf/ast';
import { quoteLast, rejects, type SourceIssue } from '../conf/issue';
import { deref } from '../conf/resolve';
import { atKey, optionEntries, optionEntry, stringOf, valueOfEntry } from '../schema/report';
import { schemaWalk, visitsOf } from '../schema/walk';
import { visitOfMap } from './block-visit';
import type { TlsModel } from '../tls/model';

function urlText(list: (ValueNode | undefined)[], scheme: string): string {
  for (const u of list) if (u?.kind === 'string' && u.value.trim().toLowerCase().startsWith(`${scheme}://`)) return u.value.trim();
  return '';
}

export function checkLeafProxies(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  const out: SourceIssue[] = [];
  for (const remote of visitsOf(walk, 'leafnodes.remote')) {
    // Most remotes have no proxy: find it without building the remote's map of options.
    const proxyEntry = optionEntry(remote, 'proxy');
    const proxyMap = deref(proxyEntry?.value);
    const proxy = proxyMap?.kind === 'map' ? visitOfMap(walk, 'leafnodes.remote.proxy', proxyMap) : undefined;
    if (!proxyEntry || !proxy) continue;
    const r = optionEntries(remote);
    const p = optionEntries(proxy);
    const url = stringOf(p.get('url'));
    if (!url) continue;
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(url);
    const scheme = m?.[1]?.toLowerCase() ?? '';
    const bad = (reason: string, fix: string): void => {
      out.push(atKey(proxyEntry, 'invalid-value', 'error', rejects(reason, fix)));
    };
    // nats-server logs these, but `-t` passes: the proxy is simply not used for TCP URLs.
    const ignored = (reason: string, fix: string): void => {
      out.push(
        atKey(
          proxyEntry,
          'invalid-value',
          'warning',
          quoteLast('nats-server does not use this proxy for these URLs (`nats-server -t` passes).', fix, `nats-server says: "${reason}"`),
          { stage: 'advice' },
        ),
      );
    };
    if (scheme !== 'http' && scheme !== 'https') {
      bad(`proxy URL scheme must be http or https, got: ${scheme}`, 'Write the proxy as "http://host:port".');
      continue;
    }
    if (!m?.[2]) {
      bad('proxy URL must specify a host', 'Write the proxy as "http://host:port".');
      continue;
    }
    if (!!stringOf(p.get('username')) !== !!stringOf(p.get('password'))) {
      bad('proxy username and password must both be specified or both be empty', 'Set both username and password, or neither.');
      continue;
    }
    const urls = valueOfEntry(r.get('url'));
    const list = urls?.kind === 'array' ? urls.items.map(deref) : [urls];
    const schemes = list.flatMap((u) =>
      u?.kind === 'string' ? [/^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(u.value.trim())?.[1]?.toLowerCase() ?? ''] : [],
    );
    if (schemes.length === 0) continue;
    const ws = schemes.filter((x) => x === 'ws' || x === 'wss').length;
    const wssWithoutTls = schemes.includes('wss') && !r.get('tls');
    if (wssWithoutTls)
      bad(
        `proxy is configured but remote URL ${urlText(list, 'wss')} requires TLS and no TLS configuration is provided. When using proxy with TLS endpoints, ensure TLS is properly configured for the leafnode remote`,
        'Add a tls { } block to this remote (at least ca_file), or use ws://.',
      );
    else if (ws === 0)
      ignored(
        'proxy configuration will be ignored: proxy settings only apply to WebSocket connections (ws:// or wss://), but all configured URLs use TCP connections (nats://)',
        'The proxy is never used: use ws:// or wss:// remote URLs, or remove the proxy.',
      );
    else if (ws < schemes.length)
      ignored(
        'proxy configuration will only be used for WebSocket URLs: proxy settings do not apply to TCP connections (nats://)',
        'Connections to the nats:// URLs bypass the proxy.',
      );
  }
  return out;
}
