import { BookError } from '../errors.js';

const SCALE_DIGITS = 8;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/** Largest price whose key is an exact integer count of 1e-8 (2^53 - 1 units). */
export const MAX_EXACT_PRICE = '90071992.54740991';

/**
 * Beyond MAX_EXACT_PRICE or past 8 decimals a key is a rounded double. Two different decimals of at most this many
 * digits (trailing zeros of the fraction not counted) are at least 2^-52 apart relatively, more than one rounding
 * step, so they still get different keys in the same order: 15 significant digits are always kept apart.
 */
const MAX_ROUNDED_DIGITS = 2 ** 52;

const MALFORMED = -1;
const UNREPRESENTABLE = -2;

/**
 * The key of a plain non-negative decimal, or MALFORMED, or UNREPRESENTABLE. The hot path: one pass that validates
 * and scales; every price with at most 8 decimals below MAX_EXACT_PRICE (all of Binance's) ends here with an exact
 * integer key. Anything else takes the careful scan.
 */
function scanKey(text: string): number {
  const n = text.length;
  if (n === 0) return MALFORMED;
  let acc = 0;
  let fraction = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      acc = acc * 10 + (c - 48);
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return MALFORMED;
    }
  }
  if (fraction === 0 && n === 1) return MALFORMED; // a lone "."
  if (fraction <= SCALE_DIGITS && acc <= Number.MAX_SAFE_INTEGER) {
    const key = fraction < 0 ? acc * 1e8 : acc * (POW10[SCALE_DIGITS - fraction] as number);
    if (key <= Number.MAX_SAFE_INTEGER) return key;
  }
  return scanWideKey(text);
}

/**
 * The careful scan for what the hot path cannot key as an exact integer: drops trailing fraction zeros (so "0.1"
 * and "0.10" are one level), then keys as a correctly rounded double, or UNREPRESENTABLE.
 */
function scanWideKey(text: string): number {
  const n = text.length;
  if (n === 0) return MALFORMED;
  let acc = 0;
  let fraction = -1;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (fraction < 0) {
        acc = acc * 10 + (c - 48);
      } else if (c === 48) {
        zeros++;
      } else {
        if (zeros >= 16) return UNREPRESENTABLE;
        acc = acc * (POW10[zeros + 1] as number) + (c - 48);
        fraction += zeros + 1;
        zeros = 0;
      }
    } else if (c === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return MALFORMED;
    }
  }
  if (fraction === 0 && n === 1) return MALFORMED; // a lone "."
  if (acc > Number.MAX_SAFE_INTEGER) return UNREPRESENTABLE;
  if (fraction < 0) fraction = 0;
  if (fraction <= SCALE_DIGITS) {
    const key = acc * (POW10[SCALE_DIGITS - fraction] as number);
    if (key <= Number.MAX_SAFE_INTEGER) return key; // an exact integer count of 1e-8
  }
  if (acc > MAX_ROUNDED_DIGITS || fraction - SCALE_DIGITS > 16) return UNREPRESENTABLE;
  // Correctly rounded, hence monotonic: the order survives, and MAX_ROUNDED_DIGITS keeps distinct values apart.
  return fraction <= SCALE_DIGITS ? acc * (POW10[SCALE_DIGITS - fraction] as number) : acc / (POW10[fraction - SCALE_DIGITS] as number);
}

/**
 * The numeric sort key of a plain decimal string: its value in units of 1e-8 (an exact integer up to
 * MAX_EXACT_PRICE, a rounded double that still orders and separates exactly beyond it, up to 15 significant
 * digits), or NaN when the string is not a plain non-negative decimal or cannot be keyed exactly.
 */
export function decimalKey(text: string): number {
  const key = scanKey(text);
  return key < 0 ? NaN : key;
}

/**
 * Sort key of a price string; throws BookError('invalid-price') for anything but a plain decimal, and
 * BookError('unrepresentable-price') for a decimal with more significant digits than a key keeps apart (never
 * merging two prices into one level).
 */
export function priceKey(price: string): number {
  const key = scanKey(price);
  if (key >= 0) return key;
  if (key === MALFORMED) throw new BookError('invalid-price', `not a decimal price: ${JSON.stringify(price)}`);
  throw new BookError('unrepresentable-price', `price ${price} has more significant digits than lob keeps apart exactly (15)`);
}

/** True when a quantity string is zero ("0", "0.00000000"); throws BookError('invalid-quantity') if malformed. */
export function isZeroQuantity(quantity: string): boolean {
  const n = quantity.length;
  let zero = true;
  let dot = false;
  for (let i = 0; i < n; i++) {
    const c = quantity.charCodeAt(i);
    if (c === 48) continue;
    if (c > 48 && c <= 57) zero = false;
    else if (c === 46 && !dot) dot = true;
    else return invalidQuantity(quantity);
  }
  if (n === 0 || (dot && n === 1)) return invalidQuantity(quantity);
  return zero;
}

function invalidQuantity(quantity: string): never {
  throw new BookError('invalid-quantity', `not a decimal quantity: ${JSON.stringify(quantity)}`);
}
