// A set of config documents checked together (the CLI's paths, or an editor workspace). Per-document
// results are cached until the document is replaced; TLS blocks are cached across versions (BlockCache);
// cross-file pairing is recomputed when any document changes, and the documents whose cross-file findings
// changed are reported as changed, so an editor re-publishes exactly those.
import * as path from 'node:path';
import { crossFileIssues, documentIssues, sortFindings, tlsIssues } from './analyze';
import { forTarget } from './checks/empty-config';
import { commentOnlyEdit } from './comment-edit';
import { FileReads } from './file-reads';
import { reportedFile, toFinding, type SourceIssue } from './conf/issue';
import type { ConfigDoc } from './document';
import { VisitCache } from './schema/visit-cache';
import { BlockCache, validUntil } from './tls/block-cache';
import { buildTlsModel, type EngineHost, type EngineSettings, type TlsModel } from './tls/model';
import type { Finding, Position } from './types';

interface Entry {
  doc: ConfigDoc;
  /** null: building it failed (the failure is among the issues). */
  model?: TlsModel | null;
  /** The files the model's build consulted. */
  modelReads?: FileReads;
  failure?: unknown;
  issues?: SourceIssue[];
  /** For `issues`: the files they were found with, and the clock interval over which they hold. */
  issueReads?: FileReads;
  checkedAt?: number;
  validUntil?: number;
}

/** How a document whose analysis failed says so, at its start (the other documents are still checked). */
function internalError(doc: ConfigDoc, e: unknown): SourceIssue {
  return {
    code: 'internal-error',
    severity: 'information',
    message: `nats-tls hit an internal error checking this file, so its TLS findings are missing: ${(e as Error)?.message ?? String(e)}`,
    src: doc.src,
    start: 0,
    end: 0,
  };
}

/** `p` is `changed` or lies under it (a folder that was renamed or deleted). */
function affected(p: string | undefined, changed: string): boolean {
  return p !== undefined && (p === changed || p.startsWith(changed.endsWith(path.sep) ? changed : changed + path.sep));
}

/** What a file's cross-file findings say, to tell whether they changed. */
function signature(issues: readonly SourceIssue[]): string {
  return issues
    .map((i) => `${i.code}\u0001${i.start}\u0001${i.end}\u0001${i.message}\u0001${JSON.stringify(i.data ?? null)}`)
    .join('\u0000');
}

export class Project {
  private readonly entries = new Map<string, Entry>();
  /** Cross-file findings by the file they are reported in; undefined when a document changed since. */
  private cross: Map<string, SourceIssue[]> | undefined;
  private crossSignatures = new Map<string, string>();
  /** The clock interval over which the cross-file findings hold. */
  private crossAt = 0;
  private crossValidUntil = 0;
  private readonly findingsOf = new Map<string, Finding[]>();
  /** Files whose findings may differ from what takeChanged() last returned. */
  private readonly changed = new Set<string>();
  /** Per file, a number that changes whenever its findings may have changed (a diagnostics result id). */
  private readonly stamps = new Map<string, number>();
  private clock = 0;
  /** Per-block findings and loaded files, kept across document versions. */
  readonly blocks = new BlockCache();
  /** Per-block option-check findings, kept across document versions. */
  readonly visits = new VisitCache();
  /** Work done, for tests and benchmarks. */
  readonly counters = { modelBuilds: 0, crossChecks: 0, commentEdits: 0 };

  constructor(
    private readonly host: EngineHost,
    private readonly settingsFor: (file: string) => EngineSettings,
  ) {}

  private touch(file: string): void {
    this.findingsOf.delete(file);
    this.changed.add(file);
    this.stamps.set(file, ++this.clock);
  }

  set(doc: ConfigDoc): void {
    const e = this.entries.get(doc.file);
    if (e?.doc === doc) return;
    if (e && this.keepsFindings(e, doc)) {
      // Only a comment changed: the findings stand as they are (same lines and columns, same cross-file
      // pairing). The model is rebuilt from the new text when asked for, so requests read the new version.
      this.counters.commentEdits++;
      e.doc = doc;
      e.model = undefined;
      return;
    }
    this.entries.set(doc.file, { doc });
    this.touch(doc.file);
    this.cross = undefined;
  }

  /** `doc` differs from the entry's document inside one comment only, and no finding lies after that point on its line. */
  private keepsFindings(e: Entry, doc: ConfigDoc): boolean {
    const findings = this.findingsOf.get(doc.file);
    if (!e.issues || !findings || !e.issueReads || e.doc.includedFiles.length || doc.includedFiles.length) return false;
    // The clock may have passed a certificate's date (its findings, or the pairing's, say otherwise now).
    const now = this.host.clock.now().getTime();
    if (!(now >= e.checkedAt! && now < e.validUntil!)) return false;
    if (this.cross && !(now >= this.crossAt && now < this.crossValidUntil)) return false;
    const at = commentOnlyEdit(e.doc, doc);
    if (!at || !e.issueReads.unchanged(this.host.fs)) return false;
    // A range that ends at the end of the file (on the comment's line) would move with the comment's length.
    const after = (p: Position): boolean => p.line === at.line && p.character >= at.character;
    for (const f of findings) {
      if (after(f.range.start) || after(f.range.end)) return false;
      if (f.related?.some((r) => r.file === doc.file && (after(r.range.start) || after(r.range.end)))) return false;
    }
    return true;
  }

  delete(file: string): void {
    if (!this.entries.delete(file)) return;
    this.touch(file);
    this.cross = undefined;
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

  private reset(file: string, e: Entry): void {
    e.model = undefined;
    e.failure = undefined;
    e.issues = undefined;
    this.touch(file);
  }

  /** Settings changed: rebuild every TLS model on next use; blocks whose files did not change are reused. */
  invalidateModels(): void {
    for (const [file, e] of this.entries) this.reset(file, e);
    this.cross = undefined;
  }

  /**
   * A file (or folder) changed on disk, was created or deleted: forget what is cached about it, and rebuild
   * the models that name it (as a resolved path or a candidate that was tried). Returns whether any did.
   */
  fileChanged(changed: string): boolean {
    this.blocks.forget(changed);
    let any = false;
    for (const [file, e] of this.entries) {
      const names =
        e.model === null ||
        // Findings kept over a comment edit (set) outlive the model they were found with.
        (e.issues && e.issueReads!.some((p) => affected(p, changed))) ||
        e.model?.refs.some((r) => affected(r.resolution.resolved, changed) || r.resolution.tried.some((t) => affected(t, changed)));
      if (!names) continue;
      this.reset(file, e);
      any = true;
    }
    if (any) this.cross = undefined;
    return any;
  }

  model(file: string): TlsModel | undefined {
    const e = this.entries.get(file);
    return e && this.modelOf(e);
  }

  private modelOf(e: Entry): TlsModel | undefined {
    if (e.model === undefined) {
      this.counters.modelBuilds++;
      const reads = new FileReads(this.host.fs);
      e.modelReads = reads;
      try {
        e.model = buildTlsModel(e.doc, this.settingsFor(e.doc.file), { ...this.host, fs: reads.fs }, this.blocks);
      } catch (err) {
        // One document that breaks the engine must not take the others' findings down.
        e.model = null;
        e.failure = err;
      }
    }
    return e.model ?? undefined;
  }

  private issuesOf(e: Entry): SourceIssue[] {
    if (!e.issues) {
      const model = this.modelOf(e);
      const reads = new FileReads(this.host.fs).merge(e.modelReads);
      let issues: SourceIssue[];
      try {
        const own = model ? tlsIssues(model, { ...this.host, fs: reads.fs }, this.blocks, this.visits) : [internalError(e.doc, e.failure)];
        issues = [...(model ? forTarget(documentIssues(e.doc), own, model.version) : documentIssues(e.doc)), ...own];
      } catch (err) {
        issues = [internalError(e.doc, err)];
      }
      e.issues = issues;
      e.issueReads = reads;
      // A failed model's findings are never kept over an edit (the interval is empty).
      e.checkedAt = model ? model.now.getTime() : 0;
      e.validUntil = model ? this.datesUntil(model) : 0;
    }
    return e.issues;
  }

  /** The first moment the clock could change what the checks say about this model's certificates. */
  private datesUntil(m: TlsModel): number {
    return validUntil(
      m.refs.map((r) => r.file),
      m.now,
      m.settings.expiryWarningDays,
    );
  }

  /** Cross-file findings by file; recomputing them marks the files whose cross-file findings changed. */
  private crossByFile(): Map<string, SourceIssue[]> {
    if (this.cross) return this.cross;
    this.counters.crossChecks++;
    const models: TlsModel[] = [];
    for (const e of this.entries.values()) {
      const m = this.modelOf(e);
      if (m) models.push(m);
    }
    this.crossAt = models.reduce((at, m) => Math.min(at, m.now.getTime()), Number.POSITIVE_INFINITY);
    this.crossValidUntil = models.reduce((until, m) => Math.min(until, this.datesUntil(m)), Number.POSITIVE_INFINITY);
    const byFile = new Map<string, SourceIssue[]>();
    for (const i of crossFileIssues(models)) {
      const f = reportedFile(i.src);
      const list = byFile.get(f);
      if (list) list.push(i);
      else byFile.set(f, [i]);
    }
    const signatures = new Map<string, string>();
    for (const [f, list] of byFile) signatures.set(f, signature(list));
    for (const f of new Set([...signatures.keys(), ...this.crossSignatures.keys()]))
      if (signatures.get(f) !== this.crossSignatures.get(f)) this.touch(f);
    this.crossSignatures = signatures;
    this.cross = byFile;
    return byFile;
  }

  /**
   * Every finding located in `file` (including ones that other documents cause there). The array is cached
   * until the findings may change (the same array until then): callers must not modify it.
   */
  findings(file: string): Finding[] {
    const cross = this.crossByFile().get(file) ?? [];
    let findings = this.findingsOf.get(file);
    if (!findings) {
      const e = this.entries.get(file);
      const own = e ? this.issuesOf(e).filter((i) => reportedFile(i.src) === file) : [];
      findings = sortFindings([...own, ...cross].map(toFinding));
      this.findingsOf.set(file, findings);
    }
    return findings;
  }

  /** The files whose findings may have changed since the last call (documents replaced, pairing changed). */
  takeChanged(): string[] {
    this.crossByFile();
    const out = [...this.changed];
    this.changed.clear();
    return out;
  }

  /** A number that changes whenever `file`'s findings may have changed. */
  stamp(file: string): number {
    this.crossByFile();
    return this.stamps.get(file) ?? 0;
  }

  /** Every finding of every document, including those reported into included files. */
  allFindings(): Finding[] {
    const out: SourceIssue[] = [];
    // No push(...spread): a document may have more findings than a call can take arguments.
    for (const e of this.entries.values()) for (const i of this.issuesOf(e)) out.push(i);
    for (const list of this.crossByFile().values()) for (const i of list) out.push(i);
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
