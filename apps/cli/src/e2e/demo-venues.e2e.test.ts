import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CliProcess, eventually, getJson } from './cli-process.test-support.js';
import { readAtSameId, readUntilEqual, sameTop, withoutTrailingZeros, type TrueBookLike } from './truth.test-support.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url));

describe('lob serve --demo with Binance, OKX, Kraken, Bybit and Coinbase in one config, a real process (faults off)', () => {
  let cli: CliProcess;
  let base: string;

  beforeAll(async () => {
    cli = CliProcess.start(['serve', '--demo', '--demo-fault-every', '0', '--http', '127.0.0.1:0', '--config', fixture('demo-venues.toml')]);
    base = await cli.httpUrl();
  }, 30_000);
  afterAll(() => cli.kill());

  it('simulates every venue and turns healthy once every book of every venue is live', async () => {
    await eventually(async () => ((await getJson(`${base}/health`)).status === 200 ? true : undefined), 20_000, '/health 200');
    const books = (await getJson(`${base}/books`)).body.books as Record<string, unknown>[];
    expect(books.map((b) => [b.market, b.symbol, 'lastUpdateId' in b, 'checksum' in b])).toEqual([
      ['binance-usdm', 'BTCUSDT', true, false],
      ['okx', 'BTC-USDT', true, true],
      ['okx', 'ETH-USDT', true, true],
      ['kraken', 'BTC/USD', false, true],
      ['kraken', 'ETH/USD', false, true],
      ['bybit-linear', 'BTCUSDT', true, false],
      ['coinbase', 'BTC-USD', false, false],
    ]);
    expect(cli.logs().filter((r) => r.msg.startsWith('demo: simulated')).map((r) => r.market)).toEqual(['binance-usdm', 'okx', 'kraken', 'bybit-linear', 'coinbase']);
  }, 30_000);

  it("serves OKX books equal to the simulator's at the same seqId, checksum included", async () => {
    const truthAt = async (): Promise<TrueBookLike> => (await getJson(`${base}/debug/truth/okx/BTC-USDT?depth=400`)).body;
    const { ours, truth } = await readAtSameId(base, 'okx', 'BTC-USDT', truthAt);
    expect(ours.checksum).toBe(truth.checksum);
    // OKX keeps a 400-level window and deletes inside it without refilling, so a side may hold a few less.
    expect(ours.bids.length).toBeGreaterThan(300);
    expect(sameTop(ours, truth, 300)).toBeUndefined();
  }, 30_000);

  it("serves Kraken books equal to the simulator's at the same checksum, trimmed to --book-depth", async () => {
    const truthAt = async (): Promise<TrueBookLike> => (await getJson(`${base}/debug/truth/kraken/BTC-USD?depth=100`)).body;
    const { ours, truth } = await readAtSameId(base, 'kraken', 'BTC/USD', truthAt, 200, 'checksum');
    expect(ours).not.toHaveProperty('lastUpdateId');
    expect([ours.bids.length, ours.asks.length]).toEqual([100, 100]);
    // v2 sends numbers: the served text is the truth's decimal without trailing zeros, never a float artefact.
    expect(sameTop(ours, truth, 100, withoutTrailingZeros)).toBeUndefined();
    expect(ours.bids.every(([p, q]) => /^\d+(\.\d*[1-9])?$/.test(p) && /^\d+(\.\d*[1-9])?$/.test(q))).toBe(true);
  }, 30_000);

  it("serves Bybit books equal to the simulator's whole window at the same u, orderbook.50 as book_depth says", async () => {
    const truthAt = async (): Promise<TrueBookLike> => (await getJson(`${base}/debug/truth/bybit-linear/BTCUSDT?depth=all`)).body;
    const { ours, truth } = await readAtSameId(base, 'bybit-linear', 'BTCUSDT', truthAt);
    expect(ours).not.toHaveProperty('checksum');
    // Bybit keeps the window itself (deletes what leaves it, sends what enters): every level held is exact.
    expect([ours.bids.length, ours.asks.length, ours.exactDepth]).toEqual([50, 50, { bids: 50, asks: 50 }]);
    expect(sameTop(ours, truth, 50)).toBeUndefined();
  }, 30_000);

  it("serves Coinbase books equal to the simulator's whole book, with neither lastUpdateId nor checksum", async () => {
    const truthAt = async (): Promise<TrueBookLike> => (await getJson(`${base}/debug/truth/coinbase/BTC-USD?depth=all`)).body;
    // Coinbase's books carry no id to meet the truth at: read both until they are equal, which a wrong book never is.
    const { ours, truth, equal } = await readUntilEqual(base, 'coinbase', 'BTC-USD', truthAt);
    expect({ equal, ours: { bids: ours.bids.slice(0, 5), asks: ours.asks.slice(0, 5) } }).toEqual({
      equal: true,
      ours: { bids: truth.bids.slice(0, 5), asks: truth.asks.slice(0, 5) },
    });
    expect(ours).not.toHaveProperty('lastUpdateId');
    expect(ours).not.toHaveProperty('checksum');
    // level2 is the whole book, kept by Coinbase: every level held is exact.
    expect(ours.bids.length).toBeGreaterThan(500);
    expect(ours.exactDepth).toEqual({ bids: ours.bids.length, asks: ours.asks.length });
    expect((await cli.signal('SIGTERM')).code).toBe(0);
  }, 30_000);
});
