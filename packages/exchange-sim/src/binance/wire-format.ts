import { formatUnits } from '../market/decimal.js';
import type { SimMarket } from './types.js';
import type { SymbolSpec } from '../market/symbol-spec.js';
import type { DepthEvent } from '../market/traffic-generator.js';
import type { BookState, Level } from '../market/true-book.js';

// The simulator writes its JSON by hand: field order follows Binance's real frames, and decimals must go
// out as exact strings, which JSON.stringify of numbers could not guarantee.

/** Formats one price in the symbol's decimals. */
export function formatPrice(spec: SymbolSpec, tick: number): string {
  return formatUnits(tick * spec.tickUnits, spec.priceDecimals);
}

/** Formats one quantity in the symbol's decimals. */
export function formatQty(spec: SymbolSpec, qty: bigint): string {
  return formatUnits(qty, spec.qtyDecimals);
}

/** Levels as exact [price, quantity] string pairs. */
export function levelStrings(spec: SymbolSpec, levels: readonly Level[]): [string, string][] {
  return levels.map(([tick, qty]) => [formatPrice(spec, tick), formatQty(spec, qty)]);
}

/** Levels as a JSON array text `[["p","q"],...]`. */
export function levelsJson(spec: SymbolSpec, levels: readonly Level[]): string {
  let out = '[';
  for (let i = 0; i < levels.length; i++) {
    const [tick, qty] = levels[i] as Level;
    if (i > 0) out += ',';
    out += `["${formatPrice(spec, tick)}","${formatQty(spec, qty)}"]`;
  }
  return `${out}]`;
}

function ascending(levels: Level[]): Level[] {
  return [...levels].sort((a, b) => a[0] - b[0]);
}

function descending(levels: Level[]): Level[] {
  return [...levels].sort((a, b) => b[0] - a[0]);
}

/** Options to break an event on purpose (malformed fault). */
export interface BreakOptions {
  /** Replace the bids with a string, so the JSON parses but the field is wrong. */
  brokenBids?: boolean;
}

/** The depthUpdate event text of a market (bare, as on a /ws stream). */
export function formatDepthEvent(
  market: SimMarket,
  spec: SymbolSpec,
  event: DepthEvent,
  eventTime: number,
  broken: BreakOptions = {},
): string {
  // As recorded: spot lists bids best first, futures list both sides by ascending price.
  const bids = broken.brokenBids
    ? '"oops"'
    : levelsJson(spec, market === 'spot' ? descending(event.bids) : ascending(event.bids));
  const asks = levelsJson(spec, ascending(event.asks));
  if (market === 'spot') {
    return `{"e":"depthUpdate","E":${eventTime},"s":"${spec.symbol}","U":${event.U},"u":${event.u},"b":${bids},"a":${asks}}`;
  }
  const ps = market === 'coinm' ? `"ps":"${spec.pair ?? spec.symbol}",` : '';
  return (
    `{"e":"depthUpdate","E":${eventTime},"T":${eventTime},"s":"${spec.symbol}",${ps}` +
    `"U":${event.U},"u":${event.u},"pu":${event.pu},"b":${bids},"a":${asks}}`
  );
}

/** The REST depth body of a market. */
export function formatSnapshot(market: SimMarket, spec: SymbolSpec, state: BookState, now: number): string {
  const bids = levelsJson(spec, state.bids);
  const asks = levelsJson(spec, state.asks);
  if (market === 'spot') return `{"lastUpdateId":${state.lastUpdateId},"bids":${bids},"asks":${asks}}`;
  const coinm = market === 'coinm' ? `"symbol":"${spec.symbol}","pair":"${spec.pair ?? spec.symbol}",` : '';
  return `{"lastUpdateId":${state.lastUpdateId},"E":${now},"T":${now},${coinm}"bids":${bids},"asks":${asks}}`;
}

/** The serverShutdown notice. */
export function formatServerShutdown(now: number): string {
  return `{"e":"serverShutdown","E":${now}}`;
}

/** Wraps an event for a combined stream. */
export function wrapCombined(stream: string, data: string): string {
  return `{"stream":"${stream}","data":${data}}`;
}

/**
 * The `n`th garbage frame of a garbage fault: alternately text that is not JSON and JSON that is neither an
 * event nor a reply. Neither names a symbol or a stream, so a client cannot tell which book it was meant for.
 */
export function formatGarbage(n: number): string {
  return n % 2 === 0 ? 'not json' : '{"foo":1}';
}
