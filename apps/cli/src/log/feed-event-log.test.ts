import type { FeedEvent, ResyncCause } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { createLogger } from './logger.js';
import { FeedEventLog } from './feed-event-log.js';

function setup(demo = false) {
  const lines: { level: string; msg: string }[] = [];
  const log = createLogger({ level: 'info', pretty: false, color: false, sink: (text) => lines.push(JSON.parse(text)) });
  const events = new FeedEventLog(log, { endpoints: new Map([['binance-spot', { restUrl: 'https://api.binance.com', wsUrl: 'wss://stream.binance.com:9443' }]]), demo });
  return { lines, handle: (e: FeedEvent) => events.handle(e) };
}

const book = (state: 'live' | 'resyncing' | 'backing-off' | 'connecting' | 'syncing' | 'invalid', reason: string, cause?: ResyncCause): FeedEvent => ({
  kind: 'book',
  market: 'binance-spot',
  symbol: 'BTCUSDT',
  state,
  previous: 'live',
  ...(cause === undefined ? {} : { cause }),
  reason,
  at: 0,
});
const connection = (state: 'open' | 'closed' | 'connecting' | 'backing-off', reason: string, cause?: ResyncCause): FeedEvent => ({
  kind: 'connection',
  market: 'binance-spot',
  connection: 1,
  state,
  ...(cause === undefined ? {} : { cause }),
  reason,
  symbols: 2,
  at: 0,
});

describe('feed event logging', () => {
  it('says once, with host and error, that the exchange cannot be reached, and suggests --demo', () => {
    const { lines, handle } = setup();
    for (let i = 0; i < 5; i++) {
      handle(connection('connecting', 'starting'));
      handle(connection('closed', 'socket error: getaddrinfo ENOTFOUND stream.binance.com'));
      handle(connection('backing-off', 'reconnecting in 500 ms'));
      handle(book('backing-off', 'socket error: getaddrinfo ENOTFOUND stream.binance.com; reconnecting in 500 ms'));
    }
    expect(lines).toEqual([
      {
        level: 'error',
        time: expect.any(Number),
        market: 'binance-spot',
        connection: 1,
        reason: 'socket error: getaddrinfo ENOTFOUND stream.binance.com',
        url: 'wss://stream.binance.com:9443',
        msg:
          'cannot reach binance-spot at wss://stream.binance.com:9443 (socket error: getaddrinfo ENOTFOUND stream.binance.com); ' +
          'retrying with backoff. No network, or binance-spot not available from here? Run offline with: lob serve --demo',
      },
    ]);
  });

  it('logs each state change and resync reason once until the book is live again', () => {
    const { lines, handle } = setup();
    handle(connection('open', 'subscribed'));
    handle(book('syncing', 'stream open, buffering until the snapshot bridges'));
    handle(book('live', 'snapshot 100 bridged'));
    for (let i = 0; i < 3; i++) handle(book('resyncing', `gap: update ${i + 5}..${i + 6} does not follow 3`, 'gap'));
    handle(book('resyncing', 'crossed book: bid 2 >= ask 1 after u=9', 'crossed'));
    handle(book('live', 'snapshot 200 bridged'));
    handle(book('resyncing', 'gap: update 300..301 does not follow 250', 'gap'));
    expect(lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      'info binance-spot connection 1 open (2 symbols)',
      'info binance-spot BTCUSDT live: snapshot 100 bridged',
      'warn binance-spot BTCUSDT resyncing: gap: update 5..6 does not follow 3',
      'warn binance-spot BTCUSDT resyncing: crossed book: bid 2 >= ask 1 after u=9',
      'info binance-spot BTCUSDT live: snapshot 200 bridged',
      'warn binance-spot BTCUSDT resyncing: gap: update 300..301 does not follow 250',
    ]);
  });

  it('says once, as an error, that a book is invalid and why, and that the others go on', () => {
    const { lines, handle } = setup();
    handle(book('syncing', 'stream open, buffering until the snapshot bridges'));
    handle(book('invalid', 'unknown-symbol: snapshot of BTCUSDT: HTTP 400 -1121 Invalid symbol.'));
    handle(book('invalid', 'subscription refused: error 2: Invalid request: invalid stream'));
    expect(lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      'error binance-spot BTCUSDT invalid: unknown-symbol: snapshot of BTCUSDT: HTTP 400 -1121 Invalid symbol.; ' +
        'the exchange does not know this symbol: it is not retried, the other books go on',
    ]);
  });

  it('warns once per kind of disconnect after the exchange was reached, and never suggests --demo in demo mode', () => {
    const { lines, handle } = setup(true);
    handle(connection('closed', 'socket error: connect ECONNREFUSED 127.0.0.1:9', 'disconnect'));
    handle(connection('open', 'subscribed'));
    handle(connection('closed', 'silence: no frame for 30001 ms', 'silence'));
    handle(connection('open', 'subscribed'));
    handle(connection('closed', 'silence: no frame for 30002 ms', 'silence'));
    expect(lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      'warn binance-spot connection 1 closed: socket error: connect ECONNREFUSED 127.0.0.1:9; reconnecting with backoff',
      'info binance-spot connection 1 open (2 symbols)',
      'warn binance-spot connection 1 closed: silence: no frame for 30001 ms; reconnecting with backoff',
      'info binance-spot connection 1 open (2 symbols)',
      'warn binance-spot connection 1 closed: silence: no frame for 30002 ms; reconnecting with backoff',
    ]);
  });

  it('warns about a failing snapshot once per reason kind', () => {
    const { lines, handle } = setup();
    const failed = (reason: string): FeedEvent => ({
      kind: 'snapshot',
      market: 'binance-spot',
      symbol: 'BTCUSDT',
      outcome: 'failed',
      error: reason.slice(0, reason.indexOf(':')),
      reason,
      retryInMs: 2000,
      at: 0,
    });
    handle(failed('rate-limited: HTTP 429'));
    handle(failed('rate-limited: HTTP 429'));
    handle(failed('server-error: HTTP 503'));
    expect(lines.map((l) => l.msg)).toEqual([
      'binance-spot BTCUSDT snapshot failed: rate-limited: HTTP 429; retrying in 2000 ms',
      'binance-spot BTCUSDT snapshot failed: server-error: HTTP 503; retrying in 2000 ms',
    ]);
  });

  it('warns about a frame naming no symbol once per connection until it reconnects', () => {
    const { lines, handle } = setup();
    const garbage: FeedEvent = { kind: 'frame', market: 'binance-spot', connection: 1, outcome: 'malformed', reason: 'malformed-frame: malformed-json: not JSON (oops)', at: 0 };
    handle(connection('open', 'subscribed'));
    handle(garbage);
    handle(garbage);
    handle(connection('open', 'subscribed'));
    handle(garbage);
    expect(lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      'info binance-spot connection 1 open (2 symbols)',
      'warn binance-spot connection 1 dropped a malformed frame naming no symbol: malformed-frame: malformed-json: not JSON (oops)',
      'info binance-spot connection 1 open (2 symbols)',
      'warn binance-spot connection 1 dropped a malformed frame naming no symbol: malformed-frame: malformed-json: not JSON (oops)',
    ]);
  });
});
