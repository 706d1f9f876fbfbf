// What the commands share: the extension's services (the language server among them), finding test CAs in the
// workspace, folder pickers, opening the files the server planned, and writing them with the "Overwrite"
// confirmation.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CA_CERT_FILE, CA_KEY_FILE, type PlannedFile } from '../../../server/src/protocol/files';
import {
  FilesChangedRequest,
  FileUsersRequest,
  HostsInConfigRequest,
  type CaFiles,
  type CertificateSummary,
  type FileUser,
  type FileUsersParams,
  type FoundHost,
  type PlanResult,
} from '../../../server/src/protocol/requests';
import type { Opener } from '../../../server/src/protocol/seal';
import type { LanguageServer } from '../language-server';
import type { LanguageStatus } from '../language-status';
import { ensureTrusted } from '../trust';
import { OverwriteRefused, existingLocal, existingWith, writeLocal, writeWith, type FileBatch, type PlainFs } from '../write-files';

export interface Services {
  context: vscode.ExtensionContext;
  output: vscode.LogOutputChannel;
  status: LanguageStatus;
  server: LanguageServer;
}

export function makeServices(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  status: LanguageStatus,
  server: LanguageServer,
): Services {
  return { context, output, status, server };
}

/** Thrown to end a flow quietly: the user cancelled a prompt. */
export class Cancelled extends Error {}

export function orCancel<T>(v: T | undefined): T {
  if (v === undefined) throw new Cancelled();
  return v;
}

/**
 * Runs a command body: cancellation is silent, known failures become an error message, the rest is logged too.
 * `trusted` commands stop first (before any prompt) in Restricted Mode. The body gets the prompts' title.
 */
export async function runFlow<T>(
  services: Services,
  flow: { name: string; trusted?: boolean },
  body: (title: string) => Promise<T>,
): Promise<T | undefined> {
  if (flow.trusted && !ensureTrusted(flow.name)) return undefined;
  try {
    return await body(`NATS: ${flow.name}`);
  } catch (e) {
    if (e instanceof Cancelled) return undefined;
    const message = e instanceof Error ? e.message : String(e);
    services.output.error(`${flow.name}: ${message}`);
    void vscode.window.showErrorMessage(`NATS: ${flow.name}: ${message}`);
    return undefined;
  }
}

// ------------------------------------------------------------------------------------------ arguments

/** A Uri from a command argument: a Uri, a `file:`/other URI string, or an absolute file path. */
export function toUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (v && typeof v === 'object' && 'scheme' in v && 'path' in v) return vscode.Uri.from(v as vscode.Uri);
  if (typeof v !== 'string' || !v) return undefined;
  if (path.isAbsolute(v)) return vscode.Uri.file(v);
  if (/^[a-z][a-z0-9+.-]+:/i.test(v)) return vscode.Uri.parse(v, true);
  return undefined;
}

export const isLocal = (uri: vscode.Uri): boolean => uri.scheme === 'file';

/** A path as the user knows it: relative to its workspace folder (with the folder's name in multi-root). */
export function shown(uri: vscode.Uri): string {
  const root = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === uri.toString());
  if (root) return root.name; // asRelativePath gives a workspace folder itself as an absolute path
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

// ------------------------------------------------------------------------------------------ files

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The editor's document for `uri` when one is open. */
export function openDocumentOf(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

/** The language server reads files from this machine's disk; other schemes stop the command with a message. */
export function localPath(uri: vscode.Uri): string {
  if (!isLocal(uri)) throw new Error(`${shown(uri)} is not on this machine's disk`);
  return uri.fsPath;
}

export interface ServerConfig {
  uri: vscode.Uri;
  /** A nats-server config (not a client config, a context or another file). */
  serverConfig: boolean;
  /** The hosts it names (listen, advertise, routes, remotes …), as the server reads it. */
  hosts: FoundHost[];
}

/** What the server reads in a config: whether it is a nats-server config, and the hosts it names. */
export async function readServerConfig(services: Services, uri: vscode.Uri): Promise<ServerConfig> {
  if (!isLocal(uri)) return { uri, serverConfig: false, hosts: [] };
  const r = await services.server.request(HostsInConfigRequest, { uri: uri.toString() });
  return { uri, ...r };
}

/** The active editor's document when it is a nats-server config. */
export async function activeServerConfig(services: Services): Promise<ServerConfig | undefined> {
  const d = vscode.window.activeTextEditor?.document;
  if (!d || !isLocal(d.uri) || !['nats', 'yaml', 'json'].includes(d.languageId)) return undefined;
  const config = await readServerConfig(services, d.uri);
  return config.serverConfig ? config : undefined;
}

// ------------------------------------------------------------------------------------------ test CAs

export interface FoundCa {
  folder: vscode.Uri;
  cert: vscode.Uri;
  key: vscode.Uri;
}

/** What workspace searches for configs and certificates skip. */
export const SEARCH_EXCLUDE = '{**/node_modules/**,**/.git/**}';

/** Folders of the workspace with a test CA: ca.pem next to ca-key.pem. */
export async function findCas(): Promise<FoundCa[]> {
  const certs = await vscode.workspace.findFiles(`**/${CA_CERT_FILE}`, SEARCH_EXCLUDE, 200);
  const out: FoundCa[] = [];
  for (const cert of certs) {
    const folder = vscode.Uri.joinPath(cert, '..');
    const key = vscode.Uri.joinPath(folder, CA_KEY_FILE);
    if (await exists(key)) out.push({ folder, cert, key });
  }
  return out.sort((a, b) => shown(a.folder).localeCompare(shown(b.folder)));
}

/** The CA's files as the server's plans take them. */
export function caFiles(ca: FoundCa): CaFiles {
  return { certPath: localPath(ca.cert), keyPath: localPath(ca.key) };
}

export const GENERATE_CA_FIRST = 'Generate Test CA…';

/**
 * The CA to sign with: the one given, the only one in the workspace, or the user's pick. With none in the
 * workspace, offers to make one first (running "Generate Test CA…") or to pick a folder elsewhere.
 */
export async function pickCa(title: string, opts: { given?: vscode.Uri; prefer?: vscode.Uri } = {}): Promise<FoundCa> {
  // The server reads and checks the CA when it plans.
  const load = async (folder: vscode.Uri): Promise<FoundCa> => ({
    folder,
    cert: vscode.Uri.joinPath(folder, CA_CERT_FILE),
    key: vscode.Uri.joinPath(folder, CA_KEY_FILE),
  });
  if (opts.given) return load(opts.given);
  const found = await findCas();
  if (found.length === 1) return load(found[0]!.folder);
  if (found.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      // The title already names the extension ("NATS: Generate Server Certificate").
      `${title} needs a test CA (${CA_CERT_FILE} and ${CA_KEY_FILE} in one folder), and the workspace has none.`,
      GENERATE_CA_FIRST,
      'Choose CA Folder…',
    );
    if (choice === GENERATE_CA_FIRST) {
      const made = (await vscode.commands.executeCommand<vscode.Uri | undefined>('natsTls.generateTestCa')) ?? undefined;
      return load(orCancel(made));
    }
    if (choice === 'Choose CA Folder…') return load(await chooseFolder('Folder with ca.pem and ca-key.pem'));
    throw new Cancelled();
  }
  const preferred = opts.prefer?.toString();
  const items = found
    .map((f) => ({
      label: shown(f.folder),
      description: f.folder.toString() === preferred ? 'the CA this block trusts' : undefined,
      ca: f,
    }))
    .sort((a, b) => Number(!!b.description) - Number(!!a.description));
  const other = { label: 'Choose CA Folder…', description: 'a folder outside the workspace', ca: undefined };
  const pick = orCancel(
    await vscode.window.showQuickPick([...items, other], {
      title,
      placeHolder: 'The test CA that signs the certificate',
      ignoreFocusOut: true,
    }),
  );
  return load(pick.ca ? pick.ca.folder : await chooseFolder('Folder with ca.pem and ca-key.pem'));
}

// ------------------------------------------------------------------------------------------ folders

export async function chooseFolder(openLabel: string, defaultUri?: vscode.Uri): Promise<vscode.Uri> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel,
    ...(defaultUri ? { defaultUri } : {}),
  });
  return orCancel(picked?.[0]);
}

export interface FolderSuggestion {
  uri: vscode.Uri;
  why: string;
}

/**
 * Where generated files could go, best first: the active config's folder, then each workspace folder's
 * `certs/` (or `sub`). Duplicates are dropped.
 */
export function suggestFolders(opts: { first?: FolderSuggestion[]; sub?: string; config?: vscode.Uri } = {}): FolderSuggestion[] {
  const out: FolderSuggestion[] = [...(opts.first ?? [])];
  const config = opts.config ?? vscode.window.activeTextEditor?.document.uri;
  const configDoc = vscode.window.activeTextEditor?.document;
  if (config && isLocal(config) && (opts.config || configDoc?.languageId === 'nats')) {
    out.push({ uri: vscode.Uri.joinPath(config, '..'), why: `next to ${path.basename(config.path)}` });
  }
  for (const f of vscode.workspace.workspaceFolders ?? [])
    out.push({ uri: vscode.Uri.joinPath(f.uri, opts.sub ?? 'certs'), why: `in workspace folder ${f.name}` });
  const seen = new Set<string>();
  return out.filter((s) => (seen.has(s.uri.toString()) ? false : (seen.add(s.uri.toString()), true)));
}

export const CHOOSE_FOLDER = 'Choose a Folder…';

/**
 * Writes planned files to a folder the user picked; when some exist, the dialog's default is to pick another
 * folder (then asks again), "Overwrite" is the other choice.
 */
export async function writeToFolder(
  services: Services,
  title: string,
  folder: vscode.Uri,
  files: readonly PlannedFile[],
  suggestions: FolderSuggestion[],
): Promise<{ folder: vscode.Uri; written: vscode.Uri[] }> {
  for (;;) {
    try {
      return { folder, written: await writeBatches(services, [{ dir: folder, files }], { alternative: CHOOSE_ANOTHER_FOLDER }) };
    } catch (e) {
      if (!(e instanceof AlternativeChosen)) throw e;
      folder = await pickFolder(
        title,
        suggestions.filter((s) => s.uri.toString() !== folder.toString()),
      );
    }
  }
}

/** Asks where to write; the suggestions first, then "Choose a Folder…". */
export async function pickFolder(title: string, suggestions: FolderSuggestion[]): Promise<vscode.Uri> {
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = await Promise.all(
    suggestions.map(async (s) => ({
      label: shown(s.uri),
      description: `${s.why}${(await exists(s.uri)) ? '' : ' (new folder)'}`,
      uri: s.uri,
    })),
  );
  items.push({ label: CHOOSE_FOLDER, description: 'anywhere on disk' });
  const pick = orCancel(
    await vscode.window.showQuickPick(items, { title, placeHolder: 'Folder to write the files to', ignoreFocusOut: true }),
  );
  return pick.uri ?? chooseFolder('Write Here', suggestions[0]?.uri);
}

// ------------------------------------------------------------------------------------------ writing

/** The planned files in clear: key files arrive sealed to this command's one-time key and are opened only to be written. */
export function plannedFiles(plan: PlanResult, opener: Opener): PlannedFile[] {
  return plan.files.map((f) => {
    const contents = f.sealed !== undefined ? opener.open(f.sealed) : f.contents;
    if (contents === undefined) throw new Error(`the server planned ${f.relativePath} without contents`);
    return { relativePath: f.relativePath, mode: f.mode, kind: f.kind, contents };
  });
}

export interface UriBatch {
  dir: vscode.Uri;
  files: readonly PlannedFile[];
}

/** A certificate and its key: one batch when they share a folder, else one per folder (none for no key). */
export function splitByDir(files: readonly PlannedFile[], certDir: vscode.Uri, keyDir: vscode.Uri): UriBatch[] {
  if (certDir.toString() === keyDir.toString()) return [{ dir: certDir, files }];
  const keys = files.filter((f) => f.kind === 'key');
  return [{ dir: certDir, files: files.filter((f) => f.kind === 'certificate') }, ...(keys.length ? [{ dir: keyDir, files: keys }] : [])];
}

function workspaceFs(scheme: vscode.Uri): PlainFs {
  const at = (p: string): vscode.Uri => scheme.with({ path: p });
  return {
    exists: (p) => exists(at(p)),
    mkdirp: async (p) => vscode.workspace.fs.createDirectory(at(p)),
    writeFile: async (p, data) => vscode.workspace.fs.writeFile(at(p), data),
  };
}

export const OVERWRITE = 'Overwrite';
export const CHOOSE_ANOTHER_FOLDER = 'Choose Another Folder…';

/** Thrown by writeBatches when the user picked its `alternative` (the dialog's default) instead of "Overwrite". */
export class AlternativeChosen extends Error {}

/** Which configs of the workspace use these files (resolved as each config's settings resolve them). */
export async function fileUsers(services: Services, paths: string[], except?: FileUsersParams['except']): Promise<Map<string, FileUser[]>> {
  if (!paths.length) return new Map();
  const r = await services.server.request(FileUsersRequest, { paths, ...(except ? { except } : {}) });
  return new Map(r.users.map((u) => [u.path, u.usedBy]));
}

/** "nats/leaf.conf (leafnodes.remotes[].tls key_file), client-b.yaml (tls key_file)". */
export function describeUsers(users: readonly FileUser[]): string {
  return users.map((u) => `${u.shown} (${u.block} ${u.field})`).join(', ');
}

/** The lines of a dialog that say which configs use which of the files. */
export function usersDetail(users: Map<string, FileUser[]>): string[] {
  return [...users].map(([file, us]) => `${shown(vscode.Uri.file(file))} is used by ${describeUsers(us)}.`);
}

/** The language server checks again what names these files, at once (a file watcher may be late, or not cover them). */
export async function recheckFiles(services: Services, written: vscode.Uri[]): Promise<void> {
  const paths = written.filter(isLocal).map((u) => u.fsPath);
  if (!paths.length) return;
  try {
    await services.server.request(FilesChangedRequest, { paths });
  } catch (e) {
    services.output.warn(`re-check after writing: ${(e as Error).message}`);
  }
}

export interface WriteOptions {
  /** Words the question when replacing is the point, as in renewing. */
  confirm?: string;
  /** A safer choice than "Overwrite" (the dialog's default button): chosen, writeBatches throws AlternativeChosen. */
  alternative?: string;
  /** The block the files are for: its own use of them is not named as another config's. */
  except?: FileUsersParams['except'];
  /** Files the user already agreed to replace (no second question for them). */
  confirmed?: readonly vscode.Uri[];
}

/**
 * Writes the batches after asking before replacing anything: a modal that names the configs using the files,
 * whose default button is `alternative` when given (Cancel is always there). The language server re-checks
 * the written files at once. Returns the written files, or throws Cancelled or AlternativeChosen.
 */
export async function writeBatches(services: Services, batches: UriBatch[], opts: WriteOptions = {}): Promise<vscode.Uri[]> {
  if (!batches.length) return [];
  const scheme = batches[0]!.dir;
  const local = batches.every((b) => isLocal(b.dir));
  const plain: FileBatch[] = batches.map((b) => ({ dir: local ? b.dir.fsPath : b.dir.path, files: b.files }));
  const toUri = (p: string): vscode.Uri => (local ? vscode.Uri.file(p) : scheme.with({ path: p }));
  const pfs = local ? undefined : workspaceFs(scheme);
  const existing = local ? existingLocal(plain) : await existingWith(plain, pfs!);
  const agreed = new Set((opts.confirmed ?? []).map((u) => u.toString()));
  const ask = existing.filter((e) => !agreed.has(toUri(e).toString()));
  if (ask.length) {
    const list = ask.map((e) => shown(toUri(e))).join(', ');
    const users = local ? await fileUsers(services, ask, opts.except) : new Map<string, FileUser[]>();
    const others = [...new Set([...users.values()].flat().map((u) => u.shown))];
    const usedBy = others.length ? ` ${ask.length === 1 ? 'It is' : 'They are'} used by ${others.join(', ')}.` : '';
    const question =
      opts.confirm ??
      `${ask.length === 1 ? 'This file exists' : 'These files exist'}: ${list}.${usedBy} Overwrite ${ask.length === 1 ? 'it' : 'them'}?`;
    const detail = [
      opts.confirm ? `Replaces ${list}.` : 'The old files are replaced; a replaced key cannot be recovered.',
      ...usersDetail(users),
      ...(users.size && !opts.confirm ? ['Those configs stop matching their other files unless they get the new ones too.'] : []),
    ].join('\n');
    // VS Code's modal: the first button is the default, Cancel is added; so the safe choice goes first.
    const buttons = opts.alternative ? [opts.alternative, OVERWRITE] : [OVERWRITE];
    const choice = await vscode.window.showWarningMessage(question, { modal: true, detail }, ...buttons);
    if (opts.alternative && choice === opts.alternative) throw new AlternativeChosen();
    if (choice !== OVERWRITE) throw new Cancelled();
  }
  const written = await writeConfirmed(services, plain, pfs, toUri, existing);
  await recheckFiles(services, written);
  return written;
}

async function writeConfirmed(
  services: Services,
  plain: FileBatch[],
  pfs: PlainFs | undefined,
  toUri: (p: string) => vscode.Uri,
  existing: string[],
): Promise<vscode.Uri[]> {
  const local = !pfs;
  try {
    if (local) return writeLocal(plain, { overwrite: existing.length > 0, confirmed: existing }).written.map(toUri);
    const r = await writeWith(plain, pfs, { overwrite: existing.length > 0, confirmed: existing });
    if (r.modesNotSet?.length) {
      const keys = r.modesNotSet.map((m) => `${shown(toUri(m.path))} (${m.mode.toString(8).padStart(4, '0')})`).join(', ');
      services.output.warn(`modes not set on ${keys}: the folder is not on this machine's disk`);
      void vscode.window.showWarningMessage(
        `NATS: the files were written through VS Code's file system, which cannot set permissions. Restrict ${keys} yourself.`,
      );
    }
    return r.written.map(toUri);
  } catch (e) {
    if (e instanceof OverwriteRefused)
      throw new Error(`${e.existing.map((x) => shown(toUri(x))).join(', ')} appeared meanwhile; nothing was overwritten`, { cause: e });
    throw e;
  }
}

// ------------------------------------------------------------------------------------------ reporting

const day = (iso: string): string => iso.slice(0, 10);

/** One line per certificate for the output channel: public facts only. */
export function describeCertificates(certs: CertificateSummary[]): string[] {
  return certs.map((c) => {
    const names = c.names.length ? `, ${c.names.join(', ')}` : '';
    const nc = c.nameConstraints ? `, limited to ${c.nameConstraints.permitted.join(', ')}` : '';
    return `${c.file}: ${c.role} ${c.subject}${names}, ${c.key}, valid until ${day(c.notAfter)}${nc}`;
  });
}

export const REVEAL = 'Reveal in Explorer';

/**
 * Logs what was written and shows a message with actions (`extra` first, then "Reveal in Explorer").
 * Does not wait for the message: the command's promise resolves as soon as the files are written.
 */
export function reportWritten(
  services: Services,
  message: string,
  written: vscode.Uri[],
  details: { certificates: CertificateSummary[]; notes: string[] },
  extra: { title: string; run: () => unknown }[] = [],
): void {
  const log = services.output;
  log.info(`${message} ${written.map(shown).join(', ')}`);
  for (const line of describeCertificates(details.certificates)) log.info(`  ${line}`);
  for (const n of details.notes) log.info(`  note: ${n}`);
  const notes = details.notes.length ? ` Note: ${details.notes.join('; ')}.` : '';
  const actions = [...extra.map((e) => e.title), REVEAL];
  void vscode.window.showInformationMessage(`NATS: ${message}${notes}`, ...actions).then(async (choice) => {
    const chosen = extra.find((e) => e.title === choice);
    if (chosen) await chosen.run();
    else if (choice === REVEAL && written[0]) await vscode.commands.executeCommand('revealInExplorer', written[0]);
  });
}
