import { decimalsOf, parseUnits } from '../market/decimal.js';
import { ExchangeSimError } from '../market/errors.js';
import { deriveSeed } from '../market/prng.js';
import { SimulatedMarket } from '../market/simulated-market.js';
import { buildSymbolSpec, type SpecRules } from '../market/symbol-spec.js';
import { VenueExchange, checkVenueOptions, type VenueExchangeOptions } from '../market/venue-exchange.js';
import { VenueFaultState } from '../market/venue-faults.js';
import { VenueSim } from '../market/venue-sim.js';
import { coinbaseSampleListing, type CoinbaseListing } from './coinbase-listings.js';
import { CoinbaseProtocol } from './coinbase-protocol.js';
import { coinbaseRest } from './coinbase-rest.js';
import { coinbasePrice, coinbaseQuantity } from './coinbase-wire-format.js';

/** One generated Coinbase product; increments and price default to its sample listing, if it has one. */
export interface CoinbaseProductOptions {
  /** Coinbase's product_id, e.g. BTC-USD. */
  productId: string;
  /** Seed of its traffic (default: derived from the master seed and the product). */
  seed?: number;
  /**
   * Depth of the true book per side (default 1000; up to 100000). The snapshot is the whole book: about 25 000 a
   * side gives the ~5 MB snapshot Coinbase sends for BTC-USD.
   */
  levelsPerSide?: number;
  midPrice?: string;
  /** Coinbase quote_increment (price tick), e.g. "0.01". */
  quoteIncrement?: string;
  /** Coinbase base_increment (size step, a power of ten), e.g. "0.00000001". */
  baseIncrement?: string;
}

/** How to start a CoinbaseSim. */
export interface CoinbaseSimOptions extends VenueExchangeOptions {
  /** Generated products (default BTC-USD and ETH-USD). */
  products?: CoinbaseProductOptions[];
  /** Product ids the REST listing shows besides the generated ones (they have no book; subscribing them is an error). */
  listedProducts?: string[];
  /** Heartbeats go out this often to connections subscribed to them (default 1000, as on Coinbase). */
  heartbeatIntervalMs?: number;
}

/** A Coinbase book: the strings Coinbase sends, best level first. */
export interface CoinbaseTrueBook {
  bids: [string, string][];
  asks: [string, string][];
}

const ID_PATTERN = /^[A-Z0-9]{2,10}-[A-Z0-9]{2,10}$/;

function invalid(message: string): ExchangeSimError {
  return new ExchangeSimError('invalid-option', message);
}

function listingOf(o: CoinbaseProductOptions): CoinbaseListing {
  if (typeof o?.productId !== 'string' || !ID_PATTERN.test(o.productId)) throw invalid(`${JSON.stringify(o?.productId)} is not a Coinbase product_id`);
  const sample = coinbaseSampleListing(o.productId);
  const [base = '', quote = ''] = o.productId.split('-');
  const baseIncrement = o.baseIncrement ?? sample?.baseIncrement ?? '0.00000001';
  if (parseUnits(baseIncrement, decimalsOf(baseIncrement)) !== 1n) throw invalid(`${o.productId}: baseIncrement must be a power of ten no larger than 1`);
  return {
    productId: o.productId,
    baseCurrency: base,
    quoteCurrency: quote,
    midPrice: o.midPrice ?? sample?.midPrice ?? '100',
    quoteIncrement: o.quoteIncrement ?? sample?.quoteIncrement ?? '0.01',
    baseIncrement,
  };
}

const RULES: SpecRules = {
  market: 'coinbase',
  futures: true,
  defaultTickSize: '0.01',
  defaultLotDecimals: 8,
  symbolPattern: ID_PATTERN,
  defaultLevelsPerSide: 1000,
};

/**
 * A local Coinbase Advanced Trade (market-data WebSocket `level2` + `heartbeats`, and the products REST list) on
 * one loopback port, over the same generated true books, traffic and faults as every venue of the simulator.
 */
export class CoinbaseSim extends VenueSim {
  /** The market-data WebSocket, e.g. ws://127.0.0.1:PORT (Coinbase's is wss://advanced-trade-ws.coinbase.com). */
  readonly wsUrl: string;

  private constructor(
    exchange: VenueExchange,
    private readonly market: SimulatedMarket,
  ) {
    super(exchange);
    this.wsUrl = `ws://127.0.0.1:${exchange.port}`;
  }

  /** Starts a simulator on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: CoinbaseSimOptions = {}): Promise<CoinbaseSim> {
    const { seed } = checkVenueOptions(options);
    const products = options.products ?? [{ productId: 'BTC-USD' }, { productId: 'ETH-USD' }];
    if (!Array.isArray(products) || products.length === 0) throw invalid('products must be a non-empty list');
    const listings = products.map(listingOf);
    const market = new SimulatedMarket(
      products.map((o, i) => {
        const l = listings[i] as CoinbaseListing;
        const spec = buildSymbolSpec(
          { symbol: o.productId, levelsPerSide: o.levelsPerSide, midPrice: l.midPrice, tickSize: l.quoteIncrement, lotDecimals: decimalsOf(l.baseIncrement) },
          RULES,
        );
        return { spec, seed: o.seed ?? deriveSeed(seed, `coinbase-${o.productId}`) };
      }),
    );
    for (const productId of options.listedProducts ?? []) {
      if (!listings.some((l) => l.productId === productId)) listings.push(listingOf({ productId }));
    }
    const heartbeatMs = options.heartbeatIntervalMs ?? 1000;
    if (!Number.isFinite(heartbeatMs) || heartbeatMs <= 0) throw invalid('heartbeatIntervalMs must be a positive number');
    const faults = new VenueFaultState();
    const exchange = new VenueExchange({
      market,
      faults,
      protocols: [new CoinbaseProtocol(market, faults, heartbeatMs)],
      rest: coinbaseRest(listings),
      // Coinbase tells a client no connection id: the simulator's own numbering, for scoping faults.
      connectionId: (n) => String(n),
      canonical: (productId) => (market.has(productId) ? productId : undefined),
      timerMs: Math.max(5, Math.min(250, Math.floor(heartbeatMs / 4))),
    });
    await exchange.start(options);
    return new CoinbaseSim(exchange, market);
  }

  /** The generated product ids. */
  products(): string[] {
    return this.market.symbols();
  }

  /** The true book of a product now, top `depth` levels a side (default the whole book), as Coinbase writes it. */
  book(productId: string, depth?: number): CoinbaseTrueBook {
    const spec = this.market.spec(productId);
    const book = this.market.book(productId);
    const side = (s: 'bid' | 'ask') =>
      book
        .sideOf(s)
        .top(depth)
        .map(([tick, qty]): [string, string] => [coinbasePrice(spec, tick), coinbaseQuantity(spec, qty)]);
    return { bids: side('bid'), asks: side('ask') };
  }
}
