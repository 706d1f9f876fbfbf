// Finding 5 (issue 10): `cert_file: $ENV_AWS_SECRET` made messages, hovers and code-action data show the
// variable's value ("open ENVSECRET_AAAA1111: no such file", "Tried: /ws/ENVSECRET_AAAA1111"). They must name
// the variable and where its value came from, never the value, in the language server and the CLI.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { LspClient } from '../lsp/client';
import { NOW } from '../lsp/setup';
import { assertNoSecret, lspOutput, runCli } from './harness';

const ENV = {
  ENV_AWS_SECRET: 'ENVSECRET_AAAA1111',
  // A value nats-server cannot parse as a config value: messages explain why without showing it.
  ENV_UNPARSABLE: 'ENVSECRET_CCCC3333 "unbalanced',
  // A whole block in a variable.
  ENV_TLS_BLOCK: '{ cert_file: "ENVSECRET_DDDD4444.pem", key_file: "ENVSECRET_EEEE5555.pem", ca_file: 7 }',
};
const DOTENV_VALUE = 'ENVSECRET_BBBB2222';

let root: string;
let ws: string;
const configs: Record<string, string> = {
  'env.nats.conf': 'port: 4222\ntls {\n  cert_file: $ENV_AWS_SECRET\n  key_file: "$ENV_AWS_SECRET"\n  ca_file: $ENV_AWS_SECRET\n}\n',
  'unparsable.nats.conf': 'port: 4222\ntls {\n  cert_file: $ENV_UNPARSABLE\n}\n',
  'block.nats.conf': 'port: 4222\ntls: $ENV_TLS_BLOCK\n',
  'dotenv.nats.conf': 'port: 4222\ninclude "../secrets/.env"\ntls {\n  cert_file: $DOTENV_SECRET\n  key_file: $DOTENV_SECRET\n}\n',
};

before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-sec-env-')));
  ws = path.join(root, 'ws');
  fs.mkdirSync(ws);
  fs.mkdirSync(path.join(root, 'secrets'));
  fs.writeFileSync(path.join(root, 'secrets', '.env'), `# deployment secrets\nDOTENV_SECRET=${DOTENV_VALUE}\n`);
  for (const [file, text] of Object.entries(configs)) fs.writeFileSync(path.join(ws, file), text);
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

function assertClean(output: string, where: string): void {
  for (const v of [...Object.values(ENV), DOTENV_VALUE]) {
    for (const piece of v.match(/ENVSECRET_[A-Z]{4}\d{4}/g) ?? []) assertNoSecret(output, piece, where, piece.length);
  }
}

test('check (text and JSON): the variable is named with where its value came from, the value never', async () => {
  const text = await runCli(['check', 'ws'], root, ENV);
  const json = await runCli(['check', '--format', 'json', 'ws'], root, ENV);
  assertClean(text.out + text.err, 'check (text)');
  assertClean(json.out + json.err, 'check --format json');
  assert.match(text.out, /ENV_AWS_SECRET/);
  assert.match(text.out, /environment/);
  // A value read through an include names the file and line it was set on.
  assert.match(text.out, /DOTENV_SECRET[^\n]*\.env:2/);
});

test('the language server: diagnostics, data, hovers, links, inlay hints and code actions', { timeout: 60_000 }, async () => {
  const client = await LspClient.start({ now: NOW, folders: [ws], env: ENV });
  try {
    for (const [file, text] of Object.entries(configs)) {
      const uri = await client.open(path.join(ws, file), text);
      const ds = await client.pushed(uri);
      assert.ok(ds.length > 0, file);
      const lines = text.split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character < lines[line]!.length; character += 2) await client.hover(uri, { line, character });
      }
      await client.links(uri);
      await client.inlayHints(uri);
      await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } }, ds);
    }
    await client.barrier();
  } finally {
    await client.stop();
  }
  assertClean(lspOutput(client), 'language server output');
});
