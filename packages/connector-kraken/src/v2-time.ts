import { copyText } from '@lob/connector-kit';

// Kraken stamps every v2 update "2023-10-06T17:35:55.440295Z". Date.parse on each costs about a third of a scan, and
// consecutive messages share their minute: Date.parse reads the minute once, and the seconds and milliseconds are
// added to it, as Date.parse adds them (whole numbers, no rounding: fraction digits past the third are dropped).
// Anything but that exact shape, an hour of 24, a 60th second and ten or more fraction digits included (Date.parse
// has rules for each), is read by Date.parse itself.

const MINUTE_LENGTH = 16; // "2023-10-06T17:35"
const SHORTEST = 20; // "2023-10-06T17:35:55Z"
// V8 reads at most nine significant fraction digits and then scales by a length capped at nine, so a longer
// fraction ("55.0001000000") is not simply truncated: Date.parse reads those.
const LONGEST = SHORTEST + 1 + 9;
// Offsets of the separators in "YYYY-MM-DDTHH:MM:SS".
const SEPARATORS: readonly (readonly [number, number])[] = [
  [4, 0x2d], // -
  [7, 0x2d],
  [10, 0x54], // T
  [13, 0x3a], // :
  [16, 0x3a],
];
const DIGITS: readonly number[] = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/** The minute of the last timestamp read, and Date.parse's ms for it at second 0 (one scan runs at a time). */
let minute = '';
let minuteMs = Number.NaN;

/** Exactly Date.parse(text.slice(start, end)) for a v2 `timestamp`'s text, sooner for Kraken's usual shape. */
export function timestampMs(text: string, start: number, end: number): number {
  if (!isKrakenShape(text, start, end)) return Date.parse(text.slice(start, end));
  if (minute === '' || !text.startsWith(minute, start)) {
    minute = copyText(text, start, start + MINUTE_LENGTH);
    minuteMs = Date.parse(`${minute}:00Z`);
  }
  if (Number.isNaN(minuteMs)) return Date.parse(text.slice(start, end)); // month 13, minute 60: Date.parse decides
  let ms = 0;
  // Fraction digits start after "SS."; the first three are milliseconds, the rest dropped.
  for (let i = start + SHORTEST, weight = 100; i < end - 1 && weight >= 1; i++, weight /= 10) ms += digit(text, i) * weight;
  return minuteMs + (digit(text, start + 17) * 10 + digit(text, start + 18)) * 1000 + ms;
}

/** "YYYY-MM-DDTHH:MM:SSZ" or "…:SS.f…Z" with one to nine fraction digits, the hour below 24 and the second below 60. */
function isKrakenShape(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < SHORTEST || length === SHORTEST + 1 || length > LONGEST || text.charCodeAt(end - 1) !== 0x5a) return false; // Z
  for (const [at, code] of SEPARATORS) if (text.charCodeAt(start + at) !== code) return false;
  for (const at of DIGITS) if (!isDigit(text.charCodeAt(start + at))) return false;
  if (length > SHORTEST) {
    if (text.charCodeAt(start + 19) !== 0x2e) return false; // .
    for (let i = start + SHORTEST; i < end - 1; i++) if (!isDigit(text.charCodeAt(i))) return false;
  }
  return digit(text, start + 11) * 10 + digit(text, start + 12) < 24 && digit(text, start + 17) < 6;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function digit(text: string, at: number): number {
  return text.charCodeAt(at) - 0x30;
}
