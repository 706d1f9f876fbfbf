// What the server knows about the workspace: every NATS config in its folders (open or not), checked
// together so that client configs pair with the server configs they talk to.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfContext } from '../core/conf/resolve';
import { MAX_CONFIG_BYTES } from '../core/conf/resolve';
import { openDocument, type ConfigDoc } from '../core/document';
import { Project } from '../core/project';
import { decodeConfig } from '../core/text/decode';
import type { EngineHost, EngineSettings } from '../core/tls/model';
import type { Finding } from '../core/types';
import { WatchedStats } from './watched-fs';

/** Besides these, every dot-folder (.git, .vscode-test …) is skipped. */
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', 'target']);
const CONFIG_FILE = /\.(conf|ya?ml|json)$/i;
/** Enough for any real project; a hostile workspace with millions of files is not walked to the end. */
export const MAX_SCANNED_FILES = 5000;
const MAX_SCAN_DEPTH = 12;

export function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export class Workspace {
  readonly project: Project;
  /** Stats of watched files, for the project's checks (see watched-fs.ts). */
  readonly stats: WatchedStats;
  private readonly open = new Map<string, TextDocument>();
  private folders: string[] = [];
  private readonly includeCache: NonNullable<ConfContext['includeCache']> = new Map();

  constructor(
    private readonly host: EngineHost,
    private readonly env: Record<string, string | undefined>,
    settingsFor: (file: string) => EngineSettings,
  ) {
    this.stats = new WatchedStats(host.fs, () => this.folders);
    const checked: EngineHost = {
      fs: this.stats.fs,
      clock: host.clock,
      loadPem: (p, st) => host.loadPem(p, st),
      platform: host.platform,
    };
    this.project = new Project(checked, settingsFor);
  }

  get roots(): string[] {
    return this.folders;
  }

  private ctx(): ConfContext {
    return { env: this.env, fs: this.host.fs, dialect: 'latest', includeCache: this.includeCache };
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
  }

  /** Reads every NATS config under the workspace folders (bounded), so pairing sees closed files too. */
  scan(): void {
    const fs = this.host.fs;
    let budget = MAX_SCANNED_FILES;
    const walk = (dir: string, depth: number): void => {
      if (depth > MAX_SCAN_DEPTH || budget <= 0) return;
      for (const name of fs.readDir?.(dir) ?? []) {
        if (budget <= 0) return;
        const p = path.join(dir, name);
        if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
        const st = fs.stat(p);
        if (st?.type === 'directory') walk(p, depth + 1);
        else if (st?.type === 'file' && CONFIG_FILE.test(name)) {
          budget--;
          if (!this.open.has(p)) this.loadFromDisk(p);
        }
      }
    };
    for (const f of this.folders) walk(f, 0);
  }

  /** (Re)reads a closed file from disk; drops it when it is gone or not a NATS config. */
  loadFromDisk(file: string): void {
    if (this.open.has(file)) return;
    const r = this.host.fs.readFile(file, MAX_CONFIG_BYTES);
    const doc = r.ok ? openDocument(file, decodeConfig(r.data), { ctx: this.ctx() }) : undefined;
    if (doc) this.project.set(doc);
    else this.project.delete(file);
  }

  update(td: TextDocument): ConfigDoc | undefined {
    const file = uriToPath(td.uri);
    this.open.set(file, td);
    // Also when this version is no NATS config: an open YAML/JSON file is not parsed again on every request.
    if (this.versions.get(file) === td.version) return this.project.document(file);
    // An open document is analysed whatever it looks like when VS Code says it is NATS.
    const doc = openDocument(file, td.getText(), { languageId: td.languageId, ctx: this.ctx() });
    this.versions.set(file, td.version);
    if (doc) this.project.set(doc);
    else this.project.delete(file);
    return doc;
  }

  private readonly versions = new Map<string, number>();

  close(uri: string): void {
    const file = uriToPath(uri);
    this.open.delete(file);
    this.versions.delete(file);
    // Back to its saved content, which still takes part in pairing.
    this.loadFromDisk(file);
  }

  /**
   * A file or folder changed on disk (or was created or deleted): what is cached about it is dropped, the
   * models that name it are rebuilt, and configs (and documents that include them) are re-read. Returns
   * whether any finding may have changed (most files on disk are nothing to the configs).
   */
  fileChanged(file: string): boolean {
    this.stats.forget(file);
    this.host.forget?.(file);
    let affected = this.project.fileChanged(file);
    if (CONFIG_FILE.test(file)) {
      this.includeCache.delete(file);
      const before = this.project.document(file);
      if (!this.open.has(file)) this.loadFromDisk(file);
      if (before || this.project.has(file)) affected = true;
      // An included file changed: documents that include it must be parsed again.
      for (const f of this.project.files()) {
        const d = this.project.document(f);
        if (d?.includedFiles.includes(file)) {
          const td = this.open.get(f);
          this.versions.delete(f);
          if (td) this.update(td);
          else this.loadFromDisk(f);
          affected = true;
        }
      }
    }
    return affected;
  }

  findings(file: string): Finding[] {
    return this.project.findings(file);
  }
}
