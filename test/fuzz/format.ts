// Formatter properties on generated and mutated configs (the generators of robustness.ts and mutate.ts):
//   - meaning: parse(format(x)) stores the same keys and values as parse(x) (and stops at the same errors),
//     with every separator style and indentation, and for Format Selection on a random range;
//   - idempotence: format(format(x)) === format(x).
// Each input k uses seed S + k, so a failure reproduces from its seed. `npm test` runs until 10,000 inputs
// parse, with fixed seeds (test/integration/format-properties.test.ts); `npm run fuzz -- format` does the
// same with a random seed.
import { Source } from '../../server/src/core/conf/ast';
import { parseConf } from '../../server/src/core/conf/parser';
import { formatConf, SEPARATOR_STYLES, type FormatOptions } from '../../server/src/core/format/format';
import { meaningOf } from '../../server/src/core/format/meaning';
import { mutate, rng } from './mutate';
import { Gen, loadSources, makeInput, type Sources } from './robustness';

/** Robustness inputs name a fixture folder in their text; formatting reads no files, so any path will do. */
const DIR = '/nats-tls-fuzz';

export interface FormatCase {
  seed: number;
  generator: string;
  text: string;
  options: FormatOptions;
  /** Offsets of a Format Selection range to check as well. */
  range: { start: number; end: number };
}

/** The input for one seed: a robustness input, or a mutant of a corpus or seed config. */
export function formatCase(seed: number, sources: Sources): FormatCase {
  const g = new Gen(rng(seed ^ 0x5f3759df));
  let generator: string;
  let text: string;
  if (g.chance(0.3)) {
    const src = g.pick(sources.configs);
    generator = 'mutate';
    text = g.chance(0.3) ? src.text : mutate(src.text, seed);
  } else {
    const input = makeInput(seed, DIR, sources);
    generator = input.generator;
    text = input.text;
  }
  const options: FormatOptions = {
    indent: g.pick(['  ', '    ', '\t', ' ']),
    separator: g.pick(SEPARATOR_STYLES),
  };
  const a = g.int(text.length + 1);
  const b = g.int(text.length + 1);
  return { seed, generator, text, options, range: { start: Math.min(a, b), end: Math.max(a, b) } };
}

export interface FormatFailure {
  seed: number;
  generator: string;
  property: 'meaning' | 'idempotence' | 'selection-meaning' | 'exception';
  message: string;
  text: string;
  options: FormatOptions;
}

export interface CaseResult {
  parses: boolean;
  changed: boolean;
  /** Part or all of the file was kept as written (a syntax error, or a construct the formatter keeps). */
  kept: boolean;
  failures: FormatFailure[];
}

const meaning = (text: string): string => JSON.stringify(meaningOf(parseConf(new Source('', text))));

export function checkCase(c: FormatCase): CaseResult {
  const fail = (property: FormatFailure['property'], message: string): FormatFailure => ({
    seed: c.seed,
    generator: c.generator,
    property,
    message,
    text: c.text,
    options: c.options,
  });
  const failures: FormatFailure[] = [];
  try {
    const parsed = parseConf(new Source('', c.text));
    const parses = !parsed.issues.some((i) => i.severity === 'error');
    const before = JSON.stringify(meaningOf(parsed));
    const once = formatConf(c.text, c.options);
    if (meaning(once.text) !== before) failures.push(fail('meaning', 'parse(format(x)) differs from parse(x)'));
    const twice = formatConf(once.text, c.options);
    if (twice.text !== once.text)
      failures.push(fail('idempotence', `format(format(x)) differs at offset ${firstDiff(once.text, twice.text)}`));
    const part = formatConf(c.text, c.options, c.range);
    if (meaning(part.text) !== before)
      failures.push(fail('selection-meaning', `formatting [${c.range.start}, ${c.range.end}) changed the meaning`));
    return { parses, changed: once.text !== c.text, kept: once.kept !== undefined, failures };
  } catch (e) {
    failures.push(fail('exception', (e as Error).stack ?? String(e)));
    return { parses: false, changed: false, kept: false, failures };
  }
}

function firstDiff(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

export interface FormatFuzzOptions {
  seed: number;
  /** Stop once this many inputs parse (nats-server would load them)… */
  parsing: number;
  /** …or after this many inputs in all. */
  maxInputs?: number;
  corpus?: string | undefined;
  onProgress?: (parsed: number) => void;
}

export interface FormatFuzzResult {
  tried: number;
  parsed: number;
  /** Inputs that parse and that formatting changed. */
  changed: number;
  /** Inputs that parse but were kept (wholly or partly) as written. */
  keptParsing: number;
  failures: FormatFailure[];
}

export function runFormatFuzz(o: FormatFuzzOptions): FormatFuzzResult {
  const sources = loadSources(o.corpus);
  const max = o.maxInputs ?? o.parsing * 20;
  const r: FormatFuzzResult = { tried: 0, parsed: 0, changed: 0, keptParsing: 0, failures: [] };
  for (let k = 0; r.parsed < o.parsing && k < max; k++) {
    const res = checkCase(formatCase(o.seed + k, sources));
    r.tried++;
    if (res.parses) {
      r.parsed++;
      if (res.changed) r.changed++;
      if (res.kept) r.keptParsing++;
      if (r.parsed % 500 === 0) o.onProgress?.(r.parsed);
    }
    r.failures.push(...res.failures);
  }
  return r;
}

/** The options of scripts/fuzz.ts this mode reads. */
export interface FormatModeOptions {
  count: number | undefined;
  seed: number;
  corpus: string | readonly unknown[];
  replay: number | undefined;
}

/** `npm run fuzz -- format`: runs until --count inputs parse (default 10,000); returns the exit code. */
export function formatMode<O extends FormatModeOptions>(
  o: O,
  writeReport: (o: O, what: string, report: { mode: string; [field: string]: unknown }) => void,
): Promise<number> {
  const corpus = typeof o.corpus === 'string' ? o.corpus : undefined;
  if (o.replay !== undefined) {
    const c = formatCase(o.replay, loadSources(corpus));
    const res = checkCase(c);
    const out = formatConf(c.text, c.options);
    console.log(
      `seed ${o.replay}: ${c.generator} input, options ${JSON.stringify(c.options)}, selection [${c.range.start}, ${c.range.end})`,
    );
    console.log(
      `${'-'.repeat(70)}\n${c.text}\n${'-'.repeat(30)} formatted${out.kept ? ` (kept: ${out.kept})` : ''}\n${out.text}${'-'.repeat(70)}`,
    );
    for (const f of res.failures) console.log(`${f.property}: ${f.message}`);
    return Promise.resolve(res.failures.length ? 1 : 0);
  }
  const parsing = o.count ?? 10000;
  console.log(
    `format fuzz: until ${parsing} inputs parse (generated, and mutations of ${corpus ?? 'the built-in seed configs'}), seed ${o.seed}`,
  );
  const started = Date.now();
  const r = runFormatFuzz({
    seed: o.seed,
    parsing,
    corpus,
    onProgress: (n) => process.stdout.isTTY && process.stdout.write(`\r  ${n}/${parsing}`),
  });
  if (process.stdout.isTTY) process.stdout.write('\r');
  const figures = {
    mode: 'format',
    seed: o.seed,
    tried: r.tried,
    parsed: r.parsed,
    changedParsing: r.changed,
    keptParsing: r.keptParsing,
    wallSeconds: +((Date.now() - started) / 1000).toFixed(1),
    failures: r.failures.length,
  };
  console.log(
    `format: ${r.tried} inputs tried, ${r.parsed} parse (${r.changed} changed by formatting, ${r.keptParsing} kept in part as written), seed ${o.seed}, ${figures.wallSeconds} s, ${r.failures.length} failure(s)`,
  );
  writeReport(o, `figures${r.failures.length ? ' and failures' : ''}`, { ...figures, failures: r.failures });
  for (const f of r.failures.slice(0, 10)) console.log(`  seed ${f.seed} (${f.generator}): ${f.property}: ${f.message}`);
  if (r.failures.length) console.log('reproduce one with: npm run fuzz -- format --replay <seed>');
  return Promise.resolve(r.failures.length || r.parsed < parsing ? 1 : 0);
}
