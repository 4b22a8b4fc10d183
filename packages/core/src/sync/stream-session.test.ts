import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { DecodeError } from '../errors.js';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import { BookSync } from './book-sync.js';
import { ConnectionPacer } from './connection-pacer.js';
import type { Connector, SnapshotResponse, StreamListener } from './connector.js';
import type { StreamMessage } from './depth-update.js';
import type { SequencingRules } from './sequencing-rules.js';
import { StreamSession, type StreamSessionOptions } from './stream-session.js';
import type { BookStateEvent, ConnectionEvent, FeedEvent } from './sync-state.js';

// Spot-shaped rules, written out here so the session is tested without any real connector.
const rules: SequencingRules = {
  classify: (u, id) => (u.lastId <= id ? 'stale' : u.firstId <= id + 1 ? 'apply' : 'gap'),
};

/** One connection the fake connector opened; the test plays the exchange's side of it. */
class FakeConnection {
  closedWith: string | undefined;
  constructor(readonly listener: StreamListener) {}
  /** Sends one frame (see FakeConnector.decode for the format). */
  frame(text: string): void {
    this.listener.onFrame(text);
  }
  close(reason = 'closed by client'): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = reason;
    this.listener.onClose(reason);
  }
}

/**
 * A connector whose connections the test drives. Frames: `SYM U u` is a depth event, `shutdown` a shutdown
 * notice, `reply` a reply to a request, `bad SYM` a broken frame that names SYM, anything else a broken frame
 * that names no symbol.
 */
class FakeConnector implements Connector {
  readonly exchange = 'fake';
  readonly market = 'test';
  readonly maxSymbolsPerConnection = 1024;
  readonly rules = rules;
  readonly hasUpdateIds = true;
  readonly depthWindow = { kind: 'exchange-maintained' } as const;
  readonly connections: FakeConnection[] = [];
  /** Snapshots fetched per symbol. */
  readonly fetched = new Map<string, number>();
  readonly snapshots = {
    kind: 'rest',
    weightBudget: { limit: 1_000_000, windowMs: 60_000 },
    snapshotWeight: 1,
    fetchSnapshot: (symbol: string): Promise<SnapshotResponse> => this.fetchSnapshot(symbol),
  } as const;
  /** Called with each connection as it is opened (to script an exchange). */
  onOpenStream: (connection: FakeConnection) => void = () => undefined;

  normalizeSymbol(symbol: string): string {
    return symbol.toUpperCase();
  }
  openStream(_symbols: readonly string[], listener: StreamListener): FakeConnection {
    const connection = new FakeConnection(listener);
    this.connections.push(connection);
    this.onOpenStream(connection);
    return connection;
  }
  decode(frame: string): StreamMessage {
    const [a, b, c] = frame.split(' ');
    if (frame === 'shutdown') return { type: 'shutdown' };
    if (frame === 'reply') return { type: 'control' };
    if (a === 'bad') throw new DecodeError('malformed-frame', 'broken on purpose', b);
    if (a !== undefined && /^[A-Z]+$/.test(a) && b !== undefined && c !== undefined) {
      return { type: 'depth', symbol: a, firstId: Number(b), lastId: Number(c), prevLastId: undefined, eventTime: 0, bids: [], asks: [] };
    }
    throw new DecodeError('malformed-json', 'not a frame at all');
  }
  fetchSnapshot(symbol: string): Promise<SnapshotResponse> {
    this.fetched.set(symbol, (this.fetched.get(symbol) ?? 0) + 1);
    return Promise.resolve({ snapshot: { lastUpdateId: 0, bids: [], asks: [] } });
  }
  /** The connection in use now. */
  get current(): FakeConnection {
    return this.connections[this.connections.length - 1] as FakeConnection;
  }
}

const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'];
const sessions: StreamSession[] = [];

/** A session over SYMBOLS on a fake connector, with every event it and its books reported. */
function harness(options: Partial<StreamSessionOptions> = {}) {
  const connector = new FakeConnector();
  const events: FeedEvent[] = [];
  const onEvent = (e: FeedEvent): void => {
    events.push(e);
  };
  const syncs = new Map(
    SYMBOLS.map((symbol) => [
      symbol,
      new BookSync({
        market: 'test',
        symbol,
        rules,
        book: new ReferenceOrderBook(),
        fetchSnapshot: (s) => connector.fetchSnapshot(s).then((r) => r.snapshot),
        onEvent,
      }),
    ]),
  );
  const session = new StreamSession({
    id: 1,
    connector,
    syncs,
    onEvent,
    silenceTimeoutMs: 30_000,
    maxConnectionAgeMs: 24 * 3_600_000,
    reconnect: { baseMs: 100, maxMs: 100_000 },
    // The top of every jitter range, so backoff delays can be told apart.
    random: () => 1,
    ...options,
  });
  sessions.push(session);
  const books = [...syncs.values()];
  return {
    connector,
    session,
    events,
    books,
    /** Opens the session's connection and brings every book live on its first event. */
    async bringLive(): Promise<void> {
      session.start();
      connector.current.listener.onOpen();
      for (const symbol of SYMBOLS) connector.current.frame(`${symbol} 1 1`);
      await jest.advanceTimersByTimeAsync(0);
      expect(books.map((b) => b.state)).toEqual(SYMBOLS.map(() => 'live'));
    },
    /** `backing-off` delays the session announced, in order. */
    backoffDelays(): number[] {
      return events.filter((e): e is ConnectionEvent => e.kind === 'connection' && e.state === 'backing-off').map((e) => e.delayMs as number);
    },
    closedCauses(): string[] {
      return events.filter((e): e is ConnectionEvent => e.kind === 'connection' && e.state === 'closed').map((e) => e.cause ?? '');
    },
  };
}

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  for (const session of sessions.splice(0)) session.stop();
  jest.useRealTimers();
});

describe('StreamSession liveness', () => {
  it('counts server pings and pongs to our pings as life: a quiet connection is never recycled', async () => {
    const { connector, session, books, bringLive } = harness({ silenceTimeoutMs: 1_000 });
    await bringLive();
    // No data for 20 s, but the exchange pings (or answers our pings) every 500 ms.
    for (let t = 0; t < 20_000; t += 500) {
      connector.current.listener.onAlive?.();
      await jest.advanceTimersByTimeAsync(500);
    }
    expect(connector.connections).toHaveLength(1);
    expect(session.stats.reconnects).toBe(0);
    expect(books.every((b) => b.state === 'live')).toBe(true);
    expect([...connector.fetched.values()]).toEqual([1, 1, 1, 1, 1]);
  });

  it('recycles a connection from which nothing at all arrives within silenceTimeout plus one check', async () => {
    const { connector, bringLive, closedCauses } = harness();
    await bringLive();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(connector.connections[0]!.closedWith).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1_000); // the watchdog looks once a second at a 30 s timeout
    expect(connector.connections[0]!.closedWith).toMatch(/^silence/);
    expect(closedCauses()).toEqual(['silence']);
  });

  it('does not call a stall of this very process silence: frames that waited behind it are read first', async () => {
    let skew = 0;
    const { connector, bringLive } = harness({ silenceTimeoutMs: 1_000, now: () => Date.now() + skew });
    await bringLive();
    // The process froze for 5 s (its clock moved, its timers did not fire); the next check comes late.
    skew = 5_000;
    await jest.advanceTimersByTimeAsync(250);
    expect(connector.connections[0]!.closedWith).toBeUndefined();
    // The frames that queued up during the stall are read now, and the connection is alive.
    connector.current.listener.onAlive?.();
    await jest.advanceTimersByTimeAsync(750);
    expect(connector.connections).toHaveLength(1);
    expect(connector.connections[0]!.closedWith).toBeUndefined();
    // A real silence is still caught.
    await jest.advanceTimersByTimeAsync(1_500);
    expect(connector.connections[0]!.closedWith).toMatch(/^silence/);
  });

  it('counts a reply to our requests as life too', async () => {
    const { connector, bringLive } = harness({ silenceTimeoutMs: 1_000 });
    await bringLive();
    for (let t = 0; t < 5_000; t += 500) {
      connector.current.frame('reply');
      await jest.advanceTimersByTimeAsync(500);
    }
    expect(connector.connections).toHaveLength(1);
  });
});

describe('StreamSession malformed frames', () => {
  it('counts and reports one frame that names no symbol, and resyncs no book', async () => {
    const { connector, session, events, books, bringLive } = harness();
    await bringLive();
    const before = events.length;
    connector.current.frame('not json');
    await jest.advanceTimersByTimeAsync(5_000);
    expect(session.stats.malformed).toBe(1);
    expect(books.map((b) => b.state)).toEqual(SYMBOLS.map(() => 'live'));
    expect(books.map((b) => b.stats.resyncs)).toEqual(SYMBOLS.map(() => ({})));
    expect([...connector.fetched.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(connector.connections).toHaveLength(1);
    expect(events.slice(before)).toEqual([
      { kind: 'frame', market: 'test', connection: 1, outcome: 'malformed', reason: expect.stringContaining('malformed-json'), at: expect.any(Number) },
    ]);
  });

  it('resyncs only the symbol a broken frame names', async () => {
    const { connector, books, bringLive } = harness();
    await bringLive();
    connector.current.frame('bad CCC');
    expect(books.map((b) => b.state)).toEqual(['live', 'live', 'resyncing', 'live', 'live']);
    expect(books[2]!.stats.resyncs).toEqual({ decode: 1 });
    expect(connector.connections).toHaveLength(1);
  });

  it('recycles the connection (cause decode) after 5 frames naming no symbol within 10 s', async () => {
    const { connector, bringLive, closedCauses } = harness();
    await bringLive();
    for (let i = 0; i < 4; i++) {
      connector.current.frame('garbage');
      await jest.advanceTimersByTimeAsync(2_000);
    }
    expect(connector.connections[0]!.closedWith).toBeUndefined();
    connector.current.frame('garbage'); // the fifth within 8 s
    expect(connector.connections[0]!.closedWith).toMatch(/malformed/);
    expect(closedCauses()).toEqual(['decode']);
  });

  it('does not recycle for garbage spread thinner than the window allows', async () => {
    const { connector, session, bringLive } = harness({ malformedLimit: 3, malformedWindowMs: 1_000 });
    await bringLive();
    for (let i = 0; i < 10; i++) {
      connector.current.frame('garbage');
      await jest.advanceTimersByTimeAsync(600);
      connector.current.listener.onAlive?.();
    }
    expect(connector.connections).toHaveLength(1);
    expect(session.stats.malformed).toBe(10);
  });
});

describe('StreamSession reconnects', () => {
  it('does not reset the backoff for a connection that dies right after opening', async () => {
    const { connector, session, backoffDelays } = harness({ pacer: new ConnectionPacer({ burst: 100 }) });
    session.start();
    for (let i = 0; i < 4; i++) {
      connector.current.listener.onOpen();
      connector.current.close('closed by server (code 1006)');
      await jest.advanceTimersByTimeAsync(backoffDelays().at(-1) as number);
    }
    expect(backoffDelays()).toEqual([100, 200, 400, 800]);
  });

  it("tells each book its next attempt and when it comes, so a view can count it down", async () => {
    const { connector, session, events, backoffDelays } = harness({ pacer: new ConnectionPacer({ burst: 100 }) });
    session.start();
    for (let i = 0; i < 3; i++) {
      connector.current.listener.onOpen();
      connector.current.close('closed by server (code 1006)');
      await jest.advanceTimersByTimeAsync(backoffDelays().at(-1) as number);
    }
    const plans = events
      .filter((e): e is BookStateEvent => e.kind === 'book' && e.state === 'backing-off' && e.symbol === SYMBOLS[0])
      .map((e) => e.retry);
    expect(plans).toEqual([
      { attempt: 1, inMs: 100 },
      { attempt: 2, inMs: 200 },
      { attempt: 3, inMs: 400 },
    ]);
  });

  it('resets the backoff once a connection has stayed open and alive for healthyAfterMs', async () => {
    const { connector, session, backoffDelays } = harness({ healthyAfterMs: 10_000, pacer: new ConnectionPacer({ burst: 100 }) });
    session.start();
    for (let i = 0; i < 2; i++) {
      connector.current.listener.onOpen();
      connector.current.close('closed by server (code 1006)');
      await jest.advanceTimersByTimeAsync(backoffDelays().at(-1) as number);
    }
    connector.current.listener.onOpen();
    for (let t = 0; t < 11_000; t += 1_000) {
      connector.current.listener.onAlive?.();
      await jest.advanceTimersByTimeAsync(1_000);
    }
    connector.current.close('closed by server (code 1006)');
    expect(backoffDelays()).toEqual([100, 200, 100]);
  });

  it('reconnects at once after the first shutdown notice', async () => {
    const { connector, bringLive } = harness();
    await bringLive();
    connector.current.frame('shutdown');
    await jest.advanceTimersByTimeAsync(0);
    expect(connector.connections).toHaveLength(2);
  });

  it('paces a server that sends a shutdown notice on every new connection: a burst, then one a second', async () => {
    const { connector, session } = harness({ pacer: new ConnectionPacer({ burst: 5, intervalMs: 1_000 }) });
    // Bounded, so a session without pacing ends the test instead of spinning forever.
    connector.onOpenStream = (connection) => {
      if (connector.connections.length > 1_000) return;
      queueMicrotask(() => {
        connection.listener.onOpen();
        connection.frame('shutdown');
      });
    };
    session.start();
    await jest.advanceTimersByTimeAsync(10_000);
    // 5 at once, then one per second of the 10.
    expect(connector.connections.length).toBeGreaterThanOrEqual(14);
    expect(connector.connections.length).toBeLessThanOrEqual(16);
  });

  it('shares one pacer between sessions: together they stay within its budget', async () => {
    const pacer = new ConnectionPacer({ burst: 2, intervalMs: 1_000 });
    const a = harness({ pacer, reconnect: { baseMs: 1, maxMs: 1 } });
    const b = harness({ pacer, reconnect: { baseMs: 1, maxMs: 1 } });
    for (const h of [a, b]) {
      h.connector.onOpenStream = (connection) => queueMicrotask(() => connection.close('refused'));
      h.session.start();
    }
    await jest.advanceTimersByTimeAsync(5_000);
    expect(a.connector.connections.length + b.connector.connections.length).toBeLessThanOrEqual(2 + 5 + 1);
    expect(pacer.stats.attempts).toBeGreaterThanOrEqual(6);
  });
});
