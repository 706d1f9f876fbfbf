// Finding 9 (issue 10): large flat configs were slow. 10,000 leaf node remotes, each with its own `tls` block,
// took 3.2 s to first diagnostics and 2.2 s per keystroke: the per-block cache held 2,048 blocks, so such a
// document pushed its own blocks out and checked all 10,000 again on every edit; each block's key began at
// its line, so identical blocks behind different URLs never shared results; and every block resolved its
// three paths again. A config the workspace scan had read was parsed a second time when opened. Work is
// counted here (blocks checked, files loaded, stats, parses); the times are in `npm run bench -- large`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS, type EngineHost } from '../../server/src/core/tls/model';
import type { EngineFs } from '../../server/src/core/types';
import { loadPemFile, PemCache } from '../../server/src/core/x509/load';
import { fileUri } from '../../server/src/lsp/convert';
import { Workspace } from '../../server/src/lsp/workspace';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { CertFactory, TEST_NOW } from '../helpers/certs';

const BLOCKS = 10_000;
/** Certificate/key pairs the blocks take turns naming (with one CA): 10 distinct block texts. */
const PAIRS = 10;

/** `distinct`: each block has its own `timeout`, so no two blocks share a text. */
function blocksConfig(distinct = false): string {
  const lines = ['# 10,000 leaf node remotes', 'port: 4222', 'leafnodes {', '  remotes: ['];
  for (let i = 0; i < BLOCKS; i++)
    lines.push(
      `    { url: "tls://10.0.${(i >> 8) & 255}.${i & 255}:7422", tls { cert_file: "n${i % PAIRS}.pem", key_file: "n${i % PAIRS}-key.pem", ca_file: "ca.pem"${distinct ? `, timeout: ${i + 1}` : ''} } }`,
    );
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

/** The text with its third character (in the first comment) typed over. */
function keystroke(t: string, ch: string): string {
  return t.slice(0, 2) + ch + t.slice(3);
}

let dir: string;
let file: string;
let text: string;

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-sec-large-')));
  const f = new CertFactory(TEST_NOW);
  const ca = await f.ca();
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca.pem);
  for (let i = 0; i < PAIRS; i++) {
    const leaf = await f.leaf(ca, { cn: `n${i}` });
    fs.writeFileSync(path.join(dir, `n${i}.pem`), leaf.pem);
    fs.writeFileSync(path.join(dir, `n${i}-key.pem`), leaf.keyPem, { mode: 0o600 });
  }
  text = blocksConfig();
  file = path.join(dir, 'nats.conf');
  fs.writeFileSync(file, text);
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

function countingHost(): { host: EngineHost; counts: { loads: number; stats: number } } {
  const counts = { loads: 0, stats: 0 };
  const cache = new PemCache();
  const fsys: EngineFs = {
    stat: (p) => {
      counts.stats++;
      return nodeFs.stat(p);
    },
    readFile: (p, limit) => nodeFs.readFile(p, limit),
  };
  const host: EngineHost = {
    fs: fsys,
    clock: { now: () => TEST_NOW },
    loadPem: (p, st) => {
      counts.loads++;
      return loadPemFile(p, fsys, cache, st);
    },
    platform: 'linux',
  };
  return { host, counts };
}

const ctx = { env: {}, fs: nodeFs, dialect: 'latest' as const };

describe('10,000 TLS blocks in one config', () => {
  test('each distinct block is checked once, each path resolved once, and a keystroke checks none again', () => {
    const { host, counts } = countingHost();
    const project = new Project(host, () => ({ ...DEFAULT_SETTINGS, roots: [dir] }));
    const doc = openDocument(file, text, { ctx })!;
    project.set(doc);
    const first = project.findings(file);
    assert.equal(project.model(file)?.blocks.length, BLOCKS);
    // Identical blocks behind different URLs share their results: 10 block texts, 10 blocks checked.
    assert.equal(project.blocks.analysed, PAIRS);
    assert.equal(project.blocks.reused, BLOCKS - PAIRS);
    // 21 files, each resolved once (a few candidates each) rather than 30,000 times.
    assert.ok(counts.stats <= 10 * (2 * PAIRS + 1), `stats: ${counts.stats}`);
    assert.ok(counts.loads <= 3 * BLOCKS, `loads: ${counts.loads}`);

    // A keystroke in the first comment: a new version, no block checked again (the cache holds them all).
    for (let i = 0; i < 3; i++) {
      const edited = openDocument(file, keystroke(text, i % 2 ? 'x' : 'y'), { ctx })!;
      project.set(edited);
      assert.deepEqual(
        project.findings(file).map((d) => d.code),
        first.map((d) => d.code),
      );
    }
    assert.equal(project.blocks.analysed, PAIRS, 'no block checked again after an edit elsewhere');
  });

  test('the block cache makes room for a document with more blocks than its default capacity', () => {
    const { host } = countingHost();
    const project = new Project(host, () => ({ ...DEFAULT_SETTINGS, roots: [dir] }));
    // Ten thousand distinct blocks: all kept, none checked twice.
    const own = blocksConfig(true);
    project.set(openDocument(file, own, { ctx })!);
    project.findings(file);
    const checked = project.blocks.analysed;
    assert.equal(checked, BLOCKS);
    project.set(openDocument(file, keystroke(own, 'y'), { ctx })!);
    project.findings(file);
    assert.equal(project.blocks.analysed, checked, 'a keystroke checks none of the 10,000 blocks again');
  });
});

describe('a config the workspace scan read', () => {
  test('is not parsed again when it is opened with the same text; an edit parses it', async () => {
    const ws = new Workspace(nodeHost({}), {}, () => ({ ...DEFAULT_SETTINGS, roots: [dir] }));
    ws.setFolders([dir]);
    const report = await ws.scan();
    assert.ok(report.done);
    const scanned = ws.project.document(file);
    assert.ok(scanned, 'the scan read the config');
    const td = TextDocument.create(fileUri(file), 'nats', 1, text);
    assert.equal(ws.update(td), scanned, 'the parsed document is kept');
    TextDocument.update(td, [{ range: { start: { line: 0, character: 2 }, end: { line: 0, character: 3 } }, text: 'y' }], 2);
    const edited = ws.update(td);
    assert.ok(edited && edited !== scanned, 'an edit is parsed');
    // Closed and opened again with text that differs from the disk: parsed, not the disk's document.
    ws.close(td.uri);
    const reopened = TextDocument.create(fileUri(file), 'nats', 3, keystroke(text, 'y'));
    const fromDisk = ws.project.document(file);
    const doc = ws.update(reopened);
    assert.ok(doc && doc !== fromDisk && doc.src.text === reopened.getText());
  });

  test('a YAML-named file opened as NATS is parsed as NATS, not taken from the scan', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'yaml-'));
    const yamlFile = path.join(sub, 'server.yaml');
    const yamlText = 'port: 4222\ntls:\n  cert_file: "n0.pem"\n';
    fs.writeFileSync(yamlFile, yamlText);
    const ws = new Workspace(nodeHost({}), {}, () => ({ ...DEFAULT_SETTINGS, roots: [sub] }));
    ws.setFolders([sub]);
    await ws.scan();
    const scanned = ws.project.document(yamlFile);
    assert.equal(scanned?.format, 'yaml');
    const doc = ws.update(TextDocument.create(fileUri(yamlFile), 'nats', 1, yamlText));
    assert.ok(doc && doc !== scanned);
    assert.equal(doc.format, 'conf');
  });
});
