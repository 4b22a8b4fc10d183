import { levelCode, spelling, type Level } from '@lob/core';
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

const SCALE = [1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1]; // by fraction digits: a key counts units of 1e-8
// What the two readers below leave of the string they just read: a price's key, a quantity's zero-ness and digits
// (mantissa), and for both the fraction digits and whether it is spelled canonically (see levelSpelling in
// @lob/core). `key` and `mantissa` start as doubles (NaN) so their fields hold doubles from the first write on.
const read = { key: NaN, zero: false, mantissa: NaN, digits: 0, canonical: false };

/** Whether a plain decimal of `n` characters from `start` with `fraction` decimals (-1: no ".") is spelled canonically. */
function canonicalAt(text: string, start: number, n: number, fraction: number): boolean {
  const whole = fraction < 0 ? n : n - fraction - 1;
  return whole > 0 && fraction !== 0 && !(whole > 1 && text.charCodeAt(start) === 0x30);
}

/**
 * The closing quote of a string from `start` (as stringEnd), keying it on the way: read.key is the price key priceKey
 * would make of it when it is a plain decimal of at most 8 decimals keyed as an exact integer, else NaN.
 */
function priceStringEnd(text: string, start: number): number {
  let i = start;
  let acc = 0;
  let c = text.charCodeAt(i);
  while (c >= 0x30 && c <= 0x39) {
    acc = acc * 10 + (c - 0x30);
    c = text.charCodeAt(++i);
  }
  let fraction = -1;
  if (c === 0x2e) {
    const dot = ++i;
    c = text.charCodeAt(i);
    while (c >= 0x30 && c <= 0x39) {
      acc = acc * 10 + (c - 0x30);
      c = text.charCodeAt(++i);
    }
    fraction = i - dot;
  }
  if (c !== 0x22) {
    read.key = NaN; // not a plain decimal: the book reads it, and refuses it or not
    return stringEnd(text, i);
  }
  const n = i - start;
  const key = acc * (SCALE[fraction < 0 ? 0 : fraction] as number);
  read.key = n === 0 || (fraction === 0 && n === 1) || fraction > 8 || acc > Number.MAX_SAFE_INTEGER || key > Number.MAX_SAFE_INTEGER ? NaN : key;
  read.digits = fraction < 0 ? 0 : fraction;
  read.canonical = canonicalAt(text, start, n, fraction);
  return i;
}

/**
 * The closing quote of a string from `start` (as stringEnd), reading it as a quantity on the way: read.key is 0 when
 * it is a plain decimal (isZeroQuantity's rule), NaN when not, and read.zero whether it is zero. Its two digit loops
 * repeat priceStringEnd's on purpose: one helper for both, handing its results over in an object, read the recorded
 * rows 5–20 % slower.
 */
function quantityStringEnd(text: string, start: number): number {
  let i = start;
  let mantissa = 0;
  let c = text.charCodeAt(i);
  while (c >= 0x30 && c <= 0x39) {
    mantissa = mantissa * 10 + (c - 0x30);
    c = text.charCodeAt(++i);
  }
  let fraction = -1;
  if (c === 0x2e) {
    const dot = ++i;
    c = text.charCodeAt(i);
    while (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      c = text.charCodeAt(++i);
    }
    fraction = i - dot;
  }
  if (c !== 0x22) {
    read.key = NaN;
    read.canonical = false;
    return stringEnd(text, i);
  }
  const n = i - start;
  read.key = n === 0 || (fraction === 0 && n === 1) ? NaN : 0;
  // Past 2^53 the sum is rounded, but a rounded sum of non-zero digits never reaches 0, and spellings need < 2^45.
  read.zero = mantissa === 0;
  read.mantissa = mantissa;
  read.digits = fraction < 0 ? 0 : fraction;
  read.canonical = canonicalAt(text, start, n, fraction);
  return i;
}

// The last zero quantity read: a venue spells its deletions one way ("0.00000000"), and about half of a busy book's
// changes are deletions, so one string serves them all instead of a copy per level.
let lastZero = '0';

/** The zero quantity at `start`..`end` of `text`, as the string read last time when it is spelled the same. */
function zeroText(text: string, start: number, end: number): string {
  if (end - start !== lastZero.length || !text.startsWith(lastZero, start)) lastZero = copyText(text, start, end);
  return lastZero;
}

/**
 * Reads `[["p","q"],...]` rows as levelRowsEnd does (two strings a row, any printable ASCII), and pushes each
 * level's code (see levelCode in @lob/core) to `codes`: the walk over the text that finds the strings' ends reads
 * their digits too, so the book need not read them again.
 */
export function codedRowsEnd(text: string, start: number, out: Level[], codes: number[]): number {
  if (text.charCodeAt(start) !== 0x5b) return NO; // [
  let i = start + 1;
  if (text.charCodeAt(i) === 0x5d) return i + 1; // ]
  for (;;) {
    if (text.charCodeAt(i) !== 0x5b || text.charCodeAt(i + 1) !== 0x22) return NO; // ["
    const priceStart = i + 2;
    const priceEnd = priceStringEnd(text, priceStart);
    if (priceEnd === NO || text.charCodeAt(priceEnd + 1) !== 0x2c || text.charCodeAt(priceEnd + 2) !== 0x22) return NO; // ,"
    const key = read.key;
    const quantityStart = priceEnd + 3;
    const quantityEnd = quantityStringEnd(text, quantityStart);
    if (quantityEnd === NO || text.charCodeAt(quantityEnd + 1) !== 0x5d) return NO; // ]
    // A deletion's level is never kept by the book, so its price may stay a view into the frame (no copy).
    const deletion = read.zero && read.key === 0;
    out.push(deletion ? [text.slice(priceStart, priceEnd), zeroText(text, quantityStart, quantityEnd)] : [copyText(text, priceStart, priceEnd), copyText(text, quantityStart, quantityEnd)]);
    // NaN + anything is NaN: a price or quantity the book must read leaves the whole level to it.
    codes.push(levelCode(key + read.key, read.zero));
    i = quantityEnd + 2;
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i + 1; // ]
    if (c !== 0x2c) return NO; // ,
    i++;
  }
}

/** Whether every level spelledRowsEnd read last could be spelled (else its spellings are NaN where not). */
export const rows = { spelled: true };

/**
 * Reads `[["p","q"],...]` rows as codedRowsEnd does, but makes no string: it pushes each level's code to `codes` and
 * its spelling (see levelSpelling in @lob/core: the numbers the book writes the strings again from) to `spellings`.
 * rows.spelled says whether every level had one; where not, the strings are needed (codedRowsEnd reads them).
 */
export function spelledRowsEnd(text: string, start: number, codes: number[], spellings: number[]): number {
  rows.spelled = true;
  if (text.charCodeAt(start) !== 0x5b) return NO; // [
  let i = start + 1;
  if (text.charCodeAt(i) === 0x5d) return i + 1; // ]
  for (;;) {
    if (text.charCodeAt(i) !== 0x5b || text.charCodeAt(i + 1) !== 0x22) return NO; // ["
    const priceEnd = priceStringEnd(text, i + 2);
    if (priceEnd === NO || text.charCodeAt(priceEnd + 1) !== 0x2c || text.charCodeAt(priceEnd + 2) !== 0x22) return NO; // ,"
    const key = read.key;
    const priceDigits = read.digits;
    const priceCanonical = read.canonical;
    const quantityEnd = quantityStringEnd(text, priceEnd + 3);
    if (quantityEnd === NO || text.charCodeAt(quantityEnd + 1) !== 0x5d) return NO; // ]
    const code = levelCode(key + read.key, read.zero);
    codes.push(code);
    const spelled = code === code && priceCanonical && read.canonical ? spelling(read.mantissa, priceDigits, read.digits) : NaN;
    spellings.push(spelled);
    if (spelled !== spelled) rows.spelled = false;
    i = quantityEnd + 2;
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i + 1; // ]
    if (c !== 0x2c) return NO; // ,
    i++;
  }
}
