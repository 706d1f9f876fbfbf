// `nats-tls inspect`: what a certificate, key or CA file holds, as nats-server will read it.
import * as path from 'node:path';
import { escapeControls } from '../core/text/controls';
import { describePemFile, formatDescription, type FileDescription } from '../core/x509/describe';
import { isFileFailure, loadPemFile } from '../core/x509/load';
import type { FileFailure } from '../core/x509/model';
import { nodeFs } from '../node-fs';
import { nodeClock } from '../node-host';
import { parseArgs, UsageError, type Io } from './args';

export const INSPECT_USAGE = `  inspect [--format text|json] FILE...
        Show the certificates and keys in PEM/DER files (subjects, SANs, expiry, fingerprints; never key material).`;

type Inspected = { file: string; description: FileDescription } | { file: string; error: Pick<FileFailure, 'reason' | 'detail'> };

/** A file counts as read when it loaded and every certificate and key block in it parsed. */
function readable(d: FileDescription): boolean {
  if (d.badCertificates.length > 0) return false;
  if (d.keys.some((k) => !k.encrypted && k.error !== undefined)) return false;
  return d.blocks.length > 0 || d.der !== undefined;
}

export function runInspect(args: string[], io: Io, now: Date = nodeClock().now()): number {
  const { opts, positional } = parseArgs(args, { format: 'string' });
  const format = (opts.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  if (positional.length === 0) throw new UsageError('inspect needs at least one FILE');
  const results: Inspected[] = positional.map((p) => {
    const file = path.resolve(io.cwd, p);
    const loaded = loadPemFile(file, nodeFs);
    return isFileFailure(loaded)
      ? { file: p, error: { reason: loaded.reason, detail: loaded.detail } }
      : { file: p, description: describePemFile(loaded, now) };
  });
  if (format === 'json') io.out(JSON.stringify({ files: results }, null, 2));
  else
    io.out(
      results
        .map((r) =>
          'error' in r
            ? `${escapeControls(r.file)}: cannot read it: ${escapeControls(r.error.detail)}`
            : formatDescription(r.description, r.file),
        )
        .join('\n\n'),
    );
  return results.every((r) => 'description' in r && readable(r.description)) ? 0 : 1;
}
