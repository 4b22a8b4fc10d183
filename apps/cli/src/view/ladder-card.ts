import { CARD_CHROME, cardFrame } from './card-parts.js';
import type { CardKind } from './card-grid.js';
import type { PanelModel } from './frame-model.js';
import { columnsOf, type Columns } from './panel-card.js';
import { largestQuantity, quantityBar } from './quantity-bar.js';
import { boxed, padStart, type Line } from './segments.js';

/** Columns a ladder's quantity bars get at least. */
const MIN_BAR = 8;
/** Narrowest card: what the stats rows need. */
const MIN_STATS_WIDTH = 50;

/**
 * The ladder card: one price column, asks above (best ask lowest), spread and mid between, bids below (best bid
 * highest), each level's quantity with a bar sized against the largest quantity shown, as a trader's DOM shows it.
 */
export function ladderCard(panels: readonly PanelModel[]): CardKind {
  const columns = columnsOf(panels, { price: 'price', qty: 'quantity' });
  return {
    height: (depth) => CARD_CHROME + 2 + 2 * depth,
    minInner: Math.max(1 + columns.price + 2 + columns.qty + 2 + MIN_BAR + 1, MIN_STATS_WIDTH),
    draw: (p, inner, depth) => ladderLines(p, inner, depth, columns),
  };
}

function ladderLines(p: PanelModel, inner: number, depth: number, columns: Columns): Line[] {
  const barWidth = inner - (1 + columns.price + 2 + columns.qty + 2) - 1;
  const asks = p.asks.slice(0, depth);
  const bids = p.bids.slice(0, depth);
  const max = largestQuantity([...asks, ...bids]);
  const level = (level: readonly [string, string] | undefined, side: 'bid' | 'ask'): Line =>
    level === undefined
      ? [{ text: '' }]
      : [
          { text: ' ' },
          { text: padStart(level[0], columns.price), style: side },
          { text: '  ' },
          { text: padStart(level[1], columns.qty) },
          { text: '  ' },
          { text: quantityBar(level[1], max, barWidth), style: side === 'bid' ? 'bid-bar' : 'ask-bar' },
        ];
  const frame = cardFrame(p, inner);
  const lines: Line[] = [frame.top];
  lines.push(boxed([{ text: ` ${padStart('price', columns.price)}  ${padStart('quantity', columns.qty)}`, style: 'dim' }], inner));
  // Asks from the farthest shown down to the best, so the best ask sits just above the spread; blank rows above
  // them when the book has fewer asks than the depth keep the spread row in place.
  for (let i = depth - 1; i >= 0; i--) lines.push(boxed(level(asks[i], 'ask'), inner));
  const middle = ` spread ${p.spread ?? '—'} · mid ${p.mid ?? '—'} `;
  const rule = Math.max(0, inner - middle.length - 1);
  lines.push(boxed([{ text: '─', style: 'dim' }, { text: middle }, { text: '─'.repeat(rule), style: 'dim' }], inner));
  for (let i = 0; i < depth; i++) lines.push(boxed(level(bids[i], 'bid'), inner));
  lines.push(...frame.bottom);
  return lines;
}
