import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mirrorBook } from '../http/mirror-book.js';
import { CliProcess, eventually, getJson } from './cli-process.test-support.js';
import { readAtSameId, readUntilEqual, sameTop, type TrueBookLike } from './truth.test-support.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url));

describe('lob serve --demo --workers 2, a real process: books kept by worker threads, served from the main thread', () => {
  let cli: CliProcess;
  let base: string;

  beforeAll(async () => {
    cli = CliProcess.start(['serve', '--demo', '--demo-fault-every', '0', '--workers', '2', '--http', '127.0.0.1:0', '--config', fixture('demo-workers.toml')]);
    base = await cli.httpUrl();
  }, 30_000);
  afterAll(() => cli.kill());

  it('turns healthy once every book of both workers is live, and reports each worker in /metrics', async () => {
    await eventually(async () => ((await getJson(`${base}/health`)).status === 200 ? true : undefined), 30_000, '/health 200');
    const books = (await getJson(`${base}/books`)).body.books as { market: string; symbol: string; state: string }[];
    expect(books.map((b) => [b.market, b.symbol, b.state])).toEqual([
      ['binance-spot', 'BTCUSDT', 'live'],
      ['binance-spot', 'ETHUSDT', 'live'],
      ['binance-spot', 'BNBUSDT', 'live'],
      ['okx', 'BTC-USDT', 'live'],
      ['kraken', 'BTC/USD', 'live'],
      ['bybit-linear', 'BTCUSDT', 'live'],
      ['coinbase', 'BTC-USD', 'live'],
    ]);
    // Right after start-up the loop may still be busy enough for load shedding to answer 503: asked again then.
    const metrics = await eventually(
      async () => {
        const res = await fetch(`${base}/metrics`);
        const lines = res.status === 200 ? (await res.text()).split('\n') : [];
        // The workers' counters come every half second: wait for a report with updates in it.
        return lines.some((line) => /^lob_updates_applied_total\{market="binance-spot",symbol="ETHUSDT"\} [1-9]/.test(line)) ? lines : undefined;
      },
      20_000,
      '/metrics 200 with the workers counters',
    );
    // Dealt round-robin over the seven books: four for worker 1, three for worker 2.
    expect(metrics).toEqual(expect.arrayContaining(['lob_worker_books{worker="1"} 4', 'lob_worker_books{worker="2"} 3', 'lob_worker_up{worker="1"} 1', 'lob_worker_up{worker="2"} 1']));
    expect(cli.logs().some((r) => r.event === 'workers' && r.workers === 2)).toBe(true);
  }, 40_000);

  it("serves Binance books of both workers equal to the simulator's at the same update id", async () => {
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const truthAt = async (): Promise<TrueBookLike> => (await getJson(`${base}/debug/truth/binance-spot/${symbol}?depth=300`)).body;
      const { ours, truth } = await readAtSameId(base, 'binance-spot', symbol, truthAt);
      expect(ours.bids.length).toBeGreaterThan(900);
      expect(sameTop(ours, truth, 300)).toBeUndefined();
    }
  }, 40_000);

  it("serves OKX and Coinbase books equal to the simulator's", async () => {
    const okxTruth = async (): Promise<TrueBookLike> => (await getJson(`${base}/debug/truth/okx/BTC-USDT?depth=400`)).body;
    const { ours, truth } = await readAtSameId(base, 'okx', 'BTC-USDT', okxTruth);
    expect(ours.checksum).toBe(truth.checksum);
    expect(sameTop(ours, truth, 300)).toBeUndefined();
    const coinbaseTruth = async (): Promise<TrueBookLike> => (await getJson(`${base}/debug/truth/coinbase/BTC-USD?depth=all`)).body;
    expect((await readUntilEqual(base, 'coinbase', 'BTC-USD', coinbaseTruth)).equal).toBe(true);
  }, 40_000);

  it("streams a worker's book over /stream's diff mode: a mirror goes live and follows its changes in order", async () => {
    let errors = 0;
    const mirror = mirrorBook(base, 'binance-spot', 'ETHUSDT', { onError: () => errors++ });
    try {
      await eventually(async () => (mirror.current.state === 'live' ? true : undefined), 20_000, 'the mirror live');
      const from = mirror.current.seq;
      await eventually(async () => (mirror.current.seq >= from + 5 ? true : undefined), 20_000, 'five changes more');
      expect(errors).toBe(0);
    } finally {
      await mirror.close();
    }
    expect((await cli.signal('SIGTERM')).code).toBe(0);
  }, 40_000);
});

describe('lob serve --demo --workers 2, a real process whose worker 1 crashes (test hook LOB_TEST_CRASH_WORKER)', () => {
  let cli: CliProcess;
  let base: string;
  // Dealt round-robin over the fixture's seven books.
  const OF_WORKER_1 = [['binance-spot', 'BTCUSDT'], ['binance-spot', 'BNBUSDT'], ['kraken', 'BTC/USD'], ['coinbase', 'BTC-USD']];
  const OF_WORKER_2 = [['binance-spot', 'ETHUSDT'], ['okx', 'BTC-USDT'], ['bybit-linear', 'BTCUSDT']];

  beforeAll(async () => {
    process.env.LOB_TEST_CRASH_WORKER = '1:5000';
    try {
      const args = ['serve', '--demo', '--demo-fault-every', '0', '--workers', '2', '--http', '127.0.0.1:0', '--log-level', 'debug', '--config', fixture('demo-workers.toml')];
      cli = CliProcess.start(args);
    } finally {
      delete process.env.LOB_TEST_CRASH_WORKER;
    }
    base = await cli.httpUrl();
  }, 30_000);
  afterAll(() => cli.kill());

  it("restarts the worker and resyncs only its books, saying why; the other worker's books never leave live", async () => {
    const restart = await cli.waitForLog((r) => r.event === 'worker-restart' && r.worker === 1, 40_000);
    expect(restart).toMatchObject({ level: 'error', reason: 'crashed' });
    expect(restart.msg).toContain('crashed on purpose');
    const at = cli.logs().findIndex((r) => r.event === 'worker-restart' && r.worker === 1);
    await eventually(async () => ((await getJson(`${base}/health`)).status === 200 ? true : undefined), 40_000, '/health 200 after the restart');
    const after = cli.logs().slice(at);
    const about = ([market, symbol]: string[]) => after.filter((r) => r.market === market && r.symbol === symbol && typeof r.state === 'string');
    for (const book of OF_WORKER_1) {
      expect(about(book).some((r) => r.state === 'resyncing' && r.reason === 'worker 1 restarted')).toBe(true);
      expect(about(book).at(-1)?.state).toBe('live');
    }
    for (const book of OF_WORKER_2) expect(about(book)).toEqual([]);
    const truthAt = async (): Promise<TrueBookLike> => (await getJson(`${base}/debug/truth/binance-spot/BTCUSDT?depth=300`)).body;
    const { ours, truth } = await readAtSameId(base, 'binance-spot', 'BTCUSDT', truthAt);
    expect(sameTop(ours, truth, 300)).toBeUndefined();
    const metrics = await eventually(
      async () => {
        const res = await fetch(`${base}/metrics`);
        return res.status === 200 ? await res.text() : undefined;
      },
      20_000,
      '/metrics 200',
    );
    expect(metrics.split('\n')).toEqual(expect.arrayContaining(['lob_worker_restarts_total{worker="1"} 1', 'lob_worker_restarts_total{worker="2"} 0', 'lob_worker_up{worker="1"} 1']));
    expect((await cli.signal('SIGTERM')).code).toBe(0);
  }, 90_000);
});
