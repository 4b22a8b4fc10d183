import { describe, expect, it } from '@jest/globals';
import { KRAKEN } from './kraken.js';

describe('the Kraken venue', () => {
  it('builds the Kraken connector: market kraken, no update ids, snapshots in the stream, trimmed to --book-depth', async () => {
    const connector = KRAKEN.createConnector({ market: 'kraken', restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9/v2', bookDepth: 25 });
    expect(connector).toMatchObject({
      exchange: 'kraken',
      market: 'kraken',
      hasUpdateIds: false,
      snapshots: { kind: 'stream' },
      depthWindow: { kind: 'client-trimmed', depth: 25 },
      wsUrl: 'ws://127.0.0.1:9/v2',
      protocol: 'v2',
      depth: 25,
    });
    await connector.close();
  });

  it("speaks v1 on a URL without a path, as Kraken's own endpoints do, and defaults to v2 and 1000 levels live", async () => {
    const v1 = KRAKEN.createConnector({ market: 'kraken', wsUrl: 'ws://127.0.0.1:9' });
    expect(v1).toMatchObject({ protocol: 'v1', depth: 1000 });
    await v1.close();
    const live = KRAKEN.createConnector({ market: 'kraken' });
    expect(live).toMatchObject({ wsUrl: KRAKEN.endpoints.wsUrl, protocol: 'v2', depth: KRAKEN.options.bookDepths?.default });
    await live.close();
  });
});
