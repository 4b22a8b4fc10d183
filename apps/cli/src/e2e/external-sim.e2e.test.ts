import { BinanceSim, type SimMarket } from '@lob/exchange-sim';
import { afterEach, describe, expect, it } from '@jest/globals';
import { CliProcess, eventually, getJson } from './cli-process.test-support.js';
import { readAtSameId, sameTop } from './truth.test-support.js';

const CASES: { market: SimMarket; symbols: string[]; book: string; snapshotLimit: string }[] = [
  { market: 'spot', symbols: ['BTCUSDT', 'ETHUSDT'], book: 'btree', snapshotLimit: '1000' },
  { market: 'usdm', symbols: ['BTCUSDT', 'ETHUSDT'], book: 'rbtree', snapshotLimit: '500' },
  { market: 'coinm', symbols: ['BTCUSD_PERP'], book: 'btree', snapshotLimit: '1000' },
];

let sim: BinanceSim | undefined;
let cli: CliProcess | undefined;
afterEach(async () => {
  cli?.kill();
  await sim?.close();
  sim = undefined;
  cli = undefined;
});

describe.each(CASES)('lob serve --market $market against a separately started exchange simulator via --rest-url/--ws-url', ({ market, symbols, book, snapshotLimit }) => {
  it('keeps every book equal to the simulator, writes JSON lines to stdout and logs to stderr only', async () => {
    sim = await BinanceSim.start({ market, symbols: symbols.map((symbol) => ({ symbol })), seed: 11 });
    cli = CliProcess.start([
      'serve',
      '--market', market,
      '--pairs', symbols.map((s) => s.toLowerCase()).join(','),
      '--rest-url', sim.restUrl,
      '--ws-url', sim.wsUrl,
      '--book', book,
      '--snapshot-limit', snapshotLimit,
      '--depth', '3',
      '--http', '127.0.0.1:0',
      '--json',
    ]);
    const base = await cli.httpUrl();
    await eventually(async () => ((await getJson(`${base}/health`)).status === 200 ? true : undefined), 15_000, `${market} healthy`);

    // A quiet moment: the simulator stops generating, lob catches up to its last update id, the books must be equal.
    const running = sim;
    running.pause();
    for (const symbol of symbols) {
      const { ours, truth } = await readAtSameId(base, market, symbol, async () => running.book(symbol));
      expect(ours.market).toBe(`binance-${market}`);
      expect(ours.bids.length).toBeGreaterThanOrEqual(Number(snapshotLimit) - 50);
      expect(sameTop(ours, truth, Number(snapshotLimit) - 100)).toBeUndefined();
    }
    running.resume();

    const child = cli;
    const parsed = (): { market: string; state: string; bids: unknown[] }[] => child.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    const lines = await eventually(async () => (parsed().some((l) => l.state === 'live' && l.bids.length === 3) ? parsed() : undefined), 5000, 'a live JSON line');
    for (const line of lines) {
      expect(Object.keys(line)).toEqual([
        'type', 'time', 'eventTime', 'receivedAt', 'appliedAt', 'market', 'symbol', 'state', 'reason', 'lastUpdateId', 'exactDepth', 'bids', 'asks', 'spread', 'mid', 'updatesApplied', 'resyncs',
      ]);
      expect(line.market).toBe(`binance-${market}`);
      expect(line.bids.length).toBeLessThanOrEqual(3);
    }
    const live = lines.filter((l) => l.state === 'live' && l.bids.length === 3) as unknown as { spread: string }[];
    expect(live[0]?.spread).toMatch(/^\d+(\.\d+)?$/);
    // stderr holds only log records.
    expect(cli.stderr.trimEnd().split('\n').every((l) => JSON.parse(l).level !== undefined)).toBe(true);

    const { code, ms } = await cli.signal('SIGINT');
    expect(code).toBe(0);
    // lob's own 2 s deadline is tested with fake timers (shutdown.test.ts); a starved machine adds process overhead.
    expect(ms).toBeLessThan(5000);
  }, 40_000);
});
