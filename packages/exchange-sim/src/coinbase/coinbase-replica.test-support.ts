// Test-only: a deliberately naive Coinbase book a test rebuilds by hand from l2_data messages, sharing nothing
// with the simulator's code.

/** One channel message as the tests read it. */
export interface CoinbaseMessage {
  channel: string;
  client_id: string;
  timestamp: string;
  sequence_num: number;
  events: {
    type?: 'snapshot' | 'update';
    product_id?: string;
    updates?: { side: 'bid' | 'offer'; event_time: string; price_level: string; new_quantity: string }[];
    subscriptions?: Record<string, string[]>;
    current_time?: string;
    heartbeat_counter?: number;
  }[];
}

/** The book a client holds: price text to quantity text per side. */
export class CoinbaseReplica {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();

  /** Applies every event of an l2_data message for `productId`: a snapshot starts over; quantity "0" deletes. */
  apply(message: CoinbaseMessage, productId: string): void {
    for (const event of message.events) {
      if (event.product_id !== productId) continue;
      if (event.type === 'snapshot') {
        this.bids.clear();
        this.asks.clear();
      }
      for (const u of event.updates ?? []) {
        const side = u.side === 'bid' ? this.bids : this.asks;
        if (Number(u.new_quantity) === 0) side.delete(u.price_level);
        else side.set(u.price_level, u.new_quantity);
      }
    }
  }

  /** Both sides best first. */
  sorted(): { bids: [string, string][]; asks: [string, string][] } {
    return {
      bids: [...this.bids].sort((a, b) => Number(b[0]) - Number(a[0])),
      asks: [...this.asks].sort((a, b) => Number(a[0]) - Number(b[0])),
    };
  }
}

/** The channel messages among a client's frames (skips errors and broken frames), of one channel if given. */
export function coinbaseMessages(frames: readonly string[], channel?: string): CoinbaseMessage[] {
  const out: CoinbaseMessage[] = [];
  for (const frame of frames) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame);
    } catch {
      continue;
    }
    const m = parsed as Partial<CoinbaseMessage>;
    if (typeof m.channel === 'string' && (channel === undefined || m.channel === channel)) out.push(m as CoinbaseMessage);
  }
  return out;
}
