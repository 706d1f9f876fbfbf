// Cheap content sniffing with no dependencies: the VS Code client claims `.conf` files with it at activation,
// before the language server runs, so it lives in the protocol module. It is the only sniffer: the engine
// re-exports it (server/src/core/sniff.ts).

const NATS_ONLY_KEY =
  /^(cluster|jetstream|leafnodes|leaf|gateway|authorization|accounts|tls|server_name|system_account|operator|resolver|resolver_tls|websocket|mqtt|max_payload|http_port|https_port|no_auth_user|server_tags|lame_duck_duration)\s*(?:[:=]|\{|\s+\S)/im;
const NATS_KEY =
  /^(listen|port|host|include|debug|trace|logtime|log_file|pid_file|max_connections|ping_interval|write_deadline)\s*(?:[:=]|\s+\S)/gim;
/** Markers of other `.conf` dialects (nginx, Apache, INI sections) that share keys such as `listen`. */
const OTHER_DIALECT = /^\s*(?:(?:server|location|upstream|events|http|stream)\s*\{|<\w+[^>]*>\s*$|\[[^\]\n]+\]\s*$)/m;
/** Keys of redis.conf and mosquitto.conf, which also write `port 6379` and `pid_file …` without a separator. */
const OTHER_KEYS =
  /^(?:bind|daemonize|requirepass|appendonly|maxmemory|loglevel|logfile|listener|log_dest|allow_anonymous|password_file|persistence|persistence_location)\s+\S/m;

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

/** NATS URLs a client config or NATS CLI context points at (`nats://host:4222`, `tls://…`). */
const NATS_URL = /["'\s:[,]-?\s*(?:nats|tls):\/\/[\w.[\]-]/i;
/** Keys only a NATS CLI context has (jsm.go natscontext), as YAML or JSON keys. */
const CONTEXT_ONLY_KEY =
  /(?:^|[{,\n])\s*["']?(?:nsc|jetstream_domain|jetstream_api_prefix|jetstream_event_prefix|inbox_prefix|user_jwt|user_seed|color_scheme|tls_first|windows_cert_store|windows_cert_match_by|windows_ca_certs_match|socks_proxy)["']?\s*:/;
/** JSON keys only a nats-server config has at its top level (a nats.conf rendered as JSON, e.g. by Helm). */
const SERVER_JSON_KEY =
  /"(?:server_name|cluster|jetstream|leafnodes|gateway|accounts|authorization|operator|resolver|system_account|websocket|mqtt|http_port|max_payload)"\s*:/;

/**
 * What a file found in a folder is, for `nats-tls check DIR`: a nats-server config, a NATS client config or
 * context, or not a NATS file at all (with why, for the list of skipped files). A `.conf` must look like
 * nats-server's; a YAML or JSON file counts only with real NATS markers: a `nats://` or `tls://` URL, a NATS
 * CLI context's own keys, or (JSON) a nats-server config's own top-level keys. Docker Compose, Helm values,
 * CI files, tsconfig and cfssl CSRs have none of these.
 */
export function sniffNatsFile(file: string, text: string): { nats: true } | { nats: false; reason: string } {
  const head = text.slice(0, 16384);
  if (/\.conf$/i.test(file))
    return looksLikeOtherConf(head)
      ? { nats: false, reason: "another program's .conf (nginx, Apache, INI, redis or mosquitto style), not nats-server's" }
      : { nats: true };
  if (NATS_URL.test(head) || CONTEXT_ONLY_KEY.test(head)) return { nats: true };
  if (/\.json$/i.test(file) && SERVER_JSON_KEY.test(head)) return { nats: true };
  return { nats: false, reason: 'no NATS markers (no nats:// or tls:// URL, no NATS CLI context keys)' };
}

/**
 * A `.conf` that is positively another program's: nginx/Apache/INI markers, redis or mosquitto keys, or every
 * setting written `key value` (never `key: value`, `key = value` or `key {`). A one-line nats.conf such as
 * `listen: localhost:4222` is still nats-server's (the corpus has many).
 */
function looksLikeOtherConf(head: string): boolean {
  if (NATS_ONLY_KEY.test(head)) return false;
  if (OTHER_DIALECT.test(head) || OTHER_KEYS.test(head)) return true;
  const lines = head
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('//'));
  return lines.length > 0 && !lines.some((l) => /^["']?[\w.$-]+["']?\s*[:=[{]|^[{}[\]]/.test(l));
}
