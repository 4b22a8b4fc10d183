import { mid, spread, type BookView, type Level, type SyncState } from '@lob/core';
import { resyncCount, type MarketSource } from '../feeds/market-source.js';

/** Everything one book's panel shows, read from the book at one instant. */
export interface PanelModel {
  readonly market: string;
  readonly symbol: string;
  readonly state: SyncState;
  readonly reason: string;
  readonly lastUpdateId: number;
  /** Best first, exact exchange strings. */
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  readonly spread: string | undefined;
  readonly mid: string | undefined;
  readonly bidLevels: number;
  readonly askLevels: number;
  readonly updatesPerSecond: number;
  /** Milliseconds since the last applied update, undefined before the first. */
  readonly ageMs: number | undefined;
  readonly resyncs: number;
}

/** The whole screen's content; `render` turns it into text. */
export interface FrameModel {
  readonly title: string;
  /** Wall clock of the frame, ms. */
  readonly now: number;
  readonly panels: readonly PanelModel[];
}

/** Reads one book into a panel model; synchronous, so the panel shows one consistent state of the book. */
export function panelModel(view: BookView, depth: number, updatesPerSecond: number, now: number): PanelModel {
  const book = view.book;
  const { lastAppliedAt } = view.stats;
  return {
    market: view.market,
    symbol: view.symbol,
    state: view.state,
    reason: view.reason,
    lastUpdateId: view.lastUpdateId,
    bids: book.top('bid', depth),
    asks: book.top('ask', depth),
    spread: spread(book),
    mid: mid(book),
    bidLevels: book.size('bid'),
    askLevels: book.size('ask'),
    updatesPerSecond,
    ageMs: lastAppliedAt > 0 ? Math.max(0, now - lastAppliedAt) : undefined,
    resyncs: resyncCount(view),
  };
}

/** Builds the frame of every market's books; `depthOf` gives the levels shown per market. */
export function frameModel(
  title: string,
  sources: readonly MarketSource[],
  depthOf: (market: string) => number,
  rates: ReadonlyMap<string, number>,
  now: number,
): FrameModel {
  const panels: PanelModel[] = [];
  for (const source of sources) {
    for (const view of source.books()) {
      panels.push(panelModel(view, depthOf(source.market), rates.get(`${view.market}/${view.symbol}`) ?? 0, now));
    }
  }
  return { title, now, panels };
}
