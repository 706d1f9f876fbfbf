// A set of config documents checked together (the CLI's paths, or an editor workspace). Per-document
// results are cached by document version; cross-file pairing is recomputed when any document changes.
import { crossFileIssues, documentIssues, sortFindings, tlsIssues } from './analyze';
import { reportedFile, toFinding, type SourceIssue } from './conf/issue';
import type { ConfigDoc } from './document';
import { buildTlsModel, type EngineHost, type EngineSettings, type TlsModel } from './tls/model';
import type { Finding } from './types';

interface Entry {
  doc: ConfigDoc;
  version: number | string;
  model?: TlsModel;
  issues?: SourceIssue[];
}

export class Project {
  private readonly entries = new Map<string, Entry>();
  private cross: SourceIssue[] | undefined;

  constructor(
    private readonly host: EngineHost,
    private readonly settingsFor: (file: string) => EngineSettings,
  ) {}

  set(doc: ConfigDoc, version: number | string): void {
    const old = this.entries.get(doc.file);
    if (old && old.version === version && old.doc === doc) return;
    this.entries.set(doc.file, { doc, version });
    this.cross = undefined;
  }

  delete(file: string): void {
    if (this.entries.delete(file)) this.cross = undefined;
  }

  has(file: string): boolean {
    return this.entries.has(file);
  }

  document(file: string): ConfigDoc | undefined {
    return this.entries.get(file)?.doc;
  }

  files(): string[] {
    return [...this.entries.keys()];
  }

  /** Certificate files (or settings) changed: rebuild every TLS model on next use; the PEM cache makes this cheap. */
  invalidateModels(): void {
    for (const e of this.entries.values()) {
      e.model = undefined;
      e.issues = undefined;
    }
    this.cross = undefined;
  }

  model(file: string): TlsModel | undefined {
    const e = this.entries.get(file);
    if (!e) return undefined;
    e.model ??= buildTlsModel(e.doc, this.settingsFor(file), this.host);
    return e.model;
  }

  private issuesOf(e: Entry): SourceIssue[] {
    if (!e.issues) {
      e.model ??= buildTlsModel(e.doc, this.settingsFor(e.doc.file), this.host);
      e.issues = [...documentIssues(e.doc), ...tlsIssues(e.model, this.host)];
    }
    return e.issues;
  }

  private crossIssues(): SourceIssue[] {
    if (!this.cross) {
      const models = [...this.entries.keys()].map((f) => this.model(f)!).filter(Boolean);
      this.cross = crossFileIssues(models);
    }
    return this.cross;
  }

  /** Every finding located in `file` (including ones that other documents cause there). */
  findings(file: string): Finding[] {
    const e = this.entries.get(file);
    const own = e ? this.issuesOf(e) : [];
    const cross = this.crossIssues().filter((i) => reportedFile(i.src) === file);
    return sortFindings([...own.filter((i) => reportedFile(i.src) === file), ...cross].map(toFinding));
  }

  /** Every finding of every document, including those reported into included files. */
  allFindings(): Finding[] {
    const out: SourceIssue[] = [];
    for (const e of this.entries.values()) out.push(...this.issuesOf(e));
    out.push(...this.crossIssues());
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const f of out.map(toFinding)) {
      // An included file checked on its own and through its includer reports the same thing twice.
      const key = `${f.file}:${f.range.start.line}:${f.range.start.character}:${f.code}:${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
    return sortFindings(findings);
  }
}
