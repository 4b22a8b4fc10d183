import { ExchangeSimError } from '../market/errors.js';
import { deriveSeed } from '../market/prng.js';
import { SimulatedMarket } from '../market/simulated-market.js';
import { buildSymbolSpec, type SpecRules } from '../market/symbol-spec.js';
import { VenueExchange, checkVenueOptions, type VenueExchangeOptions } from '../market/venue-exchange.js';
import { VenueFaultState } from '../market/venue-faults.js';
import { VenueSim } from '../market/venue-sim.js';
import { krakenSampleListing, type KrakenListing } from './kraken-listings.js';
import { KrakenProtocol, krakenBookChecksum, krakenTop } from './kraken-protocol.js';
import { krakenRest } from './kraken-rest.js';

/** One generated Kraken pair; spellings, precisions and price default to its sample listing, if it has one. */
export interface KrakenPairOptions {
  /** The v2 spelling, e.g. BTC/USD. */
  symbol: string;
  /** Seed of its traffic (default: derived from the master seed and the symbol). */
  seed?: number;
  /** Initial depth of the true book per side (default 1100: deeper than the deepest subscription, so levels enter and leave the window). */
  levelsPerSide?: number;
  midPrice?: string;
  /** AssetPairs pair_decimals (price precision). */
  pairDecimals?: number;
  /** AssetPairs lot_decimals (volume precision, default 8). */
  lotDecimals?: number;
  /** The v1 spelling (default: the sample listing's wsname, else the symbol). */
  wsname?: string;
}

/** How to start a KrakenSim. */
export interface KrakenSimOptions extends VenueExchangeOptions {
  /** Generated pairs (default BTC/USD and ETH/USD). */
  pairs?: KrakenPairOptions[];
  /** v2 symbols AssetPairs lists besides the generated ones (they have no book; subscribing them is refused). */
  listedPairs?: string[];
  /** A subscribed connection that was sent nothing for this long gets a heartbeat (default 1000, as Kraken). */
  heartbeatIntervalMs?: number;
}

/** A Kraken book: the strings v1 sends (v2's numbers are these without trailing zeros), best level first. */
export interface KrakenTrueBook {
  bids: [string, string][];
  asks: [string, string][];
}

const DEFAULT_LEVELS = 1100;

const RULES: SpecRules = {
  market: 'kraken',
  futures: true,
  defaultTickSize: '0.1',
  defaultLotDecimals: 8,
  symbolPattern: /^[A-Z0-9]+\/[A-Z0-9]+$/,
  defaultLevelsPerSide: DEFAULT_LEVELS,
};

function invalid(message: string): ExchangeSimError {
  return new ExchangeSimError('invalid-option', message);
}

/** The listing of a pair the sim generates or lists: its own options over its sample listing's. */
function listingOf(options: KrakenPairOptions): KrakenListing {
  const { symbol } = options;
  if (typeof symbol !== 'string' || !RULES.symbolPattern?.test(symbol)) throw invalid(`${JSON.stringify(symbol)} is not a Kraken v2 symbol such as BTC/USD`);
  const sample = krakenSampleListing(symbol);
  const pairDecimals = options.pairDecimals ?? sample?.pairDecimals ?? 2;
  const lotDecimals = options.lotDecimals ?? sample?.lotDecimals ?? 8;
  if (!Number.isInteger(pairDecimals) || pairDecimals < 0 || pairDecimals > 8) throw invalid(`${symbol}: pairDecimals must be an integer in 0..8`);
  const altname = symbol.replace('/', '');
  return {
    symbol,
    wsname: options.wsname ?? sample?.wsname ?? symbol,
    restKey: sample?.restKey ?? altname,
    altname: sample?.altname ?? altname,
    base: sample?.base ?? symbol.split('/')[0] ?? '',
    quote: sample?.quote ?? symbol.split('/')[1] ?? '',
    pairDecimals,
    lotDecimals,
    midPrice: options.midPrice ?? sample?.midPrice ?? '100',
  };
}

/**
 * A local Kraken spot (WebSocket v1 at `/` and v2 at `/v2`, book channel, plus REST AssetPairs) on one loopback
 * port, over the same generated true books, traffic and faults as every venue of the simulator.
 */
export class KrakenSim extends VenueSim {
  /** The v2 WebSocket, ws://127.0.0.1:PORT/v2 (the default, as Kraken's wss://ws.kraken.com/v2). */
  readonly wsUrl: string;
  /** Same as wsUrl. */
  readonly wsUrlV2: string;
  /** The v1 WebSocket, ws://127.0.0.1:PORT (no path, as wss://ws.kraken.com). */
  readonly wsUrlV1: string;

  private constructor(
    exchange: VenueExchange,
    private readonly market: SimulatedMarket,
    private readonly listings: readonly KrakenListing[],
  ) {
    super(exchange);
    this.wsUrlV2 = `ws://127.0.0.1:${exchange.port}/v2`;
    this.wsUrl = this.wsUrlV2;
    this.wsUrlV1 = `ws://127.0.0.1:${exchange.port}`;
  }

  /** Starts a simulator on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: KrakenSimOptions = {}): Promise<KrakenSim> {
    const { seed } = checkVenueOptions(options);
    const pairs = options.pairs ?? [{ symbol: 'BTC/USD' }, { symbol: 'ETH/USD' }];
    if (!Array.isArray(pairs) || pairs.length === 0) throw invalid('pairs must be a non-empty list');
    const listings = pairs.map(listingOf);
    const market = new SimulatedMarket(
      pairs.map((p, i) => {
        const l = listings[i] as KrakenListing;
        const tickSize = l.pairDecimals === 0 ? '1' : `0.${'0'.repeat(l.pairDecimals - 1)}1`;
        const spec = buildSymbolSpec({ symbol: p.symbol, levelsPerSide: p.levelsPerSide, midPrice: l.midPrice, tickSize, lotDecimals: l.lotDecimals }, RULES);
        return { spec, seed: p.seed ?? deriveSeed(seed, p.symbol) };
      }),
    );
    const served = [...listings];
    for (const symbol of options.listedPairs ?? []) {
      if (!listings.some((l) => l.symbol === symbol)) listings.push(listingOf({ symbol }));
    }
    const heartbeatMs = options.heartbeatIntervalMs ?? 1000;
    if (!(Number.isFinite(heartbeatMs) && heartbeatMs > 0)) throw invalid('heartbeatIntervalMs must be a positive number');
    const resolve = (name: string, version: 'v1' | 'v2'): string | undefined => {
      // v2 knows BTC/USD only; v1 knows its wsname (XBT/USD) and, as Kraken accepts, the plain spelling too.
      const l = served.find((s) => s.symbol === name || (version === 'v1' && s.wsname === name));
      return l?.symbol;
    };
    const faults = new VenueFaultState();
    const exchange = new VenueExchange({
      market,
      faults,
      protocols: [new KrakenProtocol(market, faults, { resolve }, heartbeatMs)],
      rest: krakenRest(listings),
      // Kraken's connection ids are large integers.
      connectionId: (n) => String(8_000_000_000_000 + n),
      canonical: (name) => resolve(name, 'v1'),
      timerMs: Math.max(5, Math.floor(heartbeatMs / 4)),
    });
    await exchange.start(options);
    return new KrakenSim(exchange, market, listings);
  }

  /** The generated pairs, by their v2 symbols. */
  pairs(): string[] {
    return this.market.symbols();
  }

  /** The listing of a pair (spellings and precisions), by v2 symbol or v1 wsname. */
  listing(name: string): KrakenListing | undefined {
    return this.listings.find((l) => l.symbol === name || l.wsname === name);
  }

  /** The true book of a pair now (v2 symbol or wsname), top `depth` levels a side (default 1000), as v1 strings. */
  book(name: string, depth = 1000): KrakenTrueBook {
    const symbol = this.symbolOf(name);
    return { bids: krakenTop(this.market, symbol, 'bid', depth), asks: krakenTop(this.market, symbol, 'ask', depth) };
  }

  /** The checksum (unsigned CRC32 of the top 10 a side) of the true book now, as Kraken would send it. */
  checksum(name: string): number {
    return krakenBookChecksum(this.market, this.symbolOf(name));
  }

  private symbolOf(name: string): string {
    const listing = this.listing(name);
    if (!listing || !this.market.has(listing.symbol)) throw new ExchangeSimError('unknown-symbol', `unknown pair ${name}`);
    return listing.symbol;
  }
}
