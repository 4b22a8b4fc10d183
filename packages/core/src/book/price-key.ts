import { BookError } from '../errors.js';

const SCALE_DIGITS = 8;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/** Largest price whose key is an exact integer count of 1e-8 (2^53 - 1 units). */
export const MAX_EXACT_PRICE = '90071992.54740991';

/**
 * The numeric sort key of a plain decimal string: its value in units of 1e-8, or NaN when the string is not
 * a plain non-negative decimal. Parsed by hand because it validates and scales in one pass, and an integer
 * key makes "0.1" and "0.10000000" the same level with no float rounding below MAX_EXACT_PRICE.
 */
export function decimalKey(text: string): number {
  const n = text.length;
  if (n === 0) return NaN;
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
      return NaN;
    }
  }
  if (fraction < 0) return acc * 1e8;
  if (fraction === 0 && n === 1) return NaN; // a lone "."
  if (fraction <= SCALE_DIGITS) return acc * (POW10[SCALE_DIGITS - fraction] as number);
  // More than 8 decimals never comes from Binance; keep the order, accept rounding.
  return acc / (POW10[Math.min(fraction - SCALE_DIGITS, 16)] as number);
}

/** Sort key of a price string; throws BookError('invalid-price') for anything but a plain decimal. */
export function priceKey(price: string): number {
  const key = decimalKey(price);
  if (key !== key) throw new BookError('invalid-price', `not a decimal price: ${JSON.stringify(price)}`);
  return key;
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
