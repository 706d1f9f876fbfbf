// Pathological input for the TextMate grammar: long lines and deep or long documents. Shared by
// grammar.test.ts (work bounds) and `npm run bench -- budgets` (time budgets).
import * as path from 'node:path';
import type { IGrammar } from 'vscode-textmate';
import { createRegistry } from 'vscode-tmgrammar-test/dist/common/index';

export const GRAMMAR_FILE = path.resolve(__dirname, '..', '..', 'syntaxes', 'nats.tmLanguage.json');
export const SCOPE = 'source.nats';

export async function loadGrammar(): Promise<IGrammar> {
  const g = await createRegistry([{ path: GRAMMAR_FILE, scopeName: SCOPE }]).loadGrammar(SCOPE);
  if (!g) throw new Error(`no grammar for ${SCOPE}`);
  return g;
}

/** VS Code tokenizes lines up to editor.maxTokenizationLineLength (20,000) characters. */
export const LINE_LENGTH = 20_000;
/** Pathological lines of about n characters (shared with the bench). */
export function pathologicalLines(N = LINE_LENGTH): Record<string, string> {
  const rep = (s: string, total = N) => s.repeat(Math.ceil(total / s.length));
  return {
    'long key': rep('a'),
    'keys and spaces': rep('a '),
    'double quotes': rep('"'),
    'single quotes': rep("'"),
    'unclosed quote': '"' + rep('a'),
    backslashes: 'x: ' + rep('\\'),
    'backslashes in a string': 'x: "' + rep('\\'),
    digits: 'x: ' + rep('1'),
    'digits in a key position': rep('1'),
    'digit dots': 'x: ' + rep('1.'),
    'digit dashes': 'x: ' + rep('1-'),
    'digit units': 'x: ' + rep('1k'),
    'unit letters': 'x: 1k' + rep('bi'),
    dollars: 'x: ' + rep('$'),
    bcrypt: 'x: ' + rep('$2a$'),
    hashes: 'x: ' + rep('#'),
    slashes: 'x: ' + rep('/'),
    'open braces': 'x ' + rep('{'),
    'open brackets': 'x ' + rep('['),
    'open parens': 'x: ' + rep('('),
    'map entries': 'x {' + rep('a:1,'),
    'array items': 'x [' + rep('1,'),
    'leading blanks': rep(' ') + 'x',
    'no-break spaces': 'x:' + rep('\u00a0') + 'y',
    includes: rep('include '),
    'tls names': 'x {' + rep('cert_file'),
    'tls keys': 'x {' + rep('cert_file '),
    booleans: 'x: ' + rep('true'),
    separators: rep(':='),
    mixed: 'x: ' + rep('{[("\'$#/\\.-1k: ='),
    scrambled: Array.from({ length: N }, (_, i) => '{}[]()"\'$#/\\.-1kK:=,; \ta0xTZ'[(i * 7919) % 27]).join(''),
  };
}

/** A typical config line of about n characters: keys, numbers, strings, arrays. */
export function typicalLine(N = LINE_LENGTH): string {
  return 'x { ' + 'a: 1, b: "x", c: [1, 2], '.repeat(Math.ceil(N / 25));
}

/** A typical config of n lines. */
export function typicalDocument(n: number): string {
  return 'tls { cert_file: "a.pem", timeout: 2 } # c\n'.repeat(Math.max(1, n - 1));
}

/** Deeply nested and very long documents of about n lines (shared with the bench). */
export const DOCUMENTS: Record<string, (n: number) => string> = {
  'nested maps': (n) => 'a {\n'.repeat(n) + '}\n'.repeat(n),
  'nested arrays': (n) => 'a [\n'.repeat(n) + ']\n'.repeat(n),
  'unclosed block string': (n) => 'b: (\n' + 'x)\n'.repeat(n),
  'many settings': (n) => 'tls { cert_file: "a.pem", verify: true } # c\n'.repeat(n),
};
/** The sizes the documents had when they were given time budgets. */
export const DOCUMENT_SIZES: Record<string, number> = {
  'nested maps': 1000,
  'nested arrays': 1000,
  'unclosed block string': 5000,
  'many settings': 5000,
};

export function tokenizeDocument(g: IGrammar, text: string): void {
  let state: Parameters<IGrammar['tokenizeLine2']>[1] = null;
  for (const line of text.split('\n')) state = g.tokenizeLine2(line, state).ruleStack;
}
