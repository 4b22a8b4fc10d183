import { formatUnits, trimDecimal } from '../market/decimal.js';
import type { SymbolSpec } from '../market/symbol-spec.js';
import type { Level } from '../market/true-book.js';

// Bybit writes derivatives' prices and sizes at the tick's and the step's decimals ("77.300", "1347.2") and spot's
// without trailing zeros ("1923.2", "7.448"), as recorded on 2026-08-09; the JSON is written by hand so every
// decimal goes out exactly.

/** How one category prints its decimals: spot trims trailing zeros, derivatives keep the step's decimals. */
export interface BybitStyle {
  readonly trim: boolean;
}

/** The price text of a tick. */
export function bybitPrice(spec: SymbolSpec, style: BybitStyle, tick: number): string {
  const text = formatUnits(tick * spec.tickUnits, spec.priceDecimals);
  return style.trim ? trimDecimal(text) : text;
}

/** The size text of a quantity in units. */
export function bybitSize(spec: SymbolSpec, style: BybitStyle, qty: bigint): string {
  const text = formatUnits(qty, spec.qtyDecimals);
  return style.trim ? trimDecimal(text) : text;
}

/** Levels as Bybit's JSON array text `[["price","size"],...]`. */
export function bybitLevelsJson(spec: SymbolSpec, style: BybitStyle, levels: readonly Level[]): string {
  let out = '[';
  for (let i = 0; i < levels.length; i++) {
    const [tick, qty] = levels[i] as Level;
    if (i > 0) out += ',';
    out += `["${bybitPrice(spec, style, tick)}","${bybitSize(spec, style, qty)}"]`;
  }
  return `${out}]`;
}

/** Fields of one `orderbook.{depth}.{symbol}` push. */
export interface BybitBookMessage {
  topic: string;
  type: 'snapshot' | 'delta';
  ts: number;
  symbol: string;
  bids: string;
  asks: string;
  u: number;
  seq: number;
  cts: number;
}

/** One order-book push, field for field in Bybit's order. */
export function formatBybitBook(m: BybitBookMessage): string {
  return (
    `{"topic":"${m.topic}","type":"${m.type}","ts":${m.ts},"data":{"s":"${m.symbol}","b":${m.bids},"a":${m.asks},` +
    `"u":${m.u},"seq":${m.seq}},"cts":${m.cts}}`
  );
}

/** The answer to an `op` request (subscribe, unsubscribe, ping); `req_id` only when the request had one. */
export function formatBybitResponse(op: string, success: boolean, retMsg: string, connId: string, reqId: unknown): string {
  const req = typeof reqId === 'string' || typeof reqId === 'number' ? `"req_id":${JSON.stringify(String(reqId))},` : '';
  return `{"success":${success},"ret_msg":${JSON.stringify(retMsg)},"conn_id":"${connId}",${req}"op":"${op}"}`;
}
