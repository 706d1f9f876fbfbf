// Offset-based text edits: what the engine proposes; the LSP layer turns them into TextEdits.

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** Applies edits (non-overlapping; inserts at one offset keep their order) to `text`. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { e } of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** A string as a nats-server config (or YAML/JSON) double-quoted string. */
export function quoteString(value: string): string {
  return JSON.stringify(value);
}
