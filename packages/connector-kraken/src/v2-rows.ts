import type { Level } from '@lob/core';
import { copyText, digitsEnd, NO } from '@lob/connector-kit';
import { plainDecimalFromNumberText } from './decimal-text.js';

const PRICE = '{"price":';
const QTY = ',"qty":';

/**
 * Reads Kraken v2 rows `[{"price":N,"qty":N},...]` (non-negative JSON numbers, nothing else in a row) into `out` as
 * [price, qty] in decodeV2Frame's spelling; the position after `]`, or NO.
 */
export function v2RowsEnd(text: string, start: number, out: Level[]): number {
  if (text.charCodeAt(start) !== 0x5b) return NO; // [
  let i = start + 1;
  if (text.charCodeAt(i) === 0x5d) return i + 1; // ]
  for (;;) {
    if (!text.startsWith(PRICE, i)) return NO;
    const priceStart = i + PRICE.length;
    const priceEnd = numberEnd(text, priceStart);
    if (priceEnd === NO || !text.startsWith(QTY, priceEnd)) return NO;
    // Read right after its numberEnd, whose exponent flag the next numberEnd overwrites.
    const price = decimalOf(text, priceStart, priceEnd);
    const qtyStart = priceEnd + QTY.length;
    const qtyEnd = numberEnd(text, qtyStart);
    if (price === undefined || qtyEnd === NO || text.charCodeAt(qtyEnd) !== 0x7d) return NO; // }
    const qty = decimalOf(text, qtyStart, qtyEnd);
    if (qty === undefined) return NO;
    out.push([price, qty]);
    i = qtyEnd + 1;
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i + 1; // ]
    if (c !== 0x2c) return NO; // ,
    i++;
  }
}

/** Set by numberEnd: whether the number it read has an exponent (one scan runs at a time). */
let exponent = false;

/**
 * The end of a non-negative JSON number (0 or digits without a leading zero, optionally "." and digits, optionally
 * an exponent), or NO: anything lossless-json would refuse, or a sign, which decodeV2Frame refuses.
 */
function numberEnd(text: string, start: number): number {
  let i: number;
  if (text.charCodeAt(start) === 0x30) {
    i = start + 1; // a lone 0: a digit after it is not JSON, and the check below sees one
  } else {
    i = digitsEnd(text, start);
    if (i === NO) return NO;
  }
  let c = text.charCodeAt(i);
  if (c >= 0x30 && c <= 0x39) return NO;
  if (c === 0x2e) {
    i = digitsEnd(text, i + 1);
    if (i === NO) return NO;
    c = text.charCodeAt(i);
  }
  exponent = c === 0x65 || c === 0x45; // e E
  if (exponent) {
    i++;
    c = text.charCodeAt(i);
    if (c === 0x2b || c === 0x2d) i++; // + -
    i = digitsEnd(text, i);
  }
  return i;
}

/**
 * The number's text as decodeV2Frame keeps it: as written, or where numberEnd saw an exponent, spelled out by the
 * decoder's own plainDecimalFromNumberText (undefined for what it refuses), from a copy so no level holds the frame.
 */
function decimalOf(text: string, start: number, end: number): string | undefined {
  const copy = copyText(text, start, end);
  return exponent ? plainDecimalFromNumberText(copy) : copy;
}
