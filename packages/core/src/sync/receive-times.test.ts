import { afterEach, describe, expect, it } from '@jest/globals';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import { BookSync, type BookView } from './book-sync.js';
import { event, harness, snapshot, until } from './book-sync.test-support.js';
import type { Connector, StreamListener } from './connector.js';
import type { StreamMessage, StreamSnapshot } from './depth-update.js';
import { StreamSession } from './stream-session.js';

/** The times a consumer reads from the view when called back after an event. */
const timesOf = (view: BookView) => [view.stats.lastEventTime, view.stats.lastReceivedAt, view.stats.lastAppliedAt];

describe('BookSync times', () => {
  it('stamps an applied event with the receive time it came with and the clock at apply', () => {
    let t = 5_000.25;
    const seen: number[][] = [];
    const { sync, requests } = harness({ clock: () => t, onApplied: (view) => seen.push(timesOf(view)) });
    sync.streamOpened();
    sync.onUpdate(event(1, 1, [['10', '1']]), 4_999.5);
    requests[0]?.resolve(snapshot(0, [], []));
    return until(() => sync.state === 'live').then(() => {
      expect(seen).toEqual([[1, 4_999.5, 5_000.25]]);
      t = 6_000.125;
      sync.onUpdate(event(2, 2, [['10', '2']]), 5_999.875);
      expect(timesOf(sync)).toEqual([2, 5_999.875, 6_000.125]);
    });
  });

  it('keeps each buffered event\'s own receive time through a REST snapshot bridge', async () => {
    let t = 100;
    const seen: number[][] = [];
    const { sync, requests } = harness({ clock: () => t, onApplied: (view) => seen.push(timesOf(view)) });
    sync.streamOpened();
    sync.onUpdate(event(5, 6, [['10', '1']]), 100.25);
    sync.onUpdate(event(7, 8, [['10', '2']]), 101.5);
    await until(() => requests.length === 1);
    // The snapshot arrives long after the events: each keeps its own receipt, and all are applied now.
    t = 900;
    requests[0]?.resolve(snapshot(5, [], []));
    await until(() => sync.state === 'live');
    expect(seen).toEqual([
      [6, 100.25, 900],
      [8, 101.5, 900],
    ]);
  });

  it('keeps the receive time of the event that showed a gap for the resync that starts from it', async () => {
    let t = 10;
    const seen: number[][] = [];
    const { sync, requests } = harness({ clock: () => t, onApplied: (view) => seen.push(timesOf(view)) });
    sync.streamOpened();
    sync.onUpdate(event(1, 1), 10);
    requests[0]?.resolve(snapshot(0, [], []));
    await until(() => sync.state === 'live');
    sync.onUpdate(event(5, 5, [['10', '1']]), 300.5); // a gap: resyncs from this event
    await until(() => requests.length === 2);
    t = 400;
    requests[1]?.resolve(snapshot(4, [], []));
    await until(() => sync.state === 'live');
    expect(seen.at(-1)).toEqual([5, 300.5, 400]);
  });

  it('stamps a REST snapshot with the arrival of its response and no exchange time', async () => {
    let t = 1_000;
    // Every read of the clock moves it on, so the receipt and the apply are told apart.
    const { sync, requests } = harness({ clock: () => (t += 0.5), quietSnapshotDelayMs: 1 });
    sync.streamOpened();
    await until(() => requests.length === 1);
    t = 2_000;
    requests[0]?.resolve(snapshot(7, [['10', '1']], [['11', '1']]));
    await until(() => sync.state === 'live');
    expect(timesOf(sync)).toEqual([0, 2_000.5, 2_001]);
  });

  it('stamps an in-stream snapshot with its exchange time, its frame\'s receipt and the apply', () => {
    const sync = new BookSync({
      market: 'venue',
      symbol: 'BTCUSDT',
      rules: { classify: () => 'apply' },
      book: new ReferenceOrderBook(),
      snapshots: 'stream',
      requestSnapshot: () => undefined,
      onEvent: () => undefined,
      clock: () => 77.125,
    });
    try {
      sync.streamOpened();
      const snap: StreamSnapshot = { type: 'snapshot', symbol: 'BTCUSDT', lastUpdateId: 3, eventTime: 70, bids: [['1', '1']], asks: [['2', '1']] };
      sync.onSnapshot(snap, 75.5);
      expect(sync.state).toBe('live');
      expect(timesOf(sync)).toEqual([70, 75.5, 77.125]);
    } finally {
      sync.stop();
    }
  });
});

/** A one-connection connector with in-stream snapshots whose decoding takes `decodeMs` of the test's clock. */
class TimedConnector implements Connector {
  readonly exchange = 'fake';
  readonly market = 'venue';
  readonly maxSymbolsPerConnection = 10;
  readonly rules = { classify: () => 'apply' as const };
  readonly snapshots = { kind: 'stream' } as const;
  readonly hasUpdateIds = true;
  readonly depthWindow = { kind: 'exchange-maintained' } as const;
  listener: StreamListener | undefined;

  constructor(private readonly advance: (ms: number) => void, private readonly decodeMs: number) {}

  normalizeSymbol(symbol: string): string {
    return symbol;
  }
  openStream(_symbols: readonly string[], listener: StreamListener) {
    this.listener = listener;
    return { close: () => listener.onClose('closed') };
  }
  decode(frame: string): StreamMessage {
    this.advance(this.decodeMs);
    return message(frame);
  }
}

/** `snap ID TIME` or `upd ID TIME` for BTCUSDT. */
function message(frame: string): StreamMessage {
  const [kind, id, time] = frame.split(' ');
  const common = { symbol: 'BTCUSDT', eventTime: Number(time), bids: [['1', String(id)]] as [string, string][], asks: [] };
  if (kind === 'snap') return { type: 'snapshot', lastUpdateId: Number(id), ...common };
  return { type: 'depth', firstId: Number(id), lastId: Number(id), prevLastId: undefined, ...common };
}

describe('StreamSession receive times', () => {
  const sessions: StreamSession[] = [];
  afterEach(() => {
    for (const session of sessions.splice(0)) session.stop();
  });

  /** A live session over one book, on a clock the test moves (and decoding moves by 3 ms). */
  function live() {
    let t = 0;
    const clock = () => t;
    const connector = new TimedConnector((ms) => (t += ms), 3);
    const seen: number[][] = [];
    const sync = new BookSync({
      market: 'venue',
      symbol: 'BTCUSDT',
      rules: connector.rules,
      book: new ReferenceOrderBook(),
      snapshots: 'stream',
      requestSnapshot: () => undefined,
      onEvent: () => undefined,
      onApplied: (view) => seen.push(timesOf(view)),
      clock,
    });
    const session = new StreamSession({
      id: 1,
      connector,
      syncs: new Map([['BTCUSDT', sync]]),
      onEvent: () => undefined,
      silenceTimeoutMs: 60_000,
      maxConnectionAgeMs: 3_600_000,
      reconnect: { baseMs: 1, maxMs: 2 },
      clock,
    });
    sessions.push(session);
    session.start();
    const listener = connector.listener as StreamListener;
    listener.onOpen();
    return { sync, listener, seen, setTime: (at: number) => (t = at) };
  }

  it('stamps a frame when it arrives, before decoding, and the apply after it', () => {
    const { sync, listener, seen, setTime } = live();
    setTime(1_000.5);
    listener.onFrame('snap 1 990');
    expect(timesOf(sync)).toEqual([990, 1_000.5, 1_003.5]);
    setTime(2_000.25);
    listener.onFrame('upd 2 1995');
    expect(seen).toEqual([[1_995, 2_000.25, 2_003.25]]);
  });

  it('stamps a message a connector decoded itself when it is handed over', () => {
    const { listener, seen, setTime } = live();
    setTime(10);
    listener.onMessage?.(message('snap 1 5'));
    setTime(20.75);
    listener.onMessage?.(message('upd 2 19'));
    expect(seen).toEqual([[19, 20.75, 20.75]]);
  });
});
