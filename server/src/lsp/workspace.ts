// What the server knows about the workspace: every NATS config in its folders (open or not), checked
// together so that client configs pair with the server configs they talk to.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfContext } from '../core/conf/resolve';
import { MAX_CONFIG_BYTES } from '../core/conf/resolve';
import { formatOf, openDocument, reopenDocument, type ConfigDoc } from '../core/document';
import { Project } from '../core/project';
import { decodeConfig } from '../core/text/decode';
import type { EngineHost, EngineSettings } from '../core/tls/model';
import type { Finding } from '../core/types';
import { EditLog } from './edit-log';
import { WatchedStats } from './watched-fs';

/** Besides these, every dot-folder (.git, .vscode-test …) is skipped. */
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', 'target']);
const CONFIG_FILE = /\.(conf|ya?ml|json)$/i;
/** Enough for any real project; a hostile workspace with millions of files is not walked to the end. */
export const MAX_SCANNED_FILES = 5000;
/** Every name read from a folder counts, files, folders and links alike (not only configs). */
export const MAX_SCANNED_ENTRIES = 50_000;
export const MAX_SCAN_DEPTH = 12;
/**
 * The scan yields to requests after this many entries (or this many bytes of configs read): a hover waits for
 * one slice at most, never for the whole scan.
 */
export const SCAN_SLICE_ENTRIES = 500;
const SCAN_SLICE_BYTES = 1024 * 1024;

/** What a scan did, counted (tests and logs read it). */
export interface ScanReport {
  /** Names read from folders (each visited once). */
  entries: number;
  /** Folders read: each real folder once, however many links lead to it. */
  folders: number;
  /** Configs read from disk. */
  configs: number;
  /** Times the scan yielded to other work. */
  slices: number;
  /** Folders not entered because they were reached before (a link to a folder already scanned, or a loop). */
  revisited: number;
  /** It stopped at a budget (entries, configs) before the end. */
  truncated: boolean;
  /** A newer scan or a folder change cancelled it. */
  cancelled: boolean;
  done: boolean;
}

export function uriToPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
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
    /** The open documents' edits since their last parse (without it, every version is parsed in full). */
    private readonly edits: EditLog = new EditLog(),
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
    this.cancelScan();
  }

  /** The running scan's generation: a new scan or a folder change bumps it, which cancels the running one. */
  private scanGeneration = 0;
  /** The last scan started (done or not). */
  lastScan: ScanReport | undefined;

  /**
   * Reads every NATS config under the workspace folders, so pairing sees closed files too. Bounded (entries,
   * configs, depth), each real folder read once however many symbolic links lead to it, and in slices that
   * yield to requests; a newer scan or a folder change cancels it. A small workspace is scanned in one slice,
   * before this returns its promise.
   */
  async scan(): Promise<ScanReport> {
    const generation = ++this.scanGeneration;
    const report: ScanReport = {
      entries: 0,
      folders: 0,
      configs: 0,
      slices: 0,
      revisited: 0,
      truncated: false,
      cancelled: false,
      done: false,
    };
    this.lastScan = report;
    const fs = this.host.fs;
    /** Folders by device and inode (their path when the file system has none): a loop of links ends here. */
    const seen = new Set<string>();
    // Depth first, in name order, the first folder first.
    const stack = [...this.folders].reverse().map((dir) => ({ dir, depth: 0 }));
    let sliceEntries = 0;
    let sliceBytes = 0;
    while (stack.length > 0) {
      if (sliceEntries >= SCAN_SLICE_ENTRIES || sliceBytes >= SCAN_SLICE_BYTES) {
        sliceEntries = sliceBytes = 0;
        report.slices++;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (generation !== this.scanGeneration) {
          report.cancelled = true;
          return report;
        }
      }
      const { dir, depth } = stack.pop()!;
      const st = fs.stat(dir);
      if (st?.type !== 'directory') continue;
      const id = st.ino ? `${st.dev ?? 0}:${st.ino}` : dir;
      if (seen.has(id)) {
        report.revisited++;
        continue;
      }
      seen.add(id);
      const left = MAX_SCANNED_ENTRIES - report.entries;
      const names = fs.readDir?.(dir, left + 1) ?? [];
      report.folders++;
      if (names.length > left) report.truncated = true;
      const subfolders: string[] = [];
      for (const name of names.slice(0, left).sort()) {
        report.entries++;
        sliceEntries++;
        if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
        const p = path.join(dir, name);
        const est = fs.stat(p);
        if (est?.type === 'directory') {
          if (depth < MAX_SCAN_DEPTH) subfolders.push(p);
        } else if (est?.type === 'file' && CONFIG_FILE.test(name)) {
          if (report.configs >= MAX_SCANNED_FILES) {
            report.truncated = true;
            continue;
          }
          report.configs++;
          sliceBytes += est.size;
          if (!this.open.has(p)) this.loadFromDisk(p);
        }
      }
      for (const sub of subfolders.reverse()) stack.push({ dir: sub, depth: depth + 1 });
      if (report.entries >= MAX_SCANNED_ENTRIES && stack.length > 0) {
        report.truncated = true;
        break;
      }
    }
    report.done = true;
    return report;
  }

  /** Stops the running scan at its next slice (the folders changed; a new scan will follow). */
  cancelScan(): void {
    this.scanGeneration++;
  }

  /** (Re)reads a closed file from disk; drops it when it is gone or not a NATS config. */
  loadFromDisk(file: string): void {
    if (this.open.has(file)) return;
    const r = this.host.fs.readFile(file, MAX_CONFIG_BYTES);
    const doc = r.ok ? openDocument(file, decodeConfig(r.data), { ctx: this.ctx() }) : undefined;
    if (doc) {
      this.project.set(doc);
      this.readFromDisk.add(file);
    } else {
      this.project.delete(file);
      this.readFromDisk.delete(file);
    }
  }

  update(td: TextDocument): ConfigDoc | undefined {
    const file = uriToPath(td.uri);
    this.open.set(file, td);
    // Also when this version is no NATS config: an open YAML/JSON file is not parsed again on every request.
    if (this.versions.get(file) === td.version) return this.project.document(file);
    const text = td.getText();
    // Opening a file the workspace scan read keeps what was parsed from disk when the text is the same and
    // read the same way (a 15 MB config is not parsed twice to show its first diagnostics).
    const known = this.readFromDisk.has(file) ? this.project.document(file) : undefined;
    this.readFromDisk.delete(file);
    const same = known?.src.text === text && formatOf(file, td.languageId) === formatOf(file);
    // The edits since the version parsed last, when that parse is still the project's: spliced into it.
    const before = this.versions.get(file);
    const last = before !== undefined ? this.parsed.get(file) : undefined;
    const edit = last && this.project.document(file) === last ? this.edits.since(td.uri, before!, td.version) : undefined;
    const opts = { languageId: td.languageId, ctx: this.ctx() };
    // An open document is analysed whatever it looks like when VS Code says it is NATS.
    const doc = same ? known : last && edit ? reopenDocument(last, text, edit, opts) : openDocument(file, text, opts);
    this.versions.set(file, td.version);
    this.edits.parsed(td.uri, td.version);
    if (doc) this.parsed.set(file, doc);
    else this.parsed.delete(file);
    if (doc) this.project.set(doc);
    else this.project.delete(file);
    return doc;
  }

  private readonly versions = new Map<string, number>();
  /** The document parsed for each open file's version in `versions` (the one its next edit is spliced into). */
  private readonly parsed = new Map<string, ConfigDoc>();
  /** Files whose document in the project was read from disk (not an editor's text). */
  private readonly readFromDisk = new Set<string>();

  close(uri: string): void {
    const file = uriToPath(uri);
    this.open.delete(file);
    this.versions.delete(file);
    this.parsed.delete(file);
    this.edits.forget(uri);
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
