// Text that no output may repeat: what is in a file that `include` pulled in although it is not a nats-server
// config (a token, a password file, a .env file), and the values of variables taken from the environment or
// from such a file. Messages name the variable and where its value came from instead.
import type { Source } from './ast';

/** Sources whose text is never quoted: included files that do not look like nats-server configs. */
const opaque = new WeakSet<Source>();

export function markOpaque(src: Source): void {
  opaque.add(src);
}

export function isOpaque(src: Source): boolean {
  return opaque.has(src);
}

export interface Secret {
  /** The text that must not appear. */
  value: string;
  /** What a message says instead: the variable (`$AWS_SECRET`), or `(a value in $TLS_MAP)` for a piece of one. */
  name: string;
  /** The variable, for the sentence saying where its value came from. */
  variable: string;
  /** Where the value came from: "the environment", or "FILE:LINE". */
  origin: string;
}

/** Secrets by the source whose findings might quote them (the config that holds the `$NAME`). */
const secrets = new WeakMap<Source, Secret[]>();
/** A value this short is not worth hiding, and replacing it would garble messages ("line 1"). */
const MIN_SECRET_CHARS = 4;
const MAX_SECRETS_PER_SOURCE = 10_000;

/** Remembers that findings about `src` must not show `value` (a piece of `variable`'s); they show `name` instead. */
export function addSecret(src: Source, value: string, variable: string, origin: string, piece = false): void {
  const v = value.trim();
  if (v.length < MIN_SECRET_CHARS || /^(true|false|yes|no|on|off)$/i.test(v)) return;
  let list = secrets.get(src);
  if (!list) secrets.set(src, (list = []));
  if (list.length >= MAX_SECRETS_PER_SOURCE || list.some((s) => s.value === v)) return;
  list.push({ value: v, name: piece ? `(a value in ${variable})` : variable, variable, origin });
  // Longest first: a value that contains another is replaced whole.
  list.sort((a, b) => b.value.length - a.value.length);
}

export function secretsOf(...srcs: (Source | undefined)[]): Secret[] {
  const out: Secret[] = [];
  for (const s of srcs) {
    const list = s && secrets.get(s);
    if (list) for (const x of list) if (!out.includes(x)) out.push(x);
  }
  return out.sort((a, b) => b.value.length - a.value.length);
}

const WORD = /[A-Za-z0-9_]/;

/** `text` with every secret replaced by its variable's name; `used` collects the secrets that were found. */
export function redact(text: string, list: readonly Secret[], used?: Set<Secret>): string {
  let out = text;
  for (const s of list) {
    let from = 0;
    for (;;) {
      const at = out.indexOf(s.value, from);
      if (at === -1) break;
      const end = at + s.value.length;
      // Whole words only: "4222" in "14222" is another number.
      const bounded =
        (at === 0 || !WORD.test(out[at - 1]!) || !WORD.test(s.value[0]!)) &&
        (end === out.length || !WORD.test(out[end]!) || !WORD.test(s.value[s.value.length - 1]!));
      if (!bounded) {
        from = at + 1;
        continue;
      }
      out = out.slice(0, at) + s.name + out.slice(end);
      from = at + s.name.length;
      used?.add(s);
    }
  }
  return out;
}

/** One sentence per hidden value: where it came from. */
export function redactionNote(used: ReadonlySet<Secret>): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const s of used) {
    const key = `${s.variable} ${s.origin}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`${s.variable} is set in ${s.origin}; nats-tls does not show its value.`);
  }
  return parts.join(' ');
}

/** Strings inside finding data (paths tried, values), redacted the same way. */
export function redactData(data: Record<string, unknown>, list: readonly Secret[], used?: Set<Secret>): Record<string, unknown> {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redact(v, list, used);
    if (depth > 4 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = walk(x, depth + 1);
    return o;
  };
  return walk(data, 0) as Record<string, unknown>;
}
