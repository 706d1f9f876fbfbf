// The protocol module both ends share: settings defaults that agree with package.json and the engine, command
// ids that package.json contributes, sealed key files that only their recipient opens, and the one sniffer.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { looksLikeNatsServerConf as engineSniffer } from '../../server/src/core/sniff';
import { DEFAULT_FORMAT_OPTIONS, SEPARATOR_STYLES } from '../../server/src/core/format/format';
import { DEFAULT_SETTINGS as ENGINE_DEFAULTS } from '../../server/src/core/tls/model';
import { versionMismatch } from '../../server/src/core/tls/version-mismatch';
import { parseVersion } from '../../server/src/core/tls/versions';
import { DEFAULT_SETTINGS as SERVER_DEFAULTS } from '../../server/src/lsp/settings';
import { resolveTarget } from '../../server/src/lsp/target-version';
import { COMMAND_IDS, INSPECT_SCHEME } from '../../server/src/protocol/commands';
import { REQUESTS } from '../../server/src/protocol/requests';
import { createOpener, seal } from '../../server/src/protocol/seal';
import { SETTING_DEFAULTS, SETTINGS_SECTION } from '../../server/src/protocol/settings';
import { looksLikeNatsServerConf } from '../../server/src/protocol/sniff';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; configuration: { properties: Record<string, { default: unknown }> }; menus: object };
};

test('setting defaults: package.json, the protocol module, the language server and the engine agree', () => {
  const props = pkg.contributes.configuration.properties;
  const declared = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.default]));
  assert.deepEqual(declared, {
    [`${SETTINGS_SECTION}.pathBase`]: SETTING_DEFAULTS.pathBase,
    [`${SETTINGS_SECTION}.serverVersion`]: SETTING_DEFAULTS.serverVersion,
    [`${SETTINGS_SECTION}.expiryWarningDays`]: SETTING_DEFAULTS.expiryWarningDays,
    [`${SETTINGS_SECTION}.inlayHints.enabled`]: SETTING_DEFAULTS.inlayHints.enabled,
    [`${SETTINGS_SECTION}.format.separator`]: SETTING_DEFAULTS.format.separator,
    [`${SETTINGS_SECTION}.problems.scope`]: SETTING_DEFAULTS.problems.scope,
    [`${SETTINGS_SECTION}.natsServerPath`]: SETTING_DEFAULTS.natsServerPath,
  });
  assert.deepEqual(SERVER_DEFAULTS, {
    pathBase: SETTING_DEFAULTS.pathBase,
    serverVersion: SETTING_DEFAULTS.serverVersion,
    expiryWarningDays: SETTING_DEFAULTS.expiryWarningDays,
    inlayHints: SETTING_DEFAULTS.inlayHints,
    problems: SETTING_DEFAULTS.problems,
  });
  assert.equal(ENGINE_DEFAULTS.base, SETTING_DEFAULTS.pathBase);
  // "auto" is the editor's (the language server resolves it per folder); the engine and the CLI check "latest".
  assert.equal(SETTING_DEFAULTS.serverVersion, 'auto');
  assert.equal(ENGINE_DEFAULTS.serverVersion, 'latest');
  assert.equal(
    resolveTarget(SETTING_DEFAULTS.serverVersion, undefined).version,
    resolveTarget(ENGINE_DEFAULTS.serverVersion, undefined).version,
  );
  assert.equal(ENGINE_DEFAULTS.expiryWarningDays, SETTING_DEFAULTS.expiryWarningDays);
  assert.equal(DEFAULT_FORMAT_OPTIONS.separator, SETTING_DEFAULTS.format.separator);
  // Every separator the setting offers is one the formatter knows, and the other way round.
  const separator = props[`${SETTINGS_SECTION}.format.separator`] as { enum?: string[] } | undefined;
  assert.deepEqual(separator?.enum, [...SEPARATOR_STYLES]);
});

test('every command the client bundle handles is contributed, and the inspect scheme is the menus’', () => {
  const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
  for (const id of COMMAND_IDS) assert.ok(contributed.has(id), id);
  assert.match(JSON.stringify(pkg.contributes.menus), new RegExp(`resourceScheme != ${INSPECT_SCHEME}`));
});

test('request methods are natsTls/… and unique', () => {
  const methods = REQUESTS.map((r) => r.method);
  assert.equal(new Set(methods).size, methods.length);
  for (const m of methods) assert.match(m, /^natsTls\/[a-z][A-Za-z]+$/);
});

test('a sealed file opens for its recipient only, and a changed byte fails it', () => {
  const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
  const opener = createOpener();
  const sealed = seal(key, opener.recipient);
  assert.ok(!sealed.includes('PRIVATE') && !sealed.includes('MIGHAgEAMBMGByqGSM49'));
  assert.equal(opener.open(sealed), key);
  // Sealing twice gives two different texts (fresh ephemeral key and IV).
  assert.notEqual(seal(key, opener.recipient), sealed);
  assert.throws(() => createOpener().open(sealed));
  const parts = sealed.split('.');
  const body = Buffer.from(parts[3]!, 'base64');
  body[0] = body[0]! ^ 1;
  parts[3] = body.toString('base64');
  assert.throws(() => opener.open(parts.join('.')));
  assert.throws(() => opener.open('plain text'), /not sealed/);
  assert.throws(() => seal(key, Buffer.from('not a key').toString('base64')));
});

test('one sniffer: the engine re-exports the protocol module’s', () => {
  assert.equal(engineSniffer, looksLikeNatsServerConf);
  assert.equal(looksLikeNatsServerConf('listen: 4222\njetstream {}\n'), true);
  assert.equal(looksLikeNatsServerConf('[section]\nlisten = 80\n'), false);
});

test('versionMismatch: a TLS field nats-server rejects that the target version has', () => {
  const line = 'error parsing tls config, unknown field ["min_version"]';
  assert.deepEqual(versionMismatch(line, parseVersion('latest')!), { field: 'min_version', since: '2.10.21 / 2.11.0' });
  assert.equal(versionMismatch(line, parseVersion('2.9.10')!), undefined);
  assert.equal(versionMismatch('error parsing tls config, unknown field ["no_such"]', parseVersion('latest')!), undefined);
  assert.equal(versionMismatch('unknown field "foo"', parseVersion('latest')!), undefined);
});
