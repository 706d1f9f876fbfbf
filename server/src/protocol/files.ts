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

// The modes of the folders a file plan creates. Folders are never left to the umask alone: under umask 000
// that made `gen` create world-writable folders (mode 777), where anyone could swap a certificate or a key.

/** Mode of a folder `gen` (or the editor's generate commands) creates. */
export const FOLDER_MODE = 0o755;
/** Mode of a folder `gen` creates that holds a CA private key: only its owner may list or enter it. */
export const PRIVATE_FOLDER_MODE = 0o700;

/** The folder of a planned path ('' for the output folder itself). */
function folderOf(relativePath: string): string {
  const i = relativePath.lastIndexOf('/');
  return i === -1 ? '' : relativePath.slice(0, i);
}

/**
 * The mode for each folder of the plan that may need creating: the output folder ('') and every folder
 * below it, parents first. A folder that directly holds a CA key gets PRIVATE_FOLDER_MODE.
 */
export function folderModes(files: readonly PlannedFile[]): Map<string, number> {
  const modes = new Map<string, number>([['', FOLDER_MODE]]);
  for (const f of files) {
    const dir = folderOf(f.relativePath);
    const parts = dir === '' ? [] : dir.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      if (!modes.has(sub)) modes.set(sub, FOLDER_MODE);
    }
  }
  for (const f of files) if (f.kind === 'ca-key') modes.set(folderOf(f.relativePath), PRIVATE_FOLDER_MODE);
  return modes;
}
