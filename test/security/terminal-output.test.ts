// Finding 10 (issue 10): control characters in paths reached the terminal. A folder named `\x1b]0;PWNED\x07`
// retitled the terminal, a newline in a file name printed a fake summary line, and a name starting with `::`
// printed a GitHub Actions workflow command (`::error …`) into the CI log. Now every subcommand's output
// escapes C0 and C1 control characters (as JSON escapes: `\u001b`), no output line starts with `::` (after
// spaces, as the runner reads it) or holds the older `##[` form, and JSON output stays valid with the same values.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { escapeControls, terminalSafe } from '../../server/src/core/text/controls';
import { CertFactory } from '../helpers/certs';
import { NOW } from '../lsp/setup';
import { runCli, type CliRun } from './harness';

const TITLE = '\x1b]0;PWNED\x07';
const CSI = '\u009b31m';
const FAKE_SUMMARY = 'a\n0 files checked: 0 errors, 0 warnings.\nb.conf';
/** A subject that would retitle the terminal, print a fake line, and raise two kinds of CI annotation. */
const SUBJECT_CN = `${TITLE}\n::error::from-subject ##[error]x${CSI}\n2 certificates, 0 private keys`;
const WORKFLOW = '::error file=ci.yml,line=1::PWNED.conf';
const LEGACY = 'x ##[error]PWNED.conf';
const NAMES = [`${TITLE}.conf`, `${CSI}.conf`, FAKE_SUMMARY, WORKFLOW, LEGACY, `  ${WORKFLOW}`, `tab\there\r::warning::cr.conf`];
/** A config with one error, so every file appears in a diagnostic line that starts with its path. */
const BROKEN = 'port: 4222\ntls {\n  cert_file: "server.pem"\n}\n';
let dir: string;

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-sec-tty-')));
  fs.mkdirSync(path.join(dir, 'ws', TITLE), { recursive: true });
  fs.writeFileSync(path.join(dir, 'ws', TITLE, 'nats.conf'), BROKEN);
  for (const n of NAMES) fs.writeFileSync(path.join(dir, 'ws', n), BROKEN);
  // A certificate whose subject holds control characters. The issuer cannot write them, so a placeholder of
  // the same length in UTF-8 (a UTF8String, for the é) is replaced in the DER; inspect reads, it does not verify.
  const f = new CertFactory(NOW);
  const bytes = Buffer.from(SUBJECT_CN, 'utf8');
  const leaf = await f.leaf(undefined, { cn: `é${'Q'.repeat(bytes.length)}`, san: { dns: ['localhost'] } });
  const der = Buffer.from(leaf.der);
  // In the issuer and the subject (it is self-signed).
  for (let at = der.indexOf('Q'.repeat(bytes.length)); at !== -1; at = der.indexOf('Q'.repeat(bytes.length))) bytes.copy(der, at);
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  fs.writeFileSync(path.join(dir, `${TITLE}cert.pem`), pem.replace('\n\n', '\n'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** No control character but the newline; no line a CI runner reads as a workflow command. */
function assertSafe(output: string, where: string): void {
  const bad = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.exec(output);
  assert.equal(bad, null, `${where}: U+${bad?.[0].charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify(output.slice(0, 400))}`);
  for (const line of output.split('\n')) {
    assert.ok(!/^\s*::/.test(line), `${where}: a workflow command: ${JSON.stringify(line)}`);
    assert.ok(!line.includes('##['), `${where}: a legacy workflow command: ${JSON.stringify(line)}`);
  }
}

const all = (r: CliRun): string => r.out + r.err;

test('check, text: every path escaped, one summary line, no workflow command', async () => {
  const r = await runCli(['check', 'ws'], dir);
  assertSafe(all(r), 'check');
  assert.equal(r.code, 1);
  assert.equal(r.out.match(/^\d+ files? checked/gm)?.length, 1, r.out);
  assert.match(r.out, /^8 files checked: \d+ errors/m);
  // The names are shown, escaped, not dropped.
  assert.ok(r.out.includes('ws/\\u001b]0;PWNED\\u0007/nats.conf:'), r.out);
  assert.ok(r.out.includes('ws/a\\u000a0 files checked: 0 errors, 0 warnings.\\u000ab.conf:'), r.out);
  assert.ok(r.out.includes('ws/::error file=ci.yml,line=1::PWNED.conf:'), r.out);
});

test('check with the names at the start of the line (checked from inside the folder)', async () => {
  const r = await runCli(['check', '.'], path.join(dir, 'ws'));
  assertSafe(all(r), 'check .');
  assert.ok(r.out.includes('\\u003a:error file=ci.yml,line=1::PWNED.conf:2:1: error'), r.out);
  assert.ok(r.out.includes('  \\u003a:error file=ci.yml'), r.out);
  assert.ok(r.out.includes('x #\\u0023[error]PWNED.conf'), r.out);
});

test('check, JSON: valid, the same names, no raw control character', async () => {
  const r = await runCli(['check', '--format', 'json', '.'], path.join(dir, 'ws'));
  assertSafe(all(r), 'check --format json');
  const json = JSON.parse(r.out) as { files: string[] };
  const names = json.files.map((f) => path.relative(path.join(dir, 'ws'), f)).sort();
  assert.deepEqual(names, [...NAMES, path.join(TITLE, 'nats.conf')].sort());
});

test('inspect, text and JSON: paths and certificate subjects escaped', async () => {
  const file = `${TITLE}cert.pem`;
  const text = await runCli(['inspect', file, `missing${TITLE}.pem`], dir);
  assertSafe(all(text), 'inspect');
  assert.equal(text.out.match(/^\S.*: \d+ certificates?, \d+ private keys?$/gm)?.length, 1, text.out);
  // The subject is shown (escaped as Go prints names: \1B, \0A), on its own line.
  assert.match(text.out, /^ {4}Subject {8}CN=.*PWNED.*::error::from-subject.*2 certificates.*$/m);
  const json = await runCli(['inspect', '--format', 'json', file], dir);
  assertSafe(all(json), 'inspect --format json');
  const parsed = JSON.parse(json.out) as { files: { file: string; description: { certificates: { subject: string }[] } }[] };
  assert.equal(parsed.files[0]!.file, file);
  assert.match(parsed.files[0]!.description.certificates[0]!.subject, /PWNED/);
});

test('gen: the output folder and names escaped in its report', async () => {
  const r = await runCli(['gen', 'ca', '--out', `out/${TITLE}\n::error::gen`, '--name', `CA${CSI}\n::error::name`], dir);
  assert.equal(r.code, 0, r.err);
  assertSafe(all(r), 'gen');
  assert.ok(r.out.includes('\\u001b]0;PWNED\\u0007\\u000a::error::gen'), r.out);
});

test('topology, text, JSON and mermaid: the names escaped', async () => {
  for (const format of ['text', 'json', 'mermaid']) {
    const r = await runCli(['topology', '--format', format, '.'], path.join(dir, 'ws'));
    assertSafe(all(r), `topology --format ${format}`);
    assert.ok(r.out.includes('PWNED'), r.out);
    if (format === 'json') JSON.parse(r.out);
  }
});

test('usage errors: the bad argument escaped', async () => {
  const r = await runCli(['check', `--${TITLE}`, '.'], dir);
  assert.equal(r.code, 2);
  assertSafe(all(r), 'usage');
  const bad = await runCli([`\n::error::${TITLE}`], dir);
  assert.equal(bad.code, 2);
  assertSafe(all(bad), 'unknown command');
});

test('the escapes: C0, DEL and C1; JSON escapes; printable text untouched', () => {
  assert.equal(escapeControls('a\x1b\x07\n\t\x7f\u0085\u009fé…'), 'a\\u001b\\u0007\\u000a\\u0009\\u007f\\u0085\\u009fé…');
  assert.equal(terminalSafe('ok\n::x\n \u00a0::y\n##[z]\na::b'), 'ok\n\\u003a:x\n \u00a0\\u003a:y\n#\\u0023[z]\na::b');
  assert.equal(JSON.parse(terminalSafe(JSON.stringify({ s: '\u009b##[x]' }))).s, '\u009b##[x]');
});
