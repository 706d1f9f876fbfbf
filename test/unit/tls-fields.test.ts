// unknown-field, client-auth-field, invalid-value, field-not-allowed-here, field-not-in-version,
// conflicting-fields, missing-key-file / missing-cert-file: what nats-server's parseTLS rejects or ignores.
import { test } from 'node:test';
import { expectFindings, runTls } from '../helpers/tls';

const FIELD_CODES = [
  'unknown-field',
  'client-auth-field',
  'invalid-value',
  'field-not-allowed-here',
  'field-not-in-version',
  'conflicting-fields',
  'missing-key-file',
  'missing-cert-file',
];

function check(conf: string, expected: Parameters<typeof expectFindings>[3], opts: { version?: string; platform?: string } = {}): void {
  const r = runTls({
    configs: { '/nats.conf': conf },
    settings: opts.version ? { serverVersion: opts.version } : {},
    ...(opts.platform ? { platform: opts.platform } : {}),
  });
  expectFindings(r, '/nats.conf', FIELD_CODES, expected);
}

test('client_auth in a tls block: nats-server rejects it; mutual TLS is verify', () => {
  check('tls {\n  ⟦client_auth⟧: true\n}\n', [{ code: 'client-auth-field', severity: 'error', says: 'unknown field "client_auth"' }]);
});

test('the seed config: the YAML-style block still gets its client_auth reported', () => {
  const seed =
    'listen: ":4222"\ntls:\n  cert_file: "/etc/nats/certs/server.pem"\n  key_file: "/etc/nats/certs/server.key"\n  ⟦client_auth⟧: true\n  ca_file: "/etc/nats/certs/clients.pem"\n';
  check(seed, ['client-auth-field']);
});

test('unknown field names the closest valid one; old versions use the bracketed message', () => {
  check('tls {\n  ⟦verfy⟧: true\n}\n', [{ code: 'unknown-field', says: 'verfy is not a tls option: did you mean verify?' }]);
  check('tls {\n  ⟦cert⟧: "a.pem"\n}\n', [{ code: 'unknown-field', says: 'unknown field ["cert"]' }], { version: '2.9.10' });
  check('tls {\n  ⟦key_fil⟧: "a.pem"\n}\n', [{ code: 'unknown-field', says: 'unknown field "key_fil"' }]);
  check('cluster { tls {\n  ⟦CERTS_DIR⟧: "/etc"\n} }\n', [
    { code: 'unknown-field', says: 'Variables cannot be defined inside a tls block' },
  ]);
});

test('keys match case-insensitively, like nats-server', () => {
  check('TLS {\n  Verify: true\n  CA_FILE: "ca.pem"\n}\n', []);
});

test('invalid values: quoted booleans, min_version, ciphers, curves, pins, timeouts, rate limit', () => {
  check('tls {\n  verify: ⟦"true"⟧\n}\n', [{ code: 'invalid-value', says: "expected 'verify' to be a boolean" }]);
  check('tls {\n  min_version: ⟦1.3⟧\n}\n', [{ code: 'invalid-value', says: "'min_version' wrong type: 1.3" }]);
  check('tls {\n  min_version: ⟦"1.1"⟧\n}\n', [{ code: 'invalid-value', says: 'unsupported TLS version: TLS 1.1' }]);
  check('tls {\n  min_version: ⟦"TLS1.2"⟧\n}\n', [{ code: 'invalid-value', says: 'unknown version: TLS1.2' }]);
  check('tls {\n  cipher_suites: [ ⟦"TLS_RSA_WITH_FOO"⟧ ]\n}\n', [{ code: 'invalid-value', says: 'unrecognized cipher TLS_RSA_WITH_FOO' }]);
  check('tls {\n  cipher_suites: ⟦[]⟧\n}\n', [{ code: 'invalid-value', says: "'cipher_suites' cannot be empty" }]);
  check('tls {\n  curve_preferences: [ ⟦"P256"⟧ ]\n}\n', [{ code: 'invalid-value', says: 'unrecognized curve preference P256' }]);
  check('tls {\n  curve_preferences: ⟦[]⟧\n}\n', [{ code: 'invalid-value', says: "'curve_preferences' cannot be empty" }]);
  check('tls {\n  pinned_certs: [ ⟦"abc"⟧ ]\n}\n', [{ code: 'invalid-value', says: "'pinned_certs' key abc does not look like" }]);
  check(`tls {\n  pinned_certs: [ "${'a'.repeat(64)}", "${'B'.repeat(64)}" ]\n}\n`, []);
  check('tls {\n  timeout: ⟦"2 seconds"⟧\n}\n', [{ code: 'invalid-value', says: 'time: invalid duration "2 seconds"' }]);
  check('tls {\n  timeout: "1m30s"\n  connection_rate_limit: ⟦"10"⟧\n}\n', [
    { code: 'invalid-value', says: "'connection_rate_limit' wrong type" },
  ]);
  check('tls {\n  handshake_first: ⟦"sometimes"⟧\n}\n', [
    { code: 'invalid-value', says: `field "handshake_first"'s value "sometimes" is invalid` },
  ]);
  check('tls {\n  handshake_first: "auto"\n  first: "300ms"\n}\n', []);
  // Go's time.ParseDuration takes both micro signs: U+00B5 and the Greek U+03BC.
  check('tls {\n  handshake_first: "1500\u00b5s"\n}\n', []);
  check('tls {\n  handshake_first: "1500\u03bcs"\n}\n', []);
  check('tls {\n  handshake_first: ⟦"1500xs"⟧\n}\n', ['invalid-value']);
  check('tls {\n  cert_file: ⟦42⟧\n  key_file: "k.pem"\n}\n', [{ code: 'invalid-value', says: "expected 'cert_file' to be filename" }]);
});

test('cipher names follow the target version: ChaCha spelling and insecure suites', () => {
  check('tls {\n  cipher_suites: [ ⟦"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"⟧ ]\n}\n', [
    { code: 'invalid-value', says: 'spells it TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256' },
  ]);
  check('tls {\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305" ]\n}\n', [], { version: '2.9.10' });
  check('tls {\n  cipher_suites: [ ⟦"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"⟧ ]\n}\n', ['invalid-value'], { version: '2.9.10' });
  check('tls {\n  cipher_suites: ⟦[ "TLS_RSA_WITH_RC4_128_SHA" ]⟧\n}\n', [
    { code: 'invalid-value', says: "without 'allow_insecure_cipher_suites' option set: TLS_RSA_WITH_RC4_128_SHA" },
  ]);
  check('tls {\n  cipher_suites: [ "TLS_RSA_WITH_RC4_128_SHA" ]\n  allow_insecure_cipher_suites: true\n}\n', []);
  check('tls {\n  cipher_suites: [ "TLS_RSA_WITH_RC4_128_SHA" ]\n}\n', [], { version: '2.11.4' });
});

test('fields newer than the target version', () => {
  check('tls {\n  ⟦min_version⟧: "1.3"\n}\n', [{ code: 'field-not-in-version', severity: 'error', says: '2.10.21 / 2.11.0' }], {
    version: '2.9.10',
  });
  check('tls {\n  min_version: "1.3"\n}\n', [], { version: '2.10.21' });
  check('tls {\n  ⟦min_version⟧: "1.3"\n}\n', ['field-not-in-version'], { version: '2.10.20' });
  check('tls {\n  ⟦handshake_first⟧: true\n}\n', ['field-not-in-version'], { version: '2.9.25' });
  check('tls {\n  ⟦allow_insecure_cipher_suites⟧: true\n}\n', ['field-not-in-version'], { version: '2.11.9' });
});

test('fields nats-server rejects or ignores at a location', () => {
  check('tls {\n  ⟦verify_cert_and_check_known_urls⟧: true\n}\n', [
    { code: 'field-not-allowed-here', severity: 'error', says: 'not supported in this context' },
  ]);
  check('tls {\n  verify_cert_and_check_known_urls: false\n}\n', []);
  check('cluster {\n  tls { verify_cert_and_check_known_urls: true }\n}\n', []);
  check('leafnodes { remotes: [ { url: "tls://hub:7422", tls: {\n  ⟦pinned_certs⟧: []\n} } ] }\n', [
    { code: 'field-not-allowed-here', severity: 'warning', says: 'leafnodes.tls.pinned_certs' },
  ]);
  check('websocket { tls {\n  ⟦timeout⟧: 2\n} }\n', [{ code: 'field-not-allowed-here', severity: 'warning', says: 'handshake_timeout' }]);
  // Harmless and redundant where mutual TLS is forced: a hint. verify: false misleads: a warning.
  check('cluster { tls {\n  ⟦verify⟧: true\n} }\n', [{ code: 'field-not-allowed-here', severity: 'hint', says: 'always use mutual TLS' }]);
  check('cluster { tls {\n  ⟦verify⟧: false\n} }\n', [
    { code: 'field-not-allowed-here', severity: 'warning', says: 'does not turn mutual TLS off' },
  ]);
  check('tls {\n  ⟦insecure⟧: true\n}\n', [{ code: 'field-not-allowed-here', says: 'has no effect' }]);
  check('mqtt { tls {\n  ⟦connection_rate_limit⟧: 10\n} }\n', ['field-not-allowed-here']);
  // Measured on Linux: 2.10.27 and 2.15.1 fail with "cert_store not compatible with current operating system".
  for (const platform of ['linux', 'darwin'])
    check(
      'tls {\n  ⟦cert_store⟧: "WindowsCurrentUser"\n}\n',
      [
        {
          code: 'field-not-allowed-here',
          severity: 'error',
          says: `cert_store reads the Windows certificate store, which this platform (${platform}) does not have: use cert_file and key_file here. nats-server says: "cert_store not compatible with current operating system"`,
        },
      ],
      { platform },
    );
  check('tls {\n  cert_store: "WindowsCurrentUser"\n}\n', [], { platform: 'win32' });
});

test('conflicting certificate sources and half pairs', () => {
  check('tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  ⟦certs⟧: [ { cert_file: "b.pem", key_file: "b-key.pem" } ]\n}\n', [
    { code: 'conflicting-fields', says: "cannot combine 'cert_file' option with 'certs' option" },
  ]);
  // Off Windows nats-server stops at cert_store itself; on Windows at the conflict.
  check('tls {\n  ⟦cert_store⟧: "WindowsCurrentUser"\n  cert_file: "a.pem"\n  key_file: "k.pem"\n}\n', ['field-not-allowed-here']);
  check('tls {\n  cert_store: "WindowsCurrentUser"\n  ⟦cert_file⟧: "a.pem"\n  key_file: "k.pem"\n}\n', ['conflicting-fields'], {
    platform: 'win32',
  });
  // A release that knows neither certs nor cert_store fails on the unknown field, never on the conflict
  // (measured: 2.9.10 says unknown field ["certs"] / ["cert_store"]).
  for (const other of ['certs: []', 'cert_store: "WindowsCurrentUser"'])
    check(
      `tls {\n  cert_file: "a.pem"\n  key_file: "k.pem"\n  ⟦${other.split(':')[0]}⟧: ${other.split(': ')[1]}\n}\n`,
      ['field-not-in-version'],
      {
        version: '2.9.10',
      },
    );
  check('⟦tls⟧ {\n  cert_file: "a.pem"\n}\n', [{ code: 'missing-key-file', says: "missing 'key_file' in TLS configuration" }]);
  check('cluster {\n  ⟦tls⟧ { key_file: "k.pem" }\n}\n', [{ code: 'missing-cert-file', says: "missing 'cert_file' in TLS configuration" }]);
  check('tls {\n  certs: [ ⟦{ cert_file: "a.pem" }⟧, { ⟦Cert_File⟧: "b.pem", key_file: "k" } ]\n}\n', [
    { code: 'invalid-value', says: "both 'cert_file' and 'cert_key' options are required" },
    { code: 'invalid-value', says: 'unknown field "Cert_File"' },
  ]);
});

test('a TLS block reached through include and $VAR references', () => {
  const r = runTls({
    configs: { '/nats.conf': 'TLS_CONF: { verify: true }\ninclude "tls.conf"\n', '/tls.conf': 'tls {\n  ⟦client_auth⟧: true\n}\n' },
  });
  expectFindings(r, '/tls.conf', FIELD_CODES, ['client-auth-field']);
});

test('a tls key whose value is not a block: nats-server fails with "interface conversion"', () => {
  check('tls: ⟦true⟧\n', [{ code: 'invalid-value', says: 'interface conversion: interface {} is bool, not map[string]interface {}' }]);
  // The map after the empty value belongs to websocket, which does not know cert_file (nats-server says both).
  check('websocket {\n  port: -1\n  tls: \n#c\n    ⟦cert_file⟧: "x.pem"\n}\n'.replace('#c', '⟦#c⟧'), [
    { code: 'invalid-value', says: 'is string, not map' },
    { code: 'unknown-field', says: 'unknown field "cert_file"' },
  ]);
});
