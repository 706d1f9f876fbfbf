// The editing features never throw and stay inside the document, on a few hundred generated and mutated
// inputs (fixed seed): semantic tokens (in order, not overlapping), selection ranges (nested), the target and
// definition at random offsets.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDocument } from '../../server/src/core/document';
import { isKnownKey } from '../../server/src/core/keys/known';
import { selectionSpans } from '../../server/src/core/navigate/selection';
import { definitionPlaces, targetAt } from '../../server/src/core/navigate/targets';
import { semanticTokens } from '../../server/src/core/tokens/semantic';
import { formatCase } from '../fuzz/format';
import { rng } from '../fuzz/mutate';
import { Gen, loadSources, ROBUST_ENV } from '../fuzz/robustness';

const SEED = 777;
const COUNT = 300;

test(`semantic tokens, selection ranges and definitions on ${COUNT} generated inputs (seed ${SEED})`, () => {
  const sources = loadSources(undefined);
  const problems: string[] = [];
  for (let k = 0; k < COUNT; k++) {
    const { text } = formatCase(SEED + k, sources);
    const g = new Gen(rng(SEED + k));
    const doc = openDocument('/nats-tls-fuzz/a.conf', text, {
      languageId: 'nats',
      ctx: { env: ROBUST_ENV, fs: undefined, dialect: 'latest' },
    })!;
    try {
      let at = 0;
      for (const t of semanticTokens(doc, isKnownKey)) {
        if (t.start < at || t.end <= t.start || t.end > text.length)
          problems.push(`seed ${SEED + k}: token ${t.type} at [${t.start}, ${t.end}) after ${at}`);
        at = t.end;
      }
      for (let i = 0; i < 5; i++) {
        const offset = g.int(text.length + 1);
        const spans = selectionSpans(doc, offset);
        spans.forEach((s, j) => {
          const inner = j ? spans[j - 1]! : { start: offset, end: offset };
          if (s.start > inner.start || s.end < inner.end || s.end > text.length)
            problems.push(`seed ${SEED + k}: selection [${s.start}, ${s.end}) does not contain [${inner.start}, ${inner.end})`);
        });
        const t = targetAt(doc, undefined, offset);
        if (t) definitionPlaces(t);
      }
    } catch (e) {
      problems.push(`seed ${SEED + k}: ${(e as Error).stack}`);
    }
  }
  assert.deepEqual(problems.slice(0, 10), []);
});
