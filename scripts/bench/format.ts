// The formatter on the parse section's generated config of more than 2 MB: formatting it (parse, layout and
// the formatted text, flattened) against parsing it alone, with the code bundled as it ships. Timed as is
// (few edits) and restyled to tabs and `:` (an edit in nearly every gap), two ways:
//   - each run right after a full collection (as the parse section times): a parse timed that way never
//     pays for collecting its own tree, which whatever runs next does; here that is the layout;
//   - runs in a row, collections included: each operation pays its own share. The target (≤ 2×) is
//     judged on this one.
import * as path from 'node:path';
import type { Source } from '../../server/src/core/conf/ast';
import type { parseConf } from '../../server/src/core/conf/parser';
import type { formatConf } from '../../server/src/core/format/format';
import type { sameMeaning } from '../../server/src/core/format/meaning';
import { shippedExports } from './shipped';
import { fmt, mb, time, type Section, type Timing } from './timing';

const repoRoot = path.resolve(__dirname, '..', '..');

interface Shipped {
  Source: typeof Source;
  parseConf: typeof parseConf;
  formatConf: typeof formatConf;
  sameMeaning: typeof sameMeaning;
}

/** Parser and formatter as shipped (shipped.ts). */
function shipped(): Shipped {
  return shippedExports<Shipped>('format-bundle', [
    "export { Source } from './server/src/core/conf/ast';",
    "export { parseConf } from './server/src/core/conf/parser';",
    "export { formatConf } from './server/src/core/format/format';",
    "export { sameMeaning } from './server/src/core/format/meaning';",
  ]);
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
      // The formatted text is built as a rope: reading a character in its middle flattens it, so that is timed too.
      const flat = (s: string): number => s.charCodeAt(s.length >> 1);
      const jobs = {
        parse: () => parse(conf),
        format: () => flat(ship.formatConf(conf).text),
        restyle: () => flat(ship.formatConf(conf, restyle).text),
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
      // In a row: a collection is paid by whatever allocates next, so a parse timed alone right after a
      // collection never pays for its own tree, and what runs after it does. Runs back to back (GC
      // included) charge each its own share.
      const row = { parse: [] as number[], format: [] as number[], restyle: [] as number[] };
      const K = 5;
      // Each block starts after a collection too, so no block pays for the garbage of the one before it.
      for (let r = 0; r < Math.max(3, Math.floor(runs / 3)); r++)
        for (const [name, fn] of Object.entries(jobs)) {
          const block = time(
            name,
            () => {
              for (let k = 0; k < K; k++) fn();
            },
            { warmup: 0, runs: 1 },
          );
          row[name as keyof typeof jobs].push(block.median / K);
        }
      const rowRatio = (of: number[]): number =>
        timing(
          '',
          of.map((ms, i) => ms / row.parse[i]!),
        ).median;
      const rowAsIs = rowRatio(row.format);
      const rowRestyle = rowRatio(row.restyle);
      console.log(
        `  format / parse = ${asIsRatio.toFixed(2)}× as is, ${restyleRatio.toFixed(2)}× restyled, each run after a collection (median of per-run ratios)`,
      );
      console.log(
        `  format / parse = ${rowAsIs.toFixed(2)}× as is, ${rowRestyle.toFixed(2)}× restyled, ${K} runs in a row, collections included (median of ${row.parse.length} rounds)   (target: as is ≤ 2×)`,
      );
      return {
        timings: Object.values(t),
        figures: {
          formatVsParse: asIsRatio,
          restyleVsParse: restyleRatio,
          formatVsParseInARow: rowAsIs,
          restyleVsParseInARow: rowRestyle,
          editsAsIs: asIs.edits.length,
          editsRestyled: restyled.edits.length,
        },
        targets: [
          { name: 'formatting the 2 MB config costs at most 2× parsing it (runs in a row, collections included)', ok: rowAsIs <= 2 },
        ],
      };
    },
  };
}
