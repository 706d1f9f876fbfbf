// Where the "Generate a test certificate for <block>" quick fix writes. The block names its files; writing
// there is right only when they are missing, nobody else uses them and they are in the workspace. Otherwise:
// - outside the workspace (e.g. /etc/nats/certs): ask first, the workspace being the default, and point the
//   block at the new files;
// - files that exist (maybe shared with other configs): the default is new file names next to them, with the
//   block pointed at them; "Overwrite" names the configs that use the files and is never the default.
// A missing ca_file is created too (a copy of the signing CA's certificate), or pointed at the CA.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BlockFile, GenerateCertificateArgs } from '../../../server/src/protocol/commands';
import { certFileOf, FILE_MODES, keyFileOf, type PlannedFile } from '../../../server/src/protocol/files';
import { Cancelled, exists, fileUsers, OVERWRITE, shown, usersDetail, type FoundCa, type Services, type UriBatch } from './shared';

/** Write at the paths the block names (`confirmed`: existing ones the user agreed to replace). */
export interface NamedPlacement {
  kind: 'named';
  cert: vscode.Uri;
  key: vscode.Uri;
  /** The block's missing ca_file: a copy of the CA certificate goes there. */
  caCopy?: vscode.Uri;
  confirmed: vscode.Uri[];
}

/** Write new files (named after the certificate) and point the block at them. */
export interface NewPlacement {
  kind: 'new';
  certDir: vscode.Uri;
  keyDir: vscode.Uri;
  /** ca_file: create the missing file it names ('copy' with caCopy), point it at the CA ('point'), or leave it. */
  ca: 'copy' | 'point' | 'keep';
  caCopy?: vscode.Uri;
}

export type Placement = NamedPlacement | NewPlacement;

export const WRITE_NEW_FILES = 'Write New Files';

const target = (f: BlockFile | undefined): vscode.Uri | undefined => {
  const p = f?.resolved ?? f?.target;
  return p ? vscode.Uri.file(p) : undefined;
};

const dirOf = (u: vscode.Uri): vscode.Uri => vscode.Uri.joinPath(u, '..');
const inWorkspace = (u: vscode.Uri): boolean => vscode.workspace.getWorkspaceFolder(u) !== undefined;

/** The block's certificate stem: certs/server-cert.pem → server. */
export const stemOf = (file: string): string =>
  path
    .basename(file)
    .replace(/\.(pem|crt|cer)$/i, '')
    .replace(/[-_.]cert$/i, '');

/** Where the new files go when the block's own paths are outside the workspace: the CA's folder, else certs/. */
function workspaceDir(args: GenerateCertificateArgs, ca: FoundCa): vscode.Uri | undefined {
  if (inWorkspace(ca.folder)) return ca.folder;
  const config = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(args.uri, true)) ?? vscode.workspace.workspaceFolders?.[0];
  return config && vscode.Uri.joinPath(config.uri, 'certs');
}

/** Decides where the block's certificate and key go, asking when the block's paths are outside or taken. */
export async function placeForBlock(services: Services, args: GenerateCertificateArgs, ca: FoundCa): Promise<Placement | undefined> {
  const cert = target(args.certFile);
  if (!cert) return undefined; // no cert_file: the user picks a folder, the fields are added after
  const key = target(args.keyFile) ?? vscode.Uri.joinPath(dirOf(cert), keyFileOf(stemOf(cert.path)));
  const caMissing = args.caFile && !args.caFile.resolved ? target(args.caFile) : undefined;
  const block = args.block.path;

  const outside = [cert, key, ...(caMissing ? [caMissing] : [])].filter((u) => u.scheme === 'file' && !inWorkspace(u));
  if (outside.length) {
    const dirs = [...new Set(outside.map((u) => dirOf(u).fsPath))];
    const ws = workspaceDir(args, ca);
    const toWorkspace = ws && `Write to ${shown(ws)}`;
    const there = dirs.length === 1 ? `Write to ${dirs[0]}` : 'Write Where the Config Says';
    const choice = await vscode.window.showWarningMessage(
      `${block} names files outside the workspace, in ${dirs.join(' and ')}. Where should the new certificate and key go?`,
      {
        modal: true,
        detail: [
          ...(ws ? [`"${toWorkspace}" writes them into the workspace and points ${block} at them.`] : []),
          `"${there}" writes them where the config says (as the user VS Code runs as).`,
        ].join('\n'),
      },
      // The first button is the default: the workspace.
      ...(toWorkspace ? [toWorkspace] : []),
      there,
    );
    if (choice === undefined) throw new Cancelled();
    if (ws && choice === toWorkspace) return { kind: 'new', certDir: ws, keyDir: ws, ca: args.caFile ? 'point' : 'keep' };
  }

  const named = [cert, key];
  const existing: vscode.Uri[] = [];
  for (const u of named) if (await exists(u)) existing.push(u);
  const caCopy = caMissing && !(await exists(caMissing)) ? caMissing : undefined;
  if (!existing.length) return { kind: 'named', cert, key, ...(caCopy ? { caCopy } : {}), confirmed: [] };

  // Files that exist, maybe used by other configs: new names by default, "Overwrite" only when chosen.
  const users = await fileUsers(
    services,
    existing.map((u) => u.fsPath),
    { uri: args.uri, block: args.block.range.start },
  );
  // Each other config's block once ("nats/leaf.conf (leafnodes.remotes[].tls)"); the detail says which file.
  const others = [...new Set([...users.values()].flat().map((u) => `${u.shown} (${u.block})`))];
  const list = existing.map((u) => shown(u)).join(' and ');
  const usedBy = others.length ? ` ${existing.length === 1 ? 'It is' : 'They are'} also used by ${others.join(', ')}.` : '';
  const choice = await vscode.window.showWarningMessage(
    `${block} names ${list}, which already ${existing.length === 1 ? 'exists' : 'exist'}.${usedBy}`,
    {
      modal: true,
      detail: [
        `"${WRITE_NEW_FILES}" writes a certificate and key with new names next to them and points ${block} at them${others.length ? '; the other configs keep theirs' : ''}.`,
        `"${OVERWRITE}" replaces ${list}; a replaced key cannot be recovered.`,
        ...usersDetail(users),
        ...(others.length ? ['Overwritten, those configs would no longer match their certificates or keys.'] : []),
      ].join('\n'),
    },
    WRITE_NEW_FILES,
    OVERWRITE,
  );
  if (choice === OVERWRITE) return { kind: 'named', cert, key, ...(caCopy ? { caCopy } : {}), confirmed: existing };
  if (choice !== WRITE_NEW_FILES) throw new Cancelled();
  return { kind: 'new', certDir: dirOf(cert), keyDir: dirOf(key), ca: caCopy ? 'copy' : 'keep', ...(caCopy ? { caCopy } : {}) };
}

/** The name prompt, saying which files are written. */
export function namePrompt(p: Placement | undefined, block: string | undefined): string {
  if (!p) return 'Certificate name: the CN, and the file names <name>.pem and <name>-key.pem';
  if (p.kind === 'named') return `Certificate name (the CN). The files are the ones ${block} names: ${shown(p.cert)} and ${shown(p.key)}`;
  return `Certificate name: the CN, and the new files <name>.pem and <name>-key.pem in ${shown(p.certDir)} (a number is added when taken); ${block} is pointed at them`;
}

/** `<name>.pem` / `<name>-key.pem`, or `<name>-2…` when either is taken (on disk or by a config). */
export async function freshNames(services: Services, p: NewPlacement, name: string): Promise<{ cert: vscode.Uri; key: vscode.Uri }> {
  for (let i = 1; i <= 99; i++) {
    const n = i === 1 ? name : `${name}-${i}`;
    const cert = vscode.Uri.joinPath(p.certDir, certFileOf(n));
    const key = vscode.Uri.joinPath(p.keyDir, keyFileOf(n));
    if ((await exists(cert)) || (await exists(key))) continue;
    if ((await fileUsers(services, [cert.fsPath, key.fsPath])).size) continue;
    return { cert, key };
  }
  throw new Error(`no free file name for ${name} in ${shown(p.certDir)}`);
}

/** The batches: the certificate and key (renamed to their targets), and the CA copy for a missing ca_file. */
export async function batchesFor(
  files: readonly PlannedFile[],
  to: { cert: vscode.Uri; key: vscode.Uri },
  ca: FoundCa,
  caCopy: vscode.Uri | undefined,
): Promise<UriBatch[]> {
  const renamed = files.map((f) =>
    f.kind === 'certificate'
      ? { ...f, relativePath: path.basename(to.cert.path) }
      : f.kind === 'key'
        ? { ...f, relativePath: path.basename(to.key.path) }
        : f,
  );
  const certDir = dirOf(to.cert);
  const keyDir = dirOf(to.key);
  const batches: UriBatch[] =
    certDir.toString() === keyDir.toString()
      ? [{ dir: certDir, files: renamed }]
      : [
          { dir: certDir, files: renamed.filter((f) => f.kind !== 'key') },
          { dir: keyDir, files: renamed.filter((f) => f.kind === 'key') },
        ];
  if (caCopy) {
    // The CA certificate is public: the client reads it to copy it where ca_file points.
    const contents = new TextDecoder().decode(await vscode.workspace.fs.readFile(ca.cert));
    const file: PlannedFile = { relativePath: path.basename(caCopy.path), contents, mode: FILE_MODES.certificate, kind: 'certificate' };
    const dir = dirOf(caCopy);
    const same = batches.find((b) => b.dir.toString() === dir.toString());
    if (same) same.files = [...same.files, file];
    else batches.push({ dir, files: [file] });
  }
  return batches;
}
