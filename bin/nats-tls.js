#!/usr/bin/env node
'use strict';
// The nats-tls command line. The bundle is built by `npm ci` (prepare) or `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'server', 'out', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('nats-tls: the CLI is not built yet; run `npm run build` first.\n');
  process.exit(2);
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
