import type { Position, Range } from '../types';

/** Maps UTF-16 offsets to LSP positions. Line starts are computed once, on first use. */
export class LineIndex {
  /** Offsets where lines start: a typed array (4 bytes each, no boxed growth) filled to `count`. */
  private starts: Uint32Array | undefined;
  private count = 0;

  constructor(readonly text: string) {}

  private lineStarts(): Uint32Array {
    if (this.starts) return this.starts;
    const text = this.text;
    // Room for lines of 16 characters on average (configs' are longer), doubled when a text has shorter ones:
    // filled with no copy, where a growing number[] was half of the cost and garbage of twice its size.
    let starts = new Uint32Array(Math.max(64, (text.length >> 4) + 1));
    let n = 1;
    // Only '\n' ends a line, as in nats-server's lexer and in LSP; a lone '\r' does not.
    let i = text.indexOf('\n');
    while (i !== -1) {
      if (n === starts.length) {
        const grown = new Uint32Array(n * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = i + 1;
      i = text.indexOf('\n', i + 1);
    }
    // Long lines leave most of the room unused: a 15 MB config of 200-character lines keeps 0.3 MB, not 4 MB.
    if (n * 2 < starts.length) starts = starts.slice(0, n);
    this.count = n;
    this.starts = starts;
    return starts;
  }

  get lineCount(): number {
    this.lineStarts();
    return this.count;
  }

  position(offset: number): Position {
    const starts = this.lineStarts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - starts[lo]! };
  }

  offset(position: Position): number {
    const starts = this.lineStarts();
    if (position.line < 0) return 0;
    if (position.line >= this.count) return this.text.length;
    const start = starts[position.line]!;
    const next = position.line + 1 < this.count ? starts[position.line + 1]! : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  lineStart(line: number): number {
    const starts = this.lineStarts();
    return starts[Math.max(0, Math.min(line, this.count - 1))]!;
  }
}
