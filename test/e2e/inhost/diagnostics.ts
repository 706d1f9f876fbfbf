// In-host module: opens files and waits (on onDidChangeDiagnostics) until each has diagnostics with all the
// expected codes from source nats-tls.
//   args: { files: { file: string; folder?: string; codes: string[] }[] }
//   returns: one entry per file: its nats-tls diagnostics as { code, message, line, severity, related }
import * as vscode from 'vscode';
import type { InHostContext } from '../harness';
import { activateExtension, codeOf, openInEditor, waitForDiagnostics, workspaceUri } from './vscode-helpers';

export interface DiagnosticsArgs {
  files: { file: string; folder?: string; codes: string[] }[];
}

export interface DiagnosticRow {
  code: string;
  message: string;
  line: number;
  severity: string;
  /** Related information: 1-based line, file name and message. */
  related: { file: string; line: number; message: string }[];
}

export async function run(ctx: InHostContext): Promise<Record<string, DiagnosticRow[]>> {
  const args = ctx.args as DiagnosticsArgs;
  await activateExtension();
  const out: Record<string, DiagnosticRow[]> = {};
  for (const f of args.files) {
    const uri = workspaceUri(f.file, f.folder);
    await openInEditor(uri);
    const ours = (d: vscode.Diagnostic[]): vscode.Diagnostic[] => d.filter((x) => x.source === 'nats-tls');
    const diags = await waitForDiagnostics(uri, (d) => f.codes.every((c) => ours(d).some((x) => codeOf(x) === c)));
    out[`${f.folder ? `${f.folder}/` : ''}${f.file}`] = ours(diags).map((d) => ({
      code: codeOf(d),
      message: d.message,
      line: d.range.start.line + 1,
      severity: vscode.DiagnosticSeverity[d.severity],
      related: (d.relatedInformation ?? []).map((r) => ({
        file: r.location.uri.path.split('/').pop() ?? '',
        line: r.location.range.start.line + 1,
        message: r.message,
      })),
    }));
    ctx.log(`${uri.toString()}: ${out[`${f.folder ? `${f.folder}/` : ''}${f.file}`]!.map((d) => d.code).join(', ')}`);
  }
  return out;
}
