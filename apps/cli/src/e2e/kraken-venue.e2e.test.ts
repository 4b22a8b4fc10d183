import { afterEach, describe, expect, it } from '@jest/globals';
import { CliProcess, eventually, getJson } from './cli-process.test-support.js';
import { ScriptedKraken, krakenTestChecksum, type ScriptedKrakenBook, type ScriptedKrakenPair } from './scripted-kraken.test-support.js';

const PAIRS: Record<string, ScriptedKrakenPair> = {
  'BTC/USD': { wsname: 'XBT/USD', pair_decimals: 1, lot_decimals: 8 },
  'ETH/USD': { wsname: 'ETH/USD', pair_decimals: 2, lot_decimals: 8 },
};
const BTC: ScriptedKrakenBook = { bids: [['65000.1', '0.5'], ['64999', '1.25']], asks: [['65000.2', '0.00012'], ['65001.5', '3']] };
const ETH: ScriptedKrakenBook = { bids: [['3500.01', '2']], asks: [['3500.02', '0.75']] };

let kraken: ScriptedKraken | undefined;
let cli: CliProcess | undefined;
afterEach(async () => {
  cli?.kill();
  await kraken?.close();
  kraken = cli = undefined;
});

describe('lob serve --market kraken against a scripted Kraken via --rest-url/--ws-url, as a real process', () => {
  it('serves BASE/QUOTE pairs at /books/kraken/BASE-QUOTE with the checksum and no lastUpdateId, at --book-depth', async () => {
    kraken = await ScriptedKraken.start({ 'BTC/USD': BTC, 'ETH/USD': ETH }, PAIRS);
    cli = CliProcess.start(['serve', '--market', 'Kraken', '--pairs', 'xbt-usd,eth/usd', '--book-depth', '100', '--rest-url', kraken.restUrl, '--ws-url', kraken.wsUrl, '--http', '127.0.0.1:0', '--json']);
    const base = await cli.httpUrl();
    await eventually(async () => ((await getJson(`${base}/health`)).status === 200 ? true : undefined), 15_000, 'kraken healthy');

    expect(kraken.subscribes.map((p) => [p.channel, p.depth, p.symbol])).toEqual([['book', 100, ['BTC/USD', 'ETH/USD']]]);
    expect((await getJson(`${base}/books/kraken/BTC-USD`)).body).toEqual({
      market: 'kraken',
      symbol: 'BTC/USD',
      state: 'live',
      checksum: krakenTestChecksum(BTC, PAIRS['BTC/USD']!),
      // The scripted Kraken stamps no time on its book messages: lob's receipt and apply only.
      eventTime: null,
      receivedAt: expect.any(Number),
      appliedAt: expect.any(Number),
      exactDepth: { bids: 2, asks: 2 },
      // The text of v2's JSON numbers, exactly: never a float round trip.
      bids: BTC.bids,
      asks: BTC.asks,
    });
    expect((await getJson(`${base}/books/KRAKEN/eth-usd`)).body).toMatchObject({ symbol: 'ETH/USD', checksum: krakenTestChecksum(ETH, PAIRS['ETH/USD']!) });
    expect((await getJson(`${base}/books/kraken/BTC-USD`)).body).not.toHaveProperty('lastUpdateId');

    const child = cli;
    const lines = await eventually(async () => {
      const parsed = child.stdout.trimEnd().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
      return parsed.filter((l) => l.state === 'live').length >= 2 ? parsed.filter((l) => l.state === 'live') : undefined;
    }, 5000, 'live JSON lines');
    for (const line of lines) {
      expect(line).toMatchObject({ market: 'kraken', checksum: expect.any(Number) });
      expect(line).not.toHaveProperty('lastUpdateId');
    }
    const metrics = (await getJson(`${base}/metrics`)).body as string;
    expect(metrics).toContain('lob_book_state{market="kraken",symbol="BTC/USD",state="live"} 1');
    expect(metrics).not.toContain('lob_book_last_update_id{market="kraken"');
    expect((await cli.signal('SIGINT')).code).toBe(0);
  }, 30_000);

  it("exits 2 on a pair Kraken does not list, comparing in lob's spelling (AssetPairs says XBT/USD)", async () => {
    kraken = await ScriptedKraken.start({}, PAIRS);
    cli = CliProcess.start(['serve', '--market', 'kraken', '--pairs', 'BTC/USD,BTC/USDD', '--rest-url', kraken.restUrl, '--ws-url', kraken.wsUrl]);
    const { code } = await cli.exited;
    expect({ code, last: cli.stderr.trimEnd().split('\n').at(-1) }).toEqual({
      code: 2,
      last: 'lob: --pairs: BTC/USDD is not a kraken symbol the exchange trades (did you mean BTC/USD?)',
    });
  }, 15_000);
});
