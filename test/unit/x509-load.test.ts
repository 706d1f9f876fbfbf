// loadPemFile and PemCache: bounded reads through EngineFs, failures as data, and O(1) re-loads of
// unchanged files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFileFailure, loadPemFile, PemCache } from '../../server/src/core/x509/pem';
import type { FileFailure, PemFile } from '../../server/src/core/x509/model';
import { MAX_FILE_BYTES, type EngineFs, type FileStat, type ReadResult } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { CertFactory, writeFixtureDir } from '../helpers/certs';

const f = new CertFactory();

/** An in-memory EngineFs that counts reads and the bytes it hands out. */
class FakeFs implements EngineFs {
  files = new Map<string, { data: Uint8Array; stat: FileStat }>();
  reads = 0;
  bytesRead = 0;
  limits: number[] = [];
  put(path: string, data: string | Uint8Array, mtimeMs = 1000, mode = 0o644): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.files.set(path, { data: bytes, stat: { size: bytes.length, mtimeMs, type: 'file', mode } });
  }
  stat(path: string): FileStat | undefined {
    return this.files.get(path)?.stat;
  }
  readFile(path: string, limit: number): ReadResult {
    this.reads++;
    this.limits.push(limit);
    const f = this.files.get(path);
    if (!f) return { ok: false, reason: 'not-found', detail: `open ${path}: no such file or directory` };
    // A well-behaved EngineFs reads at most limit+1 bytes; count what would have been read.
    const n = Math.min(f.data.length, limit + 1);
    this.bytesRead += n;
    return { ok: true, data: f.data.subarray(0, n), stat: f.stat };
  }
}

const asFile = (r: PemFile | FileFailure): PemFile => {
  assert.ok(!isFileFailure(r), isFileFailure(r) ? r.detail : '');
  return r as PemFile;
};

test("loads and parses through EngineFs, with the stat's size, mtime and mode", async () => {
  const leaf = await f.leaf(undefined);
  const fs = new FakeFs();
  fs.put('/c/cert.pem', leaf.pem, 1234, 0o600);
  const p = asFile(loadPemFile('/c/cert.pem', fs));
  assert.deepEqual([p.path, p.size, p.mtimeMs, p.mode, p.certs.length], ['/c/cert.pem', Buffer.byteLength(leaf.pem), 1234, 0o600, 1]);
  assert.deepEqual(fs.limits, [MAX_FILE_BYTES]);
});

test('failures come back as data with the EngineFs reason and detail', () => {
  const fs = new FakeFs();
  assert.deepEqual(loadPemFile('/missing.pem', fs), {
    path: '/missing.pem',
    reason: 'not-found',
    detail: 'open /missing.pem: no such file or directory',
  });
  const dir = writeFixtureDir({ 'sub/x.pem': 'x' });
  try {
    const r = loadPemFile(dir.path('sub'), nodeFs);
    assert.ok(isFileFailure(r));
    assert.equal(r.reason, 'directory');
  } finally {
    dir.cleanup();
  }
});

test('a file over 1 MiB is refused from its stat, without reading it', () => {
  const fs = new FakeFs();
  fs.put('/big.pem', new Uint8Array(MAX_FILE_BYTES + 1));
  const r = loadPemFile('/big.pem', fs);
  assert.ok(isFileFailure(r));
  assert.equal(r.reason, 'too-large');
  assert.match(r.detail, /1048577 bytes, more than the 1048576-byte limit/);
  assert.equal(fs.reads, 0);
  assert.equal(fs.bytesRead, 0);
  fs.put('/edge.pem', new Uint8Array(MAX_FILE_BYTES));
  assert.ok(!isFileFailure(loadPemFile('/edge.pem', fs)), 'exactly 1 MiB is allowed');
});

test('a file that grows past 1 MiB between stat and read is refused; at most limit+1 bytes are read', () => {
  const fs = new FakeFs();
  fs.put('/grows.pem', 'small');
  const real = fs.readFile.bind(fs);
  fs.readFile = (path, limit) => {
    fs.put('/grows.pem', new Uint8Array(5 * MAX_FILE_BYTES));
    return real(path, limit);
  };
  const r = loadPemFile('/grows.pem', fs);
  assert.ok(isFileFailure(r));
  assert.equal(r.reason, 'too-large');
  assert.equal(fs.bytesRead, MAX_FILE_BYTES + 1);
});

test('cache: a hit while size and mtime are unchanged; a miss when either changes; mode refreshed', async () => {
  const a = await f.leaf(undefined, { cn: 'a' });
  const b = await f.leaf(undefined, { cn: 'bb' });
  const fs = new FakeFs();
  const cache = new PemCache();
  fs.put('/x.pem', a.pem, 1000);
  const first = asFile(loadPemFile('/x.pem', fs, cache));
  const second = asFile(loadPemFile('/x.pem', fs, cache));
  assert.equal(second, first, 'the same object');
  assert.deepEqual([fs.reads, cache.hits, cache.misses], [1, 1, 1]);

  fs.put('/x.pem', a.pem, 2000); // touched
  const touched = asFile(loadPemFile('/x.pem', fs, cache));
  assert.notEqual(touched, first);
  assert.deepEqual([fs.reads, cache.misses], [2, 2]);

  fs.put('/x.pem', b.pem + '# replaced\n', 2000); // same mtime, new size
  assert.equal(asFile(loadPemFile('/x.pem', fs, cache)).certs[0]!.subjectCN, 'bb');
  assert.equal(fs.reads, 3);

  fs.files.get('/x.pem')!.stat.mode = 0o600; // chmod: neither size nor mtime change
  const chmodded = asFile(loadPemFile('/x.pem', fs, cache));
  assert.deepEqual([chmodded.mode, fs.reads], [0o600, 3]);
  assert.equal(asFile(loadPemFile('/x.pem', fs, cache)), chmodded);
});

test('cache: least recently used entries go first, within capacity', () => {
  const cache = new PemCache(3);
  const file = (path: string): PemFile => ({
    path,
    size: 1,
    mtimeMs: 1,
    mode: undefined,
    blocks: [],
    certs: [],
    keys: [],
    der: undefined,
    badCerts: [],
  });
  for (const p of ['/a', '/b', '/c']) cache.set(file(p));
  assert.ok(cache.get('/a', 1, 1)); // /a is now the most recent
  cache.set(file('/d'));
  assert.equal(cache.size, 3);
  assert.equal(cache.get('/b', 1, 1), undefined, '/b was least recently used');
  assert.ok(cache.get('/a', 1, 1) && cache.get('/c', 1, 1) && cache.get('/d', 1, 1));
});

test('cache over the real file system: warm loads skip the read and the parse', async () => {
  const leaf = await f.leaf(undefined);
  const dir = writeFixtureDir({ 'cert.pem': leaf.pem });
  try {
    const cache = new PemCache();
    let reads = 0;
    const counting: EngineFs = { ...nodeFs, readFile: (p, l) => (reads++, nodeFs.readFile(p, l)) };
    const cold = loadPemFile(dir.path('cert.pem'), counting, cache);
    for (let i = 0; i < 100; i++) assert.equal(loadPemFile(dir.path('cert.pem'), counting, cache), cold);
    assert.equal(reads, 1);
  } finally {
    dir.cleanup();
  }
});
