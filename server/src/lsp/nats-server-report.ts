// "Check with nats-server": the client runs nats-server (a trusted workspace only, natsTls.natsServerPath) and
// sends what it printed; the server turns it into problems ranged on the files' current text, notes which of
// them nats-tls reports too (with each file's settings), and says when natsTls.serverVersion names a newer
// release than the nats-server that ran (natsTls/natsServerReport).
import { MAX_CONFIG_BYTES } from '../core/conf/resolve';
import { parseNatsServerOutput, problemRange, summarizeReport } from '../core/nats-server-output';
import { decodeConfig } from '../core/text/decode';
import { versionMismatch } from '../core/tls/version-mismatch';
import { workingDirectory } from '../core/tls/working-dir';
import { LATEST_VERSION, parseVersion } from '../core/tls/versions';
import type { Range } from '../core/types';
import { NatsServerReportRequest, type NatsServerProblem } from '../protocol/requests';
import { absolute, handle, openTextOf, settingsOf, shown, str } from './request-support';
import type { ServerContext } from './server';

/** The text nats-server's line numbers refer to: the editor's when open (unsaved edits aside), else the file's. */
function textOf(ctx: ServerContext, file: string): string {
  const open = openTextOf(ctx, file);
  if (open) return open.text;
  const r = ctx.runtime.host.fs.readFile(file, MAX_CONFIG_BYTES);
  return r.ok ? decodeConfig(r.data) : '';
}

/** nats-tls's own error or warning on the problem's first line, if any. */
function predictedBy(ctx: ServerContext, file: string, range: Range): string | undefined {
  const line = range.start.line;
  return ctx.workspace
    .findings(file)
    .find((f) => (f.severity === 'error' || f.severity === 'warning') && f.range.start.line <= line && line <= f.range.end.line)?.code;
}

export function registerNatsServerReport(ctx: ServerContext): void {
  handle(ctx, NatsServerReportRequest, (p) => {
    const configFile = absolute(p.configFile, 'configFile');
    const cwd =
      p.cwd === undefined
        ? workingDirectory(configFile, settingsOf(ctx, configFile), ctx.workspace.project.model(configFile)).dir
        : absolute(p.cwd, 'cwd');
    const output = typeof p.output === 'string' ? p.output : str(p.output, 'output');
    const exitCode = typeof p.exitCode === 'number' ? p.exitCode : null;
    const report = parseNatsServerOutput(output, { configFile, cwd });
    const texts = new Map<string, string>();
    const problems: NatsServerProblem[] = report.problems.map((q) => {
      if (!texts.has(q.file)) texts.set(q.file, textOf(ctx, q.file));
      const range = problemRange(texts.get(q.file)!, q);
      const code = predictedBy(ctx, q.file, range);
      return { file: q.file, range, severity: q.severity, message: q.message, ...(code ? { predictedBy: code } : {}) };
    });
    const summary = summarizeReport(report, exitCode, (f) => shown(ctx, f));
    const setting = settingsOf(ctx, configFile).serverVersion;
    const target = parseVersion(setting) ?? parseVersion(LATEST_VERSION)!;
    const mismatch = report.problems.map((q) => versionMismatch(q.message, target)).find(Boolean);
    const hint = mismatch
      ? `nats-server rejects ${mismatch.field}, which nats-server ${setting} has (added in ${mismatch.since}): the nats-server that ran is older than natsTls.serverVersion says. Set natsTls.serverVersion to its release to see the same problems while editing.`
      : undefined;
    return { valid: report.valid, problems, summary, ...(hint ? { hint } : {}) };
  });
}
