// Differential fuzzing against the real nats-server: mutate corpus configs, ask `nats-server -t`,
// and compare its accept/reject verdict on syntax with ours (2.9.10 dialect: callers pass nats-server 2.9.10,
// test/helpers/oracles.ts).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDocument } from '../../server/src/core/document';
import { nodeFs } from '../../server/src/node-fs';
import { decodeConfig } from '../../server/src/core/text/decode';
import { SYNTAX_CODES } from '../helpers/conf';
import { natsServerBin } from '../helpers/nats-server';
import { FUZZ_ENV, FUZZ_FILES, mutate } from './mutate';
import { SEEDS, type SeedConfig } from './seeds';

/** nats-server output that comes from its config parser rather than from option processing. */
const PARSER_OUTPUT =
  /Parse error on line|variable reference|error parsing include file|config is invalid|is out of the range|expected integer, but got|expected float, but got|expected Zulu formatted|expected boolean value|goroutine|stack overflow/;

export interface Verdict {
  seed: number;
  source: string;
  ours: boolean;
  theirs: boolean;
  output: string;
  text: string;
}

/**
 * Our verdict on `text` as nats-server 2.9.10 would read it from `dir`/fuzz.conf. The text goes through
 * the same UTF-8 round trip as the file nats-server reads (a lone surrogate becomes U+FFFD).
 */
export function ourVerdict(text: string, dir: string, env: Readonly<Record<string, string>> = FUZZ_ENV): boolean {
  const file = path.join(dir, 'fuzz.conf');
  const doc = openDocument(file, decodeConfig(Buffer.from(text, 'utf8')), {
    languageId: 'nats',
    ctx: { env, fs: nodeFs, dialect: '2.9.10' },
  })!;
  // The parser's and resolver's findings (what analyzeDocument passes through); the option-level checks
  // cannot make nats-server's parser fail, so they are not run here.
  return doc.issues.some((f) => SYNTAX_CODES.includes(f.code) && f.severity === 'error');
}

/** nats-server's verdict, run from `dir` (relative includes resolve there) with only `env` in its environment. */
export function theirVerdict(
  text: string,
  dir: string,
  bin = natsServerBin,
  env: Readonly<Record<string, string>> = FUZZ_ENV,
): Promise<{ rejects: boolean; output: string }> {
  const file = path.join(dir, 'fuzz.conf');
  fs.writeFileSync(file, text);
  return new Promise((resolve) => {
    execFile(bin, ['-t', '-c', file], { cwd: dir, env: { ...env }, timeout: 20000 }, (_err, stdout, stderr) => {
      const output = (stdout + stderr).trim();
      resolve({ rejects: PARSER_OUTPUT.test(output), output });
    });
  });
}

/** The corpus's .conf files (sorted by name), followed by our hand-written seeds. */
export function corpusConfigs(corpus: string, withSeeds = true): SeedConfig[] {
  const out: SeedConfig[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.conf')) out.push({ name: path.relative(corpus, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(corpus);
  out.sort((a, b) => a.name.localeCompare(b.name));
  return withSeeds ? [...out, ...SEEDS] : out;
}

/** A temporary folder holding the files mutants may include (the caller removes it). */
export function makeFuzzDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-fuzz-'));
  for (const [name, text] of Object.entries(FUZZ_FILES)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

export interface DifferentialOptions {
  /** The nats-server binary (default: found on PATH). */
  bin?: string;
  /** Called after each mutant with the number done so far. */
  onProgress?: (done: number) => void;
}

/**
 * Runs `count` mutants starting at `seed` (mutant k uses seed + k and corpus file (seed + k) mod n),
 * `parallel` nats-server processes at a time. Disagreements come back sorted by seed.
 */
export async function runDifferential(
  corpus: string | readonly SeedConfig[],
  seed: number,
  count: number,
  parallel = 4,
  opts: DifferentialOptions = {},
): Promise<{ total: number; agree: number; disagreements: Verdict[] }> {
  const sources = typeof corpus === 'string' ? corpusConfigs(corpus) : corpus;
  if (sources.length === 0) throw new Error(`no configs to mutate${typeof corpus === 'string' ? ` under ${corpus}` : ''}`);
  const bin = opts.bin ?? natsServerBin;
  const disagreements: Verdict[] = [];
  let agree = 0;
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    const dir = makeFuzzDir();
    try {
      while (next < count) {
        const s = seed + next++;
        const source = sources[s % sources.length]!;
        const text = mutate(source.text, s);
        const ours = ourVerdict(text, dir);
        const theirs = await theirVerdict(text, dir, bin);
        if (ours === theirs.rejects) agree++;
        else disagreements.push({ seed: s, source: source.name, ours, theirs: theirs.rejects, output: theirs.output, text });
        opts.onProgress?.(++done);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  disagreements.sort((a, b) => a.seed - b.seed);
  return { total: count, agree, disagreements };
}

/** The mutant a seed stands for (to reproduce a disagreement). */
export function mutantFor(corpus: string | readonly SeedConfig[], seed: number): { source: string; text: string } {
  const sources = typeof corpus === 'string' ? corpusConfigs(corpus) : corpus;
  const source = sources[seed % sources.length]!;
  return { source: source.name, text: mutate(source.text, seed) };
}
