// Completion on a very long line: the regular expressions that read the text before the cursor must stay
// linear. Found by the robustness fuzzer (test/fuzz/robustness.ts, its long-line inputs; e.g. seed 7170 when
// they were added): `,a` followed by 39,000 blanks and `"x"y` took 9 s to complete (quadratic backtracking in
// the value pattern), and a YAML client config with a long unkeyed line above the cursor did the same in
// yamlKeyPath. The bound is on growth, not on a clock: 16,000 blanks may cost at most 24× the CPU time of 2,000,
// measured in the same test (quadratic work costs 64×). The time budget for 64,000 blanks is in
// `npm run bench -- budgets`.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { completionSite, yamlKeyPath } from '../../server/src/core/complete';
import { openDocument } from '../../server/src/core/document';
import { buildTlsModel, DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { nodeHost } from '../../server/src/node-host';
import { assertLinear, showGrowth } from '../helpers/work';

/** The long lines: blanks (n of them) where backtracking once went quadratic. Shared with the bench. */
export const LONG_LINES: Record<string, (blanks: string) => string> = {
  'a value after ",a"': (b) => `,a${b}"x"y`,
  'the same inside a block': (b) => `  tls { ,a${b}"x"y`,
  'a key before blanks': (b) => `cert_file${b}`,
  'blanks around a colon': (b) => `verify${b}:${b}tr`,
};

function completeAtLongLine(line: string): ReturnType<typeof completionSite> {
  const host = nodeHost({});
  const text = `tls {\n  cert_file: "a.pem"\n${line}\n}\n`;
  const doc = openDocument('/nowhere/nats.conf', text, { ctx: { env: {}, fs: undefined, dialect: 'latest' } });
  assert.ok(doc);
  const model = buildTlsModel(doc, DEFAULT_SETTINGS, host);
  return completionSite(doc, model, text.indexOf('\n}\n'), { host });
}

for (const [name, line] of Object.entries(LONG_LINES)) {
  test(`completion at the end of a long line grows linearly: ${name}`, (t) => {
    t.diagnostic(showGrowth(assertLinear(name, (n) => completeAtLongLine(line(' '.repeat(n))), 2_000)));
  });
}

test('the value pattern still finds `key: prefix` and `key prefix` after blanks', () => {
  const host = nodeHost({});
  const text = `tls {\n  min_version:${' '.repeat(5000)}"1\n}\n`;
  const doc = openDocument('/nowhere/nats.conf', text, { ctx: { env: {}, fs: undefined, dialect: 'latest' } })!;
  const site = completionSite(doc, buildTlsModel(doc, DEFAULT_SETTINGS, host), text.indexOf('"1') + 2, { host });
  assert.equal(site?.kind, 'value');
  assert.equal(site?.kind === 'value' && site.prefix, '1');
});

test('YAML key paths above a long line without a colon are read in linear time, and keys lose only trailing blanks', (t) => {
  const text = (n: number): string => `tls:\n  a${' '.repeat(n)}b\n    \n`;
  assert.deepEqual(yamlKeyPath(text(16_000), text(16_000).length - 1), []);
  t.diagnostic(showGrowth(assertLinear('yamlKeyPath', (n) => yamlKeyPath(text(n), text(n).length - 1), 2_000)));
  assert.deepEqual(yamlKeyPath('my key \t :\n  x', 'my key \t :\n  '.length), ['my key']);
  assert.deepEqual(yamlKeyPath('tls:\n  cert_file: a\n  ', 'tls:\n  cert_file: a\n  '.length), ['tls']);
});
