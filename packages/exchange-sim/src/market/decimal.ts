// Exchange decimals are kept as integers of 10^-decimals units and only turned into text here:
// binary floats cannot hold "92233720368.54775807", and the wire must carry exact strings.

/** Formats an integer count of 10^-decimals units as an exact decimal string ("6500001000000", 8 -> "65000.01000000"). */
export function formatUnits(units: bigint | number, decimals: number): string {
  let digits = units.toString();
  if (digits.startsWith('-')) throw new RangeError(`negative decimal ${digits}`);
  if (decimals === 0) return digits;
  if (digits.length <= decimals) digits = '0'.repeat(decimals - digits.length + 1) + digits;
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** Parses a plain non-negative decimal into units of 10^-decimals; undefined when malformed or more precise than that. */
export function parseUnits(text: string, decimals: number): bigint | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const whole = m[1] ?? '0';
  let frac = m[2] ?? '';
  if (frac.length > decimals) {
    // Extra digits are fine only when they are trailing zeros.
    if (/[^0]/.test(frac.slice(decimals))) return undefined;
    frac = frac.slice(0, decimals);
  }
  return BigInt(whole + frac.padEnd(decimals, '0'));
}

/** Number of digits after the decimal point as written ("0.10" -> 2). */
export function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** True when a decimal string is zero in any spelling ("0", "0.000"). */
export function isZeroDecimal(text: string): boolean {
  return /^0*\.?0*$/.test(text);
}

/** Compares two non-negative decimal strings by value, without floats. */
export function compareDecimals(a: string, b: string): number {
  const [ai = '', af = ''] = a.split('.');
  const [bi = '', bf = ''] = b.split('.');
  const aInt = ai.replace(/^0+/, '');
  const bInt = bi.replace(/^0+/, '');
  if (aInt.length !== bInt.length) return aInt.length - bInt.length;
  if (aInt !== bInt) return aInt < bInt ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const aFrac = af.padEnd(width, '0');
  const bFrac = bf.padEnd(width, '0');
  if (aFrac === bFrac) return 0;
  return aFrac < bFrac ? -1 : 1;
}

/** Drops trailing fractional zeros and a bare point ("65000.10" -> "65000.1", "3.000" -> "3"): how OKX and Kraken v2 print. */
export function trimDecimal(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}
