import type { PanelModel } from './frame-model.js';
import type { Line } from './segments.js';

/** A card layout: how tall a card is at a depth, how narrow it may be, and how it is drawn at a width. */
export interface CardKind {
  /** Rows of one card showing `depth` levels (per side). */
  height(depth: number): number;
  /** Inner width below which a card cannot show its content. */
  readonly minInner: number;
  /** The card's lines, `inner` columns between its borders, `depth` levels. */
  draw(panel: PanelModel, inner: number, depth: number): Line[];
}

/** One page of the grid. */
export interface GridPage {
  readonly lines: Line[];
  readonly pages: number;
  readonly page: number;
}

/** Levels a card shows at least before the grid pages instead of shrinking further. */
const MIN_DEPTH = 5;

/**
 * Lays cards out in a grid as wide as the terminal: as many per row as fit at their least width, each stretched so
 * the row fills the terminal. If every row fits at the wanted depth, or at a depth not below a few levels, one page
 * shows them all; otherwise the grid pages, and `page` picks which.
 */
export function cardGrid(panels: readonly PanelModel[], kind: CardKind, width: number, maxLines: number, page: number): GridPage {
  const perRow = Math.max(1, Math.floor((width + 1) / (kind.minInner + 3)));
  const inner = Math.max(kind.minInner, Math.floor((width + 1) / perRow) - 3);
  const rows = Math.ceil(panels.length / perRow);
  const wanted = Math.max(1, ...panels.map((p) => Math.max(p.bids.length, p.asks.length)));
  const depthForAll = deepestFitting(kind, Math.floor(maxLines / Math.max(1, rows)));
  const paged = depthForAll < Math.min(wanted, MIN_DEPTH);
  const depth = paged ? Math.max(1, Math.min(wanted, deepestFitting(kind, maxLines))) : Math.min(wanted, depthForAll);
  const rowsPerPage = paged ? Math.max(1, Math.floor(maxLines / kind.height(depth))) : rows;
  const pages = Math.max(1, Math.ceil(rows / rowsPerPage));
  const shown = Math.min(Math.max(0, page), pages - 1);
  const lines: Line[] = [];
  for (let r = shown * rowsPerPage; r < Math.min(rows, (shown + 1) * rowsPerPage); r++) {
    const cards = panels.slice(r * perRow, (r + 1) * perRow).map((p) => kind.draw(p, inner, depth));
    const height = (cards[0] as Line[]).length;
    for (let i = 0; i < height; i++) {
      const line: Line = [];
      cards.forEach((card, k) => {
        if (k > 0) line.push({ text: ' ' });
        line.push(...(card[i] as Line));
      });
      lines.push(line);
    }
  }
  return { lines: lines.slice(0, maxLines), pages, page: shown };
}

/** The most levels a card can show within `lines` rows (0 when not even one fits). */
function deepestFitting(kind: CardKind, lines: number): number {
  let depth = 0;
  while (kind.height(depth + 1) <= lines) depth++;
  return depth;
}
