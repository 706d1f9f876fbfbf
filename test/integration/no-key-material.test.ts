// Private-key material never appears in any output: CLI (gen, check, inspect, in text and JSON), the
// language server's hovers, inlay hints, completion, links, code actions, diagnostics and its own logs.
// Every 24-character run of every key's base64 is searched for in everything captured.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encryptedPkcs8 } from '../helpers/certs';
import { LspClient, ROOT } from '../lsp/client';

const CLI = path.join(ROOT, 'bin', 'nats-tls.js');
const WINDOW = 24;
let dir = '';
const captured: { what: string; text: string }[] = [];

function capture(what: string, value: unknown): void {
  captured.push({ what, text: typeof value === 'string' ? value : JSON.stringify(value) });
}

function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir });
  const out = `${r.stdout}${r.stderr}`;
  capture(`nats-tls ${args.join(' ')}`, out);
  return out;
}

/** Every WINDOW-long run of the base64 bodies of the private keys in `dir`. */
function keyWindows(): Set<string> {
  const windows = new Set<string>();
  for (const name of fs.readdirSync(dir).filter((n) => /key/.test(n))) {
    const pem = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const body of pem.matchAll(/-----BEGIN [A-Z ]*PRIVATE KEY-----\r?\n(?:[A-Za-z-]+:[^\n]*\n)*\n?([\s\S]*?)-----END/g)) {
      const b64 = body[1]!.replace(/\s+/g, '');
      for (let i = 0; i + WINDOW <= b64.length; i++) windows.add(b64.slice(i, i + WINDOW));
    }
  }
  return windows;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-secrets-'));
  cli('gen', 'mtls', '--out', '.');
  // A broken copy too, so error messages about keys are part of what is searched.
  fs.writeFileSync(path.join(dir, 'encrypted-key.pem'), encryptedPkcs8(fs.readFileSync(path.join(dir, 'client-a-key.pem'), 'utf8')), {
    mode: 0o600,
  });
  fs.writeFileSync(
    path.join(dir, 'broken.conf'),
    'listen: 127.0.0.1:4333\ntls {\n  cert_file: "server-main.pem"\n  key_file: "client-a-key.pem"\n}\ncluster {\n  tls {\n    cert_file: "server-main-key.pem"\n    key_file: "server-main.pem"\n  }\n}\nleafnodes { remotes: [ { url: "tls://localhost:7422", tls: { cert_file: "client-a.pem", key_file: "encrypted-key.pem" } } ] }\n',
  );
});
after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the CLI prints no key material: gen, check, inspect (text and JSON)', () => {
  cli('check', '.');
  cli('check', '--format', 'json', '.');
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.pem'))) {
    cli('inspect', name);
    cli('inspect', '--format', 'json', name);
  }
  cli('gen', 'client', '--ca', '.', '--out', 'more', '--name', 'client-c');
});

test('the language server shows no key material in any response or log', async () => {
  const client = await LspClient.start({ now: new Date(), folders: [dir] });
  try {
    for (const name of ['server.conf', 'broken.conf', 'client-a.yaml', 'client-b.yaml']) {
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, 'utf8');
      const uri = await client.open(file, text);
      const diagnostics = await client.pushed(uri);
      capture(`diagnostics ${name}`, diagnostics);
      const lines = text.split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character <= lines[line]!.length; character += 3) {
          capture(`hover ${name}:${line}:${character}`, await client.hover(uri, { line, character }));
        }
        if (/_file/.test(lines[line]!))
          capture(`completion ${name}:${line}`, await client.completion(uri, { line, character: lines[line]!.length - 2 }));
      }
      capture(`inlay ${name}`, await client.inlayHints(uri));
      capture(`links ${name}`, await client.links(uri));
      const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
      capture(`code actions ${name}`, await client.codeActions(uri, whole, diagnostics));
    }
  } finally {
    await client.stop();
    capture('server stderr', client.stderr.join(''));
  }
});

test('nothing captured contains a run of any private key', () => {
  const windows = keyWindows();
  assert.ok(windows.size > 500, `expected key material to search for, found ${windows.size} windows`);
  assert.ok(captured.length > 50, `expected many outputs, captured ${captured.length}`);
  // The search can fail: one planted line of a key is found.
  const planted = [...windows][windows.size >> 1]!;
  assert.ok(leaks(`harmless ${planted} text`, windows), 'the search misses a planted key fragment');
  for (const c of captured) {
    const hit = leaks(c.text, windows);
    assert.equal(hit, undefined, `${c.what} leaks private-key material: …${hit}…`);
  }
});

function leaks(text: string, windows: Set<string>): string | undefined {
  // JSON escapes '/' in some outputs; undo that so a leaked key still matches.
  const t = text.replace(/\\\//g, '/');
  for (const run of t.matchAll(/[A-Za-z0-9+/=]{24,}/g)) {
    const s = run[0];
    for (let i = 0; i + WINDOW <= s.length; i++) if (windows.has(s.slice(i, i + WINDOW))) return s.slice(i, i + WINDOW);
  }
  return undefined;
}
