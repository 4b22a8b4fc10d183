import type { BookItem } from './worker-protocol.js';

/**
 * Gathers what happens to a worker's books during one turn of its loop and posts it as one message at the end of the
 * turn (setImmediate: after the microtasks, so a book's `live` event and the snapshot its diff source queues behind
 * it always travel together), instead of one postMessage per update.
 */
export class BookPoster {
  private items: BookItem[] = [];
  private scheduled = false;

  constructor(private readonly post: (items: readonly BookItem[]) => void) {}

  /** Adds one item to this turn's message. */
  push(item: BookItem): void {
    this.items.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Posts what is gathered now. */
  flush(): void {
    this.scheduled = false;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.post(items);
  }
}
