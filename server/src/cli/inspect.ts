// `nats-tls inspect`: what a certificate, key or CA file holds, as nats-server will read it.
import * as path from 'node:path';
import { escapeControls } from '../core/text/controls';
import { describePemFile, formatDescription, type FileDescription } from '../core/x509/describe';
import { isFileFailure, loadPemFile } from '../core/x509/load';
import type { FileFailure } from '../core/x509/model';
import { nodeFs } from '../node-fs';
import { nodeClock } from '../node-host';
import { commandUsage, parseCommand, UsageError, type Io } from './args';

export const INSPECT_USAGE = `  inspect [--format text|json] FILE...
        Show the certificates and keys in PEM/DER files (subjects, SANs, expiry, fingerprints; never key material).`;

const USAGE = commandUsage(INSPECT_USAGE, 'Exit status: 0 when every file was read and parsed, 1 when one could not be, 2 on bad usage.');

type Inspected = { file: string; description: FileDescription } | { file: string; error: Pick<FileFailure, 'reason' | 'detail'> };

/** A file counts as read when it loaded and every certificate and key block in it parsed. */
function readable(d: FileDescription): boolean {
  if (d.badCertificates.length > 0) return false;
  if (d.keys.some((k) => !k.encrypted && k.error !== undefined)) return false;
  return d.blocks.length > 0 || d.der !== undefined;
}

export function runInspect(args: string[], io: Io, now: Date = nodeClock().now()): number {
  const parsed = parseCommand(args, { name: 'inspect', usage: USAGE, options: { format: { type: 'string' } }, positionals: true }, io);
  if (!parsed) return 0;
  const format = parsed.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`, USAGE);
  if (parsed.positionals.length === 0) throw new UsageError('inspect needs at least one FILE', USAGE);
  const results: Inspected[] = parsed.positionals.map((p) => {
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
