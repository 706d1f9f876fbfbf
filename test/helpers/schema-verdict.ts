// One config, two verdicts: does real `nats-server -t` (of one release) refuse it, and does nats-tls report
// an error at the load stage for that release? Used by the schema oracle tests and the full sweep script.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS, type EngineSettings } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';

export interface Verdict {
  /** nats-server -t exit status was 0. */
  oracleOk: boolean;
  oracleOutput: string;
  /** nats-tls's errors at the load stage. */
  loadErrors: Finding[];
  findings: Finding[];
}

/** Checks `text` as nats.conf in a fresh folder with nats-server `bin` and with nats-tls targeting `release`. */
export function verdict(text: string, release: string, bin: string): Verdict {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-schema-')));
  try {
    const file = path.join(dir, 'nats.conf');
    fs.writeFileSync(file, text);
    const r = spawnSync(bin, ['-t', '-c', 'nats.conf'], { cwd: dir, env: {}, encoding: 'utf8', timeout: 20_000 });
    const findings = engineFindings(file, text, release, dir);
    return {
      oracleOk: r.status === 0,
      oracleOutput: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim(),
      loadErrors: findings.filter((f) => f.severity === 'error' && f.stage === 'load'),
      findings,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function engineFindings(file: string, text: string, release: string, root: string): Finding[] {
  const dialect = release.startsWith('2.9.') ? ('2.9.10' as const) : ('latest' as const);
  const settings: EngineSettings = { ...DEFAULT_SETTINGS, serverVersion: release, roots: [root] };
  const host = { ...nodeHost({ NATS_TLS_NOW: '2026-06-01T12:00:00Z' }), platform: 'linux' };
  const project = new Project(host, () => settings);
  const doc = openDocument(file, text, { ctx: { env: {}, fs: nodeFs, dialect } });
  if (doc) project.set(doc);
  return project.allFindings();
}
