// The modes of the folders a file plan creates. Folders are never left to the umask alone: under umask 000
// that made `gen` create world-writable folders (mode 777), where anyone could swap a certificate or a key.
import type { PlannedFile } from './scaffold';

/** Mode of a folder `gen` creates. */
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
