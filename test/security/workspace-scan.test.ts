// Finding 2 (issue 10): the workspace scan followed symbolic links to folders with no loop protection and
// counted only configs against its budget. `mkdir w; for i in 1 2 3 4; do ln -s . w/l$i; done` froze the
// language server for good (three links: 22 s; four: no hover answer after 120 s), on workspace open and in
// Restricted Mode too. Now each real folder is read once (by device and inode), every entry counts against a
// budget, and the scan runs in slices that yield to requests and that a newer scan cancels. Work is counted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EngineFs, FileStat } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { MAX_SCAN_DEPTH, MAX_SCANNED_ENTRIES, SCAN_SLICE_ENTRIES, Workspace } from '../../server/src/lsp/workspace';
import { LspClient } from '../lsp/client';
import { inProcess } from '../lsp/in-process';
import { NOW } from '../lsp/setup';

const CONF = 'port: 4222\ntls {\n  cert_file: "server.pem"\n}\n';
const LINKS = 4;
/** Folders and files of the big tree: 20 folders of 500 files, enough for 20 slices. */
const FOLDERS = 20;
const FILES = 500;
let root: string;
let loop: string;
let big: string;

before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-sec-scan-')));
  // The review's repro: a folder with four links to itself and no config (each config found counted against
  // the old budget, so a config in the loop cut it short), opened as the workspace.
  loop = path.join(root, 'w');
  fs.mkdirSync(loop);
  for (let i = 1; i <= LINKS; i++) fs.symlinkSync('.', path.join(loop, `l${i}`));
  fs.writeFileSync(path.join(loop, 'README.md'), '# not a config\n');
  fs.writeFileSync(path.join(root, 'nats.conf'), CONF);
  // The same loop inside a big tree, and links across it (to a parent, to a sibling).
  big = path.join(root, 'big');
  fs.mkdirSync(big);
  for (let i = 1; i <= LINKS; i++) fs.symlinkSync('.', path.join(big, `l${i}`));
  for (let d = 0; d < FOLDERS; d++) {
    const dir = path.join(big, `d${String(d).padStart(2, '0')}`);
    fs.mkdirSync(dir);
    for (let f = 0; f < FILES; f++) fs.writeFileSync(path.join(dir, `f${f}.txt`), '');
    fs.symlinkSync('..', path.join(dir, 'up'));
    fs.symlinkSync(path.join(big, 'd00'), path.join(dir, 'first'));
  }
  fs.writeFileSync(path.join(big, 'nats.conf'), CONF);
  fs.writeFileSync(path.join(big, 'd07', 'leaf.conf'), CONF);
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** The node file system, counting folder reads. */
function counting(): EngineFs & { dirs: string[] } {
  const dirs: string[] = [];
  return {
    dirs,
    stat: (p) => nodeFs.stat(p),
    readFile: (p, limit) => nodeFs.readFile(p, limit),
    readDir: (p, limit) => (dirs.push(p), nodeFs.readDir!(p, limit)),
  };
}

describe('a workspace of self-referencing links (the review repro)', () => {
  test('the language server answers a hover and publishes diagnostics', { timeout: 60_000 }, async () => {
    const client = await LspClient.start({ now: NOW, folders: [loop] });
    try {
      const uri = await client.open(path.join(root, 'nats.conf'), CONF);
      const hover = await client.hover(uri, { line: 2, character: 4 });
      assert.ok(hover, 'a hover on cert_file');
      const ds = await client.pushed(uri);
      assert.ok(ds.some((d) => d.code === 'missing-key-file'));
    } finally {
      await client.stop();
    }
  });

  test('each real folder is read once: four links to it are four entries, no more', async () => {
    const fsys = counting();
    const ws = new Workspace({ ...nodeHost({}), fs: fsys }, {}, () => ({ ...DEFAULT_SETTINGS, roots: [loop] }));
    ws.setFolders([loop]);
    const r = await ws.scan();
    assert.deepEqual(fsys.dirs, [loop]);
    assert.deepEqual(
      { entries: r.entries, folders: r.folders, configs: r.configs, revisited: r.revisited, truncated: r.truncated, done: r.done },
      { entries: LINKS + 1, folders: 1, configs: 0, revisited: LINKS, truncated: false, done: true },
    );
  });
});

describe('a big tree with loops', () => {
  test('is scanned in slices: a hover is answered while the scan goes on', { timeout: 60_000 }, async () => {
    const fsys = counting();
    const { client, server } = await inProcess({ now: NOW, folders: [big] }, { host: { ...nodeHost({}), fs: fsys }, env: {} });
    try {
      const uri = await client.open(path.join(big, 'nats.conf'), CONF);
      const hover = await client.hover(uri, { line: 2, character: 4 });
      const scan = server.workspace.lastScan;
      assert.ok(hover, 'a hover on cert_file');
      assert.ok(scan, 'the scan started');
      assert.equal(scan.done, false, `answered after the scan (${scan.entries} entries, ${scan.slices} slices)`);
      assert.ok(scan.entries < FOLDERS * FILES, `${scan.entries} entries scanned before the hover`);
      // The scan goes on to the end; then the closed config is part of the project.
      await client.pushed(uri);
      while (!scan.done) await client.barrier();
      assert.ok(server.workspace.project.has(path.join(big, 'd07', 'leaf.conf')));
      // Each real folder read once, whatever links lead to it.
      assert.equal(fsys.dirs.length, 1 + FOLDERS);
      assert.equal(new Set(fsys.dirs).size, fsys.dirs.length);
      // Entries: the top folder (4 links, 20 folders, nats.conf), each folder (500 files, up, first), leaf.conf.
      assert.equal(scan.entries, LINKS + FOLDERS + 1 + FOLDERS * (FILES + 2) + 1);
      assert.equal(scan.revisited, LINKS + 2 * FOLDERS);
      assert.ok(scan.slices >= Math.floor(scan.entries / SCAN_SLICE_ENTRIES) - 1, `${scan.slices} slices`);
    } finally {
      await client.stop();
    }
  });
});

const CONF_STAT: FileStat = { size: 11, mtimeMs: 0, type: 'file', ino: 0, dev: 1 };

/** A file system of endless folders: every folder holds `width` folders (each a new inode) and a config. */
function endless(width: number, huge?: { dir: string; names: number }): EngineFs & { reads: number; largest: number } {
  let ino = 1;
  const inodes = new Map<string, number>();
  const dirStat = (p: string): FileStat => {
    let i = inodes.get(p);
    if (i === undefined) inodes.set(p, (i = ++ino));
    return { size: 0, mtimeMs: 0, type: 'directory', ino: i, dev: 1 };
  };
  const fsys = {
    reads: 0,
    largest: 0,
    stat: (p: string): FileStat | undefined => (p.endsWith('.conf') ? CONF_STAT : dirStat(p)),
    readFile: () => ({ ok: true as const, data: new TextEncoder().encode('port: 4222\n'), stat: CONF_STAT }),
    readDir: (p: string, limit?: number): string[] => {
      fsys.reads++;
      const n = huge && p === huge.dir ? huge.names : width;
      // A folder of a million names hands back only as many as asked for, as node's opendir does.
      const count = Math.min(n, limit ?? n);
      fsys.largest = Math.max(fsys.largest, count);
      return [...Array.from({ length: count }, (_, i) => `d${i}`), 'n.conf'];
    },
  };
  return fsys;
}

function workspaceOn(fsys: EngineFs, folders: string[]): Workspace {
  const ws = new Workspace({ ...nodeHost({}), fs: fsys }, {}, () => ({ ...DEFAULT_SETTINGS, roots: folders }));
  ws.setFolders(folders);
  return ws;
}

describe('budgets, counted on endless trees', () => {
  test(`every entry counts: the scan stops after ${MAX_SCANNED_ENTRIES.toLocaleString('en-US')} entries`, async () => {
    const fsys = endless(3);
    const r = await workspaceOn(fsys, ['/w']).scan();
    assert.equal(r.entries, MAX_SCANNED_ENTRIES);
    assert.equal(r.truncated, true);
    assert.equal(r.done, true);
    assert.ok(fsys.reads <= MAX_SCANNED_ENTRIES, `${fsys.reads} folders read`);
  });

  test('a folder of a million names is read only as far as the budget', async () => {
    const fsys = endless(0, { dir: '/w', names: 1_000_000 });
    const r = await workspaceOn(fsys, ['/w']).scan();
    assert.ok(fsys.largest <= MAX_SCANNED_ENTRIES + 1, `${fsys.largest} names read from one folder`);
    assert.equal(r.entries, MAX_SCANNED_ENTRIES);
    assert.equal(r.truncated, true);
  });

  test(`depth: folders deeper than ${MAX_SCAN_DEPTH} are not entered`, async () => {
    const fsys = endless(1);
    const r = await workspaceOn(fsys, ['/w']).scan();
    assert.equal(r.folders, MAX_SCAN_DEPTH + 1);
    assert.equal(r.truncated, false);
  });

  test('a newer scan cancels the running one at its next slice; so does a folder change', async () => {
    const fsys = endless(3);
    const ws = workspaceOn(fsys, ['/w']);
    const first = ws.scan();
    const second = ws.scan();
    const a = await first;
    assert.equal(a.cancelled, true);
    assert.equal(a.done, false);
    assert.ok(a.entries <= SCAN_SLICE_ENTRIES + 4, `${a.entries} entries after cancellation`);
    const third = ws.scan();
    ws.setFolders(['/other']);
    const [b, c] = await Promise.all([second, third]);
    assert.equal(b.cancelled, true);
    assert.equal(c.cancelled, true);
    assert.ok(c.entries <= SCAN_SLICE_ENTRIES + 4);
  });
});
