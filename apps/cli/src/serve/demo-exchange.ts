import {
  BYBIT_SAMPLE_LISTINGS,
  BinanceSim,
  BybitSim,
  COINBASE_SAMPLE_LISTINGS,
  CoinbaseSim,
  KRAKEN_SAMPLE_LISTINGS,
  KrakenSim,
  OKX_SAMPLE_LISTINGS,
  OkxSim,
  SAMPLE_LISTINGS,
  type BybitCategory,
  type SimMarket,
} from '@lob/exchange-sim';
import { BYBIT_VENUE } from '@lob/connector-bybit';
import type { MarketSettings } from '../config/settings.js';
import type { TrueBookView, TruthReader } from '../http/debug-routes.js';
import type { VenueName } from '../venues/venue.js';

/** One venue's simulator as `--demo` runs it: where it listens, its true books, and how to stop it. */
export interface DemoSim {
  readonly restUrl: string;
  readonly wsUrl: string;
  /** The symbols it keeps books for, in the venue's spelling. */
  symbols(): readonly string[];
  book(symbol: string): TrueBookView;
  close(): Promise<void>;
}

/** How `--demo` runs a venue's simulator. */
export interface DemoSimOptions {
  readonly faultEveryTicks: number;
  readonly seed: number;
}

/** Starts one venue's simulator for its configured symbols, on a free loopback port. */
type DemoSimFactory = (settings: MarketSettings, options: DemoSimOptions) => Promise<DemoSim>;

/**
 * A Binance market's simulator: it lists a sample of real Binance symbols (so a typo is as unknown to it as to
 * Binance, and the start-up check catches it) and generates books for the configured symbols among them.
 */
function binanceSim(market: SimMarket): DemoSimFactory {
  return (settings, options) => {
    const listed = SAMPLE_LISTINGS[market];
    const { traded } = splitListing(settings.symbols, listed);
    return BinanceSim.start({
      market,
      port: 0,
      symbols: traded.map((symbol) => ({ symbol })),
      listedSymbols: [...listed],
      seed: options.seed,
      randomFaults: options.faultEveryTicks > 0 ? { everyTicks: options.faultEveryTicks, seed: options.seed } : false,
    });
  };
}

/**
 * The symbols a simulator generates books for, and the ones it only lists: the configured symbols among its sample
 * listing are traded, the rest of the listing is listed (so a typo is as unknown to it as to the venue, and the
 * start-up check catches it). A simulator needs one book at least; when no configured symbol is listed, the check
 * stops the run anyway.
 */
function splitListing(configured: readonly string[], listed: readonly string[]): { traded: string[]; listedOnly: string[] } {
  const known = configured.filter((symbol) => listed.includes(symbol));
  const traded = known.length > 0 ? known : listed.slice(0, 1);
  return { traded, listedOnly: listed.filter((symbol) => !traded.includes(symbol)) };
}

/** OKX's simulator: generated instruments, the true book at its seqId. */
const okxSim: DemoSimFactory = async (settings, options) => {
  const { traded, listedOnly } = splitListing(settings.symbols, OKX_SAMPLE_LISTINGS.map((l) => l.instId));
  const sim = await OkxSim.start({
    port: 0,
    instruments: traded.map((instId) => ({ instId })),
    listedInstruments: listedOnly,
    seed: options.seed,
    randomFaults: options.faultEveryTicks > 0 ? { everyTicks: options.faultEveryTicks, seed: options.seed } : false,
  });
  return {
    restUrl: sim.restUrl,
    wsUrl: sim.wsUrl,
    symbols: () => sim.instruments(),
    book: (instId) => {
      const { seqId, bids, asks } = sim.book(instId);
      return { lastUpdateId: seqId, checksum: sim.checksum(instId), bids, asks };
    },
    close: () => sim.close(),
  };
};

/** Kraken's simulator, on v2 (Kraken's live default); its true book has no ids, so its checksum names its state. */
const krakenSim: DemoSimFactory = async (settings, options) => {
  const { traded, listedOnly } = splitListing(settings.symbols, KRAKEN_SAMPLE_LISTINGS.map((l) => l.symbol));
  const sim = await KrakenSim.start({
    port: 0,
    pairs: traded.map((symbol) => ({ symbol })),
    listedPairs: listedOnly,
    seed: options.seed,
    randomFaults: options.faultEveryTicks > 0 ? { everyTicks: options.faultEveryTicks, seed: options.seed } : false,
  });
  return {
    restUrl: sim.restUrl,
    wsUrl: sim.wsUrlV2,
    symbols: () => sim.pairs(),
    book: (pair) => ({ checksum: sim.checksum(pair), ...sim.book(pair) }),
    close: () => sim.close(),
  };
};

/**
 * A Bybit category's simulator (one public endpoint per category, as on Bybit). Its truth is the window of the
 * depth lob subscribes to (`--book-depth`, 200 by default) at the topic's `u`: Bybit keeps that window itself.
 */
function bybitSim(category: BybitCategory): DemoSimFactory {
  return async (settings, options) => {
    const { traded, listedOnly } = splitListing(settings.symbols, BYBIT_SAMPLE_LISTINGS[category].map((l) => l.symbol));
    const depth = settings.bookDepth ?? BYBIT_VENUE.defaultDepth;
    const sim = await BybitSim.start({
      category,
      port: 0,
      symbols: traded.map((symbol) => ({ symbol })),
      listedSymbols: listedOnly,
      seed: options.seed,
      randomFaults: options.faultEveryTicks > 0 ? { everyTicks: options.faultEveryTicks, seed: options.seed } : false,
    });
    return {
      restUrl: sim.restUrl,
      wsUrl: sim.wsUrl,
      symbols: () => sim.symbols(),
      book: (symbol) => {
        const { u, bids, asks } = sim.book(symbol, depth);
        return { ...(u === undefined ? {} : { lastUpdateId: u }), bids, asks };
      },
      close: () => sim.close(),
    };
  };
}

/**
 * Coinbase's simulator: level2 is the whole book, so its truth is the whole true book. It has no per-product ids nor
 * checksum to name its state: a reader compares books until they are equal.
 */
const coinbaseSim: DemoSimFactory = async (settings, options) => {
  const { traded, listedOnly } = splitListing(settings.symbols, COINBASE_SAMPLE_LISTINGS.map((l) => l.productId));
  const sim = await CoinbaseSim.start({
    port: 0,
    products: traded.map((productId) => ({ productId })),
    listedProducts: listedOnly,
    seed: options.seed,
    randomFaults: options.faultEveryTicks > 0 ? { everyTicks: options.faultEveryTicks, seed: options.seed } : false,
  });
  return {
    restUrl: sim.restUrl,
    wsUrl: sim.wsUrl,
    symbols: () => sim.products(),
    book: (productId) => sim.book(productId),
    close: () => sim.close(),
  };
};

/** Each venue's simulator, one entry per venue. */
const DEMO_SIMS: Readonly<Record<VenueName, DemoSimFactory>> = {
  'binance-spot': binanceSim('spot'),
  'binance-usdm': binanceSim('usdm'),
  'binance-coinm': binanceSim('coinm'),
  okx: okxSim,
  kraken: krakenSim,
  'bybit-spot': bybitSim('spot'),
  'bybit-linear': bybitSim('linear'),
  'bybit-inverse': bybitSim('inverse'),
  coinbase: coinbaseSim,
};

/** The simulated exchanges of `--demo`: one simulator per venue, on free loopback ports. */
export interface DemoExchange {
  /** By venue name. */
  readonly sims: ReadonlyMap<string, DemoSim>;
  /** The simulators' true books, for /debug/truth. */
  readonly truth: TruthReader;
  /** The venues' settings pointed at the simulators. */
  readonly markets: MarketSettings[];
  close(): Promise<void>;
}

/** Starts a simulator per configured venue, with random faults unless `faultEveryTicks` is 0. */
export async function startDemoExchange(markets: readonly MarketSettings[], options: DemoSimOptions): Promise<DemoExchange> {
  const sims = new Map<string, DemoSim>();
  try {
    for (const settings of markets) sims.set(settings.market, await DEMO_SIMS[settings.market](settings, options));
  } catch (error) {
    await Promise.all([...sims.values()].map((s) => s.close()));
    throw error;
  }
  return {
    sims,
    truth: (market, symbol) => {
      const sim = sims.get(market);
      return sim?.symbols().includes(symbol) ? sim.book(symbol) : undefined;
    },
    markets: markets.map((m) => {
      const sim = sims.get(m.market) as DemoSim;
      return { ...m, restUrl: sim.restUrl, wsUrl: sim.wsUrl };
    }),
    close: async () => {
      await Promise.all([...sims.values()].map((s) => s.close()));
    },
  };
}
