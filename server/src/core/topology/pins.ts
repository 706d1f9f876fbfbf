// pinned_certs: after every TLS handshake nats-server looks the peer's leaf certificate up by the SHA-256 of
// its SubjectPublicKeyInfo (server/auth.go, matchesPinnedCert) and closes the connection with "certificate
// not pinned" when the set does not hold it, or when the peer presented no certificate at all. Which set
// applies: the client port's for clients; cluster.tls's for routes both ways; gateway.tls's for gateways
// both ways (not gateways[].tls); leafnodes.tls's for leaf connections both ways (a remote's own
// pinned_certs is ignored).
import { deref } from '../conf/resolve';
import { valueOf, type Anchor, type TlsBlock } from '../tls/blocks';
import type { TlsModel } from '../tls/model';

export interface Pin {
  /** Lower-case hex, as nats-server stores it. */
  value: string;
  at: Anchor;
}

/** The block's pins; undefined when pinning is off (no pinned_certs, or an empty list). */
export function pinsOf(block: TlsBlock | undefined): Pin[] | undefined {
  const v = valueOf(block?.fields.get('pinned_certs'));
  if (v?.kind !== 'array') return undefined;
  const pins: Pin[] = [];
  for (const item of v.items) {
    const s = deref(item);
    if (s?.kind === 'string') pins.push({ value: s.value.toLowerCase(), at: { src: item.src, start: item.start, end: item.end } });
  }
  return pins.length ? pins : undefined;
}

/** The block whose pinned_certs a server applies to a connection of this kind (both directions). */
export function pinningBlock(
  model: TlsModel,
  kind: 'client' | 'route' | 'gateway' | 'leafnode' | 'websocket' | 'mqtt',
): TlsBlock | undefined {
  const id =
    kind === 'client'
      ? 'client-port'
      : kind === 'route'
        ? 'cluster'
        : kind === 'gateway'
          ? 'gateway'
          : kind === 'leafnode'
            ? 'leafnodes'
            : kind;
  return model.blocks.find((b) => b.location.id === id);
}

export function pinned(pins: Pin[] | undefined, spkiSha256: string): boolean {
  return !pins || pins.some((p) => p.value === spkiSha256.toLowerCase());
}
