import type { BookView } from '@lob/core';

/**
 * Book answers serialized once per state of the book and depth, then reused: under load, clients asking the same
 * book between two updates cost a lookup, not a walk of the book and a JSON rendering (a `depth=all` of 12 600
 * levels took ~13 ms each). Entries are keyed by the book's state as a reader can tell it apart; the update count
 * is in the key because some venues have neither ids nor checksums (Coinbase).
 */
export class BookAnswerCache {
  // Keyed by market and symbol, not by the view object: a source need not hand out the same object each time.
  private readonly entries = new Map<string, { version: string; book: object; answers: Map<number, Buffer> }>();

  /**
   * The answer for `view` at `depth`, rendered by `render` only when the book changed since the last one. Kept as
   * bytes: a popular answer is encoded once, not once per client.
   */
  get(view: BookView, depth: number, render: () => string): Buffer {
    const version = versionOf(view);
    const key = `${view.market}\u0000${view.symbol}`;
    let entry = this.entries.get(key);
    // A background refresh swaps the book object in, so the book's identity is part of its state too.
    if (entry === undefined || entry.version !== version || entry.book !== view.book) {
      entry = { version, book: view.book, answers: new Map() };
      this.entries.set(key, entry);
    }
    let answer = entry.answers.get(depth);
    if (answer === undefined) {
      answer = Buffer.from(render(), 'utf8');
      entry.answers.set(depth, answer);
    }
    return answer;
  }
}

/**
 * Everything that changes when an answer would: ids, checksum, state, exact depth, the applied counters, and the
 * apply time (every event and snapshot taken in moves it, so an answer never shows the times of an older one).
 */
function versionOf(view: BookView): string {
  const s = view.stats;
  return [
    view.state,
    view.lastUpdateId,
    view.checksum,
    view.exactDepth.bids,
    view.exactDepth.asks,
    s.updatesApplied,
    s.levelsApplied,
    s.snapshotsFetched,
    s.refreshes,
    s.lastAppliedAt,
  ].join('|');
}
