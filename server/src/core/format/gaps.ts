// The text between two tokens of a parsed config (a "gap"). The formatter rewrites gaps and nothing else,
// so it can only ever change what nats-server's lexer skips: blanks, line breaks, one value terminator and
// comments. A gap holding anything else (a lone "/", a Unicode space, a NUL) is left exactly as written.

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

function commentAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47);
}

/** End of the comment starting at i: the next line break (or NUL, or `to`). */
function commentEnd(text: string, i: number, to: number): number {
  let e = i;
  for (let c = text.charCodeAt(e); e < to && c !== LF && c !== CR && c !== 0; c = text.charCodeAt(++e));
  return e;
}

/** The end of the comment in [from, to) without its trailing blanks. */
function trimEnd(text: string, from: number, to: number): number {
  let e = to;
  for (let c = text.charCodeAt(e - 1); e > from && (c === SPACE || c === TAB); c = text.charCodeAt(--e - 1));
  return e;
}

/**
 * Reads gaps. One reader serves a whole file and is refilled by each `read`, and comments are kept as
 * offsets: a large file has hundreds of thousands of gaps, and allocating for each (while the parse tree
 * is alive and every young-generation collection copies it) would cost more than laying them out.
 */
export class GapReader {
  /** ',' or ';' written after the previous token, before any line break; '' when there is none. */
  term = '';
  /** A comment on the previous token's line: text[trailStart, trailEnd) (trailing blanks left out); -1 for none. */
  trailStart = -1;
  trailEnd = -1;
  /** The gap holds a line break. */
  newline = false;
  /** The full lines after the first line break, `lineCount` of them: a comment at text[lineStart, lineEnd), or a blank line (lineStart -1). */
  readonly lineStart: number[] = [];
  readonly lineEnd: number[] = [];
  lineCount = 0;
  /** Some line is a comment. */
  comments = false;
  /** Where reading stopped: the end of the gap, or the `stop` character. */
  end = 0;
  /** Where the gap read last starts. */
  from = 0;

  private text = '';

  /** Reads gaps of another text (one reader serves every file, see layOut). */
  reset(text: string): void {
    this.text = text;
    this.lineCount = 0;
  }

  get hasTrailing(): boolean {
    return this.trailStart >= 0;
  }

  /** The trailing comment's text. */
  trailing(): string {
    return this.trailStart >= 0 ? this.text.slice(this.trailStart, this.trailEnd) : '';
  }

  /**
   * Reads text[from, to). `allowTerm`: a ',' or ';' may follow the previous token. `stop`: a character code
   * (a brace around a JSON-style file) at which reading ends. False when the gap holds anything the
   * formatter must not touch.
   */
  read(from: number, to: number, allowTerm: boolean, stop = -1): boolean {
    const text = this.text;
    let i = from;
    this.from = from;
    this.term = '';
    this.trailStart = this.trailEnd = -1;
    this.newline = false;
    this.lineCount = 0;
    this.comments = false;
    let c = text.charCodeAt(i);
    while (i < to && (c === SPACE || c === TAB)) c = text.charCodeAt(++i);
    if (allowTerm && i < to && (c === 44 || c === 59)) {
      this.term = c === 44 ? ',' : ';';
      c = text.charCodeAt(++i);
      while (i < to && (c === SPACE || c === TAB)) c = text.charCodeAt(++i);
    }
    if (i < to && commentAt(text, i)) {
      const e = commentEnd(text, i, to);
      this.trailStart = i;
      this.trailEnd = trimEnd(text, i, e);
      i = e;
    }
    let lineHasComment = false;
    while (i < to) {
      c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        if (this.newline && !lineHasComment) this.line(-1, -1);
        this.newline = true;
        lineHasComment = false;
        i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        continue;
      }
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      if (this.newline && !lineHasComment && commentAt(text, i)) {
        const e = commentEnd(text, i, to);
        this.line(i, trimEnd(text, i, e));
        this.comments = true;
        lineHasComment = true;
        i = e;
        continue;
      }
      if (c === stop) {
        this.end = i;
        return true;
      }
      return false;
    }
    this.end = to;
    return true;
  }

  private line(start: number, end: number): void {
    this.lineStart[this.lineCount] = start;
    this.lineEnd[this.lineCount++] = end;
  }

  /** The gap's comments as lines, a comment on the first line counting as one (for the file's first gap). */
  trailingAsLine(): void {
    if (this.trailStart < 0) return;
    for (let i = this.lineCount; i > 0; i--) {
      this.lineStart[i] = this.lineStart[i - 1]!;
      this.lineEnd[i] = this.lineEnd[i - 1]!;
    }
    this.lineStart[0] = this.trailStart;
    this.lineEnd[0] = this.trailEnd;
    this.lineCount++;
    this.comments = true;
    this.trailStart = this.trailEnd = -1;
  }
}
