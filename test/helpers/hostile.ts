// Hostile files for cert_file / key_file / ca_file / include (devices, FIFOs, a 1 GB sparse file, directories,
// symlink loops, unreadable files, binary garbage, a giant bundle) and hostile configs (huge, deeply nested),
// checked through an EngineFs that counts what the engine reads. Shared by test/integration/hostile-files.test.ts
// (what is reported, how much is read) and `npm run bench -- budgets` (how long it takes).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { loadPemFile } from '../../server/src/core/x509/pem';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { CertFactory } from './certs';
import { CountingFs } from './work';

export interface HostileTarget {
  name: string;
  /** Absolute (/dev/zero) or relative to the hostile folder. */
  target: string;
  field?: 'cert_file' | 'ca_file';
  code: string;
  says: RegExp;
  /** The most bytes of it the engine may read. */
  maxBytes: number;
}

export const TARGETS: HostileTarget[] = [
  { name: '/dev/zero', target: '/dev/zero', code: 'file-unreadable', says: /not a regular file/, maxBytes: 0 },
  { name: '/dev/urandom', target: '/dev/urandom', code: 'file-unreadable', says: /not a regular file/, maxBytes: 0 },
  { name: 'a FIFO', target: 'fifo.pem', code: 'file-unreadable', says: /not a regular file/, maxBytes: 0 },
  { name: 'a 1 GB sparse file', target: 'sparse.pem', code: 'file-unreadable', says: /1 MiB|limit/, maxBytes: 0 },
  { name: 'a directory', target: 'a-directory', code: 'file-unreadable', says: /is a directory/, maxBytes: 0 },
  { name: 'a symlink loop', target: 'loop.pem', code: 'file-unreadable', says: /symbolic links/, maxBytes: 0 },
  { name: 'binary garbage', target: 'garbage.pem', code: 'not-pem', says: /PEM/, maxBytes: 64 * 1024 },
  {
    name: 'a bundle of 10,000 certificates',
    target: 'bundle-10000.pem',
    field: 'ca_file',
    code: 'file-unreadable',
    says: /1 MiB/,
    maxBytes: 0,
  },
];

/** Includes that must not be read. */
export const HOSTILE_INCLUDES = ['/dev/zero', 'fifo.pem', 'a-directory'];

/** The config that names `t` (line 1, or line 3 for a ca_file). */
export function confFor(t: HostileTarget): string {
  return t.field === 'ca_file'
    ? `tls {\n  cert_file: "ca.pem"\n  key_file: "ca.pem"\n  ca_file: "${t.target}"\n  verify: true\n}\n`
    : `tls {\n  cert_file: "${t.target}"\n  key_file: "ca.pem"\n}\n`;
}

export interface HostileDir {
  dir: string;
  /** Absolute path of a target. */
  abs(target: string): string;
  /** Checks `conf` as dir/nats.conf; `fs` saw every file-system call of the engine (includes and certificates). */
  check(conf: string): { findings: Finding[]; fs: CountingFs };
  cleanup(): void;
}

export async function hostileDir(): Promise<HostileDir> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-hostile-'));
  const ca = await new CertFactory().ca();
  fs.mkdirSync(path.join(dir, 'a-directory'));
  execFileSync('mkfifo', [path.join(dir, 'fifo.pem')]);
  // A 1 GB file that takes no disk: only its size is ever looked at.
  fs.closeSync(fs.openSync(path.join(dir, 'sparse.pem'), 'w'));
  fs.truncateSync(path.join(dir, 'sparse.pem'), 1024 ** 3);
  fs.symlinkSync(path.join(dir, 'loop.pem'), path.join(dir, 'loop.pem'));
  fs.writeFileSync(path.join(dir, 'unreadable.pem'), ca.pem, { mode: 0o000 });
  fs.writeFileSync(path.join(dir, 'garbage.pem'), Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 256)));
  fs.writeFileSync(path.join(dir, 'bundle-10000.pem'), ca.pem.repeat(10_000));
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca.pem);
  return {
    dir,
    abs: (target) => (target.startsWith('/') ? target : path.join(dir, target)),
    check(conf) {
      const file = path.join(dir, 'nats.conf');
      fs.writeFileSync(file, conf);
      const counted = new CountingFs(nodeFs);
      const host = { ...nodeHost({}), fs: counted, loadPem: (p: string) => loadPemFile(p, counted) };
      const project = new Project(host, () => ({ ...DEFAULT_SETTINGS, base: 'config', roots: [dir] }));
      const doc = openDocument(file, conf, { ctx: { env: {}, fs: counted, dialect: 'latest' } })!;
      project.set(doc);
      return { findings: project.findings(file), fs: counted };
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A config of about `bytes` bytes: a TLS block, then sections of accounts (the shape of a big real config). */
export function bigConfig(bytes: number): string {
  const block =
    'accounts {\n' +
    Array.from({ length: 20 }, (_, i) => `  ACC${i}: { users: [ { user: "u${i}", password: "p${i}" } ] }\n`).join('') +
    '}\n';
  const parts = ['tls {\n  cert_file: "ca.pem"\n  key_file: "ca.pem"\n}\n'];
  let length = parts[0]!.length;
  for (let i = 0; length < bytes; i++) {
    const part = `# section ${i}\n` + block.replace(/ACC/g, `A${i + 1}_`);
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/** Maps and arrays nested `depth` levels deep. */
export function deepConfig(depth: number): string {
  return (
    'tls {\n  cert_file: "ca.pem"\n  key_file: "ca.pem"\n}\n' +
    'a { '.repeat(depth) +
    'b: 1 ' +
    '} '.repeat(depth) +
    '\n' +
    'c: ' +
    '['.repeat(depth) +
    ']'.repeat(depth) +
    ' \n'
  );
}
