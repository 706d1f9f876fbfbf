// The only place that knows both the engine's types and LSP's.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { stageOf } from '../core/codes';
import type { Finding, Severity } from '../core/types';
import { isUri } from '../uri';
import { DIAGNOSTIC_SOURCE as SOURCE } from '../protocol/commands';

export { DIAGNOSTIC_SOURCE as SOURCE } from '../protocol/commands';
/** README anchors, one per code (targets of codeDescription.href). */
const DOCS = 'https://github.com/nats-tls/nats-tls/blob/main/README.md#';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function fileUri(file: string): string {
  return isUri(file) ? file : pathToFileURL(file).href;
}

export function toDiagnostic(f: Finding, relatedSupport = true): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.code,
    codeDescription: { href: DOCS + f.code },
    message: f.message,
  };
  // Tools read when the problem bites (load, connect, advice) from data.stage; quick fixes ignore it.
  d.data = { ...f.data, stage: f.stage ?? stageOf(f.code) };
  if (relatedSupport && f.related?.length) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri: fileUri(r.file), range: r.range }, message: r.message }));
  }
  return d;
}
