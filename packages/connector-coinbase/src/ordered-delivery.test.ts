import { describe, expect, it } from '@jest/globals';
import type { StreamMessage } from '@lob/core';
import { OrderedDelivery } from './ordered-delivery.js';
import type { OffThreadResult } from './snapshot-worker.js';

/** A listener writing down what reached it, in order. */
function recorder() {
  const got: string[] = [];
  const listener = {
    onFrame: (text: string) => void got.push(`frame ${text}`),
    onMessage: (message: StreamMessage, frame?: string) =>
      void got.push(`message ${message.type === 'snapshot' ? message.symbol : message.type}${frame === undefined ? '' : ` from ${frame}`}`),
    onAlive: () => void got.push('alive'),
  };
  return { got, listener };
}
function deferred() {
  let resolve!: (result: OffThreadResult) => void;
  const promise = new Promise<OffThreadResult>((r) => (resolve = r));
  return { promise, resolve };
}
const SNAPSHOT: StreamMessage = { type: 'snapshot', symbol: 'BTC-USD', lastUpdateId: 0, eventTime: 0, bids: [], asks: [] };

describe('OrderedDelivery', () => {
  it('passes frames straight through while nothing is being decoded', () => {
    const { got, listener } = recorder();
    const delivery = new OrderedDelivery(listener);
    delivery.frame('a');
    delivery.frame('b');
    expect(got).toEqual(['frame a', 'frame b']);
  });

  it('holds every frame behind a snapshot being decoded until it is delivered (they only prove life meanwhile)', async () => {
    const { got, listener } = recorder();
    const delivery = new OrderedDelivery(listener);
    const first = deferred();
    const second = deferred();
    delivery.frame('before');
    delivery.decoded(first.promise);
    delivery.frame('update 1');
    delivery.decoded(second.promise);
    delivery.frame('update 2');
    expect(got).toEqual(['frame before', 'alive', 'alive', 'alive', 'alive']);
    // The second settles first: still nothing may overtake the first.
    second.resolve({ bytes: Buffer.from('raw second') });
    await second.promise;
    expect(got.filter((g) => g !== 'alive')).toEqual(['frame before']);
    first.resolve({ message: SNAPSHOT });
    await first.promise;
    await Promise.resolve();
    // A frame given back undecoded is delivered as its text, in its place.
    expect(got.filter((g) => g !== 'alive')).toEqual(['frame before', 'message BTC-USD', 'frame update 1', 'frame raw second', 'frame update 2']);
    delivery.frame('after');
    expect(got.at(-1)).toBe('frame after');
  });

  it('delivers a frame lost with a dead worker as an empty frame, for core to count as malformed', async () => {
    const { got, listener } = recorder();
    const delivery = new OrderedDelivery(listener);
    const lost = deferred();
    delivery.decoded(lost.promise);
    lost.resolve({ bytes: undefined });
    await lost.promise;
    await Promise.resolve();
    expect(got).toEqual(['alive', 'frame ']);
  });

  it('drops what waits once closed', async () => {
    const { got, listener } = recorder();
    const delivery = new OrderedDelivery(listener);
    const pending = deferred();
    delivery.decoded(pending.promise);
    delivery.frame('queued');
    delivery.close();
    pending.resolve({ message: SNAPSHOT });
    await pending.promise;
    await Promise.resolve();
    delivery.frame('late');
    expect(got).toEqual(['alive', 'alive']);
  });

  it('passes the text of a message decoded elsewhere along with it, when it was kept (a recorder wants it)', async () => {
    const { got, listener } = recorder();
    const delivery = new OrderedDelivery(listener);
    const kept = deferred();
    delivery.decoded(kept.promise, '{"channel":"l2_data"}');
    kept.resolve({ message: SNAPSHOT });
    await kept.promise;
    await Promise.resolve();
    expect(got).toEqual(['alive', 'message BTC-USD from {"channel":"l2_data"}']);
  });
});
