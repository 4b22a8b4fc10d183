import { FakeOkxServer, subscribeAck, TrueOkxBook, type SubscribeHandler, type TestLevel } from './okx-server.test-support.js';

/**
 * A scripted OKX market for the fault tests: one true book per instId with a seqId chain, a snapshot (ack first)
 * for every subscription, and pushes built from the true book so their checksums are the exchange's.
 */
export class ScriptedOkx {
  readonly books = new Map<string, TrueOkxBook>();
  private readonly seq = new Map<string, number>();
  /** How many snapshots each subscription gets (2: OKX's duplicate-subscribe behaviour). */
  snapshotsPerSubscribe = 1;
  /** InstIds OKX does not know: a subscription gets error 60018 naming it. */
  readonly unknown = new Set<string>();

  constructor(instIds: readonly string[], readonly channel = 'books') {
    instIds.forEach((instId, i) => {
      const base = 100 + i * 10;
      this.books.set(instId, new TrueOkxBook(instId, channel, [[`${base}.1`, '1.5'], [`${base}`, '2']], [[`${base}.2`, '0.5'], [`${base}.3`, '3']]));
      this.seq.set(instId, 1_000 * (i + 1));
    });
  }

  /** Answers each subscribe as OKX does. */
  readonly onSubscribe: SubscribeHandler = (server: FakeOkxServer, instId: string, channel: string, connection: number) => {
    if (this.unknown.has(instId)) {
      server.send(JSON.stringify({ event: 'error', code: '60018', msg: `Wrong URL or channel:${channel},instId:${instId} doesn't exist`, connId: 'a4d3ae55' }), connection);
      return;
    }
    const book = this.books.get(instId);
    if (book === undefined) return;
    for (let i = 0; i < this.snapshotsPerSubscribe; i++) server.send(subscribeAck(channel, instId), connection);
    const snapshot = book.snapshot({ seqId: this.seq.get(instId)!, prevSeqId: -1 });
    for (let i = 0; i < this.snapshotsPerSubscribe; i++) server.send(snapshot, connection);
  };

  /** The next update of `instId` (applied to its true book), chained to the previous seqId. */
  update(instId: string, bids: readonly TestLevel[], asks: readonly TestLevel[] = []): string {
    const prevSeqId = this.seq.get(instId)!;
    this.seq.set(instId, prevSeqId + 1);
    return this.books.get(instId)!.update(bids, asks, { seqId: prevSeqId + 1, prevSeqId });
  }

  /** The true book's sides, best first. */
  sides(instId: string): { bids: [string, string][]; asks: [string, string][] } {
    const book = this.books.get(instId)!;
    return { bids: book.side('bid'), asks: book.side('ask') };
  }
}
