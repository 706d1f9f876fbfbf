// The `natsTls.*` settings as the server receives them, per resource (workspace folder or file).
// (natsTls.natsServerPath is read by the client's "Check with nats-server" command, not by the server.)
import type { EngineSettings } from '../core/tls/model';
import { PROBLEMS_SCOPES, SETTING_DEFAULTS, type ProblemsScope } from '../protocol/settings';

export interface Settings {
  /** 'auto' | 'config' | a folder: how relative certificate paths resolve. */
  pathBase: string;
  /** 'auto', 'latest' or a version such as '2.10.24' (as set: server.ts resolves 'auto' per folder). */
  serverVersion: string;
  expiryWarningDays: number;
  inlayHints: { enabled: boolean };
  problems: { scope: ProblemsScope };
}

/** The protocol's defaults (package.json has the same; test/unit/protocol.test.ts keeps them and the engine's equal). */
export const DEFAULT_SETTINGS: Settings = {
  pathBase: SETTING_DEFAULTS.pathBase,
  serverVersion: SETTING_DEFAULTS.serverVersion,
  expiryWarningDays: SETTING_DEFAULTS.expiryWarningDays,
  inlayHints: { enabled: SETTING_DEFAULTS.inlayHints.enabled },
  problems: { scope: SETTING_DEFAULTS.problems.scope },
};

/** Merges what the client sent over the defaults, ignoring values of the wrong type. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (k: string, d: string): string => (typeof r[k] === 'string' && (r[k] as string).trim() !== '' ? (r[k] as string).trim() : d);
  const days =
    typeof r.expiryWarningDays === 'number' && r.expiryWarningDays >= 0 ? r.expiryWarningDays : DEFAULT_SETTINGS.expiryWarningDays;
  const inlay = r.inlayHints && typeof r.inlayHints === 'object' ? (r.inlayHints as Record<string, unknown>) : {};
  const problems = r.problems && typeof r.problems === 'object' ? (r.problems as Record<string, unknown>) : {};
  const scope = PROBLEMS_SCOPES.find((p) => p === problems.scope) ?? DEFAULT_SETTINGS.problems.scope;
  return {
    pathBase: str('pathBase', DEFAULT_SETTINGS.pathBase),
    serverVersion: str('serverVersion', DEFAULT_SETTINGS.serverVersion),
    expiryWarningDays: days,
    inlayHints: { enabled: typeof inlay.enabled === 'boolean' ? inlay.enabled : DEFAULT_SETTINGS.inlayHints.enabled },
    problems: { scope },
  };
}

export function engineSettings(s: Settings, roots: string[]): EngineSettings {
  return { base: s.pathBase, serverVersion: s.serverVersion, expiryWarningDays: s.expiryWarningDays, roots };
}
