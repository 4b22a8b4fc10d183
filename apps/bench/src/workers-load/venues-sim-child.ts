// The exchanges of the worker-threads benchmark, in a process of their own (their ticks keep time whatever lob is
// doing): a simulated Binance spot of many symbols, plus the other venues' demo markets as `lob serve --demo` runs
// them. Sends the venues' endpoints over IPC; stops when the parent says so or goes away.
import { resolveSettings, startDemoExchange, type MarketSettings } from '@lob/cli';
import { BinanceSim } from '@lob/exchange-sim';
import type { SimVenue } from './sim-venues.js';

const [books = '1500', tickMs = '250'] = process.argv.slice(2);
const symbols = Array.from({ length: Number(books) }, (_, i) => ({ symbol: `W${String(i).padStart(4, '0')}USDT`, levelsPerSide: 200 }));
const binance = await BinanceSim.start({
  market: 'spot',
  port: 0,
  symbols,
  seed: 13,
  tickIntervalMs: Number(tickMs),
  randomFaults: false,
  // lob paces its snapshots by Binance's real budget; the simulator need not refuse anything on top.
  weightLimitPerMinute: 1_000_000,
});
const others: MarketSettings[] = (['okx', 'kraken', 'bybit-linear', 'coinbase'] as const).map((market) => resolveSettings({ demo: true, market }, undefined).markets[0]!);
const demo = await startDemoExchange(others, { faultEveryTicks: 0, seed: 13 });
const venues: SimVenue[] = [
  { market: 'binance-spot', symbols: symbols.map((s) => s.symbol), restUrl: binance.restUrl, wsUrl: binance.wsUrl },
  ...demo.markets.map((m) => ({
    market: m.market,
    symbols: [...m.symbols],
    restUrl: m.restUrl!,
    wsUrl: m.wsUrl!,
    ...(m.bookDepth === undefined ? {} : { bookDepth: m.bookDepth }),
  })),
];
const stop = (): void => void Promise.allSettled([binance.close(), demo.close()]).finally(() => process.exit(0));
process.on('message', (message) => message === 'stop' && stop());
process.on('disconnect', stop);
process.send?.(venues);
