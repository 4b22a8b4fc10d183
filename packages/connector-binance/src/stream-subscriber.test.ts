import { BinanceSim } from '@lob/exchange-sim';
import type { StreamListener } from '@lob/core';
import { afterEach, describe, expect, it } from '@jest/globals';
import { openCombinedStream } from './stream-client.js';
import { StreamSubscriber } from './stream-subscriber.js';

/** Resolves once `test` holds, checking every few ms (fails after `ms`). */
async function until(test: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A fake exchange that refuses any SUBSCRIBE naming a stream it does not know, as Binance refuses a whole request. */
function fakeExchange(known: readonly string[]) {
  const sent: { params: string[]; id: number }[] = [];
  const handedOn: string[] = [];
  const subscribed = new Set<string>();
  const subscriber = new StreamSubscriber(
    (text) => {
      const request = JSON.parse(text) as { params: string[]; id: number };
      sent.push(request);
      const ok = request.params.every((s) => known.includes(s));
      if (ok) for (const s of request.params) subscribed.add(s);
      const reply = ok ? `{"result":null,"id":${request.id}}` : `{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":${request.id}}`;
      queueMicrotask(() => handedOn.push(subscriber.onFrame(reply)));
    },
    { streamsPerSubscribe: 4, intervalMs: 1 },
  );
  return { subscriber, sent, handedOn, subscribed };
}

let sim: BinanceSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('subscribing a connection by SUBSCRIBE messages', () => {
  it('finds the one refused stream by splitting its refused request, and subscribes every other stream', async () => {
    const good = ['a@depth', 'b@depth', 'c@depth', 'd@depth', 'e@depth', 'f@depth'];
    const exchange = fakeExchange(good);
    exchange.subscriber.subscribe(['a@depth', 'b@depth', 'bad@depth', 'c@depth', 'd@depth', 'e@depth', 'f@depth']);
    await until(() => exchange.handedOn.some((f) => f.includes('lobRefusedStreams')) && exchange.subscribed.size === good.length);
    const refused = exchange.handedOn.filter((f) => f.includes('lobRefusedStreams')).map((f) => JSON.parse(f) as { lobRefusedStreams: string[] });
    expect(refused.map((r) => r.lobRefusedStreams)).toEqual([['bad@depth']]);
    expect([...exchange.subscribed].sort()).toEqual(good);
    // Ids are never reused, so each reply belongs to exactly one request.
    expect(new Set(exchange.sent.map((r) => r.id)).size).toBe(exchange.sent.length);
    exchange.subscriber.stop();
  });

  it('hands data frames and answered replies on untouched', () => {
    const subscriber = new StreamSubscriber(() => undefined);
    const data = '{"stream":"btcusdt@depth","data":{}}';
    expect(subscriber.onFrame(data)).toBe(data);
    subscriber.subscribe(['btcusdt@depth']);
    expect(subscriber.onFrame('{"result":null,"id":1}')).toBe('{"result":null,"id":1}');
    // Once answered, a repeated reply is no longer tied to anything.
    expect(subscriber.onFrame('{"error":{"code":2,"msg":"x"},"id":1}')).toBe('{"error":{"code":2,"msg":"x"},"id":1}');
    subscriber.stop();
  });

  it('against the exchange simulator: the unknown stream is refused alone and the known ones stream events', async () => {
    sim = await BinanceSim.start({ market: 'spot', symbols: [{ symbol: 'BTCUSDT' }, { symbol: 'ETHUSDT' }], autoTick: false });
    const frames: string[] = [];
    let open = false;
    const listener: StreamListener = { onOpen: () => (open = true), onFrame: (f) => frames.push(f), onClose: () => undefined };
    const connection = openCombinedStream(
      { baseUrl: sim.wsUrl, streams: ['btcusdt@depth@100ms', 'nopeusdt@depth@100ms', 'ethusdt@depth@100ms'], streamsInUrl: 0, subscribeIntervalMs: 10 },
      listener,
    );
    try {
      await until(() => open);
      await until(() => frames.some((f) => f.includes('lobRefusedStreams')));
      const running = sim;
      await until(() => {
        running.tick(1);
        return ['btcusdt', 'ethusdt'].every((s) => frames.some((f) => f.startsWith(`{"stream":"${s}@depth@100ms"`)));
      });
      expect(frames.filter((f) => f.includes('lobRefusedStreams')).map((f) => (JSON.parse(f) as { lobRefusedStreams: string[] }).lobRefusedStreams)).toEqual([
        ['nopeusdt@depth@100ms'],
      ]);
    } finally {
      connection.close();
    }
  });
});
