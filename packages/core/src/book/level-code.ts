import type { Level } from '../types.js';
import { isZeroQuantity, priceKey } from './price-key.js';

/**
 * A level change's code, as a decoder that already walked the frame's text can hand it to the book so the book does
 * not read the strings again: the price's key (priceKey) when the quantity is not zero, -(key + 1) when it is (a
 * deletion), NaN when the decoder left it to the book. Only exact integer keys (at most MAX_EXACT_PRICE, 8 decimals)
 * are coded, so the sign trick loses nothing.
 */
export function levelCode(key: number, zero: boolean): number {
  return zero ? -key - 1 : key;
}

/** The code a decoder may give a level: what the book would make of its strings, or NaN where it would refuse them or key them inexactly. */
export function levelCodeOf([price, quantity]: Level): number {
  try {
    const key = priceKey(price);
    return Number.isSafeInteger(key) ? levelCode(key, isZeroQuantity(quantity)) : NaN;
  } catch {
    return NaN;
  }
}
