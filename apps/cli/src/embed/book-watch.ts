import type { BookStateEvent, BookView } from '@lob/core';
import { ChangedBooks } from './changed-books.js';
import { watchedBook, type WatchedBook } from './watched-book.js';

/** What a watch reads its books from: one venue's feed (core's MarketFeed satisfies it). */
export interface WatchedSource {
  readonly market: string;
  readonly hasUpdateIds: boolean;
  books(): readonly BookView[];
  book(symbol: string): BookView | undefined;
}

/** Called on every state change of a book (`live`, `resyncing`, ...), synchronously, as it happens. */
export type BookStateListener = (event: BookStateEvent) => void;

/**
 * A running watch over one venue's books: iterate it with `for await` for each book's newest state, or read
 * `latest(symbol)`. Leaving a `for await` loop (break, return, throw) closes the watch, as `close()` does.
 */
export interface BookWatch extends AsyncIterable<WatchedBook> {
  readonly venue: string;
  /** The watched symbols, in the venue's spelling. */
  readonly symbols: readonly string[];
  /** A book's state now (any case of its symbol), or undefined for a symbol not watched. */
  latest(symbol: string): WatchedBook | undefined;
  /** Listens to every book's state changes; returns the function that stops listening. */
  onState(listener: BookStateListener): () => void;
  /** Whether the watch has been closed (by `close`, a loop left, or the signal). */
  readonly closed: boolean;
  /** Stops the feed (and the demo simulator) and ends every loop over the watch; resolves once all is released. */
  close(): Promise<void>;
}

/**
 * The watch over a started feed: it hears the feed's updates and events through `changed`/`event`, and hands each
 * loop the newest state of each book that changed since it last looked (coalesced per book).
 */
export class FeedWatch implements BookWatch {
  readonly venue: string;
  readonly symbols: readonly string[];
  private readonly loops = new Set<ChangedBooks>();
  private readonly listeners = new Set<BookStateListener>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly source: WatchedSource,
    private readonly depth: number,
    private readonly release: () => Promise<void>,
  ) {
    this.venue = source.market;
    this.symbols = Object.freeze(source.books().map((v) => v.symbol));
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** The feed applied an update to a book (its symbol in the venue's spelling). */
  changed(symbol: string): void {
    for (const loop of this.loops) loop.mark(symbol);
  }

  /** The feed reported an event; a book's state change is a change of that book. */
  event(event: BookStateEvent): void {
    this.changed(event.symbol);
    for (const listener of this.listeners) {
      // A listener's mistake is the consumer's, not the feed's: it must not stop the books nor the other listeners.
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`watchBooks: a state listener threw: ${error instanceof Error ? error.message : String(error)}`, 'WatchBooksListenerWarning');
      }
    }
  }

  latest(symbol: string): WatchedBook | undefined {
    const view = this.source.book(symbol);
    return view === undefined ? undefined : watchedBook(view, this.depth, this.source.hasUpdateIds);
  }

  onState(listener: BookStateListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  close(): Promise<void> {
    if (this.closing === undefined) {
      for (const loop of this.loops) loop.close();
      this.loops.clear();
      this.listeners.clear();
      this.closing = this.release();
    }
    return this.closing;
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchedBook> {
    const loop = new ChangedBooks();
    // Each loop starts with every book's current state, so it never waits for a quiet book's next change.
    if (this.closed) loop.close();
    else {
      for (const symbol of this.symbols) loop.mark(symbol);
      this.loops.add(loop);
    }
    const done = (): IteratorResult<WatchedBook> => ({ done: true, value: undefined });
    return {
      next: async () => {
        for (;;) {
          const symbol = await loop.take();
          if (symbol === undefined) return done();
          const book = this.latest(symbol);
          if (book !== undefined) return { done: false, value: book };
        }
      },
      return: async () => {
        await this.close();
        return done();
      },
    };
  }
}
