import type { Level } from '@lob/core';
import type { BookDepth } from '../http/book-routes.js';
import { getJson } from './cli-process.test-support.js';

/** A book as the API serves it (the body of `GET /books/:market/:symbol`). */
export type ServedBook = BookDepth;

/** A book's true state as the simulator holds it: its update id, or its checksum where the venue has no ids. */
export interface TrueBookLike {
  readonly lastUpdateId?: number;
  readonly checksum?: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

/**
 * Compares the top `levels` of a served book with the truth at the same update id. Only the top is compared: levels
 * deeper than the snapshot are unknown to any client until they change (BINANCE.md).
 */
export function sameTop(
  ours: ServedBook,
  truth: TrueBookLike,
  levels: number,
  spelling: (text: string) => string = (text) => text,
): { bids: Level[]; asks: Level[] } | undefined {
  const cut = (side: readonly (readonly [string, string])[]): Level[] => side.slice(0, levels).map(([p, q]) => [spelling(p), spelling(q)] as const);
  const expected = { bids: cut(truth.bids), asks: cut(truth.asks) };
  const actual = { bids: cut(ours.bids), asks: cut(ours.asks) };
  return JSON.stringify(expected) === JSON.stringify(actual) ? undefined : expected;
}

/** Kraken v2 sends numbers: the same decimal as the truth's v1 string, without its trailing zeros. */
export function withoutTrailingZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * Reads the served book until it is live at the state `truthAt()` reports (the same update id, or the same checksum
 * where the venue has no ids), then returns both.
 */
export async function readAtSameId(
  base: string,
  market: string,
  symbol: string,
  truthAt: () => Promise<TrueBookLike>,
  attempts = 200,
  by: 'lastUpdateId' | 'checksum' = 'lastUpdateId',
): Promise<{ ours: ServedBook; truth: TrueBookLike }> {
  for (let i = 0; i < attempts; i++) {
    const ours = (await getJson(`${base}/books/${market}/${symbol.toLowerCase().replace('/', '-')}?depth=all`)).body as ServedBook;
    const truth = await truthAt();
    if (ours.state === 'live' && ours[by] !== undefined && ours[by] === truth[by]) return { ours, truth };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${market} ${symbol}: never caught lob and the simulator at the same update id`);
}

/**
 * Reads the served book and the truth until they are equal level for level (the served book live), for a venue
 * whose books carry neither an update id nor a checksum to meet at (Coinbase); the last pair read when they never are.
 */
export async function readUntilEqual(
  base: string,
  market: string,
  symbol: string,
  truthAt: () => Promise<TrueBookLike>,
  attempts = 200,
): Promise<{ ours: ServedBook; truth: TrueBookLike; equal: boolean }> {
  let last: { ours: ServedBook; truth: TrueBookLike } | undefined;
  for (let i = 0; i < attempts; i++) {
    const ours = (await getJson(`${base}/books/${market}/${symbol.toLowerCase().replace('/', '-')}?depth=all`)).body as ServedBook;
    const truth = await truthAt();
    last = { ours, truth };
    const levels = Math.max(truth.bids.length, truth.asks.length);
    if (ours.state === 'live' && sameTop(ours, truth, levels) === undefined && ours.bids.length === truth.bids.length && ours.asks.length === truth.asks.length) {
      return { ...last, equal: true };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  if (last === undefined) throw new Error('no attempt made');
  return { ...last, equal: false };
}
