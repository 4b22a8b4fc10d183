/** Eighths of a cell, so a bar's length is drawn to an eighth of a column. */
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A bar `width` columns long at most, proportional to `qty` over `max` (both the exchange's decimal text; the
 * numbers only size the bar, the text shown beside it stays exact). A quantity above zero always gets a sliver.
 */
export function quantityBar(qty: string, max: number, width: number): string {
  const value = Number(qty);
  if (!(value > 0) || !(max > 0) || width <= 0) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** The largest quantity among these levels, as a number for sizing bars (0 when there are none). */
export function largestQuantity(levels: readonly (readonly [string, string])[]): number {
  let max = 0;
  for (const [, qty] of levels) max = Math.max(max, Number(qty) || 0);
  return max;
}
