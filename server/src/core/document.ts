// One config file as the engine sees it: its format (nats-server conf, YAML, JSON), its role
// (a nats-server config, a client config, a NATS CLI context) and its tree.
import * as path from 'node:path';
import { Source, type Entry, type MapNode } from './conf/ast';
import { spliceConf, type TextEdit } from './conf/incremental';
import type { SourceIssue } from './conf/issue';
import type { ParsedConf } from './conf/parser';
import { loadConf, type ConfContext } from './conf/resolve';
import { parseYaml } from './conf/yaml-reader';

export type DocFormat = 'conf' | 'yaml' | 'json';
export type DocRole = 'server' | 'client' | 'context';

export interface ConfigDoc {
  file: string;
  format: DocFormat;
  role: DocRole;
  src: Source;
  root: MapNode;
  issues: SourceIssue[];
  /** For nats-server configs: the raw parse (comments, suffixed integers) and the files it includes. */
  conf?: ParsedConf;
  includedFiles: string[];
}

/** Keys that only a nats-server config has at its top level. */
const SERVER_KEYS = new Set([
  'port',
  'listen',
  'host',
  'net',
  'server_name',
  'cluster',
  'gateway',
  'leafnodes',
  'websocket',
  'mqtt',
  'jetstream',
  'accounts',
  'authorization',
  'http',
  'http_port',
  'https',
  'https_port',
  'monitor_port',
  'include',
  'operator',
  'resolver',
  'resolver_tls',
  'system_account',
  'max_payload',
  'max_connections',
  'debug',
  'trace',
  'logtime',
  'log_file',
  'pid_file',
  'ping_interval',
  'write_deadline',
  'lame_duck_duration',
  'server_tags',
  'no_auth_user',
  'allow_non_tls',
  'ocsp',
  'ocsp_cache',
  'cluster_advertise',
  'client_advertise',
  'connect_error_reports',
]);
/** Keys of a NATS CLI context file (jsm.go natscontext). */
const CONTEXT_KEYS = new Set([
  'description',
  'url',
  'socks_proxy',
  'token',
  'user',
  'password',
  'creds',
  'nkey',
  'cert',
  'key',
  'ca',
  'nsc',
  'jetstream_domain',
  'jetstream_api_prefix',
  'jetstream_event_prefix',
  'inbox_prefix',
  'user_jwt',
  'user_seed',
  'color_scheme',
  'tls_first',
  'windows_cert_store',
  'windows_cert_match_by',
  'windows_cert_match',
  'windows_ca_certs_match',
]);
const NATS_URL = /^(nats|tls|ws|wss):\/\//i;
const HOST_PORT = /^[\w.-]+:\d+$/;

export function formatOf(file: string, languageId?: string): DocFormat | undefined {
  if (languageId === 'nats') return 'conf';
  const ext = path.extname(file).toLowerCase();
  if (languageId === 'yaml' || ext === '.yaml' || ext === '.yml') return 'yaml';
  if (languageId === 'json' || languageId === 'jsonc' || ext === '.json') return 'json';
  if (ext === '.conf' || languageId === 'plaintext' || languageId === undefined) return 'conf';
  return undefined;
}

function keys(root: MapNode): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const e of root.entries) if (e.kind === 'entry') out.set(e.name, e);
  return out;
}

/** What a YAML or JSON mapping is, if it is a NATS config at all. */
export function roleOfMapping(root: MapNode): DocRole | undefined {
  const k = keys(root);
  const isUrl = (s: string): boolean => NATS_URL.test(s) || HOST_PORT.test(s);
  const urlish = (e: Entry | undefined): boolean => {
    const v = e?.value;
    if (!v) return false;
    if (v.kind === 'string') return isUrl(v.value);
    if (v.kind === 'array') return v.items.some((i) => i.kind === 'string' && isUrl(i.value));
    return false;
  };
  if (urlish(k.get('servers'))) return 'client';
  const tls = k.get('tls')?.value;
  const tlsHasFiles =
    tls?.kind === 'map' &&
    tls.entries.some((e) => e.kind === 'entry' && /^(cert_file|key_file|ca_file|cert|key|ca|certfile|keyfile|cafile)$/.test(e.name));
  let server = 0;
  let context = 0;
  for (const name of k.keys()) {
    if (SERVER_KEYS.has(name)) server++;
    if (CONTEXT_KEYS.has(name)) context++;
  }
  if (server > 0 && server >= context && !(k.has('url') && !k.has('port') && !k.has('listen'))) return 'server';
  if (context > 0 && (k.has('url') || k.has('cert') || k.has('key') || k.has('ca') || k.has('creds') || k.has('nkey'))) return 'context';
  if (tlsHasFiles || urlish(k.get('url'))) return 'client';
  return undefined;
}

export interface OpenOptions {
  languageId?: string;
  ctx: ConfContext;
  /** When set, a YAML or JSON file that does not look like a NATS config is still read with this role. */
  forceRole?: DocRole;
}

/** Parses one document. Returns undefined for YAML/JSON that is not a NATS config. Never throws on content. */
export function openDocument(file: string, text: string, opts: OpenOptions): ConfigDoc | undefined {
  const format = formatOf(file, opts.languageId);
  if (!format) return undefined;
  const src = new Source(file, text);
  if (format === 'conf') return confDoc(src, 'conf', opts.ctx);
  const y = parseYaml(src);
  const role = y.isMapping ? roleOfMapping(y.root) : undefined;
  if (format === 'json' && (role === 'server' || (!y.isMapping && y.issues.length > 0 && looksLikeServerJson(text)))) {
    // A nats-server config written as JSON (e.g. rendered by the Helm chart): read it as nats-server does.
    return confDoc(src, 'json', opts.ctx);
  }
  const finalRole = role ?? opts.forceRole;
  if (!finalRole) return undefined;
  if (finalRole === 'server') return confDoc(src, format, opts.ctx);
  return { file, format, role: finalRole, src, root: y.root, issues: y.issues, includedFiles: [] };
}

/**
 * The next version of `prev` after `edit` (see conf/incremental.ts): spliced into the previous tree where that is
 * provably the same as parsing `text` in full, else parsed in full. Once spliced, `prev`'s tree belongs to the
 * result: only `prev.src` (the previous text) may still be read.
 */
export function reopenDocument(prev: ConfigDoc, text: string, edit: TextEdit, opts: OpenOptions): ConfigDoc | undefined {
  if (
    prev.format === 'conf' &&
    prev.conf &&
    prev.issues.length === 0 &&
    prev.includedFiles.length === 0 &&
    formatOf(prev.file, opts.languageId) === 'conf'
  ) {
    const conf = spliceConf(prev.conf, text, edit, opts.ctx.dialect);
    if (conf)
      return { file: prev.file, format: 'conf', role: 'server', src: conf.src, root: conf.root, issues: [], conf, includedFiles: [] };
  }
  return openDocument(prev.file, text, opts);
}

function looksLikeServerJson(text: string): boolean {
  return /"(port|listen|server_name|cluster|jetstream|leafnodes|gateway)"\s*:/.test(text);
}

function confDoc(src: Source, format: DocFormat, ctx: ConfContext): ConfigDoc {
  const conf = loadConf(src, ctx);
  return {
    file: src.file,
    format,
    role: 'server',
    src,
    root: conf.parsed.root,
    issues: conf.issues,
    conf: conf.parsed,
    includedFiles: conf.includedFiles,
  };
}
