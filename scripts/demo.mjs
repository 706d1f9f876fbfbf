#!/usr/bin/env node
// `npm run demo`: the README's tour. Generates the mutual-TLS story with `nats-tls gen mtls`, shows `check`
// passing with each certificate's summary, then breaks a copy the ways users do and shows each diagnostic.
// Uses only the built CLI (bin/nats-tls.js) and Node's standard library; builds first when sources are newer.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'nats-tls.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-demo-'));
const good = path.join(work, 'mtls');
const broken = path.join(work, 'mtls-broken');
const problems = [];

const heading = (t) => console.log(`\n== ${t}\n`);
const indent = (t) =>
  t
    .replace(/\s+$/, '')
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const bundle = path.join(root, 'server', 'out', 'cli.js');
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= newestMtime(path.join(root, 'server', 'src'))) return;
  console.log('Building the CLI (node esbuild.mjs) ...');
  const r = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Runs `nats-tls ...args` in the demo folder; prints the command and (unless quiet) its output. */
function cli(args, { quiet = false } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8' });
  if (!quiet) {
    console.log(`$ nats-tls ${args.join(' ')}`);
    const out = `${r.stdout}${r.stderr}`;
    if (out.trim()) console.log(indent(out));
  }
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function must(r, what) {
  if (r.code !== 0) {
    console.error(`demo: ${what} failed (exit ${r.code}):\n${r.err || r.out}`);
    process.exit(1);
  }
  return r;
}

/** Each certificate's summary, from `nats-tls inspect` (the CA first). */
function summarize(dir) {
  const certs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.pem') && !f.endsWith('-key.pem'))
    .sort((a, b) => (a === 'ca.pem' ? -1 : b === 'ca.pem' ? 1 : a.localeCompare(b)));
  for (const f of certs) {
    const rel = path.relative(work, path.join(dir, f));
    if (cli(['inspect', rel]).code !== 0) problems.push(`inspect failed on freshly generated ${rel}`);
  }
}

const seedTls = (text) =>
  text.replace(
    /tls \{\n([^}]*)\n\}\n/,
    (_, body) => `tls:\n${body.replace(/verify: true/, 'client_auth: true')}\n`, // the seed's YAML habit and its made-up option
  );

buildIfNeeded();
console.log(`Demo folder: ${work}`);

heading('1. Generate the mutual-TLS story: a CA, a server, two clients and their configs');
must(cli(['gen', 'mtls', '--out', 'mtls']), 'gen mtls');

heading('2. Check it: nothing to report');
const clean = cli(['check', 'mtls']);
if (clean.code !== 0 || !/: 0 errors, 0 warnings\./.test(clean.out)) problems.push('check reported problems on freshly generated files');

heading('3. What each certificate says');
summarize(good);

heading('4. Break a copy the ways users do');
fs.cpSync(good, broken, { recursive: true });
const planted = [];
/** `codes`: the diagnostics that name this mistake (the TLS checks keep adding codes; missing ones are shown, not fatal). */
const plant = (label, what, file, codes) => (planted.push({ label, file, codes }), console.log(`- ${what}`));

const conf = path.join(broken, 'server.conf');
fs.writeFileSync(conf, seedTls(fs.readFileSync(conf, 'utf8')));
plant('YAML-style tls block', 'server.conf: the tls block written YAML-style (`tls:` + indentation)', 'server.conf', ['yaml-style-block']);
plant('client_auth instead of verify', 'server.conf: `client_auth: true` instead of `verify: true`', 'server.conf', [
  'client-auth-field',
  'missing-client-auth',
]);

const past = new Date(Date.now() - 900 * 86_400_000).toISOString();
must(
  cli(['gen', 'server', '--ca', 'mtls-broken', '--out', 'mtls-broken', '--name', 'server-main', '--force', '--now', past], { quiet: true }),
  'expired server certificate',
);
plant('expired server certificate', `server-main.pem: issued as if on ${past.slice(0, 10)}, so it expired 75 days ago`, 'server.conf', [
  'cert-expired',
]);

must(cli(['gen', 'client', '--ca', 'mtls', '--out', 'stray', '--name', 'client-a'], { quiet: true }), 'stray key');
fs.rmSync(path.join(broken, 'client-a-key.pem'), { force: true });
fs.copyFileSync(path.join(work, 'stray', 'client-a-key.pem'), path.join(broken, 'client-a-key.pem'));
plant(
  "key that is not the certificate's",
  'client-a-key.pem: replaced by another key, so it no longer matches client-a.pem',
  'client-a.yaml',
  ['key-mismatch'],
);

must(cli(['gen', 'ca', '--out', 'other-ca', '--name', 'Some Other CA'], { quiet: true }), 'other CA');
must(
  cli(['gen', 'client', '--ca', 'other-ca', '--out', 'mtls-broken', '--name', 'client-b', '--force'], { quiet: true }),
  'foreign client',
);
// Set up against the other CA end to end: client-b also trusts only that CA, so it cannot verify server-main.
fs.copyFileSync(path.join(work, 'other-ca', 'ca.pem'), path.join(broken, 'other-ca.pem'));
const clientB = path.join(broken, 'client-b.yaml');
fs.writeFileSync(clientB, fs.readFileSync(clientB, 'utf8').replace(/ca_file:.*$/m, 'ca_file: other-ca.pem'));
plant(
  'client set up with another CA',
  'client-b: certificate and ca_file from "Some Other CA", so it cannot verify server-main',
  'client-b.yaml',
  ['peer-untrusted'],
);

heading('5. Check the broken copy: each mistake, as nats-server or its clients would hit it');
const bad = cli(['check', 'mtls-broken']);
if (bad.code !== 1) problems.push(`check exited ${bad.code} on the broken copy, expected 1`);
const report = JSON.parse(cli(['check', '--format', 'json', 'mtls-broken'], { quiet: true }).out || '{"diagnostics":[]}');
console.log('\nPlanted mistake -> diagnostic:');
for (const p of planted) {
  const found = report.diagnostics.filter((d) => path.basename(d.file) === p.file && p.codes.includes(d.code));
  const where = found.map((d) => `${d.code} at ${p.file}:${d.line}`).join(', ');
  console.log(`- ${p.label.padEnd(38)} -> ${where || `(not reported yet: ${p.codes.join(' or ')})`}`);
}

heading('Done');
console.log(`Files are in ${work} (remove it when finished).`);
console.log(`Try it for real: cd ${good} && nats-server -c server.conf`);
if (problems.length) {
  console.error(`\nDEMO FAILED:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
