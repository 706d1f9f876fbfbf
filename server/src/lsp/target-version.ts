// natsTls.serverVersion "auto": the release the configured nats-server reports (the client runs
// `nats-server --version` in a trusted workspace and sends what it printed), else the newest known release.
// One place decides the target, so diagnostics, completion, hovers and the language status agree.
import { GO_NAMES_SINCE } from '../core/tls/ciphers';
import { TLS_FIELDS } from '../core/tls/fields';
import { compareVersions, formatVersion, LATEST_VERSION, parseVersion } from '../core/tls/versions';
import type { TargetVersionInfo } from '../protocol/requests';
import { AUTO_VERSION } from '../protocol/settings';

/** The version in `nats-server --version` output ("nats-server: v2.10.27"), or undefined. */
export function versionFromOutput(output: string): string | undefined {
  const m = /\bnats-server:?\s+v?(\d+\.\d+\.\d+)\b/i.exec(output) ?? /\bv(\d+\.\d+\.\d+)\b/.exec(output);
  return m ? m[1] : undefined;
}

/** The target for a setting ('auto', 'latest', a version) and what `nats-server --version` said (auto only). */
export function resolveTarget(setting: string, detected: string | undefined): TargetVersionInfo {
  const t = targetOf(setting, detected);
  return detected ? { ...t, detected } : t;
}

function targetOf(setting: string, detected: string | undefined): TargetVersionInfo {
  if (setting === AUTO_VERSION) {
    if (detected)
      return { setting, version: detected, source: 'detected', description: `${detected} (auto: the configured nats-server's --version)` };
    return {
      setting,
      version: LATEST_VERSION,
      source: 'latest',
      description: `${LATEST_VERSION} (auto: no nats-server version known, so the latest)`,
    };
  }
  const v = setting === 'latest' ? undefined : parseVersion(setting);
  if (!v) return { setting, version: LATEST_VERSION, source: 'latest', description: `${LATEST_VERSION} (latest)` };
  const version = formatVersion(v);
  return { setting, version, source: 'setting', description: `${version} (natsTls.serverVersion)` };
}

/** Releases the checks tell apart (a field or a name list changes there) and the latest, newest first. */
export function knownVersions(): string[] {
  const all = new Set<string>([LATEST_VERSION, GO_NAMES_SINCE]);
  for (const f of TLS_FIELDS) for (const v of Object.values(f.since ?? {})) all.add(v);
  return [...all].sort((a, b) => compareVersions(parseVersion(b)!, parseVersion(a)!));
}
