// The schema table itself: well-formed data, every block reachable from the top level, and for every option of
// every block a hover and a completion item (the table drives both).
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completionSite } from '../../server/src/core/complete';
import { openDocument, type ConfigDoc } from '../../server/src/core/document';
import { BLOCKS, blockSpec, optionIn, schemaSize } from '../../server/src/core/schema';
import { optionCompletionsAt, optionHoverAt } from '../../server/src/core/schema/assist';
import { fieldsFor } from '../../server/src/core/tls/fields';
import { buildTlsModel, DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { parseVersion } from '../../server/src/core/tls/versions';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { placeIn, validValueOf } from '../helpers/schema-mutants';

const FILE = '/nats-tls-test-nowhere/nats.conf';
const open = (text: string): ConfigDoc =>
  openDocument(FILE, text, { languageId: 'nats', ctx: { env: {}, fs: nodeFs, dialect: 'latest' } })!;

describe('the table is well formed', () => {
  test('blocks and options', () => {
    const size = schemaSize();
    assert.ok(size.blocks >= 40 && size.options >= 300, JSON.stringify(size));
    for (const b of BLOCKS) {
      const names = new Set<string>();
      for (const o of b.options) {
        for (const n of [o.name, ...(o.aliases ?? [])]) {
          assert.ok(!names.has(n), `${b.id}: ${n} twice`);
          names.add(n);
          if (!b.caseSensitive) assert.equal(n, n.toLowerCase(), `${b.id}.${n} is matched lower-cased`);
        }
        assert.ok(o.doc.length > 10 && /[.)]$/.test(o.doc), `${b.id}.${o.name}: a sentence of documentation`);
        if (o.block) assert.ok(blockSpec(o.block), `${b.id}.${o.name}: no block ${o.block}`);
        if (o.kind === 'map' || o.kind === 'map-list') assert.ok(o.block, `${b.id}.${o.name}: which block?`);
        if (o.kind === 'enum') assert.ok(o.values?.length, `${b.id}.${o.name}: enum values`);
        if (o.kind === 'union') assert.ok(o.accepts?.length, `${b.id}.${o.name}: accepted shapes`);
        if (o.kind === 'dynamic-map') assert.ok(o.entry, `${b.id}.${o.name}: entry`);
        for (const [line, v] of Object.entries(o.since ?? {}))
          assert.ok(parseVersion(line) && v.startsWith(`${line}.`), `${b.id}.${o.name}: since ${line}`);
      }
    }
  });

  test('every block is reachable from the top level', () => {
    // The accounts map holds accounts; subjects values may be { allow, deny } blocks.
    const seen = new Set(['root', 'accounts', 'account', 'subject-permission']);
    const add = (id: string | undefined): void => {
      if (id && !seen.has(id)) {
        seen.add(id);
        grew = true;
      }
    };
    let grew = true;
    while (grew) {
      grew = false;
      for (const b of BLOCKS) if (seen.has(b.id)) for (const o of b.options) [o.block, o.entry?.block].forEach(add);
    }
    assert.deepEqual(
      BLOCKS.map((b) => b.id).filter((id) => !seen.has(id)),
      [],
    );
  });
});

describe('every option has a hover and a completion item', () => {
  for (const b of BLOCKS) {
    test(b.id, () => {
      const tls = b.id.startsWith('tls');
      for (const o of b.options) {
        const value = validValueOf(b.id, o) ?? '"x"';
        // Hover on the option's key, written in its block.
        const text = tls ? tlsText(b.id, `${o.name}: ${value}`) : placeIn(b.id, o.name, value);
        if (!text) continue;
        const doc = open(text);
        const h = optionHoverAt(doc, text.lastIndexOf(`${o.name}: ${value}`) + 1);
        assert.ok(h, `${b.id}.${o.name}: no hover in\n${text}`);
        assert.ok(h.markdown.includes(`**${o.name}**`), `${b.id}.${o.name}: hover names the option`);
        assert.ok(h.markdown.includes(o.doc.slice(0, 30)) || tls, `${b.id}.${o.name}: hover shows its doc`);
        // Completion at an empty line of the block.
        if (tls) {
          if (b.id !== 'tls') continue; // certs and ocsp_peer entries complete through their own sites
          // In cluster.tls every field is allowed (the client port rejects verify_cert_and_check_known_urls).
          const marked = `cluster {\n${tlsText(b.id, '')}}\n`;
          const offset = marked.indexOf('\n}');
          const d = open(marked);
          const model = buildTlsModel(d, { ...DEFAULT_SETTINGS }, nodeHost({}));
          const site = completionSite(d, model, offset, { host: nodeHost({}) });
          assert.equal(site?.kind, 'field', `${b.id}: completion site`);
          if (site?.kind === 'field')
            assert.ok(
              fieldsFor(site.location, model).some((f) => f.name === o.name),
              `${b.id}.${o.name}: offered in tls`,
            );
          continue;
        }
        const empty = placeIn(b.id, '__CURSOR__', '1', false)!;
        const offset = empty.indexOf('__CURSOR__: 1');
        const d = open(empty.replace('__CURSOR__: 1', ''));
        const c = optionCompletionsAt(d, offset, undefined);
        assert.ok(c, `${b.id}: no completion in\n${empty}`);
        const item = c.items.find((i) => i.label === o.name);
        assert.ok(item, `${b.id}.${o.name}: not offered in\n${empty}\n(offered: ${c.items.map((i) => i.label).join(', ')})`);
        assert.ok(item.documentation.includes(o.doc.slice(0, 30)) && item.detail.length > 3, `${b.id}.${o.name}: documented`);
        assert.ok(item.snippet.startsWith(o.name), `${b.id}.${o.name}: snippet`);
      }
    });
  }
});

function tlsText(id: string, line: string): string {
  if (id === 'tls') return `tls {\n  ${line}\n}\n`;
  if (id === 'tls.certs') return `tls {\n  certs: [\n    {\n      ${line}\n    }\n  ]\n}\n`;
  return `tls {\n  ocsp_peer {\n    ${line}\n  }\n}\n`;
}

test('an option the target release lacks is not offered', () => {
  const text = 'jetstream {\n  \n}\n';
  const c = optionCompletionsAt(open(text), text.indexOf('\n}'), parseVersion('2.10.27')!);
  assert.ok(c && !c.items.some((i) => i.label === 'strict') && c.items.some((i) => i.label === 'store_dir'));
  assert.ok(optionIn(blockSpec('jetstream')!, 'STORE_DIR'));
});
