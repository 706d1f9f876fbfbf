// The formatter on the parse section's generated config of more than 2 MB: formatting it (which parses it
// first) against parsing it alone, with the code bundled as it ships. Target: formatting costs at most 2×
// parsing. Timed twice: in the file's own style (few edits), and restyled to tabs and `:` (an edit in
// nearly every gap).
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Source } from '../../server/src/core/conf/ast';
import type { parseConf } from '../../server/src/core/conf/parser';
import type { formatConf } from '../../server/src/core/format/format';
import type { sameMeaning } from '../../server/src/core/format/meaning';
import { fmt, mb, time, type Section, type Timing } from './timing';

const repoRoot = path.resolve(__dirname, '..', '..');

interface Shipped {
  Source: typeof Source;
  parseConf: typeof parseConf;
  formatConf: typeof formatConf;
  sameMeaning: typeof sameMeaning;
}

/** Parser and formatter bundled like the language server (esbuild, minified, one CommonJS file). */
function shipped(): Shipped {
  const outfile = path.join(repoRoot, 'bench', 'out', 'format-bundle.js');
  esbuild.buildSync({
    stdin: {
      contents: [
        "export { Source } from './server/src/core/conf/ast';",
        "export { parseConf } from './server/src/core/conf/parser';",
        "export { formatConf } from './server/src/core/format/format';",
        "export { sameMeaning } from './server/src/core/format/meaning';",
      ].join('\n'),
      resolveDir: repoRoot,
      loader: 'ts',
      sourcefile: 'bench-format-entry.ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    outfile,
  });
  return require(outfile) as Shipped;
}

export function formatSection(makeConf: () => string): Section {
  return {
    describe: 'formatting the >2 MB config vs parsing it (target ≤ 2×)',
    run(o) {
      const conf = makeConf();
      const ship = shipped();
      const file = path.join(repoRoot, 'bench', 'bench.conf');
      const restyle = { indent: '\t', separator: 'colon' } as const;
      // The output must mean what the input means, and be stable, or the timing means nothing.
      const parse = (text: string) => ship.parseConf(new ship.Source(file, text));
      const asIs = ship.formatConf(conf);
      const restyled = ship.formatConf(conf, restyle);
      for (const [name, r, opts] of [
        ['as is', asIs, {}],
        ['restyled', restyled, restyle],
      ] as const) {
        if (r.kept) throw new Error(`formatting the bench config (${name}) kept part of it: ${r.kept}`);
        if (!ship.sameMeaning(parse(conf), parse(r.text))) throw new Error(`formatting the bench config (${name}) changed its meaning`);
        if (ship.formatConf(r.text, opts).text !== r.text) throw new Error(`formatting the bench config (${name}) is not idempotent`);
      }
      console.log(`  conf ${mb(conf)}: ${asIs.edits.length} edits as is, ${restyled.edits.length} restyled (tabs, ":")`);
      const runs = o.iterations;
      const warmup = Math.max(3, Math.floor(runs / 5));
      const jobs = {
        parse: () => parse(conf),
        format: () => ship.formatConf(conf),
        restyle: () => ship.formatConf(conf, restyle),
      };
      for (let i = 0; i < warmup; i++) for (const fn of Object.values(jobs)) fn();
      // Runs interleaved (parse, format, restyle, parse, …), so a busy machine slows all three alike; each
      // ratio is the median of the runs' own ratios.
      const samples = { parse: [] as number[], format: [] as number[], restyle: [] as number[] };
      for (let i = 0; i < runs; i++)
        for (const [name, fn] of Object.entries(jobs))
          samples[name as keyof typeof jobs].push(time(name, fn, { warmup: 0, runs: 1 }).median);
      const timing = (name: string, ms: number[]): Timing => {
        const s = [...ms].sort((a, b) => a - b);
        return {
          name,
          median: s[Math.floor(s.length / 2)]!,
          min: s[0]!,
          p90: s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]!,
          runs,
        };
      };
      const t = {
        parse: timing('parseConf', samples.parse),
        format: timing('formatConf, as is', samples.format),
        restyle: timing('formatConf, restyled', samples.restyle),
      };
      const ratio = (of: number[]): number =>
        timing(
          '',
          of.map((ms, i) => ms / samples.parse[i]!),
        ).median;
      for (const x of Object.values(t))
        console.log(`  ${x.name.padEnd(22)} median ${fmt(x.median)}   min ${fmt(x.min)}   p90 ${fmt(x.p90)}   (${x.runs} runs)`);
      const asIsRatio = ratio(samples.format);
      const restyleRatio = ratio(samples.restyle);
      console.log(
        `  format / parse = ${asIsRatio.toFixed(2)}× as is, ${restyleRatio.toFixed(2)}× restyled   (median of per-run ratios; target ≤ 2×)`,
      );
      return {
        timings: Object.values(t),
        figures: {
          formatVsParse: asIsRatio,
          restyleVsParse: restyleRatio,
          editsAsIs: asIs.edits.length,
          editsRestyled: restyled.edits.length,
        },
        targets: [
          { name: 'formatting the 2 MB config costs at most 2× parsing it', ok: asIsRatio <= 2 },
          { name: 'restyling the 2 MB config (an edit in nearly every gap) costs at most 2× parsing it', ok: restyleRatio <= 2 },
        ],
      };
    },
  };
}
