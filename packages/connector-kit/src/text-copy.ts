// V8 makes a substring of 13 characters or more a view into its parent (a "sliced string"), which would keep a
// whole frame alive for as long as the book holds one of its levels. Shorter substrings are fresh copies already.
const SLICE_MIN = 13;
// Character codes of a string longer than 24 characters, reused; its length is set to the string's before each use.
const codes: number[] = [];

// One character code: keeps the long fromCharCode calls below readable.
const c = (text: string, i: number): number => text.charCodeAt(i);

/**
 * The text of `text` from `start` to `end` as a string that does not hold on to `text`: what JSON.parse would have
 * made of it, for a book to keep.
 */
export function copyText(text: string, start: number, end: number): string {
  if (end - start < SLICE_MIN) return text.slice(start, end);
  return flatCopy(text, start, end - start);
}

/**
 * A new flat string of `n` (13 or more) characters of `text` from `s`. fromCharCode with the codes as arguments
 * builds one in a single allocation, about as fast as the slice would be plus a copy; a price or quantity is rarely
 * longer than 24 characters, and longer ones take the slower apply.
 */
function flatCopy(t: string, s: number, n: number): string {
  switch (n) {
    case 13:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12));
    case 14:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12),c(t, s + 13));
    case 15:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12),c(t, s + 13),c(t, s + 14));
    case 16:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12),c(t, s + 13),c(t, s + 14),c(t, s + 15));
    case 17:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12),c(t, s + 13),c(t, s + 14),c(t, s + 15),c(t, s + 16));
    case 18:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12),c(t, s + 13),c(t, s + 14),c(t, s + 15),c(t, s + 16),c(t, s + 17));
    case 19:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12),c(t, s + 13),c(t, s + 14),c(t, s + 15),c(t, s + 16),c(t, s + 17),c(t, s + 18));
    case 20:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12),c(t, s + 13),c(t, s + 14),c(t, s + 15),c(t, s + 16),c(t, s + 17),c(t, s + 18),c(t, s + 19));
    case 21:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12),c(t, s + 13),c(t, s + 14),c(t, s + 15),c(t, s + 16),c(t, s + 17),c(t, s + 18),c(t, s + 19),c(t, s + 20));
    case 22:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12),c(t, s + 13),c(t, s + 14),c(t, s + 15),c(t, s + 16),c(t, s + 17),c(t, s + 18),c(t, s + 19),c(t, s + 20),c(t, s + 21));
    case 23:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12),c(t, s + 13),c(t, s + 14),c(t, s + 15),c(t, s + 16),c(t, s + 17),c(t, s + 18),c(t, s + 19),c(t, s + 20),c(t, s + 21),c(t, s + 22));
    case 24:
      return String.fromCharCode(c(t, s),c(t, s + 1),c(t, s + 2),c(t, s + 3),c(t, s + 4),c(t, s + 5),c(t, s + 6),c(t, s + 7),c(t, s + 8),c(t, s + 9),c(t, s + 10),c(t, s + 11),c(t, s + 12),c(t, s + 13),c(t, s + 14),c(t, s + 15),c(t, s + 16),c(t, s + 17),c(t, s + 18),c(t, s + 19),c(t, s + 20),c(t, s + 21),c(t, s + 22),c(t, s + 23));
  }
  codes.length = n;
  for (let i = 0; i < n; i++) codes[i] = t.charCodeAt(s + i);
  return String.fromCharCode.apply(null, codes);
}
