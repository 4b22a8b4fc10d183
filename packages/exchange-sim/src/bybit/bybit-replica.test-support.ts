// Test-only: a deliberately naive Bybit book a test rebuilds by hand from the frames, sharing nothing with the
// simulator's code.

/** One order-book push as the tests read it. */
export interface BybitPush {
  topic: string;
  type: 'snapshot' | 'delta';
  ts: number;
  data: { s: string; b: [string, string][]; a: [string, string][]; u: number; seq: number };
  cts: number;
}

/** The book a client holds: price text to size text per side. */
export class BybitReplica {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  u = 0;

  /** Applies a snapshot (starting over) or a delta; size "0" deletes. */
  apply(push: BybitPush): void {
    if (push.type === 'snapshot') {
      this.bids.clear();
      this.asks.clear();
    }
    for (const [price, size] of push.data.b) this.set(this.bids, price, size);
    for (const [price, size] of push.data.a) this.set(this.asks, price, size);
    this.u = push.data.u;
  }

  /** Both sides best first. */
  sorted(): { bids: [string, string][]; asks: [string, string][] } {
    return {
      bids: [...this.bids].sort((a, b) => Number(b[0]) - Number(a[0])),
      asks: [...this.asks].sort((a, b) => Number(a[0]) - Number(b[0])),
    };
  }

  private set(side: Map<string, string>, price: string, size: string): void {
    if (Number(size) === 0) side.delete(price);
    else side.set(price, size);
  }
}

/** The order-book pushes among a client's frames (skips answers and broken frames), of one topic if given. */
export function bybitPushes(frames: readonly string[], topic?: string): BybitPush[] {
  const out: BybitPush[] = [];
  for (const frame of frames) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame);
    } catch {
      continue;
    }
    const push = parsed as Partial<BybitPush>;
    if (typeof push.topic === 'string' && push.data && (topic === undefined || push.topic === topic)) out.push(push as BybitPush);
  }
  return out;
}
