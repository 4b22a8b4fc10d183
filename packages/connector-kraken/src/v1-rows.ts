import type { Level } from '@lob/core';
import { copyText, decimalEnd, NO } from '@lob/connector-kit';

/**
 * The newest level timestamp the rows read since the scanner last zeroed it, in ms: decodeV1Frame's message time.
 * A shared object's field, as connector-kit's `scanned`, keeps a row free of any allocation beyond its level.
 */
export const newest = { ms: 0 };

// Whole seconds at most this large keep seconds × 1000 + 999 below 2^53, so the integer sum here is exactly the
// float sum decodeV1Frame computes (Number(seconds) * 1000 + Number(first three fraction digits)). Kraken's are ~1.6e9.
const MAX_SECONDS = 9_000_000_000_000;
// The weight of the first three fraction digits in ms; later digits are dropped, as decodeV1Frame drops them.
const FRACTION_MS = [100, 10, 1] as const;

/**
 * Reads Kraken v1 rows `[["price","volume","timestamp"(,"r")],...]` into `out` as [price, volume], both plain
 * decimals as isPlainDecimal wants them, raising `newest.ms` to each row's time; the position after `]`, or NO.
 */
export function v1RowsEnd(text: string, start: number, out: Level[]): number {
  if (text.charCodeAt(start) !== 0x5b) return NO; // [
  let i = start + 1;
  if (text.charCodeAt(i) === 0x5d) return i + 1; // ]
  for (;;) {
    if (text.charCodeAt(i) !== 0x5b || text.charCodeAt(i + 1) !== 0x22) return NO; // ["
    const priceStart = i + 2;
    const priceEnd = decimalEnd(text, priceStart);
    if (priceEnd === NO || text.charCodeAt(priceEnd + 1) !== 0x2c || text.charCodeAt(priceEnd + 2) !== 0x22) return NO; // ,"
    const volumeStart = priceEnd + 3;
    const volumeEnd = decimalEnd(text, volumeStart);
    if (volumeEnd === NO || text.charCodeAt(volumeEnd + 1) !== 0x2c || text.charCodeAt(volumeEnd + 2) !== 0x22) return NO; // ,"
    i = timestampEnd(text, volumeEnd + 3);
    if (i === NO) return NO;
    // A republished level (one that re-entered the window) carries a fourth string, exactly "r".
    if (text.charCodeAt(i + 1) === 0x2c && text.startsWith('"r"', i + 2)) i += 4;
    if (text.charCodeAt(i + 1) !== 0x5d) return NO; // ]
    out.push([copyText(text, priceStart, priceEnd), copyText(text, volumeStart, volumeEnd)]);
    i += 2;
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i + 1; // ]
    if (c !== 0x2c) return NO; // ,
    i++;
  }
}

/**
 * Reads a timestamp string's text (seconds, optionally "." and digits) up to its closing quote, whose position it
 * returns, or NO; raises `newest.ms` to its time in whole ms.
 */
function timestampEnd(text: string, start: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  let seconds = 0;
  while (c >= 0x30 && c <= 0x39) {
    seconds = seconds * 10 + (c - 0x30);
    if (seconds > MAX_SECONDS) return NO; // past exact integers: decodeV1Frame's float arithmetic decides
    c = text.charCodeAt(++i);
  }
  if (i === start) return NO;
  let ms = seconds * 1000;
  if (c === 0x2e) {
    const fractionStart = ++i;
    c = text.charCodeAt(i);
    while (c >= 0x30 && c <= 0x39) {
      const at = i - fractionStart;
      if (at < 3) ms += (c - 0x30) * (FRACTION_MS[at] as number);
      c = text.charCodeAt(++i);
    }
    if (i === fractionStart) return NO;
  }
  if (c !== 0x22) return NO; // "
  if (ms > newest.ms) newest.ms = ms;
  return i;
}
