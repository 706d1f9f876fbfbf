// What certificate plans make: file kinds, their modes, the test CA's and the mTLS setup's file names, and
// the names test certificates carry. The engine plans with these (server/src/core/ca/); the CLI and the
// VS Code client write and show them.

export type FileKind = 'certificate' | 'key' | 'ca-key' | 'config';

/** Keys only for their owner; the CA key read-only too, so nothing rewrites it by accident (as mkcert does). */
export const FILE_MODES: Readonly<Record<FileKind, number>> = { certificate: 0o644, key: 0o600, 'ca-key': 0o400, config: 0o644 };

/** Kinds whose contents are private-key material: sealed on the wire, never logged, written owner-only. */
export const SECRET_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['key', 'ca-key']);

export const CA_CERT_FILE = 'ca.pem';
export const CA_KEY_FILE = 'ca-key.pem';
export const certFileOf = (name: string): string => `${name}.pem`;
export const keyFileOf = (name: string): string => `${name}-key.pem`;

export interface PlannedFile {
  /** A bare file name or a '/'-separated path below the output folder. */
  relativePath: string;
  contents: string;
  mode: number;
  kind: FileKind;
}

/** The mutual-TLS setup's server and clients (`<name>.pem`, `<name>-key.pem`, `<client>.yaml`). */
export const MTLS_SERVER = 'server-main';
export const MTLS_CLIENTS = ['client-a', 'client-b'] as const;

/** Always on server certificates unless asked otherwise: what local clients and peers dial. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '::1'];
/** What a name-constrained test CA may vouch for: a leaked test CA cannot vouch for real hosts. */
export const TEST_NAMES: readonly string[] = ['localhost', '.test', '127.0.0.0/8', '::1/128'];
