/** Characters of a user's value an error message shows before cutting it. */
export const QUOTED_VALUE_MAX = 40;

/**
 * A user's value quoted for an error message: cut to `max` characters (with "…" and the full length), and
 * anything outside printable ASCII escaped as \uXXXX, so a pasted megabyte or an escape sequence cannot flood or
 * repaint the terminal that shows the message.
 */
export function quoteValue(value: string, max: number = QUOTED_VALUE_MAX): string {
  const chars = [...value];
  const shown = chars.slice(0, max).join('');
  const escaped = JSON.stringify(shown).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return chars.length > max ? `${escaped}… (${chars.length} characters)` : escaped;
}
