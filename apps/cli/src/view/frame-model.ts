import { mid, spread, type BookView, type ExactDepth, type Level, type SyncState } from '@lob/core';
import type { BookHistory } from '../feeds/book-history.js';
import type { BookIds } from '@lob/book-stream';
import { bookTop } from '../feeds/book-top.js';
import { resyncCount, type MarketSource } from '../feeds/market-source.js';
import { startupProgress, type StartupProgress } from '../feeds/startup-progress.js';

/** Everything one book's panel shows, read from the book at one instant. */
export interface PanelModel extends BookIds {
  /** The venue's name. */
  readonly market: string;
  readonly symbol: string;
  readonly state: SyncState;
  readonly reason: string;
  /** Best first, exact exchange strings. */
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  readonly spread: string | undefined;
  readonly mid: string | undefined;
  readonly bidLevels: number;
  readonly askLevels: number;
  /** How many top levels per side are the exchange's for certain. */
  readonly exactDepth: ExactDepth;
  readonly updatesPerSecond: number;
  /** Milliseconds since the last applied update, undefined before the first. */
  readonly ageMs: number | undefined;
  /**
   * Of the last event (or snapshot) taken in, ms: from the exchange's time to its frame's receipt (two clocks, so
   * their offset is in it; undefined where the venue stamps no time), and from the receipt to the apply.
   */
  readonly exchangeToReceiveMs: number | undefined;
  readonly receiveToApplyMs: number | undefined;
  readonly resyncs: number;
  /** Milliseconds the book has been in its state, when known. */
  readonly inStateMs?: number;
  /** The last reason the book lost sync and how long ago, when known. */
  readonly lastTrouble?: { readonly reason: string; readonly agoMs: number };
  /** While the book waits to try again: which attempt comes next and in how long (ms). */
  readonly retry?: { readonly attempt: number; readonly inMs: number };
}

/** The whole screen's content; `render` turns it into text. */
export interface FrameModel {
  readonly title: string;
  /** Wall clock of the frame, ms. */
  readonly now: number;
  readonly panels: readonly PanelModel[];
  /** How far a cold start is (books live, snapshots queued, time left at the budget). */
  readonly progress: StartupProgress;
}

/** Reads one book into a panel model; synchronous, so the panel shows one consistent state of the book. */
export function panelModel(view: BookView, depth: number, updatesPerSecond: number, now: number, history?: BookHistory, hasUpdateIds = true): PanelModel {
  const book = view.book;
  const { lastEventTime, lastReceivedAt, lastAppliedAt } = view.stats;
  const past = history?.get(view.market, view.symbol);
  return {
    ...bookTop(view, depth, hasUpdateIds),
    spread: spread(book),
    mid: mid(book),
    bidLevels: book.size('bid'),
    askLevels: book.size('ask'),
    updatesPerSecond,
    ageMs: lastAppliedAt > 0 ? Math.max(0, now - lastAppliedAt) : undefined,
    exchangeToReceiveMs: lastEventTime > 0 && lastReceivedAt > 0 ? lastReceivedAt - lastEventTime : undefined,
    receiveToApplyMs: lastReceivedAt > 0 && lastAppliedAt > 0 ? Math.max(0, lastAppliedAt - lastReceivedAt) : undefined,
    resyncs: resyncCount(view),
    ...(past === undefined || past.state !== view.state ? {} : { inStateMs: Math.max(0, now - past.stateSince) }),
    ...(past?.lastTrouble === undefined ? {} : { lastTrouble: { reason: past.lastTrouble.reason, agoMs: Math.max(0, now - past.lastTrouble.at) } }),
    ...(past?.retry === undefined || view.state === 'live' ? {} : { retry: { attempt: past.retry.attempt, inMs: Math.max(0, past.retry.at - now) } }),
  };
}

/** What a frame is built from. */
export interface FrameInputs {
  readonly title: string;
  readonly sources: readonly MarketSource[];
  /** Levels shown per side, per market. */
  readonly depthOf: (market: string) => number;
  /** Updates per second by `market/symbol`. */
  readonly rates: ReadonlyMap<string, number>;
  readonly now: number;
  readonly history?: BookHistory;
}

/** Builds the frame of every market's books. */
export function frameModel(inputs: FrameInputs): FrameModel {
  const { sources, depthOf, rates, now, history } = inputs;
  const panels: PanelModel[] = [];
  for (const source of sources) {
    for (const view of source.books()) {
      panels.push(panelModel(view, depthOf(source.market), rates.get(`${view.market}/${view.symbol}`) ?? 0, now, history, source.hasUpdateIds));
    }
  }
  return { title: inputs.title, now, panels, progress: startupProgress(sources) };
}
