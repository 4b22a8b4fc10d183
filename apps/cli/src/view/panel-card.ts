import { CARD_CHROME, cardFrame } from './card-parts.js';
import type { CardKind } from './card-grid.js';
import type { PanelModel } from './frame-model.js';
import { boxed, padStart, type Line } from './segments.js';

/** Widest price and quantity over every book, so every card's columns line up. */
export interface Columns {
  readonly price: number;
  readonly qty: number;
}

/** The widths of the price and quantity columns that hold every level shown. */
export function columnsOf(panels: readonly PanelModel[], headers: { price: string; qty: string }): Columns {
  let price = headers.price.length;
  let qty = headers.qty.length;
  for (const p of panels) {
    for (const [pr, q] of [...p.bids, ...p.asks]) {
      price = Math.max(price, pr.length);
      qty = Math.max(qty, q.length);
    }
  }
  return { price, qty };
}

/** Narrowest card: the two sides' columns, or what the stats rows need, whichever is wider. */
const MIN_STATS_WIDTH = 50;

/**
 * The panel card: bids and asks side by side (bid qty, bid price │ ask price, ask qty), best first, then spread and
 * mid. Prices sit next to the middle at one width for every card; quantities take whatever the terminal adds.
 */
export function panelCard(panels: readonly PanelModel[]): CardKind {
  const columns = columnsOf(panels, { price: 'bid price', qty: 'bid qty' });
  return {
    height: (depth) => CARD_CHROME + 2 + depth,
    minInner: Math.max(1 + 2 * (columns.qty + 1 + columns.price) + 3 + 1, MIN_STATS_WIDTH),
    draw: (p, inner, depth) => panelLines(p, inner, depth, columns),
  };
}

function panelLines(p: PanelModel, inner: number, depth: number, columns: Columns): Line[] {
  const half = Math.floor((inner - 5) / 2);
  const qty = half - 1 - columns.price;
  const price = columns.price;
  const gap = inner - 5 - 2 * half;
  const side = (left: string, right: string, style: 'bid' | 'ask' | 'dim'): Line => [
    { text: ' ' },
    { text: left, style },
    { text: ' '.repeat(gap) + ' │ ', style: 'dim' },
    { text: right, style: style === 'bid' ? 'ask' : style },
    { text: ' ' },
  ];
  const frame = cardFrame(p, inner);
  const lines: Line[] = [frame.top];
  lines.push(boxed(side(`${padStart('bid qty', qty)} ${padStart('bid price', price)}`, `${padStart('ask price', price)} ${padStart('ask qty', qty)}`, 'dim'), inner));
  for (let i = 0; i < depth; i++) {
    const bid = p.bids[i];
    const ask = p.asks[i];
    const left = bid === undefined ? ' '.repeat(half) : `${padStart(bid[1], qty)} ${padStart(bid[0], price)}`;
    const right = ask === undefined ? ' '.repeat(half) : `${padStart(ask[0], price)} ${padStart(ask[1], qty)}`;
    lines.push(boxed(side(left, right, 'bid'), inner));
  }
  lines.push(
    boxed(
      [
        { text: ' spread ', style: 'dim' },
        { text: p.spread ?? '—' },
        { text: '  mid ', style: 'dim' },
        { text: p.mid ?? '—' },
      ],
      inner,
    ),
  );
  lines.push(...frame.bottom);
  return lines;
}
