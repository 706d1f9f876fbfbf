// Real nats-server releases side by side, as oracles: what `nats-server -t` of a release says about a config is
// the truth for that release. scripts/install-nats-servers.sh (run by `npm test` through setup-test-env.sh)
// unpacks every release Debian ships into $NATS_SERVERS_DIR (default ~/.cache/nats-servers)/<version>/.
// The releases are discovered, never hard-coded: sid's moves. Each binary is asked its own version, so a
// folder name cannot lie; the system nats-server counts too when its release is not unpacked.
// To require one in a test, use the tools in ./tools (`oracleTool('2.9.10')`, `latestOracleTool`).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { natsServerPath } from './nats-server';

export interface Oracle {
  /** The release, as the binary reports it ("2.10.27"). */
  version: string;
  /** Absolute path of its nats-server binary. */
  path: string;
}

export function oraclesDir(): string {
  return process.env.NATS_SERVERS_DIR || path.join(os.homedir(), '.cache', 'nats-servers');
}

/** `nats-server --version` ("nats-server: v2.9.10") as "2.9.10", or undefined when it does not run. */
export function versionOf(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', env: {}, timeout: 20_000 });
  return /v(\d+\.\d+\.\d+)/.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`)?.[1];
}

/** Numeric comparison of dotted versions ("2.9.10" < "2.10.0"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

let cached: Oracle[] | undefined;

/** Every installed release, oldest first (found once per process). */
export function oracles(): Oracle[] {
  if (cached) return cached;
  const byVersion = new Map<string, Oracle>();
  const dir = oraclesDir();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    // No folder: no unpacked releases.
  }
  for (const name of entries) {
    const bin = path.join(dir, name, 'nats-server');
    if (!fs.existsSync(bin)) continue;
    const version = versionOf(bin);
    if (version && !byVersion.has(version)) byVersion.set(version, { version, path: bin });
  }
  const system = natsServerPath();
  const systemVersion = system ? versionOf(system) : undefined;
  if (system && systemVersion && !byVersion.has(systemVersion)) byVersion.set(systemVersion, { version: systemVersion, path: system });
  cached = [...byVersion.values()].sort((a, b) => compareVersions(a.version, b.version));
  return cached;
}

/** The newest installed release (sid's, when the installer ran), or undefined when none is installed. */
export function latestOracle(): Oracle | undefined {
  return oracles().at(-1);
}

/** The release `version` ("2.9.10"), or undefined when it is not installed. */
export function oracle(version: string): Oracle | undefined {
  return oracles().find((o) => o.version === version.replace(/^v/, ''));
}
