// Corpus parity: for every real config in the shared corpus, what nats-server 2.9.10 said
// (nats-server-2.9.10-parse.tsv, see the corpus README) must match what we say, through the public entry
// parseConfig, in both dialects:
//   ok                  → none of our parser-level errors;
//   error (line N)      → one of our parser-level errors covers line N, or names it in its related information;
//   variable-or-include → one of our variable/include errors.
// The corpus lives outside the project (../shared/corpus, or $NATS_TLS_CORPUS); without it the test is skipped,
// loudly, or fails when CI is set (test/helpers/tools.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../server/src/engine';
import type { Finding } from '../../server/src/core/types';
import { DIALECTS, SYNTAX_CODES } from '../helpers/conf';
import { showRange } from '../helpers/fixture';
import { corpusPath, corpusTool, describeWith } from '../helpers/tools';

const corpus = corpusPath();
const tsv = path.join(corpus, 'nats-server-2.9.10-parse.tsv');
const present = fs.existsSync(tsv);

interface Row {
  config: string;
  parse: 'ok' | 'error' | 'variable-or-include';
  line: number | undefined;
  output: string;
}

function rows(): Row[] {
  const lines = fs
    .readFileSync(tsv, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = lines.shift()!.split('\t');
  assert.deepEqual(header.slice(0, 3), ['config', 'parse', 'line'], 'unexpected TSV header');
  return lines.map((l) => {
    const [config, parse, line, ...rest] = l.split('\t');
    assert.ok(parse === 'ok' || parse === 'error' || parse === 'variable-or-include', `unknown verdict ${parse} for ${config}`);
    return { config: config!, parse, line: line ? Number(line) : undefined, output: rest.join('\t') };
  });
}

const syntaxErrors = (findings: Finding[]): Finding[] => findings.filter((f) => f.severity === 'error' && SYNTAX_CODES.includes(f.code));
const describeFindings = (fs_: Finding[]): string =>
  fs_.map((f) => `${path.basename(f.file)}:${showRange(f.range)} ${f.code}: ${f.message}`).join('\n') || '(none)';

describeWith([corpusTool], 'corpus parity with nats-server 2.9.10', () => {
  const all = present ? rows() : [];

  test('the corpus holds its configs', () => {
    assert.ok(all.length >= 200, `only ${all.length} rows in ${tsv}`);
    assert.ok(
      all.some((r) => r.parse === 'error') && all.some((r) => r.parse === 'variable-or-include'),
      'the corpus should hold rejected configs too',
    );
  });

  for (const dialect of DIALECTS) {
    test(`every config: the same verdict as nats-server 2.9.10 [${dialect}]`, () => {
      const wrong: string[] = [];
      const counts = { ok: 0, error: 0, 'variable-or-include': 0 };
      for (const row of all) {
        const file = path.join(corpus, row.config);
        const text = fs.readFileSync(file, 'utf8');
        // nats-server read the file from its own folder; includes resolve against that folder here too.
        const result = parseConfig(text, { uri: file, languageId: 'nats', env: {}, dialect });
        const errors = syntaxErrors(result.errors);
        counts[row.parse]++;
        if (row.parse === 'ok') {
          if (errors.length) wrong.push(`${row.config}: nats-server parses it, we report\n${describeFindings(errors)}`);
        } else if (row.parse === 'error') {
          const n = row.line! - 1;
          // On that line, or (a YAML-style block, reported where the fix goes) with related information there.
          const here = errors.filter(
            (f) =>
              f.file === file &&
              ((f.range.start.line <= n && n <= f.range.end.line) ||
                f.related?.some((r) => r.file === file && r.range.start.line === n && /^nats-server reports this error/.test(r.message))),
          );
          if (!here.length)
            wrong.push(
              `${row.config}: nats-server fails on line ${row.line} (${row.output.trim()}), we report\n${describeFindings(errors)}`,
            );
        } else {
          const ours = errors.filter(
            (f) =>
              ['undefined-variable', 'include-not-found', 'include-cycle'].includes(f.code) ||
              /variable reference|include file/.test(f.message),
          );
          if (!ours.length)
            wrong.push(
              `${row.config}: nats-server fails on a variable or include (${row.output.trim()}), we report\n${describeFindings(errors)}`,
            );
        }
      }
      console.log(
        `corpus parity [${dialect}]: ${all.length - wrong.length}/${all.length} agree (${counts.ok} parse, ${counts.error} syntax errors, ${counts['variable-or-include']} variable/include errors)`,
      );
      assert.deepEqual(wrong, [], `${wrong.length} config(s) disagree with nats-server:\n${wrong.join('\n\n')}`);
    });
  }
});
