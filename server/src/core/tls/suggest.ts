// "Did you mean …?" for misspelled field names.

/** Characters of a misspelled name compared with the candidates (a key can be megabytes long). */
const MAX_COMPARED = 64;

/** The row editDistance works in, reused: a fresh array per comparison kept the collector busy on large configs. */
let row: number[] = [];

export function editDistance(a: string, b: string): number {
  if (row.length < b.length + 1) row = new Array<number>(b.length + 1).fill(0);
  const prev = row;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The candidate closest to `name` (edit distance, with a bonus for shared words such as "cert" or "file"). */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  // Compared on its start only: edit distance is quadratic, and no field or cipher name is this long.
  const lower = name.slice(0, MAX_COMPARED).toLowerCase();
  const words = new Set(lower.split(/[_\-.\s]+/).filter(Boolean));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const shared = c.split('_').filter((w) => words.has(w)).length;
    const score = editDistance(lower, c) - shared * 2;
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}
