import { topicSymbols } from './frame-decoder.js';

// Only a short frame can be a reply: book pushes are never parsed here.
const REPLY_MAX_LENGTH = 2_048;
const REFUSED = /"success"\s*:\s*false/;
const NOT_A_REFUSAL = /already subscribed/i;
// Requests whose reply never came are forgotten beyond this many, so a connection that lives for days stays small.
const MAX_PENDING = 1_000;

/**
 * Ties Bybit's subscribe replies to our requests by `req_id`. Bybit refuses a whole request when one of its topics is
 * invalid (`Invalid symbol :[orderbook.200.FOO]`), so the symbols it did not name are handed back to be subscribed
 * again. Each retry leaves out at least the named symbol, so retries cannot loop.
 */
export class RefusalRetry {
  private readonly pending = new Map<string, readonly string[]>();
  private next = 0;

  /** Remembers the symbols of one subscribe request and returns the req_id to send with it. */
  track(symbols: readonly string[]): string {
    const reqId = `lob-${++this.next}`;
    this.pending.set(reqId, symbols);
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    return reqId;
  }

  /** For one received frame: the symbols to subscribe again (none unless it refuses a tracked request). */
  onReply(frame: string): readonly string[] {
    if (frame.length > REPLY_MAX_LENGTH || !frame.includes('"req_id"')) return [];
    let reply: { req_id?: unknown; success?: unknown; ret_msg?: unknown };
    try {
      reply = JSON.parse(frame) as typeof reply;
    } catch {
      return [];
    }
    if (typeof reply.req_id !== 'string') return [];
    const symbols = this.pending.get(reply.req_id);
    if (symbols === undefined) return [];
    this.pending.delete(reply.req_id);
    if (reply.success !== false || !REFUSED.test(frame)) return [];
    const message = typeof reply.ret_msg === 'string' ? reply.ret_msg : '';
    const named = new Set(topicSymbols(message));
    if (NOT_A_REFUSAL.test(message) || named.size === 0) return [];
    return symbols.filter((symbol) => !named.has(symbol));
  }
}
