import type { BookView, DepthUpdate, FeedEvent } from '@lob/core';

/** Who hears every applied update and every feed event. */
export interface BookChangeListener {
  onUpdate(view: BookView, update: DepthUpdate): void;
  onEvent(event: FeedEvent): void;
}

/**
 * Fans the feeds' hooks out to listeners added later: the feeds are built before the HTTP API, and the diff stream
 * needs every applied update (and the state and snapshot events that replace a book without an update).
 */
export class BookChanges implements BookChangeListener {
  private readonly listeners = new Set<BookChangeListener>();

  /** Adds a listener; returns the function that removes it. */
  listen(listener: BookChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The feed's `onUpdate`: synchronous, the book consistent at this update. */
  onUpdate(view: BookView, update: DepthUpdate): void {
    for (const l of this.listeners) l.onUpdate(view, update);
  }

  /** The feed's `onEvent`. */
  onEvent(event: FeedEvent): void {
    for (const l of this.listeners) l.onEvent(event);
  }
}
