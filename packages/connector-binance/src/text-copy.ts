// V8 makes a substring of 13 characters or more a view into its parent (a "sliced string"), which would keep a
// whole frame alive for as long as the book holds one of its levels. Shorter substrings are fresh copies already.
const SLICE_MIN = 13;
// Recently made long strings, by a hash of their text: the same prices and quantities recur frame after frame, so
// most long strings are found here and cost neither an allocation nor memory in the book (they are shared).
const SLOTS = 4096;
const recent: string[] = new Array<string>(SLOTS).fill('');
// Character codes of a miss, reused; its length is set to the string's before each use.
const codes: number[] = [];

/**
 * The text of `text` from `start` to `end` as a string that does not hold on to `text`: what JSON.parse would have
 * made of it, for a book to keep.
 */
export function copyText(text: string, start: number, end: number): string {
  const n = end - start;
  if (n < SLICE_MIN) return text.slice(start, end);
  let hash = n;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  const slot = hash & (SLOTS - 1);
  const known = recent[slot] as string;
  if (known.length === n && sameText(known, text, start)) return known;
  codes.length = n;
  for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(start + i);
  // fromCharCode builds a new flat string, unlike slice; the codes are ASCII, so one byte each.
  const fresh = String.fromCharCode.apply(null, codes);
  recent[slot] = fresh;
  return fresh;
}

function sameText(known: string, text: string, start: number): boolean {
  for (let i = 0; i < known.length; i++) if (known.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
