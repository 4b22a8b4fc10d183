import { quoteValue } from '../config/quote-value.js';

/**
 * Commander's error text made safe to print: it quotes a refused argument as typed, so the argument is cut and
 * escaped like every other value lob quotes, and any other control character (an escape sequence that would
 * repaint the terminal) is escaped; line breaks stay.
 */
export function safeErrorText(text: string): string {
  const quoted = text.replace(/argument '([\s\S]*?)' is invalid\./, (_match, value: string) => `argument ${quoteValue(value)} is invalid.`);
  return quoted.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
