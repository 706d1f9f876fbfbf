// File plans for the test CA: which files `gen ca|server|client|mtls` write, with their contents and modes.
// Pure: returns plans; the CLI writes them with Node's fs, the language server hands them to the VS Code client.
import 'reflect-metadata'; // before @peculiar/x509, whichever module loads first
import type { Issuer } from './issue';
import type { ConfigDoc } from '../document';
import { hostsInConfig, type FoundHost } from './hosts';
import {
  constraintViolations,
  HOST_NAME,
  isIp,
  issueCa,
  issueClient,
  issueServer,
  LEAF_VALIDITY_DAYS,
  leafValidity,
  LOOPBACK_HOSTS,
  nameConstraintsOf,
  splitHosts,
  type CaOptions,
  type ClientOptions,
  type IssuedPair,
  type NameConstraintSet,
  type ServerOptions,
} from './profiles';
import * as x509 from '@peculiar/x509';
import {
  CA_CERT_FILE,
  CA_KEY_FILE,
  certFileOf,
  FILE_MODES,
  keyFileOf,
  MTLS_CLIENTS,
  MTLS_SERVER,
  type PlannedFile,
} from '../../protocol/files';
import type { Algorithm, Crypto } from './web-crypto';

// File kinds, modes and the CA's file names are shared with the CLI and the VS Code client (the protocol module).
export { CA_CERT_FILE, CA_KEY_FILE, certFileOf, FILE_MODES, keyFileOf, type FileKind, type PlannedFile } from '../../protocol/files';

/** Public facts about a certificate in a plan, for the CLI and the editor to show. */
export interface CertSummary {
  file: string;
  role: 'ca' | 'server' | 'client';
  subject: string;
  /** 'DNS:localhost', 'IP:127.0.0.1', 'email:a@b.test'. */
  names: string[];
  notBefore: Date;
  notAfter: Date;
  key: string;
  extKeyUsage: string[];
  nameConstraints?: NameConstraintSet;
}

export interface FilePlan {
  files: PlannedFile[];
  certificates: CertSummary[];
  /** Things the user should know (a leaf cut short by its CA's expiry, hosts taken from a config). */
  notes: string[];
}

/** A plan that cannot be made as asked: the CLI exits 1 with the message. */
export class PlanError extends Error {}

/** Certificate names become file names and CNs. Returns what is wrong, or undefined. */
export function certNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name))
    return `"${name}" is not a usable name: use letters, digits, '.', '_' and '-' (at most 64), starting with a letter or digit`;
  if (name.toLowerCase() === 'ca' || /-key$/i.test(name)) return `"${name}" would clash with the CA's or a key's file name`;
  return undefined;
}

/** A --host value: DNS name (a leading '*.' allowed) or IP literal. Returns what is wrong, or undefined. */
export function hostProblem(host: string): string | undefined {
  const h = host.replace(/^\[(.*)\]$/, '$1');
  if (isIp(h)) return h === '0.0.0.0' || /^[0:]+$/.test(h) ? `${host} is a listen-on-all address, not a name clients dial` : undefined;
  if (/^[\d.]+$/.test(h)) return `"${host}" is not a valid IP address`;
  if (HOST_NAME.test(h.replace(/\.$/, '')) && h.length <= 253) return undefined;
  return `"${host}" is neither a host name nor an IP address`;
}

function keyLabel(cert: x509.X509Certificate): string {
  const alg = cert.publicKey.algorithm as Algorithm & { namedCurve?: string; modulusLength?: number };
  return alg.name === 'ECDSA' ? `ECDSA ${alg.namedCurve}` : `RSA ${alg.modulusLength}`;
}

export function summarize(file: string, role: CertSummary['role'], cert: x509.X509Certificate): CertSummary {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const prefix: Record<string, string> = { dns: 'DNS', ip: 'IP', email: 'email', url: 'URI' };
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const ekuNames: Record<string, string> = { '1.3.6.1.5.5.7.3.1': 'serverAuth', '1.3.6.1.5.5.7.3.2': 'clientAuth' };
  const nc = nameConstraintsOf(cert);
  return {
    file,
    role,
    subject: cert.subject,
    names: (san?.names.toJSON() ?? []).map((n) => `${prefix[n.type] ?? n.type}:${n.value}`),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    key: keyLabel(cert),
    extKeyUsage: (eku?.usages ?? []).map((u) => ekuNames[String(u)] ?? String(u)),
    ...(nc ? { nameConstraints: nc } : {}),
  };
}

function pairFiles(name: string, pair: IssuedPair, role: 'server' | 'client'): { files: PlannedFile[]; summary: CertSummary } {
  const cert = certFileOf(name);
  return {
    files: [
      { relativePath: cert, contents: pair.issued.pem, mode: FILE_MODES.certificate, kind: 'certificate' },
      { relativePath: keyFileOf(name), contents: pair.keyPem, mode: FILE_MODES.key, kind: 'key' },
    ],
    summary: summarize(cert, role, pair.issued.cert),
  };
}

export async function planCa(opts: CaOptions): Promise<FilePlan & { issuer: Issuer }> {
  const ca = await issueCa(opts);
  return {
    issuer: { cert: ca.issued.cert, key: ca.key },
    files: [
      { relativePath: CA_CERT_FILE, contents: ca.issued.pem, mode: FILE_MODES.certificate, kind: 'certificate' },
      { relativePath: CA_KEY_FILE, contents: ca.keyPem, mode: FILE_MODES['ca-key'], kind: 'ca-key' },
    ],
    certificates: [summarize(CA_CERT_FILE, 'ca', ca.issued.cert)],
    notes: [],
  };
}

/** Refuses a CA that cannot sign at `now`, and notes when its end cuts the leaf short. */
function leafNotes(ca: Issuer, now: Date, days: number | undefined): string[] {
  if (ca.cert.notAfter.getTime() <= now.getTime())
    throw new PlanError(`the CA ${ca.cert.subject} expired on ${ca.cert.notAfter.toISOString()}; make a new one with \`gen ca\``);
  const v = leafValidity(now, days ?? LEAF_VALIDITY_DAYS, ca.cert.notAfter);
  return v.clamped
    ? [`the certificate ends with its CA on ${v.notAfter.toISOString()}, before the ${days ?? LEAF_VALIDITY_DAYS} days asked for`]
    : [];
}

function refuseOutsideConstraints(ca: Issuer, names: Parameters<typeof constraintViolations>[1]): void {
  const nc = nameConstraintsOf(ca.cert);
  if (!nc) return;
  const bad = constraintViolations(nc, names);
  if (bad.length) {
    const allowed = [...nc.permitted, ...nc.excluded.map((e) => `not ${e}`)].join(', ');
    throw new PlanError(
      `the CA only vouches for ${allowed}; ${bad.join(', ')} would be rejected by every peer that checks name constraints`,
    );
  }
}

export interface ServerPlanOptions extends ServerOptions {
  /** A nats-server config whose listen/host/advertise/route/gateway/remote hosts become SANs too. */
  config?: ConfigDoc;
}

export async function planServer(ca: Issuer, opts: ServerPlanOptions): Promise<FilePlan & { hostsFromConfig: FoundHost[] }> {
  const found = opts.config ? hostsInConfig(opts.config) : [];
  for (const h of opts.hosts) {
    const problem = hostProblem(h);
    if (problem) throw new PlanError(problem);
  }
  const hosts = [...opts.hosts, ...found.map((f) => f.host)];
  const notes = leafNotes(ca, opts.now, opts.days);
  const { dns, ip } = splitHosts([...(opts.loopback === false ? [] : LOOPBACK_HOSTS), ...hosts]);
  if (dns.length + ip.length === 0) throw new PlanError('a server certificate needs at least one host name or IP address');
  refuseOutsideConstraints(ca, { dns, ip, cn: opts.name });
  const pair = await issueServer(ca, { ...opts, hosts });
  const { files, summary } = pairFiles(opts.name, pair, 'server');
  if (found.length) notes.push(`hosts from ${opts.config!.file}: ${found.map((f) => `${f.host} (${f.from})`).join(', ')}`);
  return { files, certificates: [summary], notes, hostsFromConfig: found };
}

/** Why `e` cannot go into a certificate's email SANs, or undefined when it can. */
export function emailProblem(e: string): string | undefined {
  return /^[^@\s]+@[^@\s]+$/.test(e) ? undefined : `"${e}" is not an email address`;
}

export async function planClient(ca: Issuer, opts: ClientOptions): Promise<FilePlan> {
  for (const e of opts.email ?? []) {
    const problem = emailProblem(e);
    if (problem) throw new PlanError(problem);
  }
  const notes = leafNotes(ca, opts.now, opts.days);
  refuseOutsideConstraints(ca, { email: opts.email ?? [], cn: opts.name });
  const pair = await issueClient(ca, opts);
  const { files, summary } = pairFiles(opts.name, pair, 'client');
  return { files, certificates: [summary], notes };
}

export interface MtlsOptions {
  now: Date;
  key?: CaOptions['key'];
  nameConstraints?: CaOptions['nameConstraints'];
  /** Client port in server.conf and the client URLs (default 4222; -1 lets nats-server pick one). */
  port?: number;
  crypto?: Crypto;
}

export { MTLS_CLIENTS, MTLS_SERVER };

/**
 * nats-server opens cert_file/key_file/ca_file relative to its working directory, not the config's folder;
 * plain file names resolve when it starts from this folder, and the comment says so.
 */
export function mtlsServerConf(port: number): string {
  return [
    '# Mutual TLS on the NATS client port, made by `nats-tls gen mtls`.',
    '# Every client must present a certificate issued by ca.pem (verify: true).',
    '# nats-server opens these files relative to its working directory: start it from this folder,',
    '#   nats-server -c server.conf',
    `listen: "127.0.0.1:${port}"`,
    '',
    'tls {',
    `  cert_file: "${certFileOf(MTLS_SERVER)}"`,
    `  key_file: "${keyFileOf(MTLS_SERVER)}"`,
    `  ca_file: "${CA_CERT_FILE}"`,
    '  verify: true',
    '}',
    '',
  ].join('\n');
}

export function mtlsClientYaml(name: string, port: number): string {
  return [
    `# ${name}'s connection to the server in server.conf, made by \`nats-tls gen mtls\`.`,
    "# Paths are relative to the client's working directory.",
    `servers: ["tls://localhost:${port}"]`,
    'tls:',
    `  cert_file: "${certFileOf(name)}"`,
    `  key_file: "${keyFileOf(name)}"`,
    `  ca_file: "${CA_CERT_FILE}"`,
    '',
  ].join('\n');
}

/** The seed story: a CA, one server, two clients, a server config with `verify: true` and each client's config. */
export async function planMtls(opts: MtlsOptions): Promise<FilePlan> {
  const port = opts.port ?? 4222;
  const common = { now: opts.now, ...(opts.key ? { key: opts.key } : {}), ...(opts.crypto ? { crypto: opts.crypto } : {}) };
  const ca = await planCa({ ...common, ...(opts.nameConstraints !== undefined ? { nameConstraints: opts.nameConstraints } : {}) });
  const server = await planServer(ca.issuer, { ...common, name: MTLS_SERVER, hosts: [] });
  const clients = [];
  for (const name of MTLS_CLIENTS) clients.push(await planClient(ca.issuer, { ...common, name }));
  const configs: PlannedFile[] = [
    { relativePath: 'server.conf', contents: mtlsServerConf(port), mode: FILE_MODES.config, kind: 'config' },
    ...MTLS_CLIENTS.map((name) => ({
      relativePath: `${name}.yaml`,
      contents: mtlsClientYaml(name, port),
      mode: FILE_MODES.config,
      kind: 'config' as const,
    })),
  ];
  const parts = [ca, server, ...clients];
  return {
    files: [...parts.flatMap((p) => p.files), ...configs],
    certificates: parts.flatMap((p) => p.certificates),
    notes: parts.flatMap((p) => p.notes),
  };
}
