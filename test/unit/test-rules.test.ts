// The determinism rules for tests are lint rules (eslint.config.mjs): a test file that reads the clock or
// draws a random seed fails `npm run lint`, while helpers (the fuzzers' own reports, the bench's shared
// scenarios) may still time things.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root, overrideConfig: { languageOptions: { parserOptions: { projectService: false } } } });

async function ruleHits(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-properties' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

const cases: { source: string; says?: RegExp }[] = [
  { source: 'const t0 = performance.now();\nexport const ms = performance.now() - t0;\n', says: /npm run bench/ },
  { source: 'export const at = Date.now();\n', says: /npm run bench/ },
  { source: 'export const t = process.hrtime.bigint();\n', says: /npm run bench/ },
  { source: 'export const c = process.cpuUsage();\n', says: /work\.ts/ },
  { source: 'export const r = Math.random();\n', says: /fixed seeds/ },
  { source: "import { randomInt } from 'node:crypto';\nexport const s = randomInt(1, 10);\n", says: /fixed seeds/ },
  { source: "import { createHash } from 'node:crypto';\nexport const h = createHash('sha256');\n" },
  { source: 'export const d = new Date(0);\n' },
];

for (const { source, says } of cases) {
  test(`${says ? 'refused' : 'allowed'} in a test file: ${source.split('\n').at(-2)}`, async () => {
    const hits = await ruleHits('test/unit/x.test.ts', source);
    if (!says) return assert.deepEqual(hits, []);
    assert.ok(hits.length > 0 && hits.every((m) => says.test(m)), JSON.stringify(hits));
    // The same code in a helper (not a test file) is allowed: the fuzzers time their inputs for their reports.
    assert.deepEqual(await ruleHits('test/fuzz/x.ts', source), []);
  });
}
