import { formatUnits, trimDecimal } from '../market/decimal.js';
import type { SymbolSpec } from '../market/symbol-spec.js';
import type { Level } from '../market/true-book.js';

// OKX writes prices and sizes without trailing zeros ("0.342", "300"), each level as
// [price, size, "0" (deprecated liquidated orders), number of orders]; the simulator writes its JSON by hand
// so every decimal goes out exactly.

/** The price text of a tick. */
export function okxPrice(spec: SymbolSpec, tick: number): string {
  return trimDecimal(formatUnits(tick * spec.tickUnits, spec.priceDecimals));
}

/** The size text of a quantity in units. */
export function okxSize(spec: SymbolSpec, qty: bigint): string {
  return trimDecimal(formatUnits(qty, spec.qtyDecimals));
}

/** A plausible order count for a level: fixed by the level, "0" when it is gone. */
function orders(tick: number, qty: bigint): number {
  return qty === 0n ? 0 : 1 + ((tick + Number(qty % 7n)) % 9);
}

/** Levels as OKX's JSON array text `[["px","sz","0","n"],...]`. */
export function okxLevelsJson(spec: SymbolSpec, levels: readonly Level[]): string {
  let out = '[';
  for (let i = 0; i < levels.length; i++) {
    const [tick, qty] = levels[i] as Level;
    if (i > 0) out += ',';
    out += `["${okxPrice(spec, tick)}","${okxSize(spec, qty)}","0","${orders(tick, qty)}"]`;
  }
  return `${out}]`;
}

/** The `arg` object text of a book subscription. */
export function okxArg(channel: string, instId: string): string {
  return `{"channel":"${channel}","instId":"${instId}"}`;
}

/** Fields of one book message. */
export interface OkxBookMessage {
  channel: string;
  instId: string;
  action: 'snapshot' | 'update';
  asks: string;
  bids: string;
  ts: number;
  checksum: number;
  prevSeqId: number;
  seqId: number;
}

/** One `books` / `books-l2-tbt` push, field for field in OKX's order. */
export function formatOkxBook(m: OkxBookMessage): string {
  return (
    `{"arg":${okxArg(m.channel, m.instId)},"action":"${m.action}","data":[{"asks":${m.asks},"bids":${m.bids},` +
    `"ts":"${m.ts}","checksum":${m.checksum},"prevSeqId":${m.prevSeqId},"seqId":${m.seqId}}]}`
  );
}

/** An error event; OKX names what was wrong only inside `msg`. */
export function formatOkxError(code: string, msg: string, connId: string): string {
  return `{"event":"error","code":"${code}","msg":${JSON.stringify(msg)},"connId":"${connId}"}`;
}
