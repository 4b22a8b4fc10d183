// Kraken's decimals arrive as strings (v1) or as JSON number text (v2). Both are kept exactly as written; the only
// rewrite is v2's exponent form (1.5e-7), spelled out positionally by moving the point, never through a float.

const PLAIN = /^\d+(\.\d+)?$/;
const NUMBER_TEXT = /^(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/;
// An exponent this large would spell out a string of this many zeros: no real price or quantity comes near it.
const MAX_EXPONENT = 64;

/** True for a non-negative plain decimal string such as "0.05120" or "42" (what Kraken v1 sends). */
export function isPlainDecimal(text: string): boolean {
  return PLAIN.test(text);
}

/**
 * Turns the text of a non-negative JSON number into a plain decimal string with exactly its digits ("1.5e-7" →
 * "0.00000015", "45285.2" → "45285.2"); undefined when the text is negative, not a number or absurdly scaled.
 */
export function plainDecimalFromNumberText(text: string): string | undefined {
  if (PLAIN.test(text)) return text;
  const match = NUMBER_TEXT.exec(text);
  if (match === null) return undefined;
  const exponent = Number(match[3]);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const whole = match[1] as string;
  const fraction = match[2] ?? '';
  const digits = whole + fraction;
  const point = whole.length + exponent; // where the point falls within `digits`
  let integerPart: string;
  let fractionPart: string;
  if (point <= 0) {
    integerPart = '0';
    fractionPart = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    integerPart = digits + '0'.repeat(point - digits.length);
    fractionPart = '';
  } else {
    integerPart = digits.slice(0, point);
    fractionPart = digits.slice(point);
  }
  integerPart = integerPart.replace(/^0+(?=\d)/, '');
  return fractionPart === '' ? integerPart : `${integerPart}.${fractionPart}`;
}

/**
 * Writes a plain decimal with exactly `decimals` fraction digits, padding with zeros ("45285.2", 1 → "45285.2";
 * "0.001", 8 → "0.00100000"). Returns undefined when that would drop a non-zero digit: the precision is wrong.
 */
export function withFractionDigits(text: string, decimals: number): string | undefined {
  const dot = text.indexOf('.');
  const integerPart = dot < 0 ? text : text.slice(0, dot);
  let fraction = dot < 0 ? '' : text.slice(dot + 1);
  if (fraction.length > decimals) {
    if (!/^0*$/.test(fraction.slice(decimals))) return undefined;
    fraction = fraction.slice(0, decimals);
  } else {
    fraction = fraction.padEnd(decimals, '0');
  }
  return decimals === 0 ? integerPart : `${integerPart}.${fraction}`;
}
