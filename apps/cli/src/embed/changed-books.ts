/**
 * The books that changed since a consumer last looked, oldest change first: one entry per book however often it
 * changes, so a consumer slower than the feed holds at most one pending entry per book (bounded memory) and reads
 * the book's newest state when it gets to it (never a stale one after a newer one). A book taken is appended again
 * on its next change, so a busy book cannot starve the quiet ones.
 */
export class ChangedBooks {
  private readonly pending = new Set<string>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private closed = false;

  /** Books waiting to be read. */
  get size(): number {
    return this.pending.size;
  }

  /** Whether `close` was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Records that a book changed; a book already pending keeps its place. */
  mark(key: string): void {
    if (this.closed) return;
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter(key);
    else this.pending.add(key);
  }

  /** The next changed book, waiting for one; undefined once closed. */
  take(): Promise<string | undefined> {
    const first = this.pending.values().next();
    if (!first.done) {
      this.pending.delete(first.value);
      return Promise.resolve(first.value);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Ends every wait (with undefined) and drops what is pending. */
  close(): void {
    this.closed = true;
    this.pending.clear();
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }
}
