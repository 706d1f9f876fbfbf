#!/usr/bin/env node
'use strict';
// The nats-tls command line. The bundle is built by `npm ci` (prepare) or `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const out = path.join(__dirname, '..', 'server', 'out');
const bundle = path.join(out, 'cli.js');
if (!fs.existsSync(bundle) || !fs.existsSync(path.join(out, 'launch.js'))) {
  process.stderr.write('nats-tls: the CLI is not built yet; run `npm run build` first.\n');
  process.exit(2);
}
// The language server runs with the V8 settings of server/src/lsp/launch.ts: re-exec once for them. They come
// from their own small bundle, so this waiting parent does not load the CLI.
const args = process.argv.slice(2);
const { SERVER_EXEC_ARGV } = require(path.join(out, 'launch.js'));
if (args[0] === 'lsp' && args.includes('--stdio') && !process.execArgv.includes(SERVER_EXEC_ARGV[0])) {
  const r = require('node:child_process').spawnSync(process.execPath, [...SERVER_EXEC_ARGV, __filename, ...args], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
require(bundle)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    process.stderr.write(`nats-tls: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 3;
  });
