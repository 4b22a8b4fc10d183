import { idLabel } from '../feeds/book-top.js';
import type { PanelModel } from './frame-model.js';
import { formatLatency, formatRate } from './format.js';
import { padEnd, padStart, stateStyle, type Line, type Style } from './segments.js';

/** One page of the table. */
export interface TablePage {
  readonly lines: Line[];
  readonly pages: number;
  readonly page: number;
}

interface Column {
  readonly header: string;
  readonly align: 'left' | 'right';
  readonly cell: (p: PanelModel) => string;
  readonly style?: (p: PanelModel) => Style | undefined;
}

const leg = (ms: number | undefined): string => (ms === undefined ? '—' : formatLatency(ms));

const ALL_COLUMNS: readonly Column[] = [
  { header: 'venue', align: 'left', cell: (p) => p.market, style: () => 'dim' },
  { header: 'symbol', align: 'left', cell: (p) => p.symbol, style: () => 'title' },
  {
    header: 'state',
    align: 'left',
    cell: (p) => (p.retry === undefined ? p.state : `${p.state} #${p.retry.attempt} ${(p.retry.inMs / 1000).toFixed(1)}s`),
    style: (p) => stateStyle(p.state),
  },
  { header: 'bid qty', align: 'right', cell: (p) => p.bids[0]?.[1] ?? '—', style: () => 'bid' },
  { header: 'bid', align: 'right', cell: (p) => p.bids[0]?.[0] ?? '—', style: () => 'bid' },
  { header: 'ask', align: 'right', cell: (p) => p.asks[0]?.[0] ?? '—', style: () => 'ask' },
  { header: 'ask qty', align: 'right', cell: (p) => p.asks[0]?.[1] ?? '—', style: () => 'ask' },
  { header: 'spread', align: 'right', cell: (p) => p.spread ?? '—' },
  { header: 'upd/s', align: 'right', cell: (p) => formatRate(p.updatesPerSecond) },
  { header: 'exch→recv', align: 'right', cell: (p) => leg(p.exchangeToReceiveMs) },
  { header: 'recv→apply', align: 'right', cell: (p) => leg(p.receiveToApplyMs) },
  { header: 'exact', align: 'right', cell: (p) => `${p.exactDepth.bids}/${p.exactDepth.asks}` },
  { header: 'resyncs', align: 'right', cell: (p) => String(p.resyncs), style: (p) => (p.resyncs > 0 ? 'warn' : undefined) },
  { header: 'id', align: 'left', cell: (p) => idLabel(p)?.value ?? '' },
];

/**
 * The compact layout: one row per book (venue, symbol, state, best bid and ask, spread, rate, latency, exact
 * depth, resyncs, id), columns as wide as their widest cell, those past the terminal's width left out, paged
 * when the books outnumber the rows.
 */
export function bookTable(panels: readonly PanelModel[], width: number, maxLines: number, page: number): TablePage {
  const all = panels.map((p) => ALL_COLUMNS.map((c) => c.cell(p)));
  const allWidths = ALL_COLUMNS.map((c, i) => Math.max(c.header.length, ...all.map((row) => (row[i] as string).length)));
  // Whole columns only: those that do not fit the terminal are left out from the right, never cut.
  let shownColumns = 0;
  for (let used = 0; shownColumns < ALL_COLUMNS.length; shownColumns++) {
    used += (shownColumns === 0 ? 0 : 2) + (allWidths[shownColumns] as number);
    if (used > width) break;
  }
  const COLUMNS = ALL_COLUMNS.slice(0, Math.max(1, shownColumns));
  const cells = all.map((row) => row.slice(0, COLUMNS.length));
  const widths = allWidths.slice(0, COLUMNS.length);
  const align = (text: string, i: number): string => (COLUMNS[i]?.align === 'left' ? padEnd(text, widths[i] as number) : padStart(text, widths[i] as number));
  const header: Line = COLUMNS.flatMap((c, i) => [{ text: i === 0 ? '' : '  ' }, { text: align(c.header, i), style: 'dim' as const }]);
  const perPage = Math.max(1, maxLines - 1);
  const pages = Math.max(1, Math.ceil(panels.length / perPage));
  const shown = Math.min(Math.max(0, page), pages - 1);
  const lines: Line[] = [header];
  panels.slice(shown * perPage, (shown + 1) * perPage).forEach((p, r) => {
    const row = cells[shown * perPage + r] as string[];
    lines.push(
      COLUMNS.flatMap((c, i) => {
        const style = c.style?.(p);
        return [{ text: i === 0 ? '' : '  ' }, { text: align(row[i] as string, i), ...(style === undefined ? {} : { style }) }];
      }),
    );
  });
  return { lines, pages, page: shown };
}
