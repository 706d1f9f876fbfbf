// Go to Definition, Find All References, Rename, highlights and selection ranges, on the engine: multi-file
// fixtures (`//- /file`) with the cursor at $0 and the expected spans marked ⟦…⟧.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { openDocument, type ConfigDoc } from '../../server/src/core/document';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import { planRename } from '../../server/src/core/navigate/rename';
import { selectionSpans } from '../../server/src/core/navigate/selection';
import { definitionPlaces, targetAt } from '../../server/src/core/navigate/targets';
import { definitionOf, keySpan, usesOf } from '../../server/src/core/navigate/variables';
import { buildTlsModel, DEFAULT_SETTINGS, type TlsModel } from '../../server/src/core/tls/model';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { withWorkspace, type Workspace } from '../helpers/fixture';

const ENV = { HOME_DIR: '/home/nats' };

interface Loaded {
  doc: ConfigDoc;
  model: TlsModel;
  offset: number;
}

function load(ws: Workspace, file: string, env: Record<string, string> = ENV): Loaded {
  const fx = ws.file(file);
  const doc = openDocument(ws.path(file), fx.text, { languageId: 'nats', ctx: { env, fs: nodeFs, dialect: 'latest' } })!;
  const model = buildTlsModel(doc, { ...DEFAULT_SETTINGS, roots: [ws.dir] }, nodeHost());
  return { doc, model, offset: fx.cursorOffset ?? -1 };
}

/** Every ⟦span⟧ of every file, as "file:text@offset", sorted. */
function marked(ws: Workspace): string[] {
  return ws.files.flatMap((f) => f.fixture.spans.map((s) => `${f.path}:${f.fixture.text.slice(s.start, s.end)}@${s.start}`)).sort();
}

function place(ws: Workspace, file: string, start: number, end: number, text: string): string {
  return `/${path.relative(ws.dir, file)}:${text.slice(start, end)}@${start}`;
}

describe('Go to Definition', () => {
  const cases: { name: string; spec: string; file?: string }[] = [
    { name: 'a reference goes to its key', spec: '//- /a.conf\n⟦PORT_NUM⟧: 4222\nport: $PORT_NUM$0\n' },
    {
      name: 'the innermost enclosing map wins',
      spec: '//- /a.conf\nX: 1\nm {\n  ⟦X⟧: 2\n  y: $X$0\n}\n',
    },
    {
      name: 'a key set later is not seen; an enclosing one is',
      spec: '//- /a.conf\n⟦X⟧: 1\nm {\n  y: $X$0\n  X: 2\n}\n',
    },
    {
      name: 'arrays are skipped on the way out',
      spec: '//- /a.conf\n⟦X⟧: 1\nl: [ $X$0, { X: 2 } ]\n',
    },
    { name: 'a sibling block is not in scope: nothing', spec: '//- /a.conf\na { X: 1 }\nb { y: $X$0 }\n' },
    { name: 'an environment variable has no place: nothing', spec: '//- /a.conf\nstore_dir: $HOME_DIR$0\n' },
    {
      name: 'a key in an included file',
      spec: '//- /a.conf\ninclude "vars.conf"\nport: $P$0\n//- /vars.conf\n⟦P⟧: 4222\n',
    },
    { name: 'an include path goes to the file', spec: '//- /a.conf\ninclude "sub/v$0.conf"\n//- /sub/v.conf\n⟦⟧a: 1\n' },
    {
      name: 'a certificate path goes to the file, resolved like the links',
      spec: '//- /conf/a.conf\ntls {\n  cert_file: "certs/ser$0ver.pem"\n}\n//- /conf/certs/server.pem\n⟦⟧not a pem\n',
      file: '/conf/a.conf',
    },
    {
      name: 'a reference in a path field goes to the variable, not the file',
      spec: '//- /a.conf\n⟦CERT⟧: "server.pem"\ntls { cert_file: $CERT$0 }\n//- /server.pem\nx\n',
    },
  ];
  for (const c of cases) {
    test(c.name, () =>
      withWorkspace(c.spec, (ws) => {
        const { doc, model, offset } = load(ws, c.file ?? '/a.conf');
        const t = targetAt(doc, model, offset);
        const got = (t ? definitionPlaces(t) : []).map((p) =>
          'file' in p ? `/${path.relative(ws.dir, p.file)}:@0` : place(ws, p.src.file, p.start, p.end, p.src.text),
        );
        assert.deepEqual(got, marked(ws));
      }),
    );
  }
});

describe('Find All References', () => {
  const cases: { name: string; spec: string }[] = [
    {
      name: 'the key and every reference that stands for it, not a shadowing one',
      spec: '//- /a.conf\n⟦A⟧: 1\nb: ⟦$A⟧\nc: [⟦$A⟧$0]\nm { A: 2, d: $A }\ne { f: ⟦$A⟧ }\n',
    },
    {
      name: 'from the key; across an include (the included file resolves its own references)',
      spec: '//- /a.conf\ninclude "vars.conf"\nport: ⟦$P⟧\n//- /vars.conf\n⟦P⟧$0: 4222\nx: ⟦$P⟧\n',
    },
  ];
  for (const c of cases) {
    test(c.name, () =>
      withWorkspace(c.spec, (ws) => {
        const docs = ws.files.map((f) => load(ws, f.path).doc);
        const start = ws.files.find((f) => f.fixture.cursorOffset !== undefined)!;
        const { doc, model, offset } = load(ws, start.path);
        const t = targetAt(doc, model, offset)!;
        const def = t.kind === 'key' ? t.entry : t.kind === 'variable' ? definitionOf(t.use)! : undefined;
        assert.ok(def, 'a definition at the cursor');
        const s = keySpan(def);
        const got = [
          place(ws, def.src.file, s.start, s.end, def.src.text),
          ...usesOf(def, docs).map((v) => place(ws, v.src.file, v.start, v.end, v.src.text)),
        ];
        assert.deepEqual(got.sort(), marked(ws));
      }),
    );
  }
});

describe('Rename', () => {
  interface RenameCase {
    name: string;
    spec: string;
    newName: string;
    /** The files after the rename, or the reason it is refused (a regular expression). */
    expect: Record<string, string> | RegExp;
  }
  const cases: RenameCase[] = [
    {
      name: 'the key and its references; a shadowing key and its references stay',
      spec: '//- /a.conf\nA: 1\nb: $A$0\nm { A: 2, d: $A }\ne { f: $A }\n',
      newName: 'LIMIT',
      expect: { '/a.conf': 'LIMIT: 1\nb: $LIMIT\nm { A: 2, d: $A }\ne { f: $LIMIT }\n' },
    },
    {
      name: 'a quoted key keeps its quotes',
      spec: '//- /a.conf\n"A"$0: 1\nb: $A\n',
      newName: 'B',
      expect: { '/a.conf': '"B": 1\nb: $B\n' },
    },
    {
      name: 'across files: the key in an included file, references in both',
      spec: '//- /a.conf\ninclude "vars.conf"\nport: $P$0\n//- /vars.conf\nP: 4222\nx: $P\n',
      newName: 'PORT_NUMBER',
      expect: { '/a.conf': 'include "vars.conf"\nport: $PORT_NUMBER', '/vars.conf': 'PORT_NUMBER: 4222\nx: $PORT_NUMBER\n' },
    },
    {
      name: 'refused: not a name a reference can spell',
      spec: '//- /a.conf\nA: 1\nb: $A$0\n',
      newName: 'my var',
      expect: /cannot be a variable name/,
    },
    {
      name: 'refused: a nats-server option name (a top-level key of that name sets the option)',
      spec: '//- /a.conf\nA: 1\nb: $A$0\n',
      newName: 'PORT',
      expect: /PORT is a nats-server option/,
    },
    {
      name: 'refused: renaming an option that a reference also uses',
      spec: '//- /a.conf\nport: 4222\nm { x: $port$0 }\n',
      newName: 'P',
      expect: /port is a nats-server option here/,
    },
    {
      name: 'refused: a renamed reference would be captured by an inner key of the new name',
      spec: '//- /a.conf\nA: 1\nm {\n  B: 2\n  x: $A$0\n}\n',
      newName: 'B',
      expect: /\$B \(a\.conf:4\) would then stand for another definition instead of the renamed A/,
    },
    {
      name: 'refused: another reference would start standing for the renamed key',
      spec: '//- /a.conf\nB: 0\nm {\n  A$0: 1\n  x: $A\n  y: $B\n}\n',
      newName: 'B',
      expect: /\$B \(a\.conf:5\) would then stand for the renamed A instead of another definition/,
    },
    {
      name: 'refused: the block already has a key of that name',
      spec: '//- /a.conf\nA: 1\nB: 2\nx: $A$0\n',
      newName: 'B',
      expect: /already has a key B/,
    },
    {
      name: 'refused: a key inside a block that no reference uses is a setting',
      spec: '//- /a.conf\ncluster { nickname$0: c1 }\n',
      newName: 'title',
      expect: /not a variable/,
    },
    {
      name: 'refused: an option of a nested block (from the schema)',
      spec: '//- /a.conf\ncluster { name$0: c1 }\n',
      newName: 'title',
      expect: /is a nats-server option here/,
    },
  ];
  for (const c of cases) {
    test(c.name, () =>
      withWorkspace(c.spec, (ws) => {
        const docs = ws.files.map((f) => load(ws, f.path).doc);
        const start = ws.files.find((f) => f.fixture.cursorOffset !== undefined)!;
        const { doc, model, offset } = load(ws, start.path);
        const t = targetAt(doc, model, offset)!;
        const def = t.kind === 'key' ? t.entry : t.kind === 'variable' ? definitionOf(t.use)! : undefined;
        assert.ok(def, 'a definition at the cursor');
        const texts = new Map(ws.files.map((f) => [ws.path(f.path), f.fixture.text]));
        const plan = planRename({
          def,
          newName: c.newName,
          docs,
          textOf: (f) => texts.get(f),
          ctx: { env: ENV, fs: nodeFs, dialect: 'latest' },
        });
        if (c.expect instanceof RegExp) {
          assert.equal(plan.ok, false, 'the rename should be refused');
          if (!plan.ok) assert.match(plan.reason, c.expect);
          return;
        }
        assert.ok(plan.ok, plan.ok ? '' : plan.reason);
        const after: Record<string, string> = {};
        for (const [file, edits] of plan.edits) after[`/${path.relative(ws.dir, file)}`] = applyEdits(texts.get(file)!, edits);
        assert.deepEqual(after, c.expect);
      }),
    );
  }
});

describe('selection ranges', () => {
  const cases: { name: string; spec: string; expect: string[] }[] = [
    {
      name: 'inside a quoted path: the text, the string, the entry, the block, the tls entry, the file',
      spec: '//- /a.conf\nport: 4222\ntls {\n  cert_file: "a$0.pem"\n}\n',
      expect: ['a.pem', '"a.pem"', 'cert_file: "a.pem"', '{\n  cert_file: "a.pem"\n}', 'tls {\n  cert_file: "a.pem"\n}', '*'],
    },
    {
      name: 'on a key: the key, the entry, the file',
      spec: '//- /a.conf\npo$0rt: 4222\n',
      expect: ['port', 'port: 4222', '*'],
    },
    {
      name: 'an array item: the item, the array, the entry',
      spec: '//- /a.conf\nroutes: [ a, b$0 ]\n',
      expect: ['b', '[ a, b ]', 'routes: [ a, b ]', '*'],
    },
  ];
  for (const c of cases) {
    test(c.name, () =>
      withWorkspace(c.spec, (ws) => {
        const { doc, offset } = load(ws, '/a.conf');
        const got = selectionSpans(doc, offset).map((s) =>
          s.start === 0 && s.end === doc.src.text.length ? '*' : doc.src.text.slice(s.start, s.end),
        );
        assert.deepEqual(got, c.expect);
      }),
    );
  }
});
