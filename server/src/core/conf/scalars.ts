// Value conversions nats-server's parser applies after lexing (conf/parse.go).
import { digitAt } from './chars';
import { excerpt } from './excerpt';

const DECIMAL: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15, e: 1e18 };
const BINARY: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50, e: 2 ** 60 };

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

export type IntegerResult =
  | { ok: true; value: number; suffix: string; multiplier: number }
  /** nats-server skips the value without a word when it does not know the suffix (e.g. `1kbi`). */
  | { ok: 'dropped'; suffix: string }
  | { ok: false; error: string };

/** Converts an integer token (digits, optional leading '-', optional unit suffix). */
export function convertInteger(raw: string): IntegerResult {
  // The leading run of digits (any Unicode decimal digit, as Go's unicode.IsDigit) and '-'.
  let n = 0;
  while (n < raw.length) {
    const width = raw.charCodeAt(n) === 45 ? 1 : digitAt(raw, n);
    if (width === 0) break;
    n += width;
  }
  const digits = raw.slice(0, n);
  // Go's strconv.ParseInt takes ASCII digits only, so any other decimal digit fails.
  if (!/^-?[0-9]+$/.test(digits)) return { ok: false, error: `expected integer, but got '${excerpt(raw)}'` };
  const num = digits.length < 16 ? Number(digits) + 0 : BigInt(digits); // + 0: "-0" is 0 in int64
  if (typeof num === 'bigint' && (num > INT64_MAX || num < INT64_MIN))
    return { ok: false, error: `integer '${excerpt(raw)}' is out of the range` };
  const suffix = raw.slice(n).trim();
  if (suffix === '') return { ok: true, value: Number(num), suffix, multiplier: 1 };
  const lower = suffix.toLowerCase();
  const unit = lower[0]!;
  const rest = lower.slice(1);
  if (rest === '' && DECIMAL[unit] !== undefined)
    return { ok: true, value: times(num, DECIMAL[unit]!), suffix, multiplier: DECIMAL[unit]! };
  if ((rest === 'b' || rest === 'i' || rest === 'ib') && BINARY[unit] !== undefined) {
    return { ok: true, value: times(num, BINARY[unit]!), suffix, multiplier: BINARY[unit]! };
  }
  return { ok: 'dropped', suffix };
}

/** num × multiplier in Go's int64 arithmetic: a product past the int64 range wraps around. */
function times(num: number | bigint, multiplier: number): number {
  const exact = Number(num) * multiplier;
  if (Number.isSafeInteger(exact)) return exact;
  return Number(BigInt.asIntN(64, BigInt(num) * BigInt(multiplier)));
}

export function convertFloat(raw: string): { ok: true; value: number } | { ok: false; error: string } {
  // Go's strconv.ParseFloat takes ASCII digits only; the lexer also lets other decimal digits through.
  if (!/^-?[0-9]+\.[0-9]+$/.test(raw)) return { ok: false, error: `expected float, but got '${excerpt(raw)}'` };
  const value = Number(raw);
  if (!Number.isFinite(value)) return { ok: false, error: `float '${excerpt(raw)}' is out of the range` };
  return { ok: true, value };
}

/** Validates `YYYY-MM-DDTHH:MM:SSZ` as Go's time.Parse does (field ranges, days per month). */
export function checkDatetime(raw: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(raw);
  if (!m) return `expected Zulu formatted DateTime, but got '${excerpt(raw)}'`;
  const [year, month, day, hour, min, sec] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > days[month - 1]! || hour > 23 || min > 59 || sec > 59) {
    return `expected Zulu formatted DateTime, but got '${excerpt(raw)}'`;
  }
  return undefined;
}

export function boolValue(raw: string): boolean | undefined {
  switch (raw.toLowerCase()) {
    case 'true':
    case 'yes':
    case 'on':
      return true;
    case 'false':
    case 'no':
    case 'off':
      return false;
  }
  return undefined;
}
