// The `natsTls.*` settings (package.json contributes them): names and defaults, shared by the client (which
// reads natsServerPath itself) and the language server (which pulls the others per workspace folder).

export const SETTINGS_SECTION = 'natsTls';

export interface NatsTlsSettings {
  /** 'auto' | 'config' | a folder: how relative certificate paths resolve. */
  pathBase: string;
  /**
   * 'auto' (the version `natsTls.natsServerPath --version` reports in a trusted workspace, else 'latest'),
   * 'latest', or a version such as '2.10.24'.
   */
  serverVersion: string;
  expiryWarningDays: number;
  inlayHints: { enabled: boolean };
  /** What Format Document writes between a key and its value ('preserve': each entry's own). */
  format: { separator: 'preserve' | 'colon' | 'equals' | 'space' };
  /** Which configs' problems are reported: every NATS config of the workspace, or only those open in editors. */
  problems: { scope: ProblemsScope };
  /** The nats-server that "Check with nats-server" runs; read by the client only (a machine-overridable setting). */
  natsServerPath: string;
}

export type ProblemsScope = 'workspace' | 'openFiles';
export const PROBLEMS_SCOPES: readonly ProblemsScope[] = ['workspace', 'openFiles'];

/** natsTls.serverVersion: use what the configured nats-server reports. */
export const AUTO_VERSION = 'auto';

export const SETTING_DEFAULTS: Readonly<NatsTlsSettings> = {
  pathBase: 'auto',
  serverVersion: AUTO_VERSION,
  expiryWarningDays: 30,
  inlayHints: { enabled: true },
  format: { separator: 'preserve' },
  problems: { scope: 'workspace' },
  natsServerPath: 'nats-server',
};
