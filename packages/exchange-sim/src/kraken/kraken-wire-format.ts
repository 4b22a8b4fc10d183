import { formatUnits, trimDecimal } from '../market/decimal.js';
import type { SymbolSpec } from '../market/symbol-spec.js';
import type { WindowChange } from './depth-window.js';

// v1 writes prices and volumes as strings at the pair's precision ("0.76598", "95.61020000"); v2 writes JSON
// numbers without trailing zeros. Both are written here as text from exact integers, never through a float.

/** A price at the pair's precision. */
export function krakenPrice(spec: SymbolSpec, tick: number): string {
  return formatUnits(tick * spec.tickUnits, spec.priceDecimals);
}

/** A volume at the pair's lot precision. */
export function krakenVolume(spec: SymbolSpec, qty: bigint): string {
  return formatUnits(qty, spec.qtyDecimals);
}

/** Kraken v1's level timestamp: seconds with six decimals, e.g. "1617666423.944094". */
export function krakenV1Time(now: number): string {
  return `${Math.floor(now / 1000)}.${String(now % 1000).padStart(3, '0')}000`;
}

/** v1 levels `[["price","volume","time"(,"r")],...]`. */
export function v1Levels(spec: SymbolSpec, levels: readonly WindowChange[], time: string): string {
  let out = '[';
  for (let i = 0; i < levels.length; i++) {
    const { tick, qty, republish } = levels[i] as WindowChange;
    if (i > 0) out += ',';
    out += `["${krakenPrice(spec, tick)}","${krakenVolume(spec, qty)}","${time}"${republish ? ',"r"' : ''}]`;
  }
  return `${out}]`;
}

/** v2 levels `[{"price":n,"qty":n},...]` with exact JSON numbers. */
export function v2Levels(spec: SymbolSpec, levels: readonly WindowChange[]): string {
  let out = '[';
  for (let i = 0; i < levels.length; i++) {
    const { tick, qty } = levels[i] as WindowChange;
    if (i > 0) out += ',';
    out += `{"price":${trimDecimal(krakenPrice(spec, tick))},"qty":${trimDecimal(krakenVolume(spec, qty))}}`;
  }
  return `${out}]`;
}

/** The v1 channel name of a book subscription. */
export function v1ChannelName(depth: number): string {
  return `book-${depth}`;
}

/** A v1 book snapshot: `[channelID,{"as":[...],"bs":[...]},"book-N","PAIR"]`. */
export function formatV1Snapshot(channelId: number, depth: number, pair: string, asks: string, bids: string): string {
  return `[${channelId},{"as":${asks},"bs":${bids}},"${v1ChannelName(depth)}","${pair}"]`;
}

/** A v1 book update: the asks and bids in one object, or in two when both sides changed; the checksum in the last. */
export function formatV1Update(channelId: number, depth: number, pair: string, asks: string | undefined, bids: string | undefined, checksum: number): string {
  const c = `"c":"${checksum}"`;
  let body: string;
  if (asks !== undefined && bids !== undefined) body = `{"a":${asks}},{"b":${bids},${c}}`;
  else if (asks !== undefined) body = `{"a":${asks},${c}}`;
  else body = `{"b":${bids ?? '[]'},${c}}`;
  return `[${channelId},${body},"${v1ChannelName(depth)}","${pair}"]`;
}

/** A v2 book message. */
export function formatV2Book(type: 'snapshot' | 'update', symbol: string, bids: string, asks: string, checksum: number, now: number): string {
  const timestamp = type === 'update' ? `,"timestamp":"${new Date(now).toISOString().replace('Z', '000Z')}"` : '';
  return `{"channel":"book","type":"${type}","data":[{"symbol":"${symbol}","bids":${bids},"asks":${asks},"checksum":${checksum}${timestamp}}]}`;
}

/** The RFC 3339 times v2 answers carry (`time_in`, `time_out`), with Kraken's microseconds. */
export function v2Time(now: number): string {
  return new Date(now).toISOString().replace('Z', '000Z');
}
