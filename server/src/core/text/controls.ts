// Control characters in text shown on a terminal or in a CI log. A path or a certificate subject is the
// attacker's text: ESC, BEL or CSI in it would drive the terminal (retitle it, move the cursor, hide lines),
// and a newline in it would print a line of its own (a fake summary). Each is shown as a visible escape.

/** C0 controls (U+0000–U+001F), DEL and C1 controls (U+0080–U+009F). */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/** The same but the newline, for whole outputs whose own lines are separated by newlines. */
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/** `\u001b` for ESC and so on: a JSON escape, so a JSON text stays valid JSON with the same values. */
const visible = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One field (a path, a name, a message) on one line: every control character escaped, newlines included. */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, visible);
}

/**
 * A whole output (text or JSON) made safe for a terminal and a CI log: control characters other than the
 * newline escaped; no line that GitHub Actions reads as a workflow command (`::error …::` at the start of a
 * line, after any spaces, or the older `##[error]` anywhere in it). The escapes are JSON escapes, so JSON
 * output stays valid and parses to the same values (`::` cannot start a line of JSON.stringify's output).
 */
export function terminalSafe(text: string): string {
  return text
    .replace(CONTROLS_BUT_NEWLINE, visible)
    .replace(/##\[/g, '#\\u0023[')
    .replace(/^(\s*):(?=:)/gm, '$1\\u003a');
}
