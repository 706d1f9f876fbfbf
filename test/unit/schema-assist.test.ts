// Hover and completion for every option of the schema table, walked from the table itself: each option is
// written with a valid value in a config where its block is valid (the contexts of the schema oracle tests),
// hovering its key must show its documentation, and completing on an empty line of that block must offer it.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDocument } from '../../server/src/core/document';
import { optionCompletionsAt, optionHoverAt } from '../../server/src/core/schema/assist';
import { placeIn, targets, validValueOf } from '../helpers/schema-mutants';

const ctx = { env: {}, fs: { readFile: () => undefined, stat: () => undefined } as never, dialect: 'latest' as const };
const MARK = 'ZZQQ';

function open(text: string): NonNullable<ReturnType<typeof openDocument>> {
  const doc = openDocument('/w/nats.conf', text, { ctx, languageId: 'nats' });
  assert.ok(doc);
  return doc;
}

const all = targets();

test(`the table walks to ${all.length} options in every block with a context`, () => {
  assert.ok(all.length > 300, `only ${all.length} options`);
  assert.ok(new Set(all.map((t) => t.block.id)).size > 20);
});

test('hover on every option key shows that option’s documentation', () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const { block, option } of all) {
    const value = validValueOf(block.id, option) ?? '"s1"';
    const text = placeIn(block.id, `${MARK}${option.name}`, value, false)!.replace(MARK, '');
    const marked = placeIn(block.id, `${MARK}${option.name}`, value, false)!;
    const at = marked.indexOf(MARK);
    const doc = open(text);
    checked++;
    const h = optionHoverAt(doc, at + 1);
    if (!h) wrong.push(`${block.id}.${option.name}: no hover`);
    else if (!h.markdown.includes(option.name)) wrong.push(`${block.id}.${option.name}: hover does not name it`);
    else if (h.start !== at || h.end !== at + option.name.length) wrong.push(`${block.id}.${option.name}: hover range ${h.start}-${h.end}`);
    else if (option.doc && !h.markdown.includes(option.doc.slice(0, 30))) wrong.push(`${block.id}.${option.name}: hover lacks its doc`);
  }
  assert.equal(checked, all.length);
  assert.deepEqual(wrong, []);
});

test('completion on an empty line of its block offers every option, with detail, docs and an insert text', () => {
  const wrong: string[] = [];
  const cache = new Map<string, ReturnType<typeof optionCompletionsAt>>();
  for (const { block, option } of all) {
    let r = cache.get(block.id);
    if (!cache.has(block.id)) {
      const marked = placeIn(block.id, MARK, '', false)!.replace(`${MARK}: `, MARK);
      const at = marked.indexOf(MARK);
      r = optionCompletionsAt(open(marked.replace(MARK, '')), at, undefined);
      cache.set(block.id, r);
    }
    const item = r?.items.find((i) => i.label === option.name);
    if (!item) {
      wrong.push(`${block.id}.${option.name}: not offered${r ? '' : ' (no completion in the block)'}`);
      continue;
    }
    if (!item.detail || !item.documentation.includes(option.name) || !item.plain.startsWith(option.name))
      wrong.push(`${block.id}.${option.name}: incomplete item ${JSON.stringify(item)}`);
  }
  assert.deepEqual(wrong, []);
});
