// Completion on a very long line: the regular expressions that read the text before the cursor must stay
// linear. Found by the robustness fuzzer (test/fuzz/robustness.ts, its long-line inputs; e.g. seed 7170 when
// they were added): `,a` followed by 39,000 blanks and `"x"y` took 9 s to complete (quadratic backtracking in
// the value pattern), and a YAML client config with a long unkeyed line above the cursor did the same in
// yamlKeyPath. Each case below took seconds before the fix; the bound leaves room for a loaded machine.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { completionSite, yamlKeyPath } from '../../server/src/core/complete';
import { openDocument } from '../../server/src/core/document';
import { buildTlsModel, DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { nodeHost } from '../../server/src/node-host';

const BLANKS = ' '.repeat(64_000);
const LIMIT_MS = 500;

function timed<T>(run: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = run();
  return { value, ms: performance.now() - t };
}

test('completion at the end of a line of 64,000 blanks answers at once', () => {
  const host = nodeHost({});
  for (const line of [`,a${BLANKS}"x"y`, `  tls { ,a${BLANKS}"x"y`, `cert_file${BLANKS}`, `verify${BLANKS}:${BLANKS}tr`]) {
    const text = `tls {\n  cert_file: "a.pem"\n${line}\n}\n`;
    const doc = openDocument('/nowhere/nats.conf', text, { ctx: { env: {}, fs: undefined, dialect: 'latest' } });
    assert.ok(doc);
    const model = buildTlsModel(doc, DEFAULT_SETTINGS, host);
    const at = text.indexOf('\n}\n');
    const { ms } = timed(() => completionSite(doc, model, at, { host }));
    assert.ok(ms < LIMIT_MS, `${JSON.stringify(line.slice(0, 12))}…: ${ms.toFixed(0)} ms`);
  }
});

test('the value pattern still finds `key: prefix` and `key prefix` after blanks', () => {
  const host = nodeHost({});
  const text = `tls {\n  min_version:${' '.repeat(5000)}"1\n}\n`;
  const doc = openDocument('/nowhere/nats.conf', text, { ctx: { env: {}, fs: undefined, dialect: 'latest' } })!;
  const site = completionSite(doc, buildTlsModel(doc, DEFAULT_SETTINGS, host), text.indexOf('"1') + 2, { host });
  assert.equal(site?.kind, 'value');
  assert.equal(site?.kind === 'value' && site.prefix, '1');
});

test('YAML key paths above a long line without a colon are read at once, and keys lose only trailing blanks', () => {
  const text = `tls:\n  a${BLANKS}b\n    \n`;
  const { value, ms } = timed(() => yamlKeyPath(text, text.length - 1));
  assert.ok(ms < LIMIT_MS, `${ms.toFixed(0)} ms`);
  assert.deepEqual(value, []);
  assert.deepEqual(yamlKeyPath('my key \t :\n  x', 'my key \t :\n  '.length), ['my key']);
  assert.deepEqual(yamlKeyPath('tls:\n  cert_file: a\n  ', 'tls:\n  cert_file: a\n  '.length), ['tls']);
});
