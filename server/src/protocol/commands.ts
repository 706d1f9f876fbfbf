// The VS Code commands the client contributes (package.json), the arguments the language server's code
// actions pass to two of them, and the names both sides show. No imports: the client's activation bundle
// loads this file.

/** The commands the client's lazily loaded bundle handles (client/src/commands/index.ts: one handler per id). */
export const COMMAND_IDS = [
  'natsTls.generateTestCa',
  'natsTls.generateServerCertificate',
  'natsTls.generateClientCertificate',
  'natsTls.setUpMutualTls',
  'natsTls.renewCertificate',
  'natsTls.inspectCertificate',
  'natsTls.checkWithNatsServer',
  'natsTls.showTopology',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** Client command: generate a server certificate (and key) for a TLS block (GenerateCertificateArgs). */
export const GENERATE_SERVER_CERTIFICATE = 'natsTls.generateServerCertificate' satisfies CommandId;
/** Client command: renew a certificate with the CA found in the workspace (RenewCertificateArgs). */
export const RENEW_CERTIFICATE = 'natsTls.renewCertificate' satisfies CommandId;

/** The read-only documents of "Inspect Certificate". */
export const INSPECT_SCHEME = 'nats-tls-inspect';

/** `source` of every diagnostic the language server publishes. */
export const DIAGNOSTIC_SOURCE = 'nats-tls';

/** Positions and ranges as LSP writes them: 0-based lines, UTF-16 characters. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A file a TLS block names: as written in the config, and as resolved (absent when not found). */
export interface BlockFile {
  written: string;
  resolved?: string;
  /** When not found: where nats-server would open it (the first folder natsTls.pathBase names), to create it there. */
  target?: string;
}

/** Arguments of natsTls.generateServerCertificate from the server's code action (one object). */
export interface GenerateCertificateArgs {
  /** The config document and the version the action was computed for. */
  uri: string;
  version: number;
  /** The TLS block: its location id ('client-port', 'cluster', …), its config path ('cluster.tls'), and the range of its `tls` key. */
  block: { location: string; path: string; range: Range };
  /** The block's files (absent when the field is not set). */
  certFile?: BlockFile;
  keyFile?: BlockFile;
  caFile?: BlockFile;
}

/** Arguments of natsTls.renewCertificate from the server's code action (one object). */
export interface RenewCertificateArgs {
  uri: string;
  version: number;
  /** Absolute path of the certificate file to replace, and which certificate in it (0 = the leaf). */
  certPath: string;
  index: number;
  /** Subject of that certificate and its current expiry (ISO 8601). */
  subject: string;
  notAfter: string;
  /** The block's key_file (absolute), when it has one: the renewed certificate can keep using that key. */
  keyPath?: string;
  /** The CA that issued it, found in the workspace: certificate and private key (absolute paths). */
  caCertPath: string;
  caKeyPath: string;
}
