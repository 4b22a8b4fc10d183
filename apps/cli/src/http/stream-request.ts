import type { BookView } from '@lob/core';
import type { MarketSource } from '../feeds/market-source.js';
import { lookupBook, spellingsOf } from './book-lookup.js';
import type { StreamMode } from './stream-messages.js';

/** A book a client follows, and whether its venue has update ids. */
export interface StreamedBook {
  readonly view: BookView;
  readonly hasUpdateIds: boolean;
}

/** What a client asked for, by the query or a subscribe message. */
export interface StreamRequest {
  readonly books: readonly StreamedBook[];
  readonly mode: StreamMode;
  /** Levels per side for `depth`. */
  readonly depth: number;
}

/** A request refused, with the HTTP status it gets before the upgrade. */
export interface StreamRefusal {
  readonly status: 400 | 404;
  readonly message: string;
}

/** Levels per side a `depth` subscription gets unless it says; and the most it may ask (a message stays small). */
export const DEFAULT_STREAM_DEPTH = 10;
export const MAX_STREAM_DEPTH = 100;
const MODES: readonly StreamMode[] = ['top', 'depth', 'diff'];

/** A symbol spelling safe to name back to the client: nothing in it can be markup or a control character. */
const PLAIN_SYMBOL = /^[A-Za-z0-9._/-]{1,40}$/;

/**
 * Parses `symbols=btcusdt,binance-usdm:btcusdt,kraken:btc-usd`: a bare symbol means that symbol in every venue that
 * serves it (read by each venue's spelling), a `venue:symbol` pair one book; no parameter means every book. An array
 * (a subscribe message's) is read item by item.
 */
export function streamBooks(sources: readonly MarketSource[], param: unknown): StreamedBook[] | StreamRefusal {
  const all = (): StreamedBook[] => sources.flatMap((s) => s.books().map((view) => ({ view, hasUpdateIds: s.hasUpdateIds })));
  if (param === undefined || param === '') return all();
  const items = typeof param === 'string' ? param.split(',') : Array.isArray(param) && param.every((p) => typeof p === 'string') ? (param as string[]) : undefined;
  if (items === undefined) return { status: 400, message: 'give symbols once, comma separated' };
  const out: StreamedBook[] = [];
  for (const item of items.map((s) => s.trim()).filter((s) => s !== '')) {
    const colon = item.indexOf(':');
    let found: StreamedBook[];
    if (colon >= 0) {
      const lookup = lookupBook(sources, item.slice(0, colon), item.slice(colon + 1));
      if (!('view' in lookup)) return lookup;
      found = [{ view: lookup.view, hasUpdateIds: lookup.source.hasUpdateIds }];
    } else {
      found = spellingsOf(sources, item).flatMap(({ source, symbol }) => {
        const view = source.book(symbol);
        return view === undefined ? [] : [{ view, hasUpdateIds: source.hasUpdateIds }];
      });
      if (found.length === 0) return { status: 404, message: PLAIN_SYMBOL.test(item) ? `no venue serves ${item}` : 'no venue serves a symbol of that spelling' };
    }
    for (const book of found) if (!out.some((b) => b.view === book.view)) out.push(book);
  }
  if (out.length === 0) return { status: 400, message: 'symbols names no book' };
  return out;
}

/** Reads `mode` (default `top`) and `depth` (default 10, at most 100; only with `depth`). */
export function streamMode(mode: unknown, depth: unknown): { mode: StreamMode; depth: number } | StreamRefusal {
  const m = mode === undefined || mode === '' ? 'top' : mode;
  if (typeof m !== 'string' || !MODES.includes(m as StreamMode)) return { status: 400, message: 'mode is top, depth or diff' };
  if (depth === undefined || depth === '') return { mode: m as StreamMode, depth: DEFAULT_STREAM_DEPTH };
  if (m !== 'depth') return { status: 400, message: 'depth goes with mode=depth' };
  const n = typeof depth === 'number' ? depth : typeof depth === 'string' && /^[0-9]{1,4}$/.test(depth) ? Number(depth) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_STREAM_DEPTH) return { status: 400, message: `depth is a whole number from 1 to ${MAX_STREAM_DEPTH}` };
  return { mode: 'depth', depth: n };
}

/** The whole request from a query string or a subscribe message's fields. */
export function streamRequest(sources: readonly MarketSource[], fields: { symbols?: unknown; mode?: unknown; depth?: unknown }): StreamRequest | StreamRefusal {
  const books = streamBooks(sources, fields.symbols);
  if (!Array.isArray(books)) return books;
  const mode = streamMode(fields.mode, fields.depth);
  if ('status' in mode) return mode;
  return { books, ...mode };
}

/** A message a client sends: `{"op":"subscribe","symbols":[...],"mode":"diff"}` or `{"op":"unsubscribe","symbols":[...]}`. */
export type ClientOp =
  | { readonly op: 'subscribe'; readonly symbols?: unknown; readonly mode?: unknown; readonly depth?: unknown }
  | { readonly op: 'unsubscribe'; readonly symbols?: unknown };

/** Parses a client's text frame; a string when it is not one of the two ops. */
export function parseClientOp(text: string): ClientOp | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'a message is JSON: {"op":"subscribe","symbols":["venue:SYMBOL"],"mode":"top|depth|diff"}';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a message is a JSON object';
  const op = (value as { op?: unknown }).op;
  if (op !== 'subscribe' && op !== 'unsubscribe') return 'op is subscribe or unsubscribe';
  return value as ClientOp;
}
