import type { BookView, FeedEvent, SyncState } from '@lob/core';

/**
 * Tells the hooks of each book's state as its view reports it, once per change: a copy's state changes on a message
 * (the publisher's word) but also with no message at all (its publisher fell silent, see BusBookView), and the
 * outputs (`/stream`, logs) must hear of both.
 */
export class StateAnnouncer {
  private readonly states = new Map<BookView, SyncState>();

  constructor(
    private readonly onEvent: (event: FeedEvent) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Emits a book event when `view`'s state differs from the one last announced for it; whether it did. */
  announce(view: BookView): boolean {
    const previous = this.states.get(view) ?? 'connecting';
    const state = view.state;
    if (state === previous) return false;
    this.states.set(view, state);
    this.onEvent({ kind: 'book', market: view.market, symbol: view.symbol, state, previous, reason: view.reason, at: this.now() });
    return true;
  }
}
