// A set of config documents checked together (the CLI's paths, or an editor workspace). Per-document
// results are cached until the document is replaced; cross-file pairing is recomputed when any document changes.
import { crossFileIssues, documentIssues, sortFindings, tlsIssues } from './analyze';
import { reportedFile, toFinding, type SourceIssue } from './conf/issue';
import type { ConfigDoc } from './document';
import { buildTlsModel, type EngineHost, type EngineSettings, type TlsModel } from './tls/model';
import type { Finding } from './types';

interface Entry {
  doc: ConfigDoc;
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

  set(doc: ConfigDoc): void {
    if (this.entries.get(doc.file)?.doc === doc) return;
    this.entries.set(doc.file, { doc });
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
    return e && this.modelOf(e);
  }

  private modelOf(e: Entry): TlsModel {
    e.model ??= buildTlsModel(e.doc, this.settingsFor(e.doc.file), this.host);
    return e.model;
  }

  private issuesOf(e: Entry): SourceIssue[] {
    if (!e.issues) {
      e.issues = [...documentIssues(e.doc), ...tlsIssues(this.modelOf(e), this.host)];
    }
    return e.issues;
  }

  private crossIssues(): SourceIssue[] {
    if (!this.cross) {
      this.cross = crossFileIssues([...this.entries.values()].map((e) => this.modelOf(e)));
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
