// Character classes exactly as nats-server's lexer (Go) uses them.

/** Go's isWhitespace in conf/lex.go: only space and tab. */
export function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Go's isNL: '\n' or '\r'. */
export function isNL(c: number): boolean {
  return c === 10 || c === 13;
}

/** Go's unicode.IsSpace. */
export function isSpace(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  if (c === 0x85 || c === 0xa0) return true;
  if (c < 0x1680) return false;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

const ND = /\p{Nd}/u;

/** Width in UTF-16 units of the decimal digit (Go's unicode.IsDigit) at i, or 0 when there is none. */
export function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 48 && c <= 57) return 1;
  if (c < 0x80 || Number.isNaN(c)) return 0;
  if (c >= 0xd800 && c <= 0xdbff) {
    const cp = text.codePointAt(i)!;
    return cp > 0xffff && ND.test(String.fromCodePoint(cp)) ? 2 : 0;
  }
  return ND.test(text[i]!) ? 1 : 0;
}

export function isNumberSuffix(c: number): boolean {
  // k m g t p e, either case
  switch (c | 0x20) {
    case 107:
    case 109:
    case 103:
    case 116:
    case 112:
    case 101:
      return true;
  }
  return false;
}

export function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
}

/** How nats-server prints a rune in its messages: a new line as \n, end of input as nothing. */
export function showChar(text: string, i: number): string {
  if (i >= text.length) return '';
  const c = text.charCodeAt(i);
  if (c === 10) return '\\n';
  return String.fromCodePoint(text.codePointAt(i)!);
}
