// The TextMate grammar (syntaxes/nats.tmLanguage.json): the scope assertions in fixtures/*.nats
// (vscode-tmgrammar-test format), proof that a wrong assertion fails, agreement with the engine's parser
// on configs nats-server accepts, and bounded time on pathological lines (VS Code runs the grammar on
// every keystroke).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import type { IGrammar } from 'vscode-textmate';
import { createRegistry } from 'vscode-tmgrammar-test/dist/common/index';
import { parseGrammarTestCase, runGrammarTestCase } from 'vscode-tmgrammar-test/dist/unit/index';
import type { TestFailure } from 'vscode-tmgrammar-test/dist/unit/model';
import { Source } from '../../server/src/core/conf/ast';
import type { AnyNode } from '../../server/src/core/conf/ast';
import { parseConf } from '../../server/src/core/conf/parser';
import { cpuMs } from '../helpers/work';
import { DOCUMENT_SIZES, DOCUMENTS, LINE_LENGTH, pathologicalLines, tokenizeDocument, typicalDocument, typicalLine } from './pathological';

const ROOT = path.resolve(__dirname, '..', '..');
const GRAMMAR_FILE = path.join(ROOT, 'syntaxes', 'nats.tmLanguage.json');
const FIXTURES = path.join(__dirname, 'fixtures');
const CLI = require.resolve('vscode-tmgrammar-test/dist/unit.js');
const SCOPE = 'source.nats';

const fixtureFiles = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.nats'))
  .sort();

let grammarPromise: Promise<IGrammar> | undefined;
function registry() {
  return createRegistry([{ path: GRAMMAR_FILE, scopeName: SCOPE }]);
}
function grammar(): Promise<IGrammar> {
  grammarPromise ??= registry()
    .loadGrammar(SCOPE)
    .then((g) => {
      if (!g) throw new Error(`no grammar for ${SCOPE}`);
      return g;
    });
  return grammarPromise;
}

function showFailures(file: string, source: string[], failures: TestFailure[]): string {
  return failures
    .map((f) => {
      const line = source[f.srcLine] ?? '';
      const parts = [`${file}:${f.line + 1}: ${JSON.stringify(line.slice(f.start, f.end))} in ${JSON.stringify(line)}`];
      if (f.missing.length) parts.push(`  missing: ${f.missing.join(' ')}`);
      if (f.unexpected.length) parts.push(`  prohibited: ${f.unexpected.join(' ')}`);
      parts.push(`  actual: ${f.actual.join(' ')}`);
      return parts.join('\n');
    })
    .join('\n');
}

async function runFixture(text: string): Promise<{ source: string[]; failures: TestFailure[] }> {
  const tc = parseGrammarTestCase(text);
  return { source: tc.source, failures: await runGrammarTestCase(registry(), tc) };
}

function runCli(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

// ------------------------------------------------------------------ the grammar file itself

test('grammar file: every scope ends in .nats, every include resolves, every regex compiles', async () => {
  const raw = JSON.parse(fs.readFileSync(GRAMMAR_FILE, 'utf8')) as Record<string, unknown>;
  assert.equal(raw.scopeName, SCOPE);
  const repo = raw.repository as Record<string, unknown>;
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const problems: string[] = [];
  let regexes = 0;
  const walk = (v: unknown, where: string): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${where}[${i}]`));
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const at = `${where}.${k}`;
      if ((k === 'name' || k === 'contentName') && typeof x === 'string' && where !== '') {
        for (const s of x.split(/\s+/)) if (!s.endsWith('.nats')) problems.push(`${at}: scope ${s} does not end in .nats`);
      } else if (k === 'include' && typeof x === 'string') {
        if (x.startsWith('#') && !(x.slice(1) in repo)) problems.push(`${at}: ${x} is not in the repository`);
        else if (!x.startsWith('#') && x !== '$self' && x !== '$base') problems.push(`${at}: unexpected include ${x}`);
      } else if ((k === 'match' || k === 'begin' || k === 'end' || k === 'while') && typeof x === 'string') {
        regexes++;
        try {
          new oniguruma.OnigScanner([x]).dispose();
        } catch (e) {
          problems.push(`${at}: ${(e as Error).message}`);
        }
      } else walk(x, at);
    }
  };
  walk(raw, '');
  assert.deepEqual(problems, []);
  assert.ok(regexes > 20, `only ${regexes} regexes found`);
});

// The TLS field names repeat in each key alternative of tls-pair and tls-pair-alone; they must not drift apart.
const TLS_NAMES = [
  'cert_file',
  'key_file',
  'ca_file',
  'verify',
  'verify_and_map',
  'verify_cert_and_check_known_urls',
  'insecure',
  'timeout',
  'pinned_certs',
  'cipher_suites',
  'curve_preferences',
  'min_version',
  'handshake_first',
  'certs',
  'certificates',
  'cert_store',
  'cert_match_by',
  'cert_match',
  'ca_certs_match',
  'cert_match_skip_invalid',
  'ocsp_peer',
  'connection_rate_limit',
  'allow_insecure_cipher_suites',
];

test('grammar file: the TLS field names are the same list everywhere', () => {
  const raw = JSON.parse(fs.readFileSync(GRAMMAR_FILE, 'utf8'));
  const lists: string[] = [];
  for (const rule of ['tls-pair', 'tls-pair-alone']) {
    for (const m of (raw.repository[rule].begin as string).matchAll(/\(\?i:([a-z_|]+)\)/g)) lists.push(m[1]!.split('|').sort().join(' '));
  }
  assert.equal(lists.length, 6);
  for (const l of lists) assert.equal(l, [...TLS_NAMES].sort().join(' '));
});

test('package.json contributes the grammar for the nats language', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const g = pkg.contributes.grammars.find((x: { language?: string }) => x.language === 'nats');
  assert.equal(g?.scopeName, SCOPE);
  assert.equal(path.resolve(ROOT, g.path), GRAMMAR_FILE);
});

test('language configuration: valid JSON and regexes; ( is not auto-closed', () => {
  const conf = JSON.parse(fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8'));
  for (const re of [
    conf.folding.markers.start,
    conf.folding.markers.end,
    conf.indentationRules.increaseIndentPattern,
    conf.indentationRules.decreaseIndentPattern,
    conf.wordPattern,
  ]) {
    assert.doesNotThrow(() => new RegExp(re), re);
  }
  assert.match('  // region certs', new RegExp(conf.folding.markers.start));
  assert.match('# endregion', new RegExp(conf.folding.markers.end));
  // A ( … ) block only ends at a ) alone at the start of a line, so an inserted ")" after the cursor is always wrong.
  assert.ok(!conf.autoClosingPairs.some((p: { open: string }) => p.open === '('));
});

// ------------------------------------------------------------------ fixtures

test('fixtures: every scope assertion holds', async (t) => {
  assert.ok(fixtureFiles.length >= 10, `only ${fixtureFiles.length} fixtures`);
  for (const file of fixtureFiles) {
    await t.test(file, async () => {
      const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
      const { source, failures } = await runFixture(text);
      const asserted = parseGrammarTestCase(text).assertions.length;
      assert.ok(asserted > 0, `${file} has no assertions`);
      assert.equal(failures.length, 0, `\n${showFailures(file, source, failures)}`);
    });
  }
});

test('fixtures: the vscode-tmgrammar-test CLI passes them, finding the grammar through package.json', () => {
  const r = runCli(['--compact', path.join(FIXTURES, '*.nats')]);
  assert.equal(r.status, 0, r.out);
});

test('a wrong assertion fails, through the API and through the CLI', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-grammar-'));
  try {
    const wrong = [
      '# SYNTAX TEST "source.nats" "deliberately wrong"',
      'port: 4222',
      '#     ^^^^ string.quoted.double.nats',
      'name: "x" # c',
      '#      ^ - string.quoted.double.nats',
      '',
    ].join('\n');
    const file = path.join(dir, 'wrong.nats');
    fs.writeFileSync(file, wrong);

    const { failures } = await runFixture(wrong);
    assert.equal(failures.length, 2, JSON.stringify(failures));
    assert.deepEqual(failures[0]!.missing, ['string.quoted.double.nats']);
    assert.ok(failures[0]!.actual.includes('constant.numeric.integer.nats'));
    assert.deepEqual(failures[1]!.unexpected, ['string.quoted.double.nats']);

    const r = runCli(['-g', GRAMMAR_FILE, file]);
    assert.notEqual(r.status, 0, r.out);
    assert.match(r.out, /missing required scopes: string\.quoted\.double\.nats/);
    assert.match(r.out, /prohibited scopes: string\.quoted\.double\.nats/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ------------------------------------------------------------------ agreement with the parser

/** The scope a parsed node must carry at its first and last character. */
function expectedScope(n: AnyNode): RegExp | undefined {
  switch (n.kind) {
    case 'string':
      return {
        bare: /^string\.unquoted\.nats$/,
        double: /^string\.quoted\.double\.nats$/,
        single: /^string\.quoted\.single\.nats$/,
        block: /^string\.unquoted\.block\.nats$/,
      }[n.style];
    case 'integer':
      return /^constant\.numeric\.integer\.nats$/;
    case 'float':
      return /^constant\.numeric\.float\.nats$/;
    case 'bool':
      return /^constant\.language\.boolean\.nats$/;
    case 'datetime':
      return /^constant\.other\.datetime\.nats$/;
    case 'variable':
      // nats-server keeps a bcrypt hash ($2a$…) literally.
      return n.name.startsWith('2a$') ? /^string\.unquoted\.nats$/ : /^variable\.other\.nats$/;
    default:
      return undefined;
  }
}

/** Every place where the grammar and the parser disagree on what a token is. */
async function disagreements(text: string): Promise<string[]> {
  const g = await grammar();
  const lines = text.split('\n');
  const starts: number[] = [];
  const tokens: { startIndex: number; endIndex: number; scopes: string[] }[][] = [];
  let offset = 0;
  let state: Parameters<IGrammar['tokenizeLine']>[1] = null;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
    const r = g.tokenizeLine(line, state);
    state = r.ruleStack;
    tokens.push(r.tokens);
  }
  const scopesAt = (at: number): string[] => {
    let l = 0;
    while (l + 1 < starts.length && starts[l + 1]! <= at) l++;
    const col = at - starts[l]!;
    return tokens[l]!.find((t) => t.startIndex <= col && col < t.endIndex)?.scopes ?? [];
  };
  const out: string[] = [];
  const expect = (at: number, want: RegExp, what: string): void => {
    const s = scopesAt(at);
    if (!s.some((x) => want.test(x)))
      out.push(`${what} at ${JSON.stringify(text.slice(at, at + 20))}: want ${want.source}, got ${s.join(' ')}`);
  };
  const parsed = parseConf(new Source('grammar-check.conf', text));
  const errors = parsed.issues.filter((i) => i.severity === 'error');
  if (errors.length) return [`parser: ${errors.map((e) => e.reason).join('; ')}`];
  for (let i = 0; i < parsed.comments.length; i += 2) expect(parsed.comments[i]!, /^comment\.line\./, 'comment');
  const visit = (n: AnyNode): void => {
    if (n.kind === 'map') {
      if (n.style === 'braces') expect(n.start, /^punctuation\.section\.map\.begin\.nats$/, 'map');
      for (const e of n.entries) visit(e);
    } else if (n.kind === 'array') {
      expect(n.start, /^punctuation\.section\.array\.begin\.nats$/, 'array');
      n.items.forEach(visit);
    } else if (n.kind === 'entry') {
      expect(n.keyStart, /^support\.type\.property-name\./, `key ${n.key}`);
      expect(n.keyEnd - 1, /^support\.type\.property-name\./, `key ${n.key}`);
      if (n.value) visit(n.value);
    } else if (n.kind === 'include') {
      expect(n.start, /^keyword\.control\.import\.nats$/, 'include');
      if (n.pathEnd > n.pathStart) expect(n.pathStart, /^string\./, 'include path');
    } else {
      const want = expectedScope(n);
      if (want && n.end > n.start) {
        expect(n.start, want, n.kind);
        expect(n.end - 1, want, n.kind);
      }
    }
  };
  visit(parsed.root);
  return out;
}

test('the grammar agrees with the engine parser on every token of the valid fixtures', async () => {
  const mustBeValid = ['json-style.nats', 'seed.nats', 'server.nats'];
  let checked = 0;
  for (const file of fixtureFiles) {
    const source = parseGrammarTestCase(fs.readFileSync(path.join(FIXTURES, file), 'utf8')).source.join('\n');
    const diff = await disagreements(source);
    if (diff.length === 1 && diff[0]!.startsWith('parser:') && !mustBeValid.includes(file)) continue;
    checked++;
    assert.deepEqual(diff, [], file);
  }
  assert.ok(checked >= mustBeValid.length);
});

test('the grammar agrees with the engine parser on edge cases nats-server accepts', async () => {
  const cases = [
    'a: [1, 2 ]\nb: [ "x", y, $V, true, 1.5, 2k ]',
    'x: 4222#c\ny: foo#bar\nz: "q"#c\nw: 1.5#c',
    "a: abc'\nb: true'\nc: $X'\nd: 12'x",
    'a: 300ms\nb: 1kbi\nc: 2020-01-01T00:00:00Z\nd: 127.0.0.1:4222\ne: 10.0.0.1-5\nf: -1k\ng: 1MiB',
    'port: #x\nkey = //x',
    'include a.conf\nINCLUDE "b.conf"\nt { include \'c.conf\' }',
    'tls\n{\n  verify: true\n}\nm {\n  users =\n  [ a ]\n}',
    'm { a: 1; b: 2, c: 3 }\nn: { "q k": 1, \'r\': 2 }',
    'b: (\n  raw # text\n  )\n)\nc: 1',
    'h: $2a$11$abc\nv: $DIR/x.pem\nw: C:\\\\certs',
    'x {\n  {user: a\n}',
    '{\n  "a": 1,\n  "b": {"c": [1 ,2 ]}\n}',
  ];
  for (const text of cases) assert.deepEqual(await disagreements(text), [], text);
});

// ------------------------------------------------------------------ pathological input
// Bounded by work, not by a clock: each pathological line or document may cost at most FACTOR times the CPU
// time of typical config text of the same size, tokenized in the same test (catastrophic backtracking costs
// thousands of times more). The time budgets (1.5 s a line, 5 s a document) are in `npm run bench -- budgets`.

/** How much costlier than typical text of the same size pathological text may be (catastrophic backtracking: thousands of times). */
const FACTOR = 40;

/** The fastest of two runs (after a warm-up) in CPU ms: contention only ever adds time. */
const best = (run: () => unknown): number => {
  run();
  return Math.min(cpuMs(run), cpuMs(run));
};

test(`pathological lines tokenize at the cost of a typical line of the same length (CPU, within ${FACTOR}×)`, async (t) => {
  const g = await grammar();
  const typical = (): number => best(() => g.tokenizeLine2(typicalLine(), null));
  let baseline = typical();
  const slow: string[] = [];
  for (const [name, text] of Object.entries(pathologicalLines())) {
    const r = g.tokenizeLine2(text, null);
    assert.ok(!r.stoppedEarly, name);
    const ms = best(() => g.tokenizeLine2(text, null));
    // Measured again next to a slow case, so a busy moment cannot make the baseline look faster than it is.
    if (ms > FACTOR * baseline) baseline = Math.max(baseline, typical());
    t.diagnostic(`${name}: ${ms.toFixed(1)} ms CPU (${(ms / baseline).toFixed(1)}× a typical line)`);
    if (ms > FACTOR * baseline)
      slow.push(`${name}: ${ms.toFixed(1)} ms CPU, ${(ms / baseline).toFixed(0)}× the ${baseline.toFixed(1)} ms of a typical line`);
  }
  assert.deepEqual(slow, [], `lines of ${LINE_LENGTH} characters more than ${FACTOR}× as costly as a typical one`);
});

test(`deep nesting and long documents tokenize at the cost of a typical document of as many lines (CPU, within ${FACTOR}×)`, async (t) => {
  const g = await grammar();
  const slow: string[] = [];
  for (const [name, make] of Object.entries(DOCUMENTS)) {
    const text = make(DOCUMENT_SIZES[name]!);
    const lines = text.split('\n').length;
    const typical = (): number => best(() => tokenizeDocument(g, typicalDocument(lines)));
    let baseline = typical();
    const ms = best(() => tokenizeDocument(g, text));
    if (ms > FACTOR * baseline) baseline = Math.max(baseline, typical());
    t.diagnostic(`${name} (${lines} lines): ${ms.toFixed(1)} ms CPU (${(ms / baseline).toFixed(1)}× a typical document)`);
    if (ms > FACTOR * baseline)
      slow.push(`${name}: ${ms.toFixed(1)} ms CPU, ${(ms / baseline).toFixed(0)}× the ${baseline.toFixed(1)} ms of a typical document`);
  }
  assert.deepEqual(slow, []);
});
