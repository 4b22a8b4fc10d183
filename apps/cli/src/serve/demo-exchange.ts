import { BinanceSim, SAMPLE_LISTINGS } from '@lob/exchange-sim';
import type { MarketSettings } from '../config/settings.js';
import type { TruthReader } from '../http/debug-routes.js';

/** The simulated exchanges of `--demo`: one BinanceSim per market, on free loopback ports. */
export interface DemoExchange {
  readonly sims: ReadonlyMap<string, BinanceSim>;
  /** The simulators' true books, for /debug/truth. */
  readonly truth: TruthReader;
  /** The markets' settings pointed at the simulators. */
  readonly markets: MarketSettings[];
  close(): Promise<void>;
}

/**
 * Starts a simulator per market, with random faults unless `faultEveryTicks` is 0. Each lists a sample of real
 * Binance symbols (so a typo is as unknown to it as to Binance, and the start-up check catches it) and generates
 * books for the configured symbols among them.
 */
export async function startDemoExchange(
  markets: readonly MarketSettings[],
  options: { readonly faultEveryTicks: number; readonly seed: number },
): Promise<DemoExchange> {
  const sims = new Map<string, BinanceSim>();
  try {
    for (const settings of markets) {
      const listed = SAMPLE_LISTINGS[settings.market];
      const traded = settings.symbols.filter((symbol) => listed.includes(symbol));
      const sim = await BinanceSim.start({
        market: settings.market,
        port: 0,
        // A simulator needs one book at least; when every configured symbol is unknown the check stops the run anyway.
        symbols: (traded.length > 0 ? traded : listed.slice(0, 1)).map((symbol) => ({ symbol })),
        listedSymbols: [...listed],
        seed: options.seed,
        randomFaults: options.faultEveryTicks > 0 ? { everyTicks: options.faultEveryTicks, seed: options.seed } : false,
      });
      sims.set(settings.market, sim);
    }
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
      const sim = sims.get(m.market) as BinanceSim;
      return { ...m, restUrl: sim.restUrl, wsUrl: sim.wsUrl };
    }),
    close: async () => {
      await Promise.all([...sims.values()].map((s) => s.close()));
    },
  };
}
