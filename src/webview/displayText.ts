/**
 * Program output as the panel shows it: the program's text is untrusted and may be anything (a
 * megabyte on one line, terminal colour codes, control bytes). Shown as plain text only (see
 * the callers' textContent), without escape sequences, and cut for display: the trace, the
 * report and the Output view keep every character.
 */

/** Characters of one output line the panel shows; the rest is summarised. */
export const MAX_DISPLAY_CHARS = 2000;

// CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ESC \`), and two-character escapes.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// Control characters other than tab; a line's own newlines are kept.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function displayText(text: string, maxChars = MAX_DISPLAY_CHARS): string {
  // Strip first from at most a little more than is shown: the cost stays bounded on huge lines.
  const head = text.length > maxChars * 2 ? text.slice(0, maxChars * 2) : text;
  const clean = head.replace(ANSI_ESCAPES, '').replace(CONTROL, '\ufffd');
  if (clean.length <= maxChars && head.length === text.length) return clean;
  const shown = clean.slice(0, maxChars);
  return `${shown}… (${(text.length - shown.length).toLocaleString('en-US')} more characters; the full line is in the trace and the report)`;
}
