import { afterEach, describe, expect, it } from '@jest/globals';
import { resyncCount, startOkxFeed, stopAll, until } from './okx-feed.test-support.js';
import { ScriptedOkx } from './scripted-okx.test-support.js';

afterEach(stopAll);

const SYMBOLS = ['AAA-USDT', 'BBB-USDT'];

describe('the OKX connection: keepalive and service-upgrade notices', () => {
  it('a quiet connection sends text ping; answered with pong, it stays up and its books stay live', async () => {
    const venue = new ScriptedOkx(SYMBOLS);
    const h = await startOkxFeed({ symbols: SYMBOLS, onSubscribe: venue.onSubscribe, connector: { idleBeforePingMs: 250 } });
    // The pong must come within idleBeforePingMs: generous, so a busy machine cannot fail this by being slow.
    await until(() => h.server.pings.length >= 2, 'two pings');
    expect(h.server.sockets).toHaveLength(1);
    expect(h.feed.connections().reconnects).toBe(0);
    for (const symbol of SYMBOLS) {
      expect(h.book(symbol).state).toBe('live');
      expect(resyncCount(h.book(symbol))).toBe(0);
    }
  });

  it('a ping left unanswered is a dead connection: closed, reconnected, every book resubscribed', async () => {
    const venue = new ScriptedOkx(SYMBOLS);
    const h = await startOkxFeed({ symbols: SYMBOLS, onSubscribe: venue.onSubscribe, connector: { idleBeforePingMs: 30 } });
    await until(() => h.feed.books().every((view) => view.state === 'live'), 'books live');
    h.server.answerPings = false;
    await until(() => h.server.sockets.length === 2, 'a second connection');
    h.server.answerPings = true;
    await until(() => h.feed.books().every((view) => view.state === 'live' && view.stats.snapshotsFetched === 2), 'books live on it');
    for (const symbol of SYMBOLS) expect(h.server.requestsFor(symbol, 'subscribe').map((r) => r.connection)).toEqual([0, 1]);
  });

  it('notice 64008 (service upgrade) reconnects at once and every book comes back live on the new connection', async () => {
    const venue = new ScriptedOkx(SYMBOLS);
    const h = await startOkxFeed({ symbols: SYMBOLS, onSubscribe: venue.onSubscribe });
    await until(() => h.feed.books().every((view) => view.state === 'live'), 'books live');
    h.server.send(JSON.stringify({ event: 'notice', code: '64008', msg: 'The connection will soon be closed for a service upgrade. Please reconnect.', connId: 'a4d3ae55' }));
    await until(() => h.server.sockets.length === 2, 'a second connection');
    await until(() => h.feed.books().every((view) => view.state === 'live' && view.stats.snapshotsFetched === 2), 'books live again');
    for (const symbol of SYMBOLS) {
      expect(h.book(symbol).stats.resyncs).toEqual({ shutdown: 1 });
      expect(h.server.requestsFor(symbol, 'subscribe').map((r) => r.connection)).toEqual([0, 1]);
    }
    // At once: the shutdown skipped the reconnect backoff.
    expect(h.events.some((e) => e.kind === 'connection' && e.state === 'backing-off' && e.delayMs === 0)).toBe(true);
  });
});
