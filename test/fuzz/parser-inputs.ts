// Seeded random and mutated parser inputs: half mutations of the built-in seed configs, half strings over an
// alphabet of the characters nats-server's lexer cares about. Deterministic for a seed, so `npm test`
// (test/unit/conf-codes.test.ts) and `npm run bench -- budgets` see the same inputs.
import type { Dialect } from '../../server/src/core/conf/parser';
import { mutate, rng } from './mutate';
import { SEEDS } from './seeds';

/** The seed `npm test` uses. */
export const PARSER_FUZZ_SEED = 20260828;

const ALPHABET = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ':',
  '=',
  ',',
  ';',
  '"',
  "'",
  '#',
  '/',
  '\\',
  '$',
  '.',
  '-',
  '\n',
  '\r',
  ' ',
  '\t',
  '\0',
  'a',
  'k',
  'b',
  'i',
  '1',
  '0',
  'x',
  'T',
  'Z',
  'include ',
  '\ufeff',
  '\u00a0',
  '٣',
  '𝟙',
];

export function* parserFuzzInputs(seed: number, count: number): Generator<{ i: number; text: string; dialect: Dialect }> {
  const r = rng(seed);
  for (let i = 0; i < count; i++) {
    let text: string;
    if (i % 2 === 0) {
      text = mutate(SEEDS[i % SEEDS.length]!.text, i);
    } else {
      const n = Math.floor(r() * 120);
      text = '';
      for (let k = 0; k < n; k++) text += ALPHABET[Math.floor(r() * ALPHABET.length)];
    }
    yield { i, text, dialect: i % 3 === 0 ? '2.9.10' : 'latest' };
  }
}
