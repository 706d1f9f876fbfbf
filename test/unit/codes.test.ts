// The code registry (server/src/core/codes.ts) is complete: every code the engine can emit is in it, with a
// stage; findings carry that stage; the README's codes tables list every code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CODES, codeInfo, stageOf } from '../../server/src/core/codes';
import { mutate } from '../fuzz/mutate';
import { SEEDS } from '../fuzz/seeds';
import { runTls } from '../helpers/tls';

const root = path.resolve(__dirname, '..', '..');

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/**
 * Codes written where the engine creates a finding: `code: '…'` (and `code: 'a' | 'b'` unions),
 * issueAt/atKey/atNode(…, '…'), and the code argument of helpers that take one.
 */
function emittedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (code: string, file: string): void => {
    if (!found.has(code)) found.set(code, path.relative(root, file));
  };
  for (const file of sources(path.join(root, 'server', 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bcode(?:\?)?:\s*((?:'[a-z0-9-]+'\s*\|?\s*)+)/g))
      for (const c of m[1]!.matchAll(/'([a-z0-9-]+)'/g)) add(c[1]!, file);
    for (const m of text.matchAll(/\b(?:issueAt|atKey|atNode)\(\s*[^,()]*(?:\([^()]*\))?[^,()]*,\s*'([a-z0-9-]+)'/g)) add(m[1]!, file);
    for (const m of text.matchAll(/\bcode === '([a-z0-9-]+)'/g)) add(m[1]!, file);
  }
  return found;
}

test('every code the engine emits is registered with a severity, a stage and a title', () => {
  const emitted = emittedCodes();
  assert.ok(emitted.size > 40, `the scan found only ${emitted.size} codes: ${[...emitted.keys()].join(', ')}`);
  // The scan sees each way a finding is made: code: '…', issueAt(…, '…'), atKey/atNode(…, '…'), unions.
  for (const c of [
    'syntax-error',
    'empty-config',
    'pem-swapped',
    'key-permissions',
    'unknown-account',
    'duplicate-user',
    'file-unreadable',
  ])
    assert.ok(emitted.has(c), `the scan misses ${c}`);
  const missing = [...emitted].filter(([code]) => !codeInfo(code)).map(([code, file]) => `${code} (${file})`);
  assert.deepEqual(missing, [], `codes emitted but not in server/src/core/codes.ts`);
  for (const [code, info] of Object.entries(CODES)) {
    assert.ok(['load', 'connect', 'advice'].includes(info.stage), code);
    assert.ok(info.title.length >= 8, `${code} needs a title`);
  }
});

test('every registered code is in the README codes tables', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const missing = Object.keys(CODES).filter((c) => c !== 'internal-error' && !readme.includes(`<a id="${c}"></a>`));
  assert.deepEqual(missing, []);
});

test("findings carry their stage: from the registry, or the finding's own", () => {
  const r = runTls({ configs: { '/nats.conf': 'port: "abc"\nSystem_Account: "SYS"\nping_interval: 2m\n' } });
  const byCode = (c: string) => r.findings.filter((f) => f.code === c);
  assert.equal(byCode('invalid-value')[0]?.stage, 'load');
  // A key nats-server reads only in lower case is ignored: advice, although unknown-field is a load code.
  assert.equal(byCode('unknown-field')[0]?.stage, 'advice');
  assert.equal(byCode('unit-trap')[0]?.stage, stageOf('unit-trap'));
  for (const f of r.findings) assert.ok(f.stage, `${f.code} has no stage`);
});

test('fuzzed configs only produce registered codes (fixed seed)', () => {
  let n = 0;
  for (const seed of SEEDS) {
    for (let i = 0; i < 8; i++) {
      const text = mutate(seed.text, 20261201 + i * 7919 + n);
      n++;
      const r = runTls({ configs: { '/nats.conf': text } });
      for (const f of r.findings) assert.ok(codeInfo(f.code), `unregistered code ${f.code} for:\n${text}`);
    }
  }
  assert.ok(n > 20);
});
