import { ConfigError } from '@lob/core';
import { BinanceSim, SAMPLE_LISTINGS, type SimMarket } from '@lob/exchange-sim';
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
    const traded = settings.symbols.filter((symbol) => listed.includes(symbol));
    return BinanceSim.start({
      market,
      port: 0,
      // A simulator needs one book at least; when every configured symbol is unknown the check stops the run anyway.
      symbols: (traded.length > 0 ? traded : listed.slice(0, 1)).map((symbol) => ({ symbol })),
      listedSymbols: [...listed],
      seed: options.seed,
      randomFaults: options.faultEveryTicks > 0 ? { everyTicks: options.faultEveryTicks, seed: options.seed } : false,
    });
  };
}

/** Each venue's simulator, one entry per venue. */
const DEMO_SIMS: Partial<Record<VenueName, DemoSimFactory>> = {
  'binance-spot': binanceSim('spot'),
  'binance-usdm': binanceSim('usdm'),
  'binance-coinm': binanceSim('coinm'),
  // TODO(okx-sim): add `okx: ...` once @lob/exchange-sim exports OkxSim on main (start it for settings.symbols, port 0,
  // the same seed and random faults; it must expose restUrl, wsUrl, symbols(), book(symbol) and close()).
  // TODO(kraken-sim): add `kraken: ...` once @lob/exchange-sim exports KrakenSim on main (likewise; its wsUrl decides
  // v1 or v2 as Kraken's do).
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

/**
 * Starts a simulator per configured venue, with random faults unless `faultEveryTicks` is 0. A venue without a
 * simulator is a ConfigError before any is started.
 */
export async function startDemoExchange(markets: readonly MarketSettings[], options: DemoSimOptions): Promise<DemoExchange> {
  const missing = markets.filter((m) => DEMO_SIMS[m.market] === undefined).map((m) => m.market);
  if (missing.length > 0) {
    const offered = Object.keys(DEMO_SIMS).join(', ');
    throw new ConfigError('invalid-value', `--demo: no simulator for ${missing.join(', ')} yet (simulated venues: ${offered})`, { key: '--demo' });
  }
  const sims = new Map<string, DemoSim>();
  try {
    for (const settings of markets) sims.set(settings.market, await (DEMO_SIMS[settings.market] as DemoSimFactory)(settings, options));
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
