#!/usr/bin/env node
// Runs every test layer with node's built-in runner: `npm test` (all), or `npm test -- unit lsp` (folders).
// Each file is a node:test module written in TypeScript and loaded through tsx.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const extra = process.argv.slice(2).filter((a) => a.startsWith('-'));

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = walk(path.join(root, 'test'), [])
  .filter((f) => only.length === 0 || only.some((o) => path.relative(path.join(root, 'test'), f).startsWith(o)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${only.join(' ')}`);
  process.exit(2);
}
// Real nats-server, openssl and a real VS Code are part of the tests: make sure they are installed.
const setup = spawnSync('bash', [path.join(root, 'scripts', 'setup-test-env.sh')], { stdio: 'inherit', cwd: root });
if (setup.status !== 0) process.exit(setup.status ?? 1);
// Protocol and e2e tests drive the built bundles, so build first.
const build = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=600000', ...extra, ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(r.status ?? 1);
