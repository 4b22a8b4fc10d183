import { describe, expect, it } from '@jest/globals';
import { OKX } from './okx.js';

describe('the OKX venue', () => {
  it('builds the OKX connector: market okx, snapshots in the stream, its channel, endpoints as given', async () => {
    const connector = OKX.createConnector({ market: 'okx', restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9/ws/v5/public', channel: 'books-l2-tbt' });
    expect(connector).toMatchObject({
      exchange: 'okx',
      market: 'okx',
      hasUpdateIds: true,
      snapshots: { kind: 'stream' },
      depthWindow: { kind: 'exchange-maintained' },
      restUrl: 'http://127.0.0.1:9',
      wsUrl: 'ws://127.0.0.1:9/ws/v5/public',
      channel: 'books-l2-tbt',
    });
    await connector.close();
  });

  it("defaults to OKX's live endpoints and the public books channel", async () => {
    const connector = OKX.createConnector({ market: 'okx' });
    expect(connector).toMatchObject({ restUrl: OKX.endpoints.restUrl, wsUrl: OKX.endpoints.wsUrl, channel: OKX.options.channels?.default });
    await connector.close();
  });
});
