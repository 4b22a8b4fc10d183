/** One Kraken spot pair as `--demo` and tests can list it: its spellings, precisions and a plausible price. */
export interface KrakenListing {
  /** The v2 spelling, e.g. BTC/USD: the name the simulator knows the pair by. */
  readonly symbol: string;
  /** The v1 spelling (AssetPairs `wsname`), e.g. XBT/USD. */
  readonly wsname: string;
  /** The AssetPairs key, e.g. XXBTZUSD. */
  readonly restKey: string;
  /** AssetPairs `altname`, e.g. XBTUSD. */
  readonly altname: string;
  /** AssetPairs `base` and `quote` asset codes, e.g. XXBT and ZUSD. */
  readonly base: string;
  readonly quote: string;
  /** Decimals of prices (`pair_decimals`). */
  readonly pairDecimals: number;
  /** Decimals of volumes (`lot_decimals`). */
  readonly lotDecimals: number;
  /** A plausible mid price (2025), as a decimal string. */
  readonly midPrice: string;
}

const pair = (
  symbol: string,
  wsname: string,
  restKey: string,
  altname: string,
  base: string,
  quote: string,
  pairDecimals: number,
  midPrice: string,
): KrakenListing => ({ symbol, wsname, restKey, altname, base, quote, pairDecimals, lotDecimals: 8, midPrice });

/**
 * A sample of real Kraken spot pairs (widely traded ones, 2025) with Kraken's three spellings and precisions, so a
 * simulated Kraken knows which pairs exist. Not a complete or current listing.
 */
export const KRAKEN_SAMPLE_LISTINGS: readonly KrakenListing[] = [
  pair('BTC/USD', 'XBT/USD', 'XXBTZUSD', 'XBTUSD', 'XXBT', 'ZUSD', 1, '65000'),
  pair('ETH/USD', 'ETH/USD', 'XETHZUSD', 'ETHUSD', 'XETH', 'ZUSD', 2, '3500'),
  pair('BTC/EUR', 'XBT/EUR', 'XXBTZEUR', 'XBTEUR', 'XXBT', 'ZEUR', 1, '60000'),
  pair('ETH/EUR', 'ETH/EUR', 'XETHZEUR', 'ETHEUR', 'XETH', 'ZEUR', 2, '3200'),
  pair('SOL/USD', 'SOL/USD', 'SOLUSD', 'SOLUSD', 'SOL', 'ZUSD', 2, '150'),
  pair('XRP/USD', 'XRP/USD', 'XXRPZUSD', 'XRPUSD', 'XXRP', 'ZUSD', 5, '0.6'),
  pair('DOGE/USD', 'XDG/USD', 'XDGUSD', 'XDGUSD', 'XXDG', 'ZUSD', 7, '0.15'),
  pair('ADA/USD', 'ADA/USD', 'ADAUSD', 'ADAUSD', 'ADA', 'ZUSD', 6, '0.45'),
  pair('LTC/USD', 'LTC/USD', 'XLTCZUSD', 'LTCUSD', 'XLTC', 'ZUSD', 2, '80'),
  pair('ETH/BTC', 'ETH/XBT', 'XETHXXBT', 'ETHXBT', 'XETH', 'XXBT', 5, '0.054'),
];

/** The sample listing of a pair by its v2 symbol or v1 wsname, if it is one. */
export function krakenSampleListing(name: string): KrakenListing | undefined {
  return KRAKEN_SAMPLE_LISTINGS.find((l) => l.symbol === name || l.wsname === name);
}
