import { formatUnits, trimDecimal } from '../market/decimal.js';
import type { SymbolSpec } from '../market/symbol-spec.js';
import type { Level } from '../market/true-book.js';

// Coinbase writes prices and quantities without trailing zeros ("1919.4", "1925", "1.1531"), as recorded on
// 2026-08-09; the JSON is written by hand so every decimal goes out exactly.

/** The price text of a tick. */
export function coinbasePrice(spec: SymbolSpec, tick: number): string {
  return trimDecimal(formatUnits(tick * spec.tickUnits, spec.priceDecimals));
}

/** The quantity text of units. */
export function coinbaseQuantity(spec: SymbolSpec, qty: bigint): string {
  return trimDecimal(formatUnits(qty, spec.qtyDecimals));
}

/** RFC 3339 with nanoseconds, as Coinbase stamps its messages ("2026-08-09T21:05:48.228846629Z"). */
export function coinbaseTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** Go's time text, as heartbeats carry it ("2026-08-09 21:05:48.228000000 +0000 UTC m=+12.345000001"). */
export function coinbaseGoTime(ms: number, uptimeMs: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000000 +0000 UTC m=+${(uptimeMs / 1000).toFixed(9)}`;
}

/** The `updates` array text of an l2_data event: bids then offers, each level one entry. */
export function coinbaseUpdatesJson(spec: SymbolSpec, bids: readonly Level[], asks: readonly Level[], eventTime: string): string {
  const parts: string[] = [];
  for (const [side, levels] of [['bid', bids], ['offer', asks]] as const) {
    for (const [tick, qty] of levels) {
      parts.push(
        `{"side":"${side}","event_time":"${eventTime}","price_level":"${coinbasePrice(spec, tick)}","new_quantity":"${coinbaseQuantity(spec, qty)}"}`,
      );
    }
  }
  return `[${parts.join(',')}]`;
}

/** One channel message: the envelope every Advanced Trade push shares, around its `events` array text. */
export function formatCoinbaseMessage(channel: string, timestamp: string, sequenceNum: number, events: string): string {
  return `{"channel":"${channel}","client_id":"","timestamp":"${timestamp}","sequence_num":${sequenceNum},"events":${events}}`;
}

/** The `events` text of one l2_data message for one product. */
export function l2Events(type: 'snapshot' | 'update', productId: string, updates: string): string {
  return `[{"type":"${type}","product_id":"${productId}","updates":${updates}}]`;
}

/** An error answer (Coinbase's errors carry no channel and no sequence_num). */
export function formatCoinbaseError(message: string): string {
  return JSON.stringify({ type: 'error', message });
}
