import type { RequestAnswer } from './control-frame.js';

/** Sends one book request for one pair and returns the request id it carried. */
export type SendBookRequest = (method: 'subscribe' | 'unsubscribe', pair: string) => number;

/**
 * Resyncs pairs one at a time on a shared connection: unsubscribe, and subscribe only once Kraken has answered the
 * unsubscribe, because a subscribe sent earlier meets the live subscription and is refused "Already subscribed".
 * The fresh subscription's snapshot is the resync. Other pairs on the connection are never touched.
 */
export class ResyncSequencer {
  /** Pairs whose unsubscribe is unanswered, with that request's id. */
  private readonly waiting = new Map<string, number>();

  constructor(private readonly send: SendBookRequest) {}

  /** Starts resyncing `pair`; false when a resync of it is already waiting for its unsubscribe answer. */
  start(pair: string): boolean {
    if (this.waiting.has(pair)) return false;
    this.waiting.set(pair, this.send('unsubscribe', pair));
    return true;
  }

  /**
   * Asks again for a pair whose unsubscribe went unanswered (a lost answer would otherwise hold it for the life of
   * the connection): sends the unsubscribe anew and waits for the answer to this one. Starts a resync when none waits.
   */
  restart(pair: string): void {
    this.waiting.delete(pair);
    this.start(pair);
  }

  /** Forgets a waiting resync (the pair was unsubscribed for good, or the connection ended). */
  cancel(pair?: string): void {
    if (pair === undefined) this.waiting.clear();
    else this.waiting.delete(pair);
  }

  /** True while `pair` waits for its unsubscribe answer. */
  isWaiting(pair: string): boolean {
    return this.waiting.has(pair);
  }

  /**
   * Looks at one request answer; when it answers a waiting unsubscribe, subscribes the pair again. A refused
   * unsubscribe ("Subscription Not Found") resubscribes too: the pair is unsubscribed either way, which is all the
   * subscribe needs.
   */
  onAnswer(answer: RequestAnswer): void {
    const pair = this.match(answer);
    if (pair === undefined) return;
    this.waiting.delete(pair);
    this.send('subscribe', pair);
  }

  private match(answer: RequestAnswer): string | undefined {
    for (const [pair, reqId] of this.waiting) {
      // Our id is the sure tie; without one, only an answer naming an unsubscribe of this very pair counts.
      if (answer.reqId !== undefined ? answer.reqId === reqId : answer.method === 'unsubscribe' && answer.pair === pair) return pair;
    }
    return undefined;
  }
}
