import type { Level } from '@lob/core';
import { decimalEnd, NO, stringEnd } from './json-scan.js';
import { copyText } from './text-copy.js';

/**
 * Reads `[["p","q",...],...]` rows into `out` as [p, q]: the two strings (plain decimals only where `decimals`),
 * then exactly `skipped` more strings, not kept; the position after `]`, or NO. One reader for every venue's rows,
 * since each call site passes constants the JIT folds.
 */
export function levelRowsEnd(text: string, start: number, out: Level[], decimals: boolean, skipped: number): number {
  if (text.charCodeAt(start) !== 0x5b) return NO; // [
  let i = start + 1;
  if (text.charCodeAt(i) === 0x5d) return i + 1; // ]
  for (;;) {
    if (text.charCodeAt(i) !== 0x5b || text.charCodeAt(i + 1) !== 0x22) return NO; // ["
    const priceStart = i + 2;
    const priceEnd = decimals ? decimalEnd(text, priceStart) : stringEnd(text, priceStart);
    if (priceEnd === NO || text.charCodeAt(priceEnd + 1) !== 0x2c || text.charCodeAt(priceEnd + 2) !== 0x22) return NO; // ,"
    const quantityStart = priceEnd + 3;
    const quantityEnd = decimals ? decimalEnd(text, quantityStart) : stringEnd(text, quantityStart);
    if (quantityEnd === NO) return NO;
    i = quantityEnd;
    for (let k = 0; k < skipped; k++) {
      if (text.charCodeAt(i + 1) !== 0x2c || text.charCodeAt(i + 2) !== 0x22) return NO; // ,"
      i = stringEnd(text, i + 3);
      if (i === NO) return NO;
    }
    if (text.charCodeAt(i + 1) !== 0x5d) return NO; // ]
    out.push([copyText(text, priceStart, priceEnd), copyText(text, quantityStart, quantityEnd)]);
    i += 2;
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i + 1; // ]
    if (c !== 0x2c) return NO; // ,
    i++;
  }
}
