// What the Problems panel shows, over real JSON-RPC: a message leads with what happens and how to fix it
// (the panel cuts a message at the window's edge), and quotes nats-server or Go last; the yaml-style-block
// diagnostic sits where the fix goes and points at the line nats-server names; small words are right.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { uriOf } from './client';
import { session, type Session } from './setup';

/** The seed config of the first-run experience: a YAML-style tls block and client_auth. */
const SEED =
  'listen: ":4222"\ntls:\n  cert_file: "/etc/nats/certs/server.pem"\n  key_file: "/etc/nats/certs/server.key"\n  client_auth: true\n  ca_file: "/etc/nats/certs/clients.pem"\n';

/** Configs with one problem of many kinds each (TLS fields, files, certificates, parsing, includes, options). */
const BROKEN: Record<string, string> = {
  'w/seed.conf': SEED,
  'w/fields.conf':
    'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  verfy: true\n  verify: "true"\n  min_version: 1.3\n  cert_store: "WindowsCurrentUser"\n}\n',
  'w/files.conf': 'tls {\n  cert_file: "nope.pem"\n  key_file: "../certs/client-key.pem"\n  ca_file: "nope-ca.pem"\n}\n',
  'w/mismatch.conf': 'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/client-key.pem"\n}\n',
  'w/expired.conf': 'tls {\n  cert_file: "../certs/expired.pem"\n  key_file: "../certs/expired-key.pem"\n  verify: true\n}\n',
  'w/syntax.conf': 'port: 4222\nserver_name: my server\ninclude "missing.conf"\n',
  'w/bare.conf': 'websocket {\n  port: 8443\n  tls {\n    timeout: 2\n  }\n}\n',
  // Options outside tls blocks (the schema checks): a wrong type, a value nats-server warns about, a typo,
  // an option nats-server ignores with a warning, an account that does not exist.
  'w/options.conf':
    'port: "abc"\nping_interval: 120\ncluster {\n  rotues: []\n}\njetstream: true\nmqtt {\n  port: 1883\n  consumer_replicas: 3\n}\naccounts {\n  A: {\n    imports: [ { stream: { account: SALES, subject: "s.>" } } ]\n  }\n}\n',
};

const msg = (d: Diagnostic): string => String(d.message);

describe('problem messages', { timeout: 60_000 }, () => {
  let s: Session;
  const all = new Map<string, Diagnostic[]>();
  before(async () => {
    s = await session();
    for (const [file, text] of Object.entries(BROKEN)) {
      const { uri } = await s.open(file, text);
      all.set(file, await s.client.pushed(uri, (d) => d.length > 0));
    }
  });
  after(async () => s.close());

  test('the seed: the fix comes first, then what nats-server says', () => {
    const ds = all.get('w/seed.conf')!;
    const yaml = ds.find((d) => d.code === 'yaml-style-block')!;
    assert.equal(
      msg(yaml),
      'nats-server rejects this config. Write tls { … } with the fields inside braces: nats-server config is not YAML. nats-server says: "Expected value but found new line"',
    );
    const auth = ds.find((d) => d.code === 'client-auth-field')!;
    assert.match(msg(auth), /^nats-server rejects this config\. client_auth is not a nats-server option: mutual TLS is verify: true/);
    assert.match(msg(auth), /nats-server says: "error parsing tls config, unknown field "client_auth""$/);
  });

  test('yaml-style-block: on `tls:`, where the fix goes, with related information on the line nats-server names', () => {
    const yaml = all.get('w/seed.conf')!.find((d) => d.code === 'yaml-style-block')!;
    assert.deepEqual(yaml.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
    assert.equal(yaml.relatedInformation?.length, 1);
    const [related] = yaml.relatedInformation!;
    // nats-server: "Parse error on line 3: 'Expected value but found new line'" (0-based line 2).
    assert.equal(related!.location.range.start.line, 2);
    assert.equal(related!.message, 'nats-server reports this error on line 3');
    assert.equal(related!.location.uri, uriOf(s.ws.path('w/seed.conf')));
  });

  test('the option checks (schema) follow the same rule: consequence and fix first, nats-server last', () => {
    const ds = all.get('w/options.conf')!;
    const codes = ds.map((d) => d.code).sort();
    for (const code of ['deprecated-field', 'invalid-value', 'unknown-account', 'unknown-field'])
      assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
    for (const d of ds) {
      assert.doesNotMatch(msg(d), /^(nats-server (warns|logs)|["'“])/, msg(d));
      assert.match(msg(d), /[.?!] nats-server says: ".*"$/s, msg(d));
    }
  });

  test('no message opens with a quote; what nats-server or Go says comes last', () => {
    let quoted = 0;
    for (const [file, ds] of all) {
      for (const d of ds) {
        const where = `${file} ${d.code}: ${msg(d)}`;
        assert.doesNotMatch(msg(d), /^["'“]/, where);
        assert.doesNotMatch(msg(d), /rejects this: "/, where);
        const says = msg(d).search(/(nats-server|Go|The client|It) says: "/);
        if (says < 0) continue;
        quoted++;
        assert.match(msg(d).slice(says), /^[^"]*says: ".*"$/s, `the quote ends the message: ${where}`);
        // A consequence and a fix sentence before it.
        assert.ok(msg(d).slice(0, says).split(/\.\s/).length >= 2, `no fix before the quote: ${where}`);
      }
    }
    assert.ok(quoted >= 10, `only ${quoted} messages quote nats-server or Go`);
  });

  test('host-mismatch: "an IP SAN", "a DNS SAN"', async () => {
    await s.open(
      'ip/server.conf',
      'port: 4801\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  ca_file: "../certs/ca.pem"\n  verify: true\n}\n',
    );
    const { uri } = await s.open(
      'ip/client.yaml',
      'servers: ["tls://10.0.0.7:4801", "tls://nats.example.test:4801"]\ntls:\n  cert: ../certs/client.pem\n  key: ../certs/client-key.pem\n  ca: ../certs/ca.pem\n',
    );
    const ds = (await s.client.pushed(uri, (d) => d.filter((x) => x.code === 'host-mismatch').length === 2)).filter(
      (d) => d.code === 'host-mismatch',
    );
    assert.match(msg(ds[0]!), /Add 10\.0\.0\.7 as an IP SAN, or connect/);
    assert.match(msg(ds[1]!), /Add nats\.example\.test as a DNS SAN, or connect/);
    assert.match(msg(ds[0]!), /Go says: "x509: certificate is valid for 127\.0\.0\.1, ::1, not 10\.0\.0\.7"$/);
  });
});
