// Finding 1 (issue 10): `include` can pull any readable file into a check, and error messages quoted it, so a
// pull request could print /var/run/secrets/kubernetes.io/serviceaccount/token into a CI log. Rule: no output
// quotes content from a file that does not look like a nats-server config; elsewhere a quote is a short excerpt.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { LspClient } from '../lsp/client';
import { NOW } from '../lsp/setup';
import { assertNoSecret, longestRun, lspOutput, runCli } from './harness';

/** Files a CI runner or a developer machine holds, with the shapes secrets come in. */
const SECRETS: Record<string, string> = {
  k8s_token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6Ik5UU0VDIn0.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwic3ViIjoiY2kifQ.SIGNATURESECRET',
  github_token: 'ghp_GHSECRETq8ZtY3vW0xK5mN2bR7cL9dF4hJ6',
  password: 'hunter2-PASSWORDSECRET\n',
  shadow: 'root:$6$SHADOWSALT$SHADOWSECRETHASHq8ZtY3vW0xK5m:19000:0:99999:7:::\n',
  // Looks like config text: `KEY=value` parses, and `$AWS_SECRET` would look it up.
  '.env': 'AWS_SECRET=DOTENVSECRETVALUE42 extra words\n',
};

let root: string;
let ws: string;
const configs: Record<string, string> = {};

before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-sec-include-')));
  ws = path.join(root, 'ws');
  fs.mkdirSync(ws);
  fs.mkdirSync(path.join(root, 'secrets2'));
  for (const [name, text] of Object.entries(SECRETS)) fs.writeFileSync(path.join(root, 'secrets2', name), text);
  for (const name of Object.keys(SECRETS)) {
    const file = `${name.replace(/^\./, 'dot')}.nats.conf`;
    configs[file] = `port: 4222\ninclude "../secrets2/${name}"\n`;
  }
  // Inside a block, the included text is read as that block's fields (and checked as TLS fields).
  configs['in-tls.nats.conf'] = 'port: 4222\ntls {\n  include "../secrets2/k8s_token"\n}\n';
  configs['via-var.nats.conf'] = 'port: 4222\ninclude "../secrets2/.env"\ntls {\n  cert_file: $AWS_SECRET\n}\n';
  for (const [file, text] of Object.entries(configs)) fs.writeFileSync(path.join(ws, file), text);
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

function assertClean(output: string, where: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    // `.env` holds a key name too; only its value is the secret.
    assertNoSecret(output, name === '.env' ? 'DOTENVSECRETVALUE42 extra words' : secret.trim(), `${where} (${name})`);
  }
}

test('check: no text of an included file that is not a nats-server config, in text or JSON output', async () => {
  const text = await runCli(['check', 'ws'], root);
  const json = await runCli(['check', '--format', 'json', 'ws'], root);
  assert.equal(text.code, 1, text.out);
  assertClean(text.out + text.err, 'check (text)');
  assertClean(json.out + json.err, 'check --format json');
  // What it says instead: the include fails, and that file is not a nats-server config.
  assert.match(text.out, /k8s_token does not look like a nats-server config/);
  for (const file of Object.keys(configs)) {
    const one = await runCli(['check', '--format', 'json', path.join('ws', file)], root);
    assertClean(one.out + one.err, `check ${file}`);
  }
});

test('engine: findings located in such a file carry no text of it, and no data taken from it', () => {
  const project = new Project(nodeHost({ NATS_TLS_NOW: NOW.toISOString() }), () => ({ ...DEFAULT_SETTINGS, roots: [ws] }));
  for (const [file, text] of Object.entries(configs)) {
    const doc = openDocument(path.join(ws, file), text, { ctx: { env: {}, fs: nodeFs, dialect: 'latest' } });
    assert.ok(doc);
    project.set(doc);
  }
  const findings = project.allFindings();
  assert.ok(findings.some((f) => f.file.endsWith('k8s_token')));
  assertClean(JSON.stringify(findings), 'findings');
});

test('the language server: diagnostics, hovers, links, code actions and logs quote none of it', { timeout: 60_000 }, async () => {
  const client = await LspClient.start({ now: NOW, folders: [ws] });
  try {
    for (const [file, text] of Object.entries(configs)) {
      const uri = await client.open(path.join(ws, file), text);
      const ds = await client.pushed(uri);
      const lines = text.split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character < lines[line]!.length; character += 3) {
          await client.hover(uri, { line, character });
        }
      }
      await client.links(uri);
      await client.inlayHints(uri);
      const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
      await client.codeActions(uri, whole, ds);
      await client.completion(uri, { line: 1, character: 0 });
    }
    await client.barrier();
  } finally {
    await client.stop();
  }
  assertClean(lspOutput(client), 'language server output');
});

test('a quote from a nats-server config is a short excerpt (40 characters at most)', async () => {
  const long = 'K'.repeat(5000);
  fs.writeFileSync(path.join(ws, 'long-key.nats.conf'), `port: 4222\n${long}`);
  fs.writeFileSync(path.join(ws, 'long-value.nats.conf'), `port: 4222\nmax_payload: 1${'Q'.repeat(5000)}x\nlisten: "a`);
  const r = await runCli(['check', '--format', 'json', 'ws/long-key.nats.conf', 'ws/long-value.nats.conf'], root);
  fs.rmSync(path.join(ws, 'long-key.nats.conf'));
  fs.rmSync(path.join(ws, 'long-value.nats.conf'));
  const messages = (JSON.parse(r.out) as { diagnostics: { message: string }[] }).diagnostics.map((d) => d.message);
  assert.ok(messages.length >= 2, r.out);
  for (const m of messages) {
    assert.ok(longestRun(m, 'K') <= 40 && longestRun(m, 'Q') <= 40, m.slice(0, 200));
  }
  assert.ok(
    messages.some((m) => m.includes('K'.repeat(39) + '…')),
    messages.join('\n'),
  );
});
