import { createServer } from 'node:net';
import { BinanceSim } from '@lob/exchange-sim';
import { createBinanceConnector, type BinanceConnector } from '@lob/connector-binance';
import { ConfigError, SnapshotLimiter } from '@lob/core';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../log/logger.js';
import { listedSpelling } from '../venues/registry.js';
import { checkListedSymbols, type CheckedMarket } from './symbol-check.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function logLines() {
  const lines: { level: string; msg: string }[] = [];
  return { lines, log: createLogger({ level: 'info', pretty: false, color: false, sink: (text) => lines.push(JSON.parse(text)) }) };
}

function market(connector: BinanceConnector, symbols: string[]): CheckedMarket {
  closers.push(() => connector.close());
  return { market: connector.market, symbols, connector, limiter: new SnapshotLimiter({ budget: connector.snapshots.weightBudget }) };
}

async function sim(options: Parameters<typeof BinanceSim.start>[0]): Promise<BinanceSim> {
  const started = await BinanceSim.start({ autoTick: false, ...options });
  closers.push(() => started.close());
  return started;
}

describe('checking the configured symbols against the exchange (exchangeInfo)', () => {
  it('passes symbols the exchange trades, counting the request weight in the market limiter', async () => {
    const spot = await sim({ symbols: [{ symbol: 'BTCUSDT' }, { symbol: 'ETHUSDT' }] });
    const m = market(createBinanceConnector({ market: 'spot', venue: 'binance-spot', restUrl: spot.restUrl, wsUrl: spot.wsUrl }), ['BTCUSDT', 'ETHUSDT']);
    const { lines, log } = logLines();
    await checkListedSymbols([m], log, { key: '--pairs' });
    expect(m.limiter!.stats).toMatchObject({ requests: 1, weightUsed: 20 });
    expect(lines).toEqual([]);
  });

  it('rejects a typo with one line naming it and the close matches, in every market at once', async () => {
    const spot = await sim({ symbols: [{ symbol: 'BTCUSDT' }], listedSymbols: ['ETHUSDT', 'BTCUSDC'] });
    const coinm = await sim({ market: 'coinm', symbols: [{ symbol: 'BTCUSD_PERP' }] });
    const markets = [
      market(createBinanceConnector({ market: 'spot', venue: 'binance-spot', restUrl: spot.restUrl, wsUrl: spot.wsUrl }), ['BTCUSTD', 'ETHUSDT', 'XYZABC']),
      market(createBinanceConnector({ market: 'coinm', venue: 'binance-coinm', restUrl: coinm.restUrl, wsUrl: coinm.wsUrl }), ['BTCUSD_PREP']),
    ];
    const error = await checkListedSymbols(markets, logLines().log, { key: '--pairs' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).location.key).toBe('--pairs');
    expect((error as ConfigError).message).toBe(
      '--pairs: BTCUSTD is not a binance-spot symbol the exchange trades (did you mean BTCUSDT?); XYZABC is not a binance-spot symbol the exchange trades; ' +
        'BTCUSD_PREP is not a binance-coinm symbol the exchange trades (did you mean BTCUSD_PERP?)',
    );
  });

  it('warns once and lets the books be served when the list cannot be fetched', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const m = market(createBinanceConnector({ market: 'usdm', venue: 'binance-usdm', restUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` }), ['BTCUSDT']);
    const { lines, log } = logLines();
    await checkListedSymbols([m], log, { key: 'symbols' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', event: 'symbol-check-skipped' });
    expect(lines[0]?.msg).toMatch(new RegExp(`^binance-usdm: cannot list the exchange's symbols \\(network: http://127.0.0.1:${port}/fapi/v1/exchangeInfo: ECONNREFUSED .*\\); going on without checking them$`));
  });

  it('compares a venue without a REST limiter in its own spelling, with did-you-mean from its list', async () => {
    // Kraken's AssetPairs names pairs the v1 way (XBT/USD); lob's spelling is BTC/USD. No limiter: snapshots come
    // in the stream, so the listing is one unpaced request.
    let asked = 0;
    const kraken: CheckedMarket = {
      market: 'kraken',
      symbols: ['BTC/USD', 'ETH/USDT', 'DOGE/USD'],
      connector: {
        listSymbols: async () => {
          asked += 1;
          return { symbols: ['XBT/USD', 'ETH/USD', 'ETH/EUR', 'XDG/USD'] };
        },
      },
      limiter: undefined,
      spell: listedSpelling('kraken'),
    };
    const error = await checkListedSymbols([kraken], logLines().log, { key: 'config.toml: symbols' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(asked).toBe(1);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe('config.toml: symbols: ETH/USDT is not a kraken symbol the exchange trades (did you mean ETH/USD?)');
    await expect(checkListedSymbols([{ ...kraken, symbols: ['BTC/USD', 'DOGE/USD'] }], logLines().log, { key: '--pairs' })).resolves.toBeUndefined();
  });

  it('names the file, line and key of each unlisted symbol the config file wrote, as other config problems are named', async () => {
    const market = (symbols: string[], places?: CheckedMarket['places']): CheckedMarket => ({
      market: 'binance-spot',
      symbols,
      connector: { listSymbols: async () => ({ symbols: ['BTCUSDT', 'ETHUSDT'] }) },
      limiter: undefined,
      ...(places === undefined ? {} : { places }),
    });
    const places = {
      ETHUSTD: { file: 'lob.toml', key: 'exchanges[0].symbols[1]', line: 7, column: 24 },
      XYZABC: { file: 'lob.toml', key: 'exchanges[0].symbols[2]' },
    };
    const error = (await checkListedSymbols([market(['BTCUSDT', 'ETHUSTD', 'XYZABC'], places)], logLines().log, { key: 'lob.toml: symbols' }).catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      'lob.toml:7: exchanges[0].symbols[1]: ETHUSTD is not a binance-spot symbol the exchange trades (did you mean ETHUSDT?)\n' +
        'lob.toml: exchanges[0].symbols[2]: XYZABC is not a binance-spot symbol the exchange trades',
    );
    expect(error.location).toEqual({ file: 'lob.toml', key: 'exchanges[0].symbols[1]', line: 7, column: 24 });
    // A symbol with no place (the venue's defaults) is named by the key given.
    const unplaced = (await checkListedSymbols([market(['ETHUSTD'])], logLines().log, { key: 'lob.toml: symbols' }).catch((e: unknown) => e)) as ConfigError;
    expect(unplaced.message).toBe('lob.toml: symbols: ETHUSTD is not a binance-spot symbol the exchange trades (did you mean ETHUSDT?)');
    expect(unplaced.location).toEqual({ key: 'lob.toml: symbols' });
  });
});
