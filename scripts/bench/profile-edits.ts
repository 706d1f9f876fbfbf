// Profiling aid (not a bench section): a large config opened in a Project in-process, then EDITS (default 6)
// one-character edits half-way down, each timed (parse, checks, CPU). For a CPU profile:
//   EDITS=20 QUIET=1 node --cpu-prof --import tsx scripts/bench/profile-edits.ts blocks   (10,000 TLS blocks)
//   ... profile-edits.ts flat 2   (a 2 MB flat config)   ... profile-edits.ts FILE   (any config)
//   ... profile-edits.ts lsp   (the lsp bench's 2,000-line config, edited as it edits it: the last line's comment)
// Edits are spliced into the previous parse as the language server does (FULL=1: parsed in full); INSERT=1 types
// a character instead of replacing one. COUNTS=1 prints how many option-check blocks were checked and reused
// (schema/visit-cache.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TextEdit } from '../../server/src/core/conf/incremental';
import { openDocument, reopenDocument, type ConfigDoc } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { CertFactory, TEST_NOW } from '../../test/helpers/certs';
import { blocksConfig, flatConfig } from './large';
import { workspace } from './lsp';

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'blocks';
  const bench = which === 'lsp' ? await workspace(TEST_NOW) : undefined;
  const text =
    bench?.conf ??
    (which === 'blocks'
      ? blocksConfig(10_000)
      : which === 'flat'
        ? flatConfig(Number(process.argv[3] ?? 2) * 1024 * 1024)
        : fs.readFileSync(which, 'utf8'));
  const dir = bench?.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
  const file = path.join(dir, 'nats.conf');
  const f = new CertFactory(TEST_NOW);
  const ca = await f.ca();
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca.pem);
  for (let i = 0; i < 10; i++) {
    const leaf = await f.leaf(ca, { cn: `n${i}` });
    fs.writeFileSync(path.join(dir, `n${i}.pem`), leaf.pem);
    fs.writeFileSync(path.join(dir, `n${i}-key.pem`), leaf.keyPem, { mode: 0o600 });
  }
  const settings = { ...DEFAULT_SETTINGS, roots: [] };
  const project = new Project(nodeHost({ NATS_TLS_NOW: TEST_NOW.toISOString() }), () => settings);
  // Each edit is spliced into the previous parse, as the language server does (FULL=1: parsed in full).
  let prev: ConfigDoc | undefined;
  const open = (t: string, edit?: TextEdit): number => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const opts = { languageId: 'nats', ctx: { env: {}, fs: nodeFs, dialect: 'latest' as const } };
    const doc = prev && edit && !process.env.FULL ? reopenDocument(prev, t, edit, opts) : openDocument(file, t, opts);
    prev = doc;
    const t1 = performance.now();
    project.set(doc!);
    const n = project.findings(file).length;
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    if (!process.env.QUIET)
      console.log(
        `parse ${(t1 - t0).toFixed(0)} ms, checks ${(t2 - t1).toFixed(0)} ms, cpu ${((c.user + c.system) / 1000).toFixed(0)} ms, ${n} findings`,
      );
    if (process.env.COUNTS) console.log(`visits analysed ${project.visits.analysed}, reused ${project.visits.reused}`);
    cpus.push((c.user + c.system) / 1000);
    walls.push(t2 - t1);
    return n;
  };
  const cpus: number[] = [];
  const walls: number[] = [];
  open(text);
  const lines = text.split('\n');
  // The lsp bench edits the comment on the last line; the others edit a value half-way down.
  const mid = bench ? lines.length - 2 : Math.floor(lines.length / 2);
  for (let i = 0; i < Number(process.env.EDITS ?? 6); i++) {
    // INSERT=1: each edit inserts a character (typing) instead of replacing one, so later offsets move.
    const insert = !!process.env.INSERT;
    const l = insert ? lines : [...lines];
    const at = bench ? 4 : l[mid]!.indexOf('"') + 2;
    l[mid] = l[mid]!.slice(0, at) + (i % 2 ? '1' : '2') + l[mid]!.slice(insert ? at : at + 1);
    const start = lines.slice(0, mid).join('\n').length + 1 + at;
    open(l.join('\n'), { start, end: insert ? start : start + 1, length: 1 });
  }
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rest = (xs: number[]): number[] => xs.slice(2);
  console.log(
    `edits: checks wall min ${Math.min(...rest(walls)).toFixed(0)} median ${med(rest(walls)).toFixed(0)} ms; cpu min ${Math.min(...rest(cpus)).toFixed(0)} median ${med(rest(cpus)).toFixed(0)} ms (parse included in cpu)`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
void main();
