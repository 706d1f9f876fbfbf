// A TLS block (or a field) whose value comes from an environment variable: nats-server parses the variable's
// value as config text, so problems can sit in text the config file does not hold. Found by the robustness
// fuzzer (test/fuzz/robustness.ts; seed 1266 in its first version, the input `tls: $TLS_MAP`): such findings were
// reported in a "file" named `$TLS_MAP` with offsets into the variable's value, paths in the value resolved
// against the process's working directory, and the language server offered quick fixes that would have
// overwritten the `$TLS_MAP` reference with a field value.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { CertFactory } from '../helpers/certs';
import { fixture } from '../helpers/fixture';

const NOW = new Date('2026-06-01T12:00:00Z');
let dir: string;

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-env-')));
  const f = new CertFactory(NOW);
  const ca = await f.ca();
  const leaf = await f.leaf(ca);
  fs.mkdirSync(path.join(dir, 'certs'));
  fs.writeFileSync(path.join(dir, 'certs', 'server.pem'), leaf.pem);
  fs.writeFileSync(path.join(dir, 'certs', 'server-key.pem'), leaf.keyPem, { mode: 0o600 });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function check(marked: string, env: Record<string, string>): { findings: Finding[]; fx: ReturnType<typeof fixture>; file: string } {
  const fx = fixture(marked, { cursor: false });
  const file = path.join(dir, 'nats.conf');
  const doc = openDocument(file, fx.text, { ctx: { env, fs: nodeFs, dialect: 'latest' } });
  assert.ok(doc);
  const project = new Project(nodeHost({ NATS_TLS_NOW: NOW.toISOString() }), () => ({ ...DEFAULT_SETTINGS, roots: [dir] }));
  project.set(doc);
  const findings = project.allFindings();
  // Nothing is ever reported in the variable's value as if it were a file.
  assert.deepEqual(
    findings.filter((f) => f.file !== file).map((f) => `${f.file}: ${f.code}`),
    [],
  );
  assert.deepEqual(project.findings(file), findings);
  return { findings, fx, file };
}

test("problems in a variable's value are reported at the $NAME that uses it, and say so", () => {
  const { findings, fx } = check('port: 4222\ntls: ⟦$TLS_MAP⟧\n', {
    TLS_MAP: '{cert_file: "missing.pem", key_file: "certs/server-key.pem", min_version: 1.2, client_auth: true}',
  });
  const codes = findings.map((f) => f.code).sort();
  assert.deepEqual(codes, ['client-auth-field', 'file-not-found', 'invalid-value']);
  for (const f of findings) {
    assert.deepEqual(f.range, fx.ranges[0], `${f.code} at ${JSON.stringify(f.range)}`);
    assert.match(f.message, /The problem is in the value of the environment variable TLS_MAP\.$/);
    assert.equal(f.data?.fromEnv, '$TLS_MAP');
  }
});

test('a value reached through another variable is reported at the reference in the config', () => {
  const { findings, fx } = check('tls: ⟦$TLS_REF⟧\n', {
    TLS_REF: '$TLS_MAP',
    TLS_MAP: '{cert_file: "missing.pem", key_file: "certs/server-key.pem"}',
  });
  assert.deepEqual(
    findings.map((f) => f.code),
    ['file-not-found'],
  );
  assert.deepEqual(findings[0]!.range, fx.ranges[0]);
});

test("relative paths in a variable's value resolve like paths written in the config", () => {
  const { findings } = check('tls: $TLS_MAP\n', { TLS_MAP: '{cert_file: "certs/server.pem", key_file: "certs/server-key.pem"}' });
  assert.deepEqual(
    findings.map((f) => f.code),
    [],
  );
  const single = check('tls {\n  cert_file: $CERT\n  key_file: "certs/server-key.pem"\n}\n', { CERT: 'certs/server.pem' });
  assert.deepEqual(
    single.findings.map((f) => f.code),
    [],
  );
});

test('findings in the config itself keep their place and carry no fromEnv', () => {
  const { findings, fx } = check('tls {\n  cert_file: "⟦nope.pem⟧"\n  key_file: $KEY\n}\n', { KEY: 'certs/server-key.pem' });
  assert.deepEqual(
    findings.map((f) => [f.code, f.range, f.data?.fromEnv]),
    [['file-not-found', fx.ranges[0], undefined]],
  );
});
