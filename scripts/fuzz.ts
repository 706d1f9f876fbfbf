// `npm run fuzz -- [mode] [options]`: large fuzz runs that are too slow for `npm test`.
//
// Modes (one entry each in MODES; add a mode by adding an entry):
//   differential (default)  mutate the corpus configs, ask the installed nats-server (`-t`) and our parser
//                           whether each mutant parses, and report every disagreement.
//
// Options:
//   --count N      mutants to run (default 10000)
//   --seed S       first seed (default: random; printed so the run reproduces)
//   --parallel P   nats-server processes at a time (default: CPUs + 2)
//   --corpus DIR   configs to mutate (default ../shared/corpus next to the repository; without it, the
//                  built-in seed configs of test/fuzz/seeds.ts)
//   --out FILE     where disagreements go (default .test-output/fuzz/<mode>-<seed>.json)
//   --replay S     run the single mutant for seed S and print both verdicts and the mutant text
//
// Every mutant k of a run uses seed S + k, so any disagreement reproduces with `--replay <its seed>`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { makeFuzzDir, mutantFor, natsServerPath, ourVerdict, runDifferential, theirVerdict } from '../test/fuzz/differential';
import { SEEDS } from '../test/fuzz/seeds';

const repoRoot = path.resolve(__dirname, '..');

interface Options {
  count: number;
  seed: number;
  parallel: number;
  /** A folder of .conf files (plus the built-in seeds), or only the built-in seeds. */
  corpus: string | typeof SEEDS;
  out: string | undefined;
  replay: number | undefined;
}

interface Mode {
  describe: string;
  /** Returns the process exit code. */
  run(o: Options): Promise<number>;
}

const MODES: Record<string, Mode> = {
  differential: {
    describe: 'our parser vs the installed nats-server on mutated corpus configs (2.9.10 dialect)',
    async run(o) {
      const bin = natsServerPath();
      if (!bin) {
        console.error('fuzz: nats-server is not installed (not on PATH, /usr/sbin, /usr/bin or /usr/local/bin); the differential mode needs it.');
        return 2;
      }
      if (o.replay !== undefined) return replay(o.corpus, o.replay, bin);
      console.log(`differential fuzz: ${o.count} mutants of ${typeof o.corpus === 'string' ? o.corpus : 'the built-in seed configs'}, seed ${o.seed}, ${o.parallel} in parallel, nats-server at ${bin}`);
      const started = Date.now();
      let lastPrint = started;
      const r = await runDifferential(o.corpus, o.seed, o.count, o.parallel, {
        bin,
        onProgress(done) {
          const now = Date.now();
          if (process.stdout.isTTY && now - lastPrint > 1000) {
            lastPrint = now;
            process.stdout.write(`\r  ${done}/${o.count}`);
          }
        },
      });
      const secs = (Date.now() - started) / 1000;
      if (process.stdout.isTTY) process.stdout.write('\r');
      const pct = ((100 * r.agree) / r.total).toFixed(r.agree === r.total ? 0 : 3);
      console.log(`agreement: ${r.agree}/${r.total} (${pct}%), seed ${o.seed}, ${secs.toFixed(1)} s (${((1000 * secs) / r.total).toFixed(2)} ms per mutant)`);
      if (r.disagreements.length === 0) return 0;
      const out = o.out ?? path.join(repoRoot, '.test-output', 'fuzz', `differential-${o.seed}.json`);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(
        out,
        JSON.stringify(
          {
            mode: 'differential',
            seed: o.seed,
            count: o.count,
            agree: r.agree,
            disagreements: r.disagreements.map((d) => ({ seed: d.seed, source: d.source, oursRejects: d.ours, natsServerRejects: d.theirs, natsServerOutput: d.output, mutant: d.text })),
          },
          null,
          2,
        ),
      );
      console.log(`${r.disagreements.length} disagreement(s) written to ${path.relative(process.cwd(), out)}`);
      for (const d of r.disagreements.slice(0, 10)) {
        console.log(`  seed ${d.seed} (${d.source}): we ${d.ours ? 'reject' : 'accept'}, nats-server ${d.theirs ? 'rejects' : 'accepts'}: ${d.output.split('\n')[0]!.slice(0, 160)}`);
      }
      console.log(`reproduce one with: npm run fuzz -- --replay <seed>`);
      return 1;
    },
  },
};

async function replay(corpus: string | typeof SEEDS, seed: number, bin: string): Promise<number> {
  const { source, text } = mutantFor(corpus, seed);
  const dir = makeFuzzDir();
  try {
    const ours = ourVerdict(text, dir);
    const theirs = await theirVerdict(text, dir, bin);
    console.log(`seed ${seed}, mutant of ${source}`);
    console.log(`ours:        ${ours ? 'rejects' : 'accepts'}`);
    console.log(`nats-server: ${theirs.rejects ? 'rejects' : 'accepts'}: ${theirs.output}`);
    console.log('--- mutant ' + '-'.repeat(60));
    console.log(text);
    return ours === theirs.rejects ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function usage(): string {
  return [
    'usage: npm run fuzz -- [mode] [--count N] [--seed S] [--parallel P] [--corpus DIR] [--out FILE] [--replay S]',
    'modes:',
    ...Object.entries(MODES).map(([name, m]) => `  ${name.padEnd(14)} ${m.describe}`),
  ].join('\n');
}

function int(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        count: { type: 'string' },
        seed: { type: 'string' },
        parallel: { type: 'string' },
        corpus: { type: 'string' },
        out: { type: 'string' },
        replay: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage()}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage());
    return 0;
  }
  const modeName = positionals[0] ?? 'differential';
  const mode = MODES[modeName];
  if (!mode || positionals.length > 1) {
    console.error(`unknown mode ${JSON.stringify(positionals.join(' '))}\n${usage()}`);
    return 2;
  }
  let o: Options;
  try {
    o = {
      count: int('count', values.count, 10000),
      seed: int('seed', values.seed, randomInt(1, 2 ** 31)),
      parallel: Math.max(1, int('parallel', values.parallel, (os.availableParallelism?.() ?? os.cpus().length) + 2)),
      corpus: path.resolve(values.corpus ?? path.resolve(repoRoot, '..', 'shared', 'corpus')) as string | typeof SEEDS,
      out: values.out !== undefined ? path.resolve(values.out) : undefined,
      replay: values.replay !== undefined ? int('replay', values.replay, 0) : undefined,
    };
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (typeof o.corpus === 'string' && !fs.existsSync(o.corpus)) {
    if (values.corpus !== undefined) {
      console.error(`fuzz: corpus not found at ${o.corpus}`);
      return 2;
    }
    console.warn(`fuzz: no corpus at ${o.corpus}; mutating the ${SEEDS.length} built-in seed configs only (use --corpus DIR).`);
    o.corpus = SEEDS;
  }
  return mode.run(o);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
