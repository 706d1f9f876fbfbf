// The engine's file system on Node: bounded reads that never open FIFOs, devices or directories.
import * as fs from 'node:fs';
import type { EngineFs, FileStat, ReadResult } from './core/types';

function toStat(s: fs.Stats): FileStat {
  return {
    size: s.size,
    mtimeMs: s.mtimeMs,
    type: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other',
    mode: s.mode & 0o7777,
    ino: s.ino,
    dev: s.dev,
  };
}

function reasonOf(e: NodeJS.ErrnoException): Extract<ReadResult, { ok: false }>['reason'] {
  switch (e.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'not-found';
    case 'EACCES':
    case 'EPERM':
      return 'permission';
    case 'ELOOP':
      return 'loop';
    case 'EISDIR':
      return 'directory';
    default:
      return 'error';
  }
}

export const nodeFs: EngineFs = {
  stat(p) {
    try {
      return toStat(fs.statSync(p));
    } catch (e) {
      // A symlink loop or an unreadable folder exists but cannot be opened: report it as unreadable, not missing.
      const reason = reasonOf(e as NodeJS.ErrnoException);
      return reason === 'loop' || reason === 'permission' ? { size: 0, mtimeMs: 0, type: 'other' } : undefined;
    }
  },
  readFile(p, limit) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { ok: false, reason: reasonOf(err), detail: `${err.code === 'ENOENT' ? 'open' : 'stat'} ${p}: ${describe(err)}` };
    }
    const stat = toStat(st);
    if (stat.type === 'directory') return { ok: false, reason: 'directory', detail: `read ${p}: is a directory`, stat };
    if (stat.type !== 'file')
      return { ok: false, reason: 'not-regular', detail: `${p} is not a regular file (a FIFO, socket or device)`, stat };
    if (stat.size > limit)
      return { ok: false, reason: 'too-large', detail: `${p} is ${stat.size} bytes, more than the ${limit}-byte limit`, stat };
    let fd: number | undefined;
    try {
      // O_NONBLOCK: if the file was swapped for a FIFO since stat, opening must not hang.
      fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      const buf = Buffer.allocUnsafe(Math.min(stat.size, limit) + 1);
      let n = 0;
      while (n < buf.length) {
        const r = fs.readSync(fd, buf, n, buf.length - n, n);
        if (r === 0) break;
        n += r;
      }
      if (n > limit) return { ok: false, reason: 'too-large', detail: `${p} is larger than the ${limit}-byte limit`, stat };
      return { ok: true, data: new Uint8Array(buf.buffer, buf.byteOffset, n), stat };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { ok: false, reason: reasonOf(err), detail: `open ${p}: ${describe(err)}`, stat };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
  readDir(p, limit) {
    if (limit === undefined) {
      try {
        return fs.readdirSync(p);
      } catch {
        return undefined;
      }
    }
    // Read entry by entry: a folder holding millions of names is read only as far as the limit.
    let dir: fs.Dir | undefined;
    try {
      dir = fs.opendirSync(p);
      const names: string[] = [];
      for (let e = dir.readSync(); e !== null && names.length < limit; e = dir.readSync()) names.push(e.name);
      return names;
    } catch {
      return undefined;
    } finally {
      dir?.closeSync();
    }
  },
};

/** Go-style error text ("no such file or directory"), since that is what nats-server prints. */
function describe(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return e.message;
  }
}
