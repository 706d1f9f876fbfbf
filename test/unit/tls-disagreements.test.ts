// Where nats-tls disagreed with the real nats-server on TLS mutations (issue 11 §4) and where it raised false
// alarms on real configs (§5): each case is what 2.9.10, 2.10.27 and 2.15.1 were measured to do with
// `nats-server -t` (test/integration/tls-disagreements.test.ts asks the installed releases again).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFindings, runTls, type Expect } from '../helpers/tls';

interface Case {
  name: string;
  /** The config, with ⟦ranges⟧ where findings are expected. */
  conf: string;
  version: string;
  codes: string[];
  expected: (Expect & { stage?: string })[];
  env?: Record<string, string>;
}

const CERT = 'cert_file: "c.pem"\n  key_file: "k.pem"\n';

const CASES: Case[] = [
  // ca_file: "" loads in every release, as no ca_file.
  ...['2.9.10', '2.10.27', '2.15.1'].map((version) => ({
    name: `ca_file "" on ${version}`,
    conf: 'port: 4222\ntls { ca_file: ⟦""⟧ }\n',
    version,
    codes: ['invalid-value', 'ca-file-unused', 'file-not-found'],
    expected: [{ code: 'invalid-value', severity: 'warning' as const, stage: 'advice', says: 'nats-server accepts it' }],
  })),
  // ca_certs_match: 1 — 2.10.27 and 2.15.1 load it and ignore it; 2.9.10 does not know the field.
  ...['2.10.27', '2.15.1'].map((version) => ({
    name: `ca_certs_match: 1 on ${version}`,
    conf: 'port: 4222\ntls { ca_certs_match: ⟦1⟧ }\n',
    version,
    codes: ['invalid-value', 'field-not-in-version'],
    expected: [{ code: 'invalid-value', severity: 'warning' as const, stage: 'advice', says: 'nats-server ignores ca_certs_match' }],
  })),
  {
    name: 'ca_certs_match on 2.9.10',
    conf: 'port: 4222\ntls { ⟦ca_certs_match⟧: 1 }\n',
    version: '2.9.10',
    codes: ['invalid-value', 'field-not-in-version'],
    expected: [{ code: 'field-not-in-version', severity: 'error' }],
  },
  ...[
    ['SecP256r1MLKEM768', '2.15.1', true],
    ['SecP384r1MLKEM1024', '2.15.1', true],
    ['SecP256r1MLKEM768', '2.14.0', false],
    ['SecP384r1MLKEM1024', '2.10.27', false],
    ['X25519MLKEM768', '2.15.1', true],
  ].map(([curve, version, ok]) => ({
    name: `curve ${curve} on ${version}`,
    conf: `port: 4222\ntls { curve_preferences: [${ok ? `"${curve}"` : `⟦"${curve}"⟧`}] }\n`,
    version: version as string,
    codes: ['invalid-value'],
    expected: ok ? [] : [{ code: 'invalid-value', severity: 'error' as const, says: `unrecognized curve preference ${curve}` }],
  })),
  // ocsp_peer: "yes" — opts.go formats the enclosing map's type (2.10.27, 2.15.1).
  ...['2.10.27', '2.15.1'].map((version) => ({
    name: `ocsp_peer "yes" on ${version}`,
    conf: 'port: 4222\ntls { ⟦ocsp_peer⟧: "yes" }\n',
    version,
    codes: ['invalid-value'],
    expected: [
      {
        code: 'invalid-value',
        severity: 'error' as const,
        says: '"error parsing ocsp peer config: unsupported type map[string]interface {}"',
      },
    ],
  })),
  {
    name: 'ocsp_peer: yes (unquoted, a boolean) loads',
    conf: 'port: 4222\ntls { ocsp_peer: yes }\n',
    version: '2.15.1',
    codes: ['invalid-value'],
    expected: [],
  },
  // An empty or comment-only config: 2.9.10 loads it, 2.10+ refuses it.
  ...[
    ['', '2.9.10'],
    ['# only a comment\n', '2.9.10'],
  ].map(([conf, version]) => ({
    name: `empty ${JSON.stringify(conf)} on ${version}`,
    conf: conf!,
    version: version!,
    codes: ['empty-config'],
    expected: [],
  })),
  ...[
    ['⟦⟧', '2.10.27'],
    ['⟦⟧# only a comment\n', '2.15.1'],
    ['⟦⟧// only a comment\n', '2.10.0'],
  ].map(([conf, version]) => ({
    name: `empty ${JSON.stringify(conf)} on ${version}`,
    conf: conf!,
    version: version!,
    codes: ['empty-config'],
    expected: [{ code: 'empty-config', severity: 'error' as const, stage: 'load', says: '"config has no values or is empty"' }],
  })),
  // A key without a value at the end of a block: the block is stored under that key in the parent.
  {
    name: 'verify: at the end of a tls block',
    conf: `port: 4222\ntls {\n  ${CERT}  ⟦verify⟧:\n}\n`,
    version: '2.15.1',
    codes: ['unknown-field', 'invalid-value', 'key-without-value'],
    expected: [{ code: 'unknown-field', severity: 'error', stage: 'load', says: 'nats-server says: "unknown field "verify""' }],
  },
  {
    name: 'verify: at the end of a cluster block',
    conf: 'cluster {\n  port: 6222\n  ⟦verify⟧:\n}\n',
    version: '2.9.10',
    codes: ['unknown-field', 'invalid-value', 'key-without-value'],
    expected: [{ code: 'unknown-field', severity: 'error', says: 'stores the whole cluster { } block under "verify"' }],
  },
  {
    name: 'port: at the end of a tls block (a known option: the map is its value)',
    conf: `tls {\n  ${CERT}  ⟦port⟧:\n}\n`,
    version: '2.10.27',
    codes: ['unknown-field', 'invalid-value', 'key-without-value'],
    expected: [{ code: 'invalid-value', severity: 'error', says: 'port then holds a map' }],
  },
  // A `...` placeholder in a map: nats-server says unknown field "...".
  ...['2.9.10', '2.15.1'].map((version) => ({
    name: `... in a cluster block on ${version}`,
    conf: 'cluster {\n  port: 6222\n  ⟦...⟧\n}\n',
    version,
    codes: ['unknown-field', 'key-without-value'],
    expected: [{ code: 'unknown-field', severity: 'error' as const, says: '"unknown field "...""' }],
  })),
  {
    name: '... in a tls block',
    conf: `port: 4222\ntls {\n  ${CERT}  ⟦...⟧\n}\n`,
    version: '2.15.1',
    codes: ['unknown-field', 'key-without-value'],
    expected: [{ code: 'unknown-field', severity: 'error', says: '"unknown field "...""' }],
  },
  // An undefined $VAR as a path: undefined-variable alone.
  {
    name: 'an undefined $VAR path',
    conf: 'port: 4222\ntls {\n  cert_file: ⟦$CERT_DIR/server.pem⟧\n  key_file: "k.pem"\n}\n',
    version: '2.15.1',
    codes: ['invalid-value', 'undefined-variable'],
    expected: [{ code: 'undefined-variable', severity: 'error' }],
  },
  {
    name: 'an undefined $VAR ca_file in a cluster',
    conf: `cluster {\n  port: 6222\n  tls {\n  ${CERT}  ca_file: ⟦$NOPE⟧\n  }\n}\n`,
    version: '2.15.1',
    codes: ['invalid-value', 'undefined-variable'],
    expected: [{ code: 'undefined-variable', severity: 'error' }],
  },
  // ca-file-unused: not when OCSP stapling is on (nats-server reads ca_file for the issuer).
  ...[
    ['ocsp: true\n', false],
    ['ocsp { mode: always }\n', false],
    ['ocsp { mode: "must" }\n', false],
    ['ocsp { mode: never }\n', true],
    ['ocsp: false\n', true],
    ['', true],
  ].map(([ocsp, unused]) => ({
    name: `ca-file-unused with ${JSON.stringify(ocsp)}`,
    conf: `${ocsp}port: 4222\ntls {\n  ${CERT}  ${unused ? '⟦ca_file⟧' : 'ca_file'}: "ca.pem"\n}\n`,
    version: '2.15.1',
    codes: ['ca-file-unused'],
    expected: unused ? [{ code: 'ca-file-unused' }] : [],
  })),
];

for (const c of CASES) {
  test(c.name, () => {
    const r = runTls({ configs: { '/nats.conf': c.conf }, settings: { serverVersion: c.version } });
    const got = expectFindings(r, '/nats.conf', c.codes, c.expected);
    c.expected.forEach((w, i) => {
      if (w.stage) assert.equal(got[i]!.stage, w.stage, `stage of ${w.code}`);
    });
  });
}

// nats-server names the `tls {` line for a file it cannot load (measured on 2.9.10 and 2.15.1: `fl.conf:2:1`
// for `tls {` on line 2, `3:3` for a cluster's tls): the finding stays on the path, related information
// points at that line.
for (const [conf, line, character] of [
  ['port: 4222\ntls {\n  cert_file: "nope.pem"\n  key_file: "nope.key"\n}\n', 1, 0],
  ['cluster {\n  port: 6222\n  tls {\n    cert_file: "nope.pem"\n    key_file: "nope.key"\n  }\n}\n', 2, 2],
] as const) {
  test(`file-not-found: related information on the line nats-server names (${line + 1}:${character + 1})`, () => {
    const r = runTls({ configs: { '/nats.conf': conf }, settings: { serverVersion: '2.15.1' } });
    const found = r.in('/nats.conf', ['file-not-found']);
    assert.equal(found.length, 2);
    for (const f of found) {
      assert.notEqual(f.range.start.line, line);
      assert.deepEqual(
        f.related?.map((x) => [x.range.start.line, x.range.start.character]),
        [[line, character]],
      );
      assert.match(f.related![0]!.message, /nats-server names this line/);
    }
  });
}
