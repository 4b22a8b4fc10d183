const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
/** Experiment: decimalKey with the integer and fraction parts accumulated separately in small integers. */
export function fastDecimalKey(text: string): number {
  const n = text.length;
  let i = 0;
  let int = 0;
  let c = 0;
  for (; i < n; i++) {
    c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    int = int * 10 + c;
  }
  if (i === n) return i === 0 ? NaN : int * 1e8;
  if (c !== -2 || (i === 0 && n === 1)) return NaN; // not a '.', or a lone '.'
  let frac = 0;
  let digits = 0;
  for (i++; i < n; i++) {
    c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    if (digits < 8) {
      frac = frac * 10 + c;
      digits++;
    } else if (c !== 0) {
      return slowPath(text); // more than 8 significant decimals: rare, keep the old rounding
    }
  }
  return int * 1e8 + frac * (POW10[8 - digits] as number);
}
function slowPath(text: string): number {
  let acc = 0;
  let fraction = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      acc = acc * 10 + (c - 48);
      if (fraction >= 0) fraction++;
    } else fraction = 0;
  }
  return acc / 10 ** (fraction - 8);
}
/** Experiment: zero test that stops at the first non-zero digit (most quantities are non-zero early). */
export function fastIsZero(q: string): boolean {
  const n = q.length;
  let dot = false;
  for (let i = 0; i < n; i++) {
    const c = q.charCodeAt(i);
    if (c === 48) continue;
    if (c === 46 && !dot) { dot = true; continue; }
    if (c > 48 && c <= 57) return !validateRest(q, i + 1, dot);
    throw new Error('invalid-quantity');
  }
  if (n === 0 || (dot && n === 1)) throw new Error('invalid-quantity');
  return true;
}
/** True when the rest is valid digits (with at most one dot overall); throws otherwise. */
function validateRest(q: string, from: number, dot: boolean): boolean {
  for (let i = from; i < q.length; i++) {
    const c = q.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 46 && !dot) { dot = true; continue; }
    throw new Error('invalid-quantity');
  }
  return true;
}
