// The proxy of a leaf node remote (nats-server 2.12.1+, leafnode.go validateLeafNodeProxyOptions): an
// http(s) URL with a host, a user and password together or not at all, and WebSocket remote URLs, since the
// proxy only carries WebSocket connections (otherwise nats-server warns that it ignores the proxy).
import { rejects, type SourceIssue } from '../conf/issue';
import { deref } from '../conf/resolve';
import { atKey, optionEntries, stringOf, valueOfEntry } from '../schema/report';
import { schemaWalk } from '../schema/walk';
import type { TlsModel } from '../tls/model';

export function checkLeafProxies(model: TlsModel): SourceIssue[] {
  const walk = schemaWalk(model.doc);
  if (!walk) return [];
  const out: SourceIssue[] = [];
  for (const remote of walk.visits) {
    if (remote.block.id !== 'leafnodes.remote') continue;
    const r = optionEntries(remote);
    const proxyEntry = r.get('proxy');
    const proxyMap = deref(proxyEntry?.value);
    const proxy = proxyMap?.kind === 'map' ? walk.byMap.get(proxyMap) : undefined;
    if (!proxyEntry || !proxy) continue;
    const p = optionEntries(proxy);
    const url = stringOf(p.get('url'));
    if (!url) continue;
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(url);
    const scheme = m?.[1]?.toLowerCase() ?? '';
    const bad = (reason: string, fix: string, warning = false): void => {
      out.push(
        atKey(
          proxyEntry,
          'invalid-value',
          'error',
          warning ? `nats-server warns: "${reason}". ${fix}` : rejects(reason, fix),
          warning ? { stage: 'load' } : {},
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
    const ws = schemes.filter((s) => s === 'ws' || s === 'wss').length;
    if (ws === 0)
      bad(
        'proxy configuration will be ignored: proxy settings only apply to WebSocket connections (ws:// or wss://), but all configured URLs use TCP connections (nats://)',
        'The server starts but does not use the proxy, and `nats-server -t` fails on the warning. Use ws:// or wss:// remote URLs, or remove the proxy.',
        true,
      );
    else if (ws < schemes.length)
      bad(
        'proxy configuration will only be used for WebSocket URLs: proxy settings do not apply to TCP connections (nats://)',
        'The server starts, but `nats-server -t` fails on the warning. Use only ws:// or wss:// URLs with a proxy.',
        true,
      );
  }
  return out;
}
