import { BinanceSimError } from '../market/errors.js';
import type { FaultState } from './faults.js';
import type { MarketRules } from './market-rules.js';
import type { SnapshotSource } from './rest-server.js';
import type { StreamConnection, StreamServer } from './stream-server.js';
import type { SymbolSpec } from '../market/symbol-spec.js';
import { TrafficGenerator, type DepthEvent } from '../market/traffic-generator.js';
import type { TrueBook } from './types.js';
import { formatDepthEvent, formatSnapshot, levelStrings } from './wire-format.js';

/** An event as it went out, kept so resend-old can send it again byte for byte. */
interface SentEvent {
  readonly U: number;
  readonly json: string;
}

interface Feed {
  readonly spec: SymbolSpec;
  readonly generator: TrafficGenerator;
  readonly recent: SentEvent[];
}

const RECENT_EVENTS = 16;

/** The generated market: one traffic generator per symbol, its events routed to subscribers through the faults. */
export class GeneratedMarket implements SnapshotSource {
  private readonly feeds = new Map<string, Feed>();
  private streams: StreamServer | undefined;
  private malformedSent = 0;

  constructor(
    private readonly rules: MarketRules,
    symbols: readonly { spec: SymbolSpec; seed: number }[],
    private readonly faults: FaultState,
  ) {
    for (const { spec, seed } of symbols) {
      this.feeds.set(spec.symbol, { spec, generator: new TrafficGenerator(spec, rules.futures, seed), recent: [] });
    }
  }

  /** Connects the stream server the events go out on. */
  attach(streams: StreamServer): void {
    this.streams = streams;
  }

  /** The symbols, in the order they were configured. */
  symbols(): string[] {
    return [...this.feeds.keys()];
  }

  /** True for a configured symbol. */
  hasSymbol(symbol: string): boolean {
    return this.feeds.has(symbol);
  }

  /** Every level of the true book, as exact strings. */
  book(symbol: string): TrueBook {
    const { spec, generator } = this.feed(symbol);
    const state = generator.book.snapshot();
    return { lastUpdateId: state.lastUpdateId, bids: levelStrings(spec, state.bids), asks: levelStrings(spec, state.asks) };
  }

  /** Update id of the last generated event. */
  lastUpdateId(symbol: string): number {
    return this.feed(symbol).generator.book.lastUpdateId;
  }

  /** The REST body: the true book now, or its oldest remembered state for a stale-snapshot fault. */
  snapshotBody(symbol: string, limit: number, stale: boolean): string {
    const { spec, generator } = this.feed(symbol);
    const book = generator.book;
    const state = book.snapshot(limit, stale ? book.historyLength() : 0);
    return formatSnapshot(this.rules.market, spec, state, Date.now());
  }

  /** Nothing to do: generated snapshots do not gate the stream. */
  onSnapshotServed(): void {}

  /** Nothing to do: a new subscriber simply gets the next events. */
  onSubscribe(): void {}

  /** One round: one event per symbol that is not quiet, applied to the true book and sent (or not, as the faults say). */
  round(): void {
    const now = Date.now();
    for (const feed of this.feeds.values()) {
      // A quiet market generates nothing at all: the true book stands still, so a client misses nothing.
      if (this.faults.quiet(feed.spec.symbol, now)) continue;
      this.dispatch(feed, feed.generator.next());
    }
  }

  private dispatch(feed: Feed, event: DepthEvent): void {
    const { faults, rules } = this;
    const symbol = feed.spec.symbol;
    const now = Date.now();
    // During silence the exchange keeps moving but nothing reaches the clients: they see a jump afterwards.
    if (faults.silent(now)) return;
    // A gap: the event is in the true book but never sent, so the next U (or pu) does not continue.
    if (faults.takeStream('gap', symbol)) return;
    const resend = faults.takeStream('resend-old', symbol);
    const malformed = faults.takeStream('malformed', symbol);
    const json = formatDepthEvent(rules.market, feed.spec, event, now);
    // Alternate the two kinds of broken frame: text that is not JSON, and JSON with a wrong field type.
    const truncate = malformed && this.malformedSent++ % 2 === 0;
    const broken = malformed && !truncate ? formatDepthEvent(rules.market, feed.spec, event, now, { brokenBids: true }) : '';
    for (const { conn, ref } of this.streams?.subscribers(symbol) ?? []) {
      if (resend) {
        const old = this.oldEventFor(feed, conn);
        if (old) conn.send(conn.frame(ref.stream, old.json));
      }
      if (truncate) {
        const text = conn.frame(ref.stream, json);
        conn.send(text.slice(0, Math.floor(text.length / 2)));
      } else if (malformed) {
        conn.send(conn.frame(ref.stream, broken));
      } else if (conn.send(conn.frame(ref.stream, json)) && !conn.firstDelivered.has(symbol)) {
        conn.firstDelivered.set(symbol, event.U);
      }
    }
    if (malformed) return;
    feed.recent.push({ U: event.U, json });
    if (feed.recent.length > RECENT_EVENTS) feed.recent.shift();
  }

  /** An event this connection already received: the one before its latest if it has two, else its latest. */
  private oldEventFor(feed: Feed, conn: StreamConnection): SentEvent | undefined {
    const first = conn.firstDelivered.get(feed.spec.symbol);
    if (first === undefined) return undefined;
    const seen = feed.recent.filter((e) => e.U >= first);
    return seen[seen.length - 2] ?? seen[seen.length - 1];
  }

  private feed(symbol: string): Feed {
    const feed = this.feeds.get(symbol);
    if (!feed) throw new BinanceSimError('unknown-symbol', `unknown symbol ${symbol}`);
    return feed;
  }
}
