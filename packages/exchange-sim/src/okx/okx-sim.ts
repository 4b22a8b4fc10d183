import { decimalsOf, parseUnits } from '../market/decimal.js';
import { ExchangeSimError } from '../market/errors.js';
import { deriveSeed } from '../market/prng.js';
import { SimulatedMarket } from '../market/simulated-market.js';
import { buildSymbolSpec, type SpecRules } from '../market/symbol-spec.js';
import { VenueExchange, checkVenueOptions, type VenueExchangeOptions } from '../market/venue-exchange.js';
import { VenueFaultState } from '../market/venue-faults.js';
import { VenueSim } from '../market/venue-sim.js';
import { okxInstType, okxSampleListing, type OkxListing } from './okx-listings.js';
import { OKX_BOOK_DEPTH, OKX_PUBLIC_PATH, OkxProtocol, okxBookChecksum, okxTop } from './okx-protocol.js';
import { okxRest } from './okx-rest.js';

/** One generated OKX instrument; tick, lot and price default to its sample listing, if it has one. */
export interface OkxInstrumentOptions {
  /** OKX's instId: BTC-USDT (spot), BTC-USDT-SWAP (perpetual), BTC-USDT-261225 (future). */
  instId: string;
  /** Seed of its traffic (default: derived from the master seed and the instId). */
  seed?: number;
  /** Initial depth per side, at most 400 (default 400: the window OKX keeps). */
  levelsPerSide?: number;
  midPrice?: string;
  /** OKX tickSz, e.g. "0.1". */
  tickSize?: string;
  /** OKX lotSz, a power of ten, e.g. "0.00000001" or "1". */
  lotSize?: string;
}

/** How to start an OkxSim. */
export interface OkxSimOptions extends VenueExchangeOptions {
  /** Generated instruments (default BTC-USDT and ETH-USDT). */
  instruments?: OkxInstrumentOptions[];
  /** instIds the REST listing shows besides the generated ones (they have no book; subscribing them is an error). */
  listedInstruments?: string[];
  /** Close a connection that was sent nothing for this long, as OKX does after 30 s (default: never). */
  idleTimeoutMs?: number;
}

/** An OKX book at one seqId: the strings OKX sends, best level first. */
export interface OkxTrueBook {
  seqId: number;
  bids: [string, string][];
  asks: [string, string][];
}

const RULES: SpecRules = {
  market: 'okx',
  futures: true,
  defaultTickSize: '0.1',
  defaultLotDecimals: 8,
  symbolPattern: /^[A-Z0-9]+(-[A-Z0-9]+){1,2}$/,
  defaultLevelsPerSide: OKX_BOOK_DEPTH,
};

function invalid(message: string): ExchangeSimError {
  return new ExchangeSimError('invalid-option', message);
}

/** The listing of an instrument the sim generates: its own options over its sample listing's. */
function listingOf(options: OkxInstrumentOptions): OkxListing {
  const instType = okxInstType(options.instId);
  if (instType === undefined) throw invalid(`${JSON.stringify(options.instId)} is not an OKX spot, swap or futures instId`);
  const sample = okxSampleListing(options.instId);
  const lotSize = options.lotSize ?? sample?.lotSize ?? (instType === 'SPOT' ? '0.00000001' : '1');
  if (parseUnits(lotSize, decimalsOf(lotSize)) !== 1n) throw invalid(`${options.instId}: lotSize must be a power of ten no larger than 1`);
  return {
    instId: options.instId,
    instType,
    midPrice: options.midPrice ?? sample?.midPrice ?? '100',
    tickSize: options.tickSize ?? sample?.tickSize ?? '0.1',
    lotSize,
    ...(sample?.contractValue === undefined ? {} : { contractValue: sample.contractValue }),
  };
}

/**
 * A local OKX (v5 public WebSocket order books + the instruments REST list) on one loopback port, over the same
 * generated true books, traffic and faults as every venue of the simulator.
 */
export class OkxSim extends VenueSim {
  /** The public WebSocket, e.g. ws://127.0.0.1:PORT/ws/v5/public. */
  readonly wsUrl: string;

  private constructor(
    exchange: VenueExchange,
    private readonly market: SimulatedMarket,
  ) {
    super(exchange);
    this.wsUrl = `ws://127.0.0.1:${exchange.port}${OKX_PUBLIC_PATH}`;
  }

  /** Starts a simulator on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: OkxSimOptions = {}): Promise<OkxSim> {
    const { seed } = checkVenueOptions(options);
    const instruments = options.instruments ?? [{ instId: 'BTC-USDT' }, { instId: 'ETH-USDT' }];
    if (!Array.isArray(instruments) || instruments.length === 0) throw invalid('instruments must be a non-empty list');
    const listings = instruments.map(listingOf);
    const market = new SimulatedMarket(
      instruments.map((o, i) => {
        const listing = listings[i] as OkxListing;
        if (o.levelsPerSide !== undefined && o.levelsPerSide > OKX_BOOK_DEPTH) throw invalid(`${o.instId}: levelsPerSide is at most 400`);
        const spec = buildSymbolSpec(
          { symbol: o.instId, levelsPerSide: o.levelsPerSide, midPrice: listing.midPrice, tickSize: listing.tickSize, lotDecimals: decimalsOf(listing.lotSize) },
          RULES,
        );
        return { spec, seed: o.seed ?? deriveSeed(seed, o.instId) };
      }),
      OKX_BOOK_DEPTH,
    );
    for (const instId of options.listedInstruments ?? []) {
      if (!listings.some((l) => l.instId === instId)) listings.push(listingOf({ instId }));
    }
    const idle = options.idleTimeoutMs;
    if (idle !== undefined && !(Number.isFinite(idle) && idle > 0)) throw invalid('idleTimeoutMs must be a positive number');
    const faults = new VenueFaultState();
    const exchange = new VenueExchange({
      market,
      faults,
      protocols: [new OkxProtocol(market, faults, idle)],
      rest: okxRest(listings),
      // OKX's connId is 8 hex digits.
      connectionId: (n) => n.toString(16).padStart(8, '0'),
      canonical: (instId) => (market.has(instId) ? instId : undefined),
      timerMs: idle === undefined ? 1000 : Math.max(5, Math.floor(idle / 5)),
    });
    await exchange.start(options);
    return new OkxSim(exchange, market);
  }

  /** The generated instIds. */
  instruments(): string[] {
    return this.market.symbols();
  }

  /** The true book of an instrument now, top `depth` levels a side (default all 400), as OKX writes them. */
  book(instId: string, depth = OKX_BOOK_DEPTH): OkxTrueBook {
    return {
      seqId: this.market.book(instId).lastUpdateId,
      bids: okxTop(this.market, instId, 'bid', depth),
      asks: okxTop(this.market, instId, 'ask', depth),
    };
  }

  /** The checksum of the true book now (signed 32-bit), as OKX would send it. */
  checksum(instId: string): number {
    return okxBookChecksum(this.market, instId);
  }

  /** The seqId of the instrument's last update. */
  seqId(instId: string): number {
    return this.market.book(instId).lastUpdateId;
  }
}
