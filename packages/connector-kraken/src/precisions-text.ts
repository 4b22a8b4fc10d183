import { DecodeError } from '@lob/core';
import type { PairPrecision } from './checksum.js';

/** The key naming the text's kind, so a text of some other connector is told apart rather than misread. */
const KEY = 'krakenPrecisions';

/** Pairs' precisions as the connector's preparation text: `{"krakenPrecisions":{"BTC/USD":[1,8]}}` (price, lot decimals). */
export function precisionsText(precisions: ReadonlyMap<string, PairPrecision>): string {
  const pairs: Record<string, [number, number]> = {};
  for (const [pair, p] of precisions) pairs[pair] = [p.priceDecimals, p.lotDecimals];
  return JSON.stringify({ [KEY]: pairs });
}

/** Reads a text precisionsText wrote; throws DecodeError 'malformed-frame' on anything else. */
export function readPrecisionsText(text: string): Map<string, PairPrecision> {
  const bad = (why: string): DecodeError => new DecodeError('malformed-frame', `Kraken preparation: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DecodeError('malformed-json', 'Kraken preparation is not JSON', undefined, { cause: error });
  }
  const pairs = (parsed as Record<string, unknown> | null)?.[KEY];
  if (typeof pairs !== 'object' || pairs === null || Array.isArray(pairs)) throw bad(`no "${KEY}" object`);
  const out = new Map<string, PairPrecision>();
  for (const [pair, value] of Object.entries(pairs)) {
    if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
      throw bad(`the precisions of ${pair} are not two whole numbers >= 0`);
    }
    out.set(pair, { priceDecimals: value[0] as number, lotDecimals: value[1] as number });
  }
  return out;
}
