import { afterEach, describe, expect, it } from '@jest/globals';
import { DecodeError } from '../errors.js';
import { ReferenceOrderBook } from '../testing/reference-order-book.js';
import type { Connector, StreamListener } from './connector.js';
import type { StreamMessage } from './depth-update.js';
import { MarketFeed } from './market-feed.js';

/**
 * A connector whose snapshots come in the stream, played by the test. Frames: `snap SYM id [seq]` is a snapshot,
 * `upd SYM prev id [seq]` an update, `beat seq` a heartbeat; a trailing seq is the connection-wide sequence.
 */
class InStreamConnector implements Connector {
  readonly exchange = 'fake';
  readonly market = 'fake-venue';
  readonly maxSymbolsPerConnection = 10;
  readonly rules = {
    classify: (u: { prevLastId: number | undefined; lastId: number }, id: number) => (u.prevLastId === id ? 'apply' : u.lastId === id ? 'stale' : 'gap'),
  } as const;
  readonly snapshots = { kind: 'stream' } as const;
  readonly hasUpdateIds = true;
  readonly depthWindow = { kind: 'exchange-maintained' } as const;
  listener: StreamListener | undefined;
  /** Symbols resubscribed, in order. */
  readonly resubscribed: string[] = [];
  canResubscribe = true;
  closed = 0;
  /** The symbols of every openStream, in order. */
  readonly opened: string[][] = [];

  normalizeSymbol(symbol: string): string {
    return symbol.toUpperCase();
  }
  openStream(symbols: readonly string[], listener: StreamListener) {
    this.opened.push([...symbols]);
    this.listener = listener;
    const connection = {
      close: () => {
        this.closed++;
        listener.onClose('closed');
      },
      ...(this.canResubscribe ? { resubscribe: (symbols: readonly string[]) => void this.resubscribed.push(...symbols) } : {}),
    };
    return connection;
  }
  decode(frame: string): StreamMessage {
    const parts = frame.split(' ');
    const seq = (at: number) => (parts[at] === undefined ? {} : { connectionSeq: Number(parts[at]) });
    if (parts[0] === 'snap') {
      return { type: 'snapshot', symbol: parts[1]!, lastUpdateId: Number(parts[2]), eventTime: 0, bids: [['1', '1']], asks: [['2', '1']], ...seq(3) };
    }
    if (parts[0] === 'upd') {
      const id = Number(parts[3]);
      return { type: 'depth', symbol: parts[1]!, firstId: id, lastId: id, prevLastId: Number(parts[2]), eventTime: 0, bids: [], asks: [], ...seq(4) };
    }
    if (parts[0] === 'bad') throw new DecodeError('malformed-frame', 'bad frame', parts[1], parts[2] === undefined ? {} : { connectionSeq: Number(parts[2]) });
    if (parts[0] === 'rej') return { type: 'rejected', symbols: [parts[1]!], reason: 'refused' };
    return { type: 'control', ...seq(1) };
  }
}

const feeds: MarketFeed[] = [];
afterEach(() => {
  for (const feed of feeds.splice(0)) feed.stop();
});

function start(connector: InStreamConnector): MarketFeed {
  const feed = new MarketFeed({ connector, symbols: ['AAA', 'BBB', 'CCC'], createBook: () => new ReferenceOrderBook() });
  feeds.push(feed);
  feed.start();
  connector.listener!.onOpen();
  return feed;
}
const states = (feed: MarketFeed) => feed.books().map((b) => b.state);

describe('MarketFeed with snapshots in the stream', () => {
  it('has no REST limiter, brings each book live on its own snapshot, and resyncs one symbol by resubscribing it alone', () => {
    const connector = new InStreamConnector();
    const feed = start(connector);
    expect(feed.limiter).toBeUndefined();
    for (const s of ['AAA', 'BBB', 'CCC']) connector.listener!.onFrame(`snap ${s} 10`);
    expect(states(feed)).toEqual(['live', 'live', 'live']);
    connector.listener!.onFrame('upd BBB 11 12');
    expect(states(feed)).toEqual(['live', 'resyncing', 'live']);
    expect(connector.resubscribed).toEqual(['BBB']);
    connector.listener!.onFrame('snap BBB 30');
    expect(states(feed)).toEqual(['live', 'live', 'live']);
    expect(feed.book('BBB')!.lastUpdateId).toBe(30);
    expect(connector.closed).toBe(0);
  });

  it('resyncs every book of a connection whose connection-wide sequence skips a number', () => {
    const connector = new InStreamConnector();
    const feed = start(connector);
    connector.listener!.onFrame('snap AAA 1 1');
    connector.listener!.onFrame('snap BBB 1 2');
    connector.listener!.onFrame('snap CCC 1 3');
    connector.listener!.onFrame('beat 4');
    connector.listener!.onFrame('upd AAA 1 2 5');
    expect(states(feed)).toEqual(['live', 'live', 'live']);
    connector.listener!.onFrame('upd BBB 1 2 7');
    expect(states(feed)).toEqual(['resyncing', 'resyncing', 'resyncing']);
    expect(feed.book('AAA')!.stats.resyncs.gap).toBe(1);
    expect([...connector.resubscribed].sort()).toEqual(['AAA', 'BBB', 'CCC']);
  });

  it('handles a message the connector decoded itself (onMessage) like its frame, in call order and in the connection sequence', () => {
    const connector = new InStreamConnector();
    const feed = start(connector);
    const listener = connector.listener!;
    // A snapshot decoded elsewhere (as a connector does with a large one off the main thread), then frames after it.
    listener.onMessage!(connector.decode('snap AAA 10 1'));
    listener.onFrame('upd AAA 10 11 2');
    expect(states(feed)).toEqual(['live', 'syncing', 'syncing']);
    expect(feed.book('AAA')!.lastUpdateId).toBe(11);
    listener.onMessage!(connector.decode('snap BBB 5 3'));
    listener.onMessage!(connector.decode('upd BBB 5 6 4'));
    expect(feed.book('BBB')!.lastUpdateId).toBe(6);
    // A delivered message that skips a connection number resyncs every book, as a frame would.
    listener.onMessage!(connector.decode('beat 6'));
    expect(states(feed)).toEqual(['resyncing', 'resyncing', 'resyncing']);
    expect([...connector.resubscribed].sort()).toEqual(['AAA', 'BBB', 'CCC']);
  });

  it('counts a malformed frame that carries its connection number in the sequence: only the symbol it names resyncs', () => {
    const connector = new InStreamConnector();
    const feed = start(connector);
    const listener = connector.listener!;
    for (const [i, s] of ['AAA', 'BBB', 'CCC'].entries()) listener.onFrame(`snap ${s} 1 ${i + 1}`);
    listener.onFrame('bad BBB 4');
    listener.onFrame('upd AAA 1 2 5');
    expect(states(feed)).toEqual(['live', 'resyncing', 'live']);
    expect(connector.resubscribed).toEqual(['BBB']);
    // Without its number, the frame's place in the sequence shows as a gap at the next frame: everything resyncs.
    listener.onFrame('bad CCC');
    listener.onFrame('beat 7');
    expect(states(feed)).toEqual(['resyncing', 'resyncing', 'resyncing']);
  });

  it('recycles the connection when the connector cannot resubscribe one symbol', () => {
    const connector = new InStreamConnector();
    connector.canResubscribe = false;
    const feed = start(connector);
    connector.listener!.onFrame('snap AAA 1');
    connector.listener!.onFrame('upd AAA 5 6');
    expect(connector.closed).toBe(1);
    expect(states(feed)).toEqual(['backing-off', 'backing-off', 'backing-off']);
  });

  it('does not subscribe a refused symbol again when the connection is reopened', async () => {
    const connector = new InStreamConnector();
    const feed = new MarketFeed({ connector, symbols: ['AAA', 'BBB', 'CCC'], createBook: () => new ReferenceOrderBook(), reconnect: { baseMs: 1, maxMs: 1 } });
    feeds.push(feed);
    feed.start();
    connector.listener!.onOpen();
    connector.listener!.onFrame('rej BBB');
    expect(states(feed)).toEqual(['syncing', 'invalid', 'syncing']);
    connector.listener!.onClose('dropped');
    while (connector.opened.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(connector.opened).toEqual([['AAA', 'BBB', 'CCC'], ['AAA', 'CCC']]);
    expect(feed.book('BBB')!.state).toBe('invalid');
  });
});
