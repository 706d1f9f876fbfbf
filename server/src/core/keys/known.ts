// "Does nats-server know this key here?" — the one question semantic tokens and rename ask about option
// names. The engine knows the top-level options and the fields of TLS blocks; elsewhere it does not know
// yet, and says so (undefined) rather than guess. Point isKnownKey at a fuller option schema when there is one.
import type { Entry } from '../conf/ast';
import { OCSP_PEER_KEYS, tlsField } from '../tls/fields';
import { TOP_LEVEL_OPTIONS } from './server-options';

/** Where nats-server reads a `tls { }` block (conf paths, aliases included; arrays are skipped). */
const TLS_PATHS = new Set([
  'tls',
  'cluster.tls',
  'gateway.tls',
  'gateway.gateways.tls',
  'leafnodes.tls',
  'leaf.tls',
  'leafnodes.remotes.tls',
  'leaf.remotes.tls',
  'websocket.tls',
  'ws.tls',
  'mqtt.tls',
  'resolver_tls',
]);

/** The last key of every path isKnownKey has an answer for (below the top level). */
const CONTEXTS = new Set(['tls', 'resolver_tls', 'certs', 'certificates', 'ocsp_peer']);

const MAX_DEPTH = 256;

/** The lower-cased keys of the maps that enclose an entry, outermost first (array levels skipped). */
export function keyPath(entry: Entry): string[] {
  const path: string[] = [];
  let n: Entry['parent'] = entry.parent;
  for (let i = 0; n && i < MAX_DEPTH; i++) {
    if (n.kind === 'entry') path.push(n.name);
    n = n.parent;
  }
  return path.reverse();
}

/**
 * Whether nats-server knows `key` in the map at `path` (lower-cased enclosing keys, from the top of a
 * nats-server config): true or false where the engine knows that map's options, undefined where it does not.
 */
export function isKnownKey(path: readonly string[], key: string): boolean | undefined {
  if (path.length === 0) return TOP_LEVEL_OPTIONS.has(key.toLowerCase());
  const last = path[path.length - 1]!;
  // Asked for every key of a large file: leave the blocks it knows nothing about at once.
  if (!CONTEXTS.has(last)) return undefined;
  const k = key.toLowerCase();
  const at = path.join('.');
  if (TLS_PATHS.has(at)) return tlsField(k) !== undefined;
  const parent = path.slice(0, -1).join('.');
  // Inside a TLS block: the certs list (exact lower-case names, as nats-server reads them) and ocsp_peer.
  if (TLS_PATHS.has(parent) && (last === 'certs' || last === 'certificates')) return key === 'cert_file' || key === 'key_file';
  if (TLS_PATHS.has(parent) && last === 'ocsp_peer') return OCSP_PEER_KEYS.includes(k);
  return undefined;
}
