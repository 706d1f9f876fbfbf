// The engine's entry point for checks: given parsed documents, return every finding, per file.
import { checkByteOrderMark } from './checks/byte-order-mark';
import { checkUnitTraps } from './checks/unit-trap';
import { toFinding, type SourceIssue } from './conf/issue';
import type { ConfigDoc } from './document';
import type { Finding } from './types';

export type DocumentCheck = (doc: ConfigDoc) => SourceIssue[];

/** Checks that look at one document's syntax tree only. */
const documentChecks: DocumentCheck[] = [checkUnitTraps, checkByteOrderMark];

export function analyzeDocument(doc: ConfigDoc): Finding[] {
  const issues: SourceIssue[] = [...doc.issues];
  for (const check of documentChecks) {
    try {
      issues.push(...check(doc));
    } catch (e) {
      // A check must never take the others down; a crash is itself worth reporting.
      issues.push({ code: 'internal-error', severity: 'information', message: `nats-tls hit an internal error in a check: ${(e as Error).message}`, src: doc.src, start: 0, end: 0 });
    }
  }
  return sortFindings(issues.map(toFinding));
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code),
  );
}
