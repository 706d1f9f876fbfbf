// Differential fuzzing against the real nats-server: mutate corpus configs, ask `nats-server -t`,
// and compare its accept/reject verdict on syntax with ours (2.9.10 dialect, the installed version).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDocument } from '../../server/src/core/analyze';
import { openDocument } from '../../server/src/core/document';
import { nodeFs } from '../../server/src/node-fs';
import { mutate } from './mutate';

/** Codes that mean "nats-server's parser stops here" (as opposed to option-level checks). */
export const SYNTAX_CODES = new Set(['syntax-error', 'yaml-style-block', 'unquoted-dot-value', 'undefined-variable', 'include-not-found', 'include-cycle']);
/** nats-server output that comes from its config parser rather than from option processing. */
const PARSER_OUTPUT = /Parse error on line|variable reference|error parsing include file|config is invalid|is out of the range|expected integer, but got|expected float, but got|expected Zulu formatted|expected boolean value|goroutine|stack overflow/;

export interface Verdict {
  seed: number;
  source: string;
  ours: boolean;
  theirs: boolean;
  output: string;
  text: string;
}

export function ourVerdict(text: string, dir: string): boolean {
  const file = path.join(dir, 'fuzz.conf');
  const doc = openDocument(file, text, { languageId: 'nats', ctx: { env: {}, fs: nodeFs, dialect: '2.9.10' } })!;
  return analyzeDocument(doc).some((f) => SYNTAX_CODES.has(f.code) && f.severity === 'error');
}

/** The nats-server binary, found on PATH once (the fuzz runs it with an empty environment). */
export function natsServerPath(): string | undefined {
  for (const d of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/usr/bin', '/usr/local/bin'])) {
    const p = path.join(d, 'nats-server');
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

export function theirVerdict(text: string, dir: string, bin = natsServerPath() ?? 'nats-server'): Promise<{ rejects: boolean; output: string }> {
  const file = path.join(dir, 'fuzz.conf');
  fs.writeFileSync(file, text);
  return new Promise((resolve) => {
    execFile(bin, ['-t', '-c', file], { cwd: dir, env: {}, timeout: 20000 }, (_err, stdout, stderr) => {
      const output = (stdout + stderr).trim();
      resolve({ rejects: PARSER_OUTPUT.test(output), output });
    });
  });
}

export function corpusConfigs(corpus: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.conf')) out.push({ name: path.relative(corpus, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(corpus);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs `count` mutants starting at `seed`, `parallel` nats-server processes at a time. */
export async function runDifferential(corpus: string, seed: number, count: number, parallel = 4): Promise<{ total: number; agree: number; disagreements: Verdict[] }> {
  const sources = corpusConfigs(corpus);
  const disagreements: Verdict[] = [];
  let agree = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-fuzz-'));
    try {
      while (next < count) {
        const s = seed + next++;
        const source = sources[s % sources.length]!;
        const text = mutate(source.text, s);
        const ours = ourVerdict(text, dir);
        const theirs = await theirVerdict(text, dir);
        if (ours === theirs.rejects) agree++;
        else disagreements.push({ seed: s, source: source.name, ours, theirs: theirs.rejects, output: theirs.output, text });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { total: count, agree, disagreements };
}
