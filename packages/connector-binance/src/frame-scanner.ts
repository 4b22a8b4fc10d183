import type { DepthUpdate, Level } from '@lob/core';
import { codedRowsEnd, copyText, intEnd, NO, rows, scanned, spelledRowsEnd, stringEnd } from '@lob/connector-kit';

// Frame prefixes and field separators, matched whole. Binance writes its fields in this order without whitespace.
const COMBINED = '{"stream":"';
const COMBINED_DATA = '","data":{"e":"depthUpdate","E":';
const BARE = '{"e":"depthUpdate","E":';

/**
 * Reads one Binance depth event in the exact shape Binance sends (combined or bare; spot, USD-M or COIN-M fields
 * in their order, no whitespace, ASCII strings without escapes, integer ids) in one pass over the text, and returns
 * what decodeFrame would return for it, plus each level's code (see levelCode) made on the way. Anything else,
 * valid or not, gives undefined so decodeFrame decides: the scanner never throws and never accepts what decodeFrame
 * would refuse. `spelled`: the levels as numbers only (codes and spellings, see levelSpelling), their strings made
 * when first read; else the strings at once, with the codes.
 */
export function scanDepthFrame(frame: string, requirePrevId: boolean, spelled = false): DepthUpdate | undefined {
  let i: number;
  let wrapped = false;
  if (frame.startsWith(COMBINED)) {
    i = stringEnd(frame, COMBINED.length);
    if (i === NO || !frame.startsWith(COMBINED_DATA, i)) return undefined;
    i += COMBINED_DATA.length;
    wrapped = true;
  } else if (frame.startsWith(BARE)) {
    i = BARE.length;
  } else {
    return undefined;
  }
  i = intEnd(frame, i);
  if (i === NO) return undefined;
  const eventTime = scanned.int;
  if (frame.startsWith(',"T":', i)) {
    i = intEnd(frame, i + 5); // transaction time (futures): read to prove it a number, not kept
    if (i === NO) return undefined;
  }
  if (!frame.startsWith(',"s":"', i)) return undefined;
  const symbolStart = i + 6;
  i = stringEnd(frame, symbolStart);
  if (i === NO || i === symbolStart) return undefined;
  const symbol = symbolText(frame, symbolStart, i);
  i++;
  if (frame.startsWith(',"ps":"', i)) {
    i = stringEnd(frame, i + 7); // COIN-M pair, not kept
    if (i === NO) return undefined;
    i++;
  }
  if (!frame.startsWith(',"U":', i)) return undefined;
  i = intEnd(frame, i + 5);
  if (i === NO) return undefined;
  const firstId = scanned.int;
  if (!frame.startsWith(',"u":', i)) return undefined;
  i = intEnd(frame, i + 5);
  if (i === NO) return undefined;
  const lastId = scanned.int;
  if (firstId > lastId) return undefined;
  let prevLastId: number | undefined;
  if (frame.startsWith(',"pu":', i)) {
    i = intEnd(frame, i + 6);
    if (i === NO) return undefined;
    prevLastId = scanned.int;
  } else if (requirePrevId) {
    return undefined;
  }
  if (!frame.startsWith(',"b":', i)) return undefined;
  const head = { symbol, firstId, lastId, prevLastId, eventTime };
  return spelled ? spelledLevels(frame, i + 5, wrapped, head) : stringLevels(frame, i + 5, wrapped, head);
}

// The symbol last read: a connection's frames name a few symbols over and over, so one string serves each run of them.
let lastSymbol = '';

/** The symbol at `start`..`end` of `frame`, as the string read last time when it is the same. */
function symbolText(frame: string, start: number, end: number): string {
  if (end - start !== lastSymbol.length || !frame.startsWith(lastSymbol, start)) lastSymbol = copyText(frame, start, end);
  return lastSymbol;
}

/** The ids and times scanDepthFrame read before the levels. */
interface Head {
  readonly symbol: string;
  readonly firstId: number;
  readonly lastId: number;
  readonly prevLastId: number | undefined;
  readonly eventTime: number;
}

/** Whether the frame ends at `i` after the data object (and the wrapper's). */
function endsAt(frame: string, i: number, wrapped: boolean): boolean {
  if (frame.charCodeAt(i) !== 0x7d) return false; // }
  if (wrapped && frame.charCodeAt(i + 1) !== 0x7d) return false;
  return i + (wrapped ? 2 : 1) === frame.length;
}

/** The levels from `bidsAt` on as strings, with their codes. */
function stringLevels(frame: string, bidsAt: number, wrapped: boolean, head: Head): DepthUpdate | undefined {
  const bids: Level[] = [];
  const bidCodes: number[] = [];
  let i = codedRowsEnd(frame, bidsAt, bids, bidCodes);
  if (i === NO || !frame.startsWith(',"a":', i)) return undefined;
  const asks: Level[] = [];
  const askCodes: number[] = [];
  i = codedRowsEnd(frame, i + 5, asks, askCodes);
  if (i === NO || !endsAt(frame, i, wrapped)) return undefined;
  // decodeFrame's fields in its order, then the levels' codes, which spare the book reading the prices again.
  const { symbol, firstId, lastId, prevLastId, eventTime } = head;
  return { type: 'depth', symbol, firstId, lastId, prevLastId, eventTime, bids, asks, bidCodes, askCodes };
}

/** The levels from `bidsAt` on as numbers only (strings when read). */
function spelledLevels(frame: string, bidsAt: number, wrapped: boolean, head: Head): DepthUpdate | undefined {
  const bidCodes: number[] = [];
  const bidSpellings: number[] = [];
  let i = spelledRowsEnd(frame, bidsAt, bidCodes, bidSpellings);
  let spelled = rows.spelled;
  if (i === NO || !frame.startsWith(',"a":', i)) return undefined;
  const asksAt = i + 5;
  const askCodes: number[] = [];
  const askSpellings: number[] = [];
  i = spelledRowsEnd(frame, asksAt, askCodes, askSpellings);
  spelled &&= rows.spelled;
  if (i === NO || !endsAt(frame, i, wrapped)) return undefined;
  return new ScannedDepth(head, bidCodes, askCodes, spelled ? bidSpellings : undefined, spelled ? askSpellings : undefined, frame, bidsAt, asksAt);
}

/**
 * A depth event as the scanner read it: its ids and numbers at once, its level strings only when first read (a book
 * that takes spellings never reads them), by the same walk as the numbers', so they are what decodeFrame makes. A
 * class with getters, not an object literal with accessors: those are built by a slow runtime path, once per frame.
 */
class ScannedDepth implements DepthUpdate {
  readonly type = 'depth';
  #strings: { bids: Level[]; asks: Level[] } | undefined;
  readonly #frame: string;
  readonly #bidsAt: number;
  readonly #asksAt: number;

  readonly symbol: string;
  readonly firstId: number;
  readonly lastId: number;
  readonly prevLastId: number | undefined;
  readonly eventTime: number;

  constructor(
    head: Head,
    readonly bidCodes: number[],
    readonly askCodes: number[],
    readonly bidSpellings: number[] | undefined,
    readonly askSpellings: number[] | undefined,
    frame: string,
    bidsAt: number,
    asksAt: number,
  ) {
    this.symbol = head.symbol;
    this.firstId = head.firstId;
    this.lastId = head.lastId;
    this.prevLastId = head.prevLastId;
    this.eventTime = head.eventTime;
    this.#frame = frame;
    this.#bidsAt = bidsAt;
    this.#asksAt = asksAt;
  }

  get bids(): Level[] {
    return (this.#strings ??= levelStrings(this.#frame, this.#bidsAt, this.#asksAt)).bids;
  }

  get asks(): Level[] {
    return (this.#strings ??= levelStrings(this.#frame, this.#bidsAt, this.#asksAt)).asks;
  }

  /** The fields decodeFrame gives, levels included: JSON.stringify sees no getter. */
  toJSON(): DepthUpdate {
    return { type: 'depth', symbol: this.symbol, firstId: this.firstId, lastId: this.lastId, prevLastId: this.prevLastId, eventTime: this.eventTime, bids: this.bids, asks: this.asks };
  }
}

/** The bid and ask rows of a frame the scanner read, as strings. */
function levelStrings(frame: string, bidsAt: number, asksAt: number): { bids: Level[]; asks: Level[] } {
  const bids: Level[] = [];
  const asks: Level[] = [];
  const codes: number[] = [];
  codedRowsEnd(frame, bidsAt, bids, codes);
  codedRowsEnd(frame, asksAt, asks, codes);
  return { bids, asks };
}
