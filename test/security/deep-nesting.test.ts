// Finding 4 (issue 10): `a: ` followed by N `[` made the parser hold a node, a frame and a container per
// bracket: 4 MB took the CLI to 1.1 GB and 12 MB killed the language server. Nesting is capped now, with one
// warning that says what nats-server does, and the rest of the file is read in constant memory. The bounds here
// are V8 heap limits on a child process and node counts, never wall-clock times.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { MapNode, ValueNode } from '../../server/src/core/conf/ast';
import { Source } from '../../server/src/core/conf/ast';
import { MAX_NESTING, parseConf } from '../../server/src/core/conf/parser';
import { LspClient, ROOT, SERVER } from '../lsp/client';
import { NOW } from '../lsp/setup';

const MB = 1024 * 1024;
/** Old-space limit of the child processes: far below what one node per bracket needs, far above a sane parse. */
const HEAP_MB = 96;
let dir: string;

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-sec-deep-')));
  fs.writeFileSync(path.join(dir, 'open.conf'), 'a: ' + '['.repeat(4 * MB));
  fs.writeFileSync(path.join(dir, 'maps.conf'), 'a ' + '{ b: '.repeat(MB) + '1' + ' }'.repeat(MB) + '\nport: 4222\n');
  fs.writeFileSync(path.join(dir, 'closed.conf'), 'a: ' + '['.repeat(2 * MB) + ' 1 ' + ']'.repeat(2 * MB) + '\nport: 4222\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every node of the tree, counted without recursion. */
function countNodes(root: MapNode): number {
  let n = 0;
  const work: (ValueNode | undefined)[] = [root];
  while (work.length) {
    const v = work.pop();
    if (!v) continue;
    n++;
    if (v.kind === 'map') for (const e of v.entries) if (e.kind === 'entry') work.push(e.value);
    if (v.kind === 'array') work.push(...v.items);
  }
  return n;
}

test('the parser stops nesting at the cap: one error, a bounded tree, the rest of the file still read', () => {
  for (const name of ['open.conf', 'maps.conf', 'closed.conf']) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const r = parseConf(new Source(path.join(dir, name), text));
    const deep = r.issues.filter((i) => i.code === 'too-deep');
    assert.equal(deep.length, 1, `${name}: ${r.issues.map((i) => i.code).join(', ')}`);
    assert.match(deep[0]!.fix, /nats-server/);
    assert.ok(countNodes(r.root) <= MAX_NESTING + 10, `${name}: ${countNodes(r.root)} nodes`);
    if (name !== 'open.conf')
      assert.ok(
        r.root.entries.some((e) => e.kind === 'entry' && e.key === 'port'),
        `${name}: port was read`,
      );
  }
});

test(`check of a 4 MB file of "[" runs in a ${HEAP_MB} MB heap and reports the cap`, () => {
  for (const name of ['open.conf', 'maps.conf', 'closed.conf']) {
    const r = spawnSync(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, path.join(ROOT, 'bin', 'nats-tls.js'), 'check', '--format', 'json', name],
      { cwd: dir, encoding: 'utf8', maxBuffer: 64 * MB },
    );
    assert.equal(r.status, 1, `${name}: status ${r.status} ${r.signal ?? ''} ${r.stderr.slice(0, 500)}`);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string }[] };
    assert.equal(out.diagnostics.filter((d) => d.code === 'too-deep').length, 1, name);
  }
});

test(`the language server opens the file with a ${HEAP_MB} MB heap and keeps answering`, { timeout: 120_000 }, async () => {
  const client = await LspClient.start({ now: NOW, folders: [dir], command: [`--max-old-space-size=${HEAP_MB}`, SERVER, '--stdio'] });
  try {
    const file = path.join(dir, 'open.conf');
    const uri = await client.open(file, fs.readFileSync(file, 'utf8'));
    const ds = await client.pushed(uri);
    assert.ok(
      ds.some((d) => d.code === 'too-deep'),
      ds.map((d) => d.code).join(', '),
    );
    assert.ok((await client.hover(uri, { line: 0, character: 0 })) === null);
  } finally {
    await client.stop();
  }
  assert.equal(client.proc.exitCode, 0, client.stderr.join('').slice(0, 500));
});
