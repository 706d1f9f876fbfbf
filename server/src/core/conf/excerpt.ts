// How much of a config's text a message may show. Messages name what they are about, but a quote is an
// excerpt, never a whole token: a key or value can be megabytes long, or be a secret someone pointed at.

/** The longest quote of source text in a message. */
export const MAX_EXCERPT_CHARS = 40;
/** The longest path a message shows: a path is read whole more often than a value, so it gets more room. */
export const MAX_PATH_CHARS = 200;
/** No message is longer than this, whatever it quotes (a 4 MB key once gave a 4 MB diagnostic). */
export const MAX_MESSAGE_CHARS = 2000;
/** No hover is longer than this (a certificate may list thousands of names). */
export const MAX_HOVER_CHARS = 20_000;

/** `text` when it is short, else its first characters and an ellipsis: at most `max` characters in all. */
export function excerpt(text: string, max = MAX_EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never split a surrogate pair.
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return text.slice(0, end) + '…';
}

/** A path (or file name) as a message shows it. */
export function excerptPath(p: string): string {
  return excerpt(p, MAX_PATH_CHARS);
}

/** A message cut to the cap, with an ellipsis where it was cut. */
export function capMessage(message: string, max = MAX_MESSAGE_CHARS): string {
  return excerpt(message, max);
}
