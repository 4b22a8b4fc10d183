// The exchange of the API load test, in a process of its own: its ticks keep time whatever load the API is under,
// as a real exchange's would, so a late book is lob's lag and not a late simulator. Sends its URLs over IPC, stops
// when the parent says so or goes away.
import { BinanceSim } from '@lob/exchange-sim';

const [books = '200', tickMs = '100'] = process.argv.slice(2);
const symbols = Array.from({ length: Number(books) }, (_, i) => ({ symbol: `L${String(i).padStart(4, '0')}USDT`, levelsPerSide: 500 }));
const sim = await BinanceSim.start({
  market: 'spot',
  port: 0,
  symbols,
  seed: 11,
  tickIntervalMs: Number(tickMs),
  randomFaults: false,
  // Every book takes a snapshot at start-up; the test is about the API, not about waiting out the weight minute.
  weightLimitPerMinute: 1_000_000,
});
const stop = (): void => void sim.close().finally(() => process.exit(0));
process.on('message', (message) => message === 'stop' && stop());
process.on('disconnect', stop);
process.send?.({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, symbols: symbols.map((s) => s.symbol) });
