// What activation needs to know about the lazily loaded commands bundle, kept free of imports so that
// extension.ts stays small: the ids it registers for the bundle, and the inspect documents' scheme.

/** The commands the lazy bundle handles (commands/index.ts has one handler per id). */
export const COMMAND_IDS = [
  'natsTls.generateTestCa',
  'natsTls.generateServerCertificate',
  'natsTls.generateClientCertificate',
  'natsTls.setUpMutualTls',
  'natsTls.renewCertificate',
  'natsTls.inspectCertificate',
  'natsTls.checkWithNatsServer',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

export const INSPECT_SCHEME = 'nats-tls-inspect';
