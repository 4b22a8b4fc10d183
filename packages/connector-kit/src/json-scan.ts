// The JSON scanning steps the venues' frame scanners share. Each reads one token of a frame whose exact shape the
// scanner knows, and returns the position it stopped at, or NO: the frame is not in that shape, so the decoder decides.

/** The position every step returns on failure. */
export const NO = -1;
const MAX_INT_DIGITS = 16; // Number.MAX_SAFE_INTEGER has 16 digits

/**
 * Where intEnd leaves the integer it read: a step returns its end position, and a shared object's field keeps that
 * call free of allocation (no pair returned), which a module-level `let` could not offer across modules.
 */
export const scanned = { int: 0 };

/** Reads a JSON non-negative integer of at most 16 digits that is a safe integer into scanned.int; its end, or NO. */
export function intEnd(text: string, start: number): number {
  let c = text.charCodeAt(start);
  if (!(c >= 0x30 && c <= 0x39)) return NO;
  let value = c - 0x30;
  let i = start + 1;
  c = text.charCodeAt(i);
  if (value === 0) {
    if (c >= 0x30 && c <= 0x39) return NO; // a leading zero is not JSON
  } else {
    while (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      c = text.charCodeAt(++i);
    }
    // Up to 16 digits every step below 2^53 is exact, so a value within MAX_SAFE_INTEGER is the one JSON.parse reads.
    if (i - start > MAX_INT_DIGITS || value > Number.MAX_SAFE_INTEGER) return NO;
  }
  // A fraction or exponent makes it another number (1.5) or the same one written otherwise (1e3): not ours.
  if (c === 0x2e || c === 0x65 || c === 0x45) return NO;
  scanned.int = value;
  return i;
}

/** The end of one or more digits from `start`, or NO. */
export function digitsEnd(text: string, start: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  while (c >= 0x30 && c <= 0x39) c = text.charCodeAt(++i);
  return i === start ? NO : i;
}

/** The end of a plain decimal (digits, then optionally "." and digits) that the closing quote follows, or NO. */
export function decimalEnd(text: string, start: number): number {
  let i = digitsEnd(text, start);
  if (i === NO) return NO;
  if (text.charCodeAt(i) === 0x2e) {
    i = digitsEnd(text, i + 1);
    if (i === NO) return NO;
  }
  return text.charCodeAt(i) === 0x22 ? i : NO;
}

/**
 * The position of the closing quote of a string whose text starts at `start`, or NO unless every character is
 * printable ASCII other than a backslash: such a string means exactly its characters, as JSON.parse reads it.
 */
export function stringEnd(text: string, start: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  while (c !== 0x22) {
    if (!(c >= 0x20 && c <= 0x7e) || c === 0x5c) return NO; // also NaN past the end
    c = text.charCodeAt(++i);
  }
  return i;
}
