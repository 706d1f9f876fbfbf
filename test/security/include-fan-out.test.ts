// Finding 6 (issue 10): 18 files, each including the next one twice, made the resolver copy every included
// list at every level (2^18 paths): `check` crashed with "Maximum call stack size exceeded" and the language
// server never finished `initialized`. Includes are a graph now: each file is read and parsed once, and the
// number of includes followed has a cap with one clear error past it. Work is asserted as counts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { loadConf, MAX_INCLUDES } from '../../server/src/core/conf/resolve';
import { Source } from '../../server/src/core/conf/ast';
import type { EngineFs } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { LspClient } from '../lsp/client';
import { NOW } from '../lsp/setup';
import { lspOutput, runCli } from './harness';

const LEVELS = 18;
let dir: string;

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-sec-fanout-')));
  for (let i = 1; i <= LEVELS; i++) {
    const text = i < LEVELS ? `include "f${i + 1}.conf"\ninclude "f${i + 1}.conf"\n` : 'port: 4222\n';
    fs.writeFileSync(path.join(dir, `f${i}.conf`), text);
  }
  fs.writeFileSync(path.join(dir, 'nats.conf'), 'include "f1.conf"\nserver_name: fan\n');
  fs.mkdirSync(path.join(dir, 'many'));
  fs.writeFileSync(path.join(dir, 'many', 'a.conf'), 'debug: true\n');
  fs.writeFileSync(path.join(dir, 'many', 'nats.conf'), 'port: 4222\n' + 'include "a.conf"\n'.repeat(MAX_INCLUDES + 500));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The node file system, counting what the resolver reads. */
function countingFs(): EngineFs & { reads: number } {
  const fsx = {
    reads: 0,
    readFile(p: string, limit: number) {
      fsx.reads++;
      return nodeFs.readFile(p, limit);
    },
    stat: (p: string) => nodeFs.stat(p),
  };
  return fsx;
}

function load(file: string, fsx: EngineFs): ReturnType<typeof loadConf> {
  return loadConf(new Source(file, fs.readFileSync(file, 'utf8')), { env: {}, fs: fsx, dialect: 'latest' });
}

test('each included file is read and parsed once; includes followed are counted', () => {
  const fsx = countingFs();
  const doc = load(path.join(dir, 'nats.conf'), fsx);
  assert.equal(fsx.reads, LEVELS, 'files read');
  // One include in nats.conf and two in each of f1 … f17.
  assert.equal(doc.includesFollowed, 1 + 2 * (LEVELS - 1));
  assert.equal(new Set(doc.includedFiles).size, LEVELS);
  assert.equal(doc.includedFiles.length, LEVELS);
  assert.deepEqual(
    doc.issues.filter((i) => i.severity === 'error').map((i) => i.code),
    [],
  );
  // nats-server parses every include each time: what it would read is said, not done.
  const fan = doc.issues.find((i) => i.code === 'include-fan-out');
  assert.ok(fan, doc.issues.map((i) => i.code).join(', '));
  assert.match(fan.message, /262,143/);
});

test('past the cap: one clear error, and no more includes followed', () => {
  const fsx = countingFs();
  const doc = load(path.join(dir, 'many', 'nats.conf'), fsx);
  assert.equal(fsx.reads, 1);
  assert.equal(doc.includesFollowed, MAX_INCLUDES);
  const errors = doc.issues.filter((i) => i.code === 'too-many-includes');
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, new RegExp(`more than ${MAX_INCLUDES.toLocaleString('en-US')} includes`));
});

test('check: no crash, the fan-out is reported', async () => {
  const r = await runCli(['check', 'nats.conf'], dir);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /include-fan-out/);
});

test('the language server scans such a workspace and publishes its diagnostics', { timeout: 60_000 }, async () => {
  const client = await LspClient.start({ now: NOW, folders: [dir] });
  try {
    const file = path.join(dir, 'nats.conf');
    const uri = await client.open(file, fs.readFileSync(file, 'utf8'));
    const ds = await client.pushed(uri);
    assert.ok(
      ds.some((d) => d.code === 'include-fan-out'),
      JSON.stringify(ds),
    );
  } finally {
    await client.stop();
  }
  // The scan on `initialized` went through (it used to die there, silently for the user).
  assert.equal(/Maximum call stack|Request initialized failed|failed/i.exec(lspOutput(client))?.[0], undefined);
});
