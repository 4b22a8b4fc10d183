import { describe, expect, it } from '@jest/globals';
import { safeErrorText } from './safe-error-output.js';

describe('safeErrorText', () => {
  it("cuts and escapes the argument commander quotes, keeping the rest of the message", () => {
    const text = `error: option '--http' argument '${'a'.repeat(500)}\u001b[2J' is invalid. bad\n`;
    expect(safeErrorText(text)).toBe(`error: option '--http' argument "${'a'.repeat(40)}"… (504 characters) is invalid. bad\n`);
  });

  it('escapes control characters anywhere else, not line breaks', () => {
    expect(safeErrorText('unknown option \u001b[31m-x\nnext')).toBe('unknown option \\u001b[31m-x\nnext');
  });
});
