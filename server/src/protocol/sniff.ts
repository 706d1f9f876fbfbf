// Cheap content sniffing with no dependencies: the VS Code client claims `.conf` files with it at activation,
// before the language server runs, so it lives in the protocol module. It is the only sniffer: the engine
// re-exports it (server/src/core/sniff.ts).

const NATS_ONLY_KEY =
  /^(cluster|jetstream|leafnodes|leaf|gateway|authorization|accounts|tls|server_name|system_account|operator|resolver|resolver_tls|websocket|mqtt|max_payload|http_port|https_port|no_auth_user|server_tags|lame_duck_duration)\s*(?:[:=]|\{|\s+\S)/im;
const NATS_KEY =
  /^(listen|port|host|include|debug|trace|logtime|log_file|pid_file|max_connections|ping_interval|write_deadline)\s*(?:[:=]|\s+\S)/gim;
/** Markers of other `.conf` dialects (nginx, Apache, INI sections) that share keys such as `listen`. */
const OTHER_DIALECT = /^\s*(?:(?:server|location|upstream|events|http|stream)\s*\{|<\w+[^>]*>\s*$|\[[^\]\n]+\]\s*$)/m;

/**
 * Whether a `.conf` that the editor took for another language is a nats-server config, so the extension can
 * claim it (e.g. the `server.conf` that `gen mtls` writes). Looks only at unindented top-level keys.
 */
export function looksLikeNatsServerConf(text: string): boolean {
  const head = text.slice(0, 16384);
  if (OTHER_DIALECT.test(head)) return false;
  if (NATS_ONLY_KEY.test(head)) return true;
  return (head.match(NATS_KEY)?.length ?? 0) >= 2;
}
