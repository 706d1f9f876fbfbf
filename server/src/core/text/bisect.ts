// Binary search over something sorted (children by offset, comment spans, marks in a text).

/**
 * The first index in [from, to) at which `holds` is false, or `to` when it holds everywhere. `holds` must be true
 * on a prefix of the range and false after it (e.g. "starts before offset X" over children sorted by offset).
 */
export function firstFailing(from: number, to: number, holds: (i: number) => boolean): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
