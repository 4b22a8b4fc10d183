import { ConfigError } from '@lob/core';
import type { KrakenProtocol } from './kraken-message.js';

// v1 (and REST `wsname`) keep Kraken's historic asset codes where v2 uses the common ones. These are the two codes
// that differ in pair names (XBT = BTC, XDG = DOGE); every other asset is spelled the same in both. Maps, not
// objects: a pair named "valueOf/toString" on the wire must not read Object.prototype.
const V1_TO_V2: ReadonlyMap<string, string> = new Map([['XBT', 'BTC'], ['XDG', 'DOGE']]);
const V2_TO_V1: ReadonlyMap<string, string> = new Map([['BTC', 'XBT'], ['DOGE', 'XDG']]);
// An asset code: letters and digits, and a dot inside for staking variants such as ETH2.S.
const ASSET = /^[A-Z0-9]+(\.[A-Z0-9]+)?$/;
const MAX_ASSET_LENGTH = 16;

/**
 * Turns a user's spelling of a pair into lob's (v2's): any case, `/` or `-` between base and quote, v1 codes
 * mapped ("xbt-usd" → "BTC/USD"). Throws ConfigError on anything that is not two asset codes.
 */
export function normalizePair(input: string): string {
  const parts = input.trim().toUpperCase().split(/[/-]/);
  if (parts.length !== 2 || !parts.every((p) => p.length <= MAX_ASSET_LENGTH && ASSET.test(p))) {
    throw new ConfigError('invalid-value', `"${input}" is not a Kraken pair (BASE/QUOTE, e.g. BTC/USD)`, { key: 'pairs' });
  }
  return parts.map((asset) => V1_TO_V2.get(asset) ?? asset).join('/');
}

/** The pair as a protocol spells it on the wire: v2 as lob does ("BTC/USD"), v1 with Kraken's codes ("XBT/USD"). */
export function wirePair(pair: string, protocol: KrakenProtocol): string {
  if (protocol === 'v2') return pair;
  return pair
    .split('/')
    .map((asset) => V2_TO_V1.get(asset) ?? asset)
    .join('/');
}

/** A pair as a frame of `protocol` names it, in lob's spelling ("XBT/USD" from v1 → "BTC/USD"); not validated. */
export function pairFromWire(wire: string, protocol: KrakenProtocol): string {
  if (protocol === 'v2') return wire;
  return wire
    .split('/')
    .map((asset) => V1_TO_V2.get(asset) ?? asset)
    .join('/');
}
