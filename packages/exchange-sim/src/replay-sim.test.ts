import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { useVenueHarness } from './market/venue-harness.test-support.js';
import type { RecordingClient } from './market/recording-client.test-support.js';
import { ExchangeSimError } from './market/errors.js';
import { ReplaySim, listVenueRecordings } from './replay-sim.js';
import { BybitReplica, bybitPushes } from './bybit/bybit-replica.test-support.js';
import { CoinbaseReplica, coinbaseMessages } from './coinbase/coinbase-replica.test-support.js';

const harness = useVenueHarness();
const here = fileURLToPath(new URL('.', import.meta.url));
const packages = resolve(here, '../..');
const okxFixture = (session: string) => join(packages, 'connector-okx/fixtures/recordings', `${session}.timeline.txt.gz`);
const krakenFixture = (session: string) => join(packages, 'connector-kraken/fixtures/recordings', `${session}.timeline.txt.gz`);
const own = (venue: string) => listVenueRecordings().find((r) => r.venue === venue && r.session.includes(venue === 'bybit' ? 'SOLUSDT' : 'ETH-USD'))!;

/** The recorded raw frames of a timeline, read here on their own (not through the simulator's reader). */
function recorded(path: string): string[] {
  return gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.slice(l.indexOf(' ') + 1));
}

async function replay(timeline: string, options: { renumber?: boolean } = {}): Promise<{ sim: ReplaySim; client: RecordingClient }> {
  const sim = harness.track(await ReplaySim.start({ timeline, ...options }));
  return { sim, client: await harness.connect(sim.wsUrl) };
}

describe('ReplaySim: one engine for every venue', () => {
  it('OKX: a subscribe to the recorded instrument gets every recorded frame of it, verbatim and in order', async () => {
    const timeline = okxFixture('okx-books_UNI-USD-SWAP_2022-05-13');
    const { sim, client } = await replay(timeline);
    expect(sim.wsUrl).toMatch(/\/ws\/v5\/public$/);
    client.send({ op: 'subscribe', args: [{ channel: 'books', instId: 'UNI-USD-SWAP' }] });
    const frames = recorded(timeline);
    await sim.replayDone();
    await client.frameCount(frames.length);
    expect(client.frames).toEqual(frames);
  });

  it('OKX: the recorded duplicate subscribe (two acknowledgements, two snapshots) goes out as recorded', async () => {
    const timeline = okxFixture('okx-books-l2-tbt_ZEN-USDT_2022-02-27');
    const { client } = await replay(timeline);
    client.send({ op: 'subscribe', args: [{ channel: 'books-l2-tbt', instId: 'ZEN-USDT' }] });
    const frames = recorded(timeline);
    await client.frameCount(frames.length);
    expect(client.frames).toEqual(frames);
    expect(client.frames[0]).toBe(client.frames[1]);
  });

  it('OKX: another instrument is refused with 60018 and gets no frame', async () => {
    const { client } = await replay(okxFixture('okx-books_UNI-USD-SWAP_2022-05-13'));
    client.send({ op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }] });
    await client.frameCount(1);
    expect(JSON.parse(client.frames[0] as string)).toMatchObject({ event: 'error', code: '60018' });
    client.sendText('ping');
    await client.until(() => client.frames.includes('pong'));
    expect(client.frames).toHaveLength(2);
  });

  it('Kraken v1: systemStatus on connect, then the recorded subscriptionStatus, snapshot and updates', async () => {
    const timeline = krakenFixture('kraken-book_AUD-USD_2021-04-05');
    const { sim, client } = await replay(timeline);
    await client.frameCount(1);
    expect(JSON.parse(client.frames[0] as string)).toMatchObject({ event: 'systemStatus', status: 'online' });
    client.send({ event: 'subscribe', pair: ['AUD/USD'], subscription: { name: 'book', depth: 1000 } });
    const frames = recorded(timeline);
    await client.frameCount(frames.length + 1);
    expect(client.frames.slice(1)).toEqual(frames);
    expect(sim.symbol).toBe('AUD/USD');
  });

  it.each(listVenueRecordings().filter((r) => r.venue === 'bybit'))(
    'Bybit $session: the recorded orderbook topic verbatim after an acknowledgement; u runs +1 and rebuilds final_book.json',
    async ({ timeline, finalBook, symbol, session }) => {
      const { sim, client } = await replay(timeline);
      expect(sim.wsUrl).toMatch(new RegExp(`/v5/public/${session.startsWith('bybit-spot') ? 'spot' : 'linear'}$`));
      const topic = `orderbook.200.${symbol}`;
      client.send({ op: 'subscribe', args: [topic], req_id: 'a' });
      const frames = recorded(timeline).filter((f) => f.startsWith(`{"topic":"${topic}"`));
      await client.frameCount(frames.length + 1);
      expect(JSON.parse(client.frames[0] as string)).toMatchObject({ success: true, op: 'subscribe', req_id: 'a' });
      expect(client.frames.slice(1)).toEqual(frames);
      const replica = new BybitReplica();
      for (const push of bybitPushes(client.frames)) {
        if (push.type === 'delta') expect(push.data.u).toBe(replica.u + 1);
        replica.apply(push);
      }
      const expected = JSON.parse(readFileSync(finalBook, 'utf8')) as { u: number; bids: [string, string][]; asks: [string, string][] };
      expect(replica.u).toBe(expected.u);
      expect(replica.sorted()).toEqual({ bids: expected.bids, asks: expected.asks });
    },
  );

  it('Bybit: a topic the recording lacks is refused as an invalid symbol', async () => {
    const { client } = await replay(own('bybit').timeline);
    client.send({ op: 'subscribe', args: ['orderbook.50.SOLUSDT'] });
    await client.frameCount(1);
    expect(JSON.parse(client.frames[0] as string)).toMatchObject({ success: false, ret_msg: 'Invalid symbol :[orderbook.50.SOLUSDT]' });
  });

  it('Coinbase: a level2 subscribe gets the recorded subscriptions and l2_data frames verbatim, rebuilding final_book.json', async () => {
    const { timeline, finalBook } = own('coinbase');
    const { client } = await replay(timeline);
    client.send({ type: 'subscribe', product_ids: ['ETH-USD'], channel: 'level2' });
    const frames = recorded(timeline).filter((f) => /^\{"channel":"(l2_data|subscriptions)"/.test(f));
    await client.frameCount(frames.length);
    expect(client.frames).toEqual(frames);
    const replica = new CoinbaseReplica();
    for (const m of coinbaseMessages(client.frames, 'l2_data')) replica.apply(m, 'ETH-USD');
    const expected = JSON.parse(readFileSync(finalBook, 'utf8')) as { bids: [string, string][]; asks: [string, string][] };
    expect(replica.sorted()).toEqual({ bids: expected.bids, asks: expected.asks });
  });

  it('Coinbase renumber: every frame carries the connection own sequence_num, without a hole; errors take none', async () => {
    const { client } = await replay(own('coinbase').timeline, { renumber: true });
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channel: 'level2' });
    client.send({ type: 'subscribe', product_ids: ['ETH-USD'], channel: 'level2' });
    const count = recorded(own('coinbase').timeline).filter((f) => /^\{"channel":"(l2_data|subscriptions)"/.test(f)).length;
    await client.frameCount(count + 1);
    expect(client.frames[0]).toContain('"type":"error"');
    expect(coinbaseMessages(client.frames).map((m) => m.sequence_num)).toEqual([...Array(count).keys()]);
  });

  it('silence delays the frames without losing one; garbage and disconnect act; other faults are refused', async () => {
    const timeline = own('bybit').timeline;
    const { sim, client } = await replay(timeline);
    // Far longer than the look below, so a stalled test process cannot see the silence end before it looks.
    sim.inject({ kind: 'silence', durationMs: 1_000 });
    client.send({ op: 'subscribe', args: ['orderbook.200.SOLUSDT'] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.frames).toHaveLength(0);
    const frames = recorded(timeline).filter((f) => f.startsWith('{"topic":"orderbook.200.SOLUSDT"'));
    await client.frameCount(frames.length);
    expect(client.frames.filter((f) => f.startsWith('{"topic"'))).toEqual(frames);
    expect(() => sim.inject({ kind: 'drop' })).toThrow(ExchangeSimError);
    sim.inject({ kind: 'garbage', count: 1 });
    await client.until(() => client.frames.at(-1) === 'not json');
    sim.inject({ kind: 'disconnect' });
    expect((await client.waitClosed()).code).toBe(1006);
  });

  it('tells the venue from the file name, and refuses one it cannot tell', async () => {
    await expect(ReplaySim.start({ timeline: '/nowhere/foo.timeline.txt.gz' })).rejects.toThrow(ExchangeSimError);
    expect(listVenueRecordings().map((r) => `${r.venue} ${r.symbol}`)).toEqual([
      'bybit DOGEUSDT',
      'bybit SOLUSDT',
      'bybit ETHUSDT',
      'coinbase ETH-USD',
    ]);
  });
});
