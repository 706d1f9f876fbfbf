// The custom requests between the VS Code client and the language server (`natsTls/…`), with typed params and
// results. The server holds the one engine: it reads configs, certificates and CAs, applies each document's
// own settings (natsTls.serverVersion, pathBase, expiryWarningDays, the environment of `$VAR`s) and plans
// certificates; the client asks, prompts, writes the planned files and shows results. Every path is absolute
// and on the server's disk (the client only sends `file:` resources). Dates are ISO 8601 strings.
// No runtime imports: this file is types and method names only.
import type { Position, Range } from './commands';
import type { FileKind } from './files';

/** A request type: its method name, with params and result types for both ends. */
export interface RequestType<P, R> {
  readonly method: string;
  /** Never set: carries the types. */
  readonly types?: (params: P) => R;
}

const request = <P, R>(method: string): RequestType<P, R> => ({ method });

// ---------------------------------------------------------------------------------------------- shared

/** A test CA: its certificate (ca.pem) and private key (ca-key.pem). The server reads both; the key never travels. */
export interface CaFiles {
  certPath: string;
  keyPath: string;
}

/** Params of every request whose result may hold private keys: the client's one-time public key (protocol/seal.ts). */
export interface SealedFor {
  recipient: string;
}

/** A planned file: certificates and configs in `contents`, private keys only in `sealed` (to the request's recipient). */
export interface PlanFile {
  /** A bare file name or a '/'-separated path below the folder the client writes to. */
  relativePath: string;
  mode: number;
  kind: FileKind;
  contents?: string;
  sealed?: string;
}

/** Public facts about a planned certificate, for the client's output channel. */
export interface CertificateSummary {
  file: string;
  role: 'ca' | 'server' | 'client';
  subject: string;
  /** 'DNS:localhost', 'IP:127.0.0.1', 'email:a@b.test'. */
  names: string[];
  notBefore: string;
  notAfter: string;
  key: string;
  extKeyUsage: string[];
  nameConstraints?: { permitted: string[]; excluded: string[] };
}

export interface PlanResult {
  files: PlanFile[];
  certificates: CertificateSummary[];
  /** Things the user should know (a leaf cut short by its CA's expiry, names not carried over). */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------- inspect

export interface DescribeFileParams {
  path: string;
  /** How the document names the file (workspace-relative); default: the path. */
  name?: string;
}

export interface DescribeFileResult {
  /** Public facts only: subjects, SANs, validity, fingerprints, key types; never key material. */
  text: string;
  /** The file loaded (false: `text` says why not). */
  ok: boolean;
}

/** Client → server, from "Inspect Certificate": what a certificate, key or CA file holds, as nats-server reads it. */
export const DescribeFileRequest = request<DescribeFileParams, DescribeFileResult>('natsTls/describeFile');

// ---------------------------------------------------------------------------------------------- prompts

export type InputKind = 'certificate-name' | 'hosts' | 'emails';

export interface CheckInputParams {
  kind: InputKind;
  /** The values typed so far (a certificate name is one value; host and email lists are split by the client). */
  values: string[];
}

export interface CheckInputResult {
  /** What is wrong, worded for the input box; absent when the input is usable. */
  problem?: string;
}

/**
 * Client → server, from the input boxes of the generate commands (on every keystroke): whether a certificate
 * name, a host list or an email list is one the certificate plans accept, so the prompt refuses what the plan would.
 */
export const CheckInputRequest = request<CheckInputParams, CheckInputResult>('natsTls/checkInput');

// ---------------------------------------------------------------------------------------------- configs

export interface HostsInConfigParams {
  uri: string;
}

export interface FoundHost {
  /** Lower-case DNS name, or an IP in canonical form. */
  host: string;
  kind: 'dns' | 'ip';
  /** Where the config names it, e.g. `cluster.routes[1]`. */
  from: string;
}

export interface HostsInConfigResult {
  /** The file is a nats-server config (not a client config, a NATS context or something else). */
  serverConfig: boolean;
  hosts: FoundHost[];
}

/**
 * Client → server, from "Generate Server Certificate…": the host names and IPs a nats-server config says the
 * server is reached at (includes merged, `$VAR`s resolved from the server's environment), proposed as SANs.
 */
export const HostsInConfigRequest = request<HostsInConfigParams, HostsInConfigResult>('natsTls/hostsInConfig');

export interface TlsFileEditParams {
  /** The config, and the document version the block position belongs to (the code action's). */
  uri: string;
  version: number;
  /** Start of the block's `tls` key. */
  block: Position;
  /** The fields to add, each with the absolute path of the file it names. */
  files: Partial<Record<'cert_file' | 'key_file' | 'ca_file', string>>;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface TlsFileEditResult {
  /** The fields as they are written (paths as nats-server will resolve them under natsTls.pathBase). */
  entries: { key: string; value: string }[];
  /** Edits to the document at `version`; absent when the block cannot be edited (then `reason` says why). */
  edits?: TextEdit[];
  version?: number;
  reason?: string;
}

/**
 * Client → server, after "Generate Server Certificate…" wrote the files of a block that lacks cert_file or
 * key_file: the config edits that add them, with paths written the way natsTls.pathBase resolves them.
 */
export const TlsFileEditRequest = request<TlsFileEditParams, TlsFileEditResult>('natsTls/tlsFileEdit');

// ---------------------------------------------------------------------------------------------- planning

export type KeyChoice = 'ecdsa-p256' | 'rsa-2048' | 'rsa-3072';

export interface PlanTestCaParams extends SealedFor {
  /** Limit the CA to local test names (localhost, .test, loopback IPs). */
  nameConstraints: boolean;
  name?: string;
  key?: KeyChoice;
}

/** Client → server, from "Generate Test CA…": a new test CA (ca.pem, and ca-key.pem sealed). */
export const PlanTestCaRequest = request<PlanTestCaParams, PlanResult>('natsTls/planTestCa');

export interface PlanServerCertificateParams extends SealedFor {
  ca: CaFiles;
  /** The CN and the file names `<name>.pem`, `<name>-key.pem`. */
  name: string;
  /** Every SAN (DNS names and IPs), as the user confirmed them. */
  hosts: string[];
}

/** Client → server, from "Generate Server Certificate…" and its quick fix: a server certificate and key signed by the CA. */
export const PlanServerCertificateRequest = request<PlanServerCertificateParams, PlanResult>('natsTls/planServerCertificate');

export interface PlanClientCertificateParams extends SealedFor {
  ca: CaFiles;
  name: string;
  email: string[];
}

/** Client → server, from "Generate Client Certificate…": a client certificate and key signed by the CA. */
export const PlanClientCertificateRequest = request<PlanClientCertificateParams, PlanResult>('natsTls/planClientCertificate');

export interface PlanMutualTlsParams extends SealedFor {
  nameConstraints: boolean;
  /** Client port of server.conf and the client configs (default 4222). */
  port?: number;
}

/** Client → server, from "Set Up Mutual TLS…": a CA, a server, two clients, server.conf and the client configs. */
export const PlanMutualTlsRequest = request<PlanMutualTlsParams, PlanResult>('natsTls/planMutualTls');

// ---------------------------------------------------------------------------------------------- renewal

export interface RenewalCandidatesParams {
  /** Certificate files the client found in the workspace (or the one the user named). */
  paths: string[];
}

export interface RenewalCandidate {
  path: string;
  subject: string;
  /** CN, else the subject. */
  name: string;
  issuer: string;
  notAfter: string;
  /** "expires 2027-03-01 (93 days)", "expired 12 days ago". */
  timeLeft: string;
  /** 'expiring' uses natsTls.expiryWarningDays of the file's workspace folder, as cert-expiring does. */
  status: 'valid' | 'expiring' | 'expired' | 'not-yet-valid';
}

/**
 * Client → server, from "Renew Certificate…" without a quick fix: which of these files hold a leaf certificate
 * a CA issued (no CA, no key in the file), soonest expiry first, to pick the one to renew.
 */
export const RenewalCandidatesRequest = request<RenewalCandidatesParams, { certificates: RenewalCandidate[] }>('natsTls/renewalCandidates');

export interface IssuersOfParams {
  certPath: string;
  /** Which certificate in the file (default 0, the leaf). */
  index?: number;
  /** The test CAs the client found in the workspace. */
  cas: CaFiles[];
}

export interface IssuersOfResult {
  subject: string;
  issuer: string;
  /** The CAs among `cas` whose subject is the certificate's issuer. */
  cas: CaFiles[];
}

/** Client → server, from "Renew Certificate…" without a quick fix: which workspace CA issued the certificate. */
export const IssuersOfRequest = request<IssuersOfParams, IssuersOfResult>('natsTls/issuersOf');

export interface PlanRenewalParams extends SealedFor {
  certPath: string;
  index?: number;
  /** The key to keep (the block's key_file); default `<name>-key.pem` beside the certificate, kept when it exists. */
  keyPath?: string;
  ca: CaFiles;
}

export interface PlanRenewalResult extends PlanResult {
  /** Where the files go: the certificate file's folder, and the key's (files' relativePath are base names). */
  certPath: string;
  keyPath: string;
  role: 'server' | 'client';
  /** The key file stays as it is; only the certificate is written. */
  keptKey: boolean;
  old: { subject: string; notAfter: string; timeLeft: string };
}

/** Client → server, from "Renew Certificate…" and its quick fix: the renewed certificate (and a new key when none is kept). */
export const PlanRenewalRequest = request<PlanRenewalParams, PlanRenewalResult>('natsTls/planRenewal');

// ---------------------------------------------------------------------------------------------- nats-server

export interface NatsServerReportParams {
  /** The config given to `nats-server -t -c`, and the folder it ran in (default: the config's folder). */
  configFile: string;
  cwd?: string;
  /** Everything it printed (stdout and stderr) and its exit code (null: killed by a signal). */
  output: string;
  exitCode: number | null;
}

export interface NatsServerProblem {
  file: string;
  range: Range;
  severity: 'error' | 'warning';
  message: string;
  /** The code of nats-tls's own finding on that line, when it reports the problem too (with the file's settings). */
  predictedBy?: string;
}

export interface NatsServerReportResult {
  valid: boolean;
  problems: NatsServerProblem[];
  /** One line for the message box: "nats-server accepts the configuration", or what it reports where. */
  summary: string;
  /** When nats-server rejects a field natsTls.serverVersion says it knows: the setting likely names another release. */
  hint?: string;
}

/**
 * Client → server, from "Check with nats-server" (which runs nats-server itself, in a trusted workspace only):
 * nats-server's output as problems with ranges in the files' current text, compared with nats-tls's findings.
 */
export const NatsServerReportRequest = request<NatsServerReportParams, NatsServerReportResult>('natsTls/natsServerReport');

// ---------------------------------------------------------------------------------------------- topology

export type TopologyLinkKind = 'route' | 'gateway' | 'leafnode';
export type TopologyStatus = 'ok' | 'fails' | 'unknown';

/** A place in a config, to open it at. */
export interface TopologyPlace {
  uri: string;
  range: Range;
}

export interface TopologyNode {
  /** Absolute path of the nats-server config, and how the workspace names it. */
  file: string;
  name: string;
  serverName: string | null;
  listens: { kind: 'client' | 'cluster' | 'leafnode' | 'gateway' | 'websocket' | 'mqtt'; host: string; port: number | null }[];
  at: TopologyPlace;
}

export interface TopologyLink {
  kind: TopologyLinkKind;
  /** Files of the dialling config and of the config listening where the URL points (null: none in the workspace). */
  from: string;
  to: string | null;
  url: string;
  status: TopologyStatus;
  /** Why it fails or cannot be told, each with what the logs will say. */
  reasons: string[];
  /** The URL in the dialer's config. */
  at: TopologyPlace;
}

export interface TopologyResult {
  nodes: TopologyNode[];
  links: TopologyLink[];
}

/**
 * Client → server, from "NATS: Show TLS Topology" (and again whenever diagnostics change, to keep the view live):
 * every nats-server config in the workspace as a node, and its routes, gateways and leaf node remotes as links.
 * Read-only analysis: allowed in Restricted Mode.
 */
export const TopologyRequest = request<Record<string, never>, TopologyResult>('natsTls/topology');

/** Every request above, for the server's registration test and the docs. */
export const REQUESTS = [
  DescribeFileRequest,
  CheckInputRequest,
  HostsInConfigRequest,
  TlsFileEditRequest,
  PlanTestCaRequest,
  PlanServerCertificateRequest,
  PlanClientCertificateRequest,
  PlanMutualTlsRequest,
  RenewalCandidatesRequest,
  IssuersOfRequest,
  PlanRenewalRequest,
  NatsServerReportRequest,
  TopologyRequest,
] as const;
