import { BookError } from '../errors.js';

/** An exact decimal: `units / 10^scale`. Used where lob computes new numbers (spread, mid, sums, VWAP). */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL = /^(\d+)(?:\.(\d*))?$/;

/** Parses a plain decimal string ("65000.01", "0.00000001") exactly; throws BookError on anything else. */
export function parseDecimal(text: string): Decimal {
  const m = DECIMAL.exec(text);
  if (m === null || (m[1] === undefined && m[2] === undefined)) {
    throw new BookError('invalid-argument', `not a plain decimal: ${JSON.stringify(text)}`);
  }
  const fraction = m[2] ?? '';
  return { units: BigInt((m[1] ?? '') + fraction), scale: fraction.length };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** Compares two decimals exactly: negative, zero or positive. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const s = Math.max(a.scale, b.scale);
  const x = rescale(a, s);
  const y = rescale(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** a + b, exactly. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const s = Math.max(a.scale, b.scale);
  return { units: rescale(a, s) + rescale(b, s), scale: s };
}

/** a - b, exactly (may be negative). */
export function subtractDecimal(a: Decimal, b: Decimal): Decimal {
  const s = Math.max(a.scale, b.scale);
  return { units: rescale(a, s) - rescale(b, s), scale: s };
}

/** a × b, exactly. */
export function multiplyDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** a ÷ b rounded half-up to `digits` decimals; throws on division by zero. */
export function divideDecimal(a: Decimal, b: Decimal, digits: number): Decimal {
  if (b.units === 0n) throw new BookError('invalid-argument', 'division by zero');
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale); scale the numerator so the quotient has `digits` decimals.
  const shift = digits + b.scale - a.scale;
  let num = a.units * (shift >= 0 ? 10n ** BigInt(shift) : 1n);
  let den = b.units * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  if ((abs % den) * 2n >= den) q += 1n;
  return { units: negative ? -q : q, scale: digits };
}

/** Formats a decimal as a plain string without trailing zeros ("0.5", "12", "-0.01"); never an exponent. */
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  let digits = (negative ? -d.units : d.units).toString();
  if (d.scale > 0) {
    digits = digits.padStart(d.scale + 1, '0');
    const int = digits.slice(0, digits.length - d.scale);
    const frac = digits.slice(digits.length - d.scale).replace(/0+$/, '');
    digits = frac.length > 0 ? `${int}.${frac}` : int;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** The canonical text of a decimal string: "0.10000000" and "00.1" both give "0.1". */
export function normalizeDecimal(text: string): string {
  return formatDecimal(parseDecimal(text));
}
