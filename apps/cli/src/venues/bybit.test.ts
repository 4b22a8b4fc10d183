import { describe, expect, it } from '@jest/globals';
import { BYBIT_INVERSE, BYBIT_LINEAR, BYBIT_SPOT } from './bybit.js';

describe('the Bybit venues', () => {
  it('build the Bybit connector of their category: update ids (u), snapshots in the stream, a window Bybit keeps', async () => {
    const connector = BYBIT_LINEAR.createConnector({ market: 'bybit-linear', restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9/v5/public/linear', bookDepth: 50 });
    expect(connector).toMatchObject({
      exchange: 'bybit',
      market: 'bybit-linear',
      category: 'linear',
      hasUpdateIds: true,
      snapshots: { kind: 'stream' },
      depthWindow: { kind: 'exchange-maintained' },
      restUrl: 'http://127.0.0.1:9',
      wsUrl: 'ws://127.0.0.1:9/v5/public/linear',
      depth: 50,
    });
    await connector.close();
  });

  it("default to Bybit's live endpoint of each category and 200 levels", async () => {
    const built = [BYBIT_SPOT, BYBIT_LINEAR, BYBIT_INVERSE].map((venue) => venue.createConnector({ market: venue.name }));
    expect(built.map((c) => [c.market, (c as unknown as { wsUrl: string }).wsUrl, (c as unknown as { depth: number }).depth])).toEqual([
      ['bybit-spot', 'wss://stream.bybit.com/v5/public/spot', 200],
      ['bybit-linear', 'wss://stream.bybit.com/v5/public/linear', 200],
      ['bybit-inverse', 'wss://stream.bybit.com/v5/public/inverse', 200],
    ]);
    expect(BYBIT_LINEAR.options.bookDepths).toEqual({ values: [1, 50, 200, 1000], default: 200 });
    await Promise.all(built.map((c) => c.close()));
  });

  it('serve Bybit symbols by default, inverse contracts quoted in USD', () => {
    expect([BYBIT_SPOT, BYBIT_LINEAR, BYBIT_INVERSE].map((v) => [v.name, v.exchange, v.defaultSymbols])).toEqual([
      ['bybit-spot', 'bybit', ['BTCUSDT', 'ETHUSDT']],
      ['bybit-linear', 'bybit', ['BTCUSDT', 'ETHUSDT']],
      ['bybit-inverse', 'bybit', ['BTCUSD', 'ETHUSD']],
    ]);
  });
});
