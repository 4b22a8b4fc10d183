import { describe, expect, it } from '@jest/globals';
import { COINBASE } from './coinbase.js';

describe('the Coinbase venue', () => {
  it('builds the Coinbase connector: market coinbase, no update ids, snapshots in the stream, the whole book kept by Coinbase', async () => {
    const connector = COINBASE.createConnector({ market: 'coinbase', restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9' });
    expect(connector).toMatchObject({
      exchange: 'coinbase',
      market: 'coinbase',
      hasUpdateIds: false,
      snapshots: { kind: 'stream' },
      depthWindow: { kind: 'exchange-maintained' },
      restUrl: 'http://127.0.0.1:9',
      wsUrl: 'ws://127.0.0.1:9',
    });
    await connector.close();
  });

  it("defaults to Coinbase's live endpoints and takes no depth option: level2 is the whole book", async () => {
    const live = COINBASE.createConnector({ market: 'coinbase' });
    expect(live).toMatchObject({ restUrl: 'https://api.coinbase.com', wsUrl: 'wss://advanced-trade-ws.coinbase.com' });
    expect(COINBASE.options).toEqual({});
    expect(COINBASE.defaultSymbols).toEqual(['BTC-USD', 'ETH-USD']);
    await live.close();
  });
});
