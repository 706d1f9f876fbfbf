// The formatter on every real config of the shared corpus (../shared/corpus or $NATS_TLS_CORPUS, *.conf):
// formatting never changes what a config means (parse(format(x)) stores the same keys and values, and stops at
// the same errors), with every separator style, and formatting twice changes nothing. Every config that parses
// is formatted in full (no part kept as written). Without the corpus the suite is skipped loudly; with CI set it
// fails instead.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { Source } from '../../server/src/core/conf/ast';
import { parseConf } from '../../server/src/core/conf/parser';
import { formatConf, SEPARATOR_STYLES } from '../../server/src/core/format/format';
import { meaningOf } from '../../server/src/core/format/meaning';
import { corpusConfigs } from '../fuzz/differential';
import { corpusTool, describeWith, find } from '../helpers/tools';

const meaning = (text: string): string => JSON.stringify(meaningOf(parseConf(new Source('', text))));

describeWith([corpusTool], 'formatter on the corpus', () => {
  const corpus = find(corpusTool);
  const configs = corpus ? corpusConfigs(corpus, false) : [];

  test('there are enough configs to mean something', () => {
    assert.ok(configs.length >= 200, `only ${configs.length} configs`);
    console.log(`formatter on the corpus: ${configs.length} configs`);
  });

  for (const separator of SEPARATOR_STYLES) {
    test(`every config keeps its meaning and formats idempotently [separator ${separator}]`, () => {
      const wrong: string[] = [];
      let changed = 0;
      for (const c of configs) {
        const before = meaning(c.text);
        const parses = !parseConf(new Source('', c.text)).issues.some((i) => i.severity === 'error');
        const once = formatConf(c.text, { separator });
        if (once.text !== c.text) changed++;
        if (meaning(once.text) !== before) wrong.push(`${c.name}: formatting changed its meaning`);
        const twice = formatConf(once.text, { separator });
        if (twice.text !== once.text) wrong.push(`${c.name}: formatting the formatted text changes it again`);
        if (parses && once.kept) wrong.push(`${c.name}: parses, but part was kept as written (${once.kept})`);
      }
      assert.deepEqual(wrong, []);
      assert.ok(changed > 0, 'formatting changed no config at all');
    });
  }
});
