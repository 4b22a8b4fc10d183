import type { Level } from '../types.js';

// A spelling packs what it takes to write a level's two strings again from numbers: the quantity's digits as one
// integer (the mantissa), and how many fraction digits each string had. mantissa * 256 + priceDigits * 16 +
// quantityDigits stays an exact integer for mantissas below 2^45.
const MAX_MANTISSA = 2 ** 45;
const MAX_PRICE_DIGITS = 8; // a price key counts units of 1e-8
const MAX_QUANTITY_DIGITS = 15;
const PRICE_UNIT = 1e8;

/**
 * How a level is spelled, as a number from which spellPrice and spellQuantity give back exactly its strings; NaN
 * unless both are canonical plain decimals (no sign, no leading zero but a lone one, a "." only before digits)
 * with at most 8 price decimals, 15 quantity decimals and 14 significant quantity digits. Together with the price's
 * key (priceKey, where that is an exact integer) it is the whole level, so a book may hold two numbers instead of
 * two strings.
 */
export function levelSpelling(price: string, quantity: string): number {
  const priceDigits = fractionDigits(price, MAX_PRICE_DIGITS);
  if (priceDigits < 0) return NaN;
  return quantitySpelling(quantity, priceDigits);
}

/** The spelling of a level whose price has `priceDigits` decimals (a scanner counts them), from its quantity; NaN as levelSpelling. */
export function quantitySpelling(quantity: string, priceDigits: number): number {
  const digits = fractionDigits(quantity, MAX_QUANTITY_DIGITS);
  if (digits < 0) return NaN;
  let mantissa = 0;
  for (let i = 0; i < quantity.length; i++) {
    const c = quantity.charCodeAt(i);
    if (c !== 0x2e) mantissa = mantissa * 10 + (c - 0x30);
  }
  return spelling(mantissa, priceDigits, digits);
}

/**
 * A spelling from its parts (see levelSpelling): a quantity's digits as one integer, its fraction digits and the
 * price's; NaN where they do not fit one (the strings are then needed).
 */
export function spelling(mantissa: number, priceDigits: number, quantityDigits: number): number {
  if (mantissa >= MAX_MANTISSA || quantityDigits > MAX_QUANTITY_DIGITS || priceDigits > MAX_PRICE_DIGITS) return NaN;
  return mantissa * 256 + priceDigits * 16 + quantityDigits;
}

/** The number of fraction digits of a canonical plain decimal with at most `max` of them, or -1. */
function fractionDigits(text: string, max: number): number {
  const n = text.length;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (dot >= 0) return -1;
      dot = i;
    } else if (c < 0x30 || c > 0x39) {
      return -1;
    }
  }
  const whole = dot < 0 ? n : dot;
  if (whole === 0 || (whole > 1 && text.charCodeAt(0) === 0x30)) return -1; // "", ".5", "01"
  const digits = dot < 0 ? 0 : n - dot - 1;
  return (dot >= 0 && digits === 0) || digits > max ? -1 : digits;
}

/** The price string of a level keyed `key` (priceKey, non-negative) and spelled `spelled`. */
export function spellPrice(key: number, spelled: number): string {
  const digits = Math.floor((spelled % 256) / 16);
  const whole = Math.floor(key / PRICE_UNIT);
  if (digits === 0) return String(whole);
  const fraction = String(key - whole * PRICE_UNIT).padStart(MAX_PRICE_DIGITS, '0');
  return `${whole}.${fraction.slice(0, digits)}`;
}

/** The quantity string of a level spelled `spelled`. */
export function spellQuantity(spelled: number): string {
  const digits = spelled % 16;
  const mantissa = String(Math.floor(spelled / 256));
  if (digits === 0) return mantissa;
  const padded = mantissa.padStart(digits + 1, '0');
  const cut = padded.length - digits;
  return `${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/** The level keyed `key` and spelled `spelled`, as its two strings. */
export function spellLevel(key: number, spelled: number): Level {
  return [spellPrice(key, spelled), spellQuantity(spelled)];
}
