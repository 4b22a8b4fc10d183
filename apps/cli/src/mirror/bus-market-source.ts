import { diffUpdate, type BookStreamMessage } from '@lob/book-stream';
import type { BookView, DepthUpdate, FeedEvent } from '@lob/core';
import { NatsBookMirror, type BusBookCopy, type CopyChange } from '@lob/nats-consumer';
import type { NatsServers } from '../config/nats-servers.js';
import type { ConnectionCounts, MarketSource } from '../feeds/market-source.js';
import { BusBookView } from './bus-book-view.js';
import { StateAnnouncer } from './state-announcer.js';

/** How often the copies' states are looked at between messages: a silent publisher shows only this way. */
const SILENCE_CHECK_MS = 5_000;

/** Who hears what the copies do, as a feed's hooks would: state changes and applied diffs. */
export interface BusHooks {
  readonly onEvent: (event: FeedEvent) => void;
  readonly onUpdate: (view: BookView, update: DepthUpdate) => void;
}

/**
 * One venue's books read from the NATS bus, as the outputs read a market: each copy's state changes become book
 * events and each applied diff an update, so /stream, the views and the metrics work as over live feeds.
 */
export class BusMarketSource implements MarketSource {
  readonly limiter = undefined;
  private readonly views = new Map<BusBookCopy, BusBookView>();
  private readonly announcer: StateAnnouncer;
  private mirror: NatsBookMirror | undefined;
  private readonly silenceCheck: NodeJS.Timeout;

  private constructor(
    readonly exchange: string,
    readonly market: string,
    private readonly hooks: BusHooks,
  ) {
    this.announcer = new StateAnnouncer(hooks.onEvent);
    this.silenceCheck = setInterval(() => {
      for (const copy of this.copies()) this.announcer.announce(this.viewOf(copy));
    }, SILENCE_CHECK_MS);
    this.silenceCheck.unref();
  }

  /** Opens the mirror of `market`'s `symbols` (all of the venue's on the bus when undefined). */
  static async open(servers: NatsServers, exchange: string, market: string, symbols: readonly string[] | undefined, hooks: BusHooks): Promise<BusMarketSource> {
    const source = new BusMarketSource(exchange, market, hooks);
    source.mirror = await NatsBookMirror.open({
      servers,
      venue: market,
      ...(symbols === undefined ? {} : { symbols }),
      onChange: (copy, change, message) => source.onChange(copy, change, message),
    });
    return source;
  }

  /** Whether the venue's books carry update ids: lob's snapshots say so by carrying `lastUpdateId`. */
  get hasUpdateIds(): boolean {
    return this.copies().some((c) => c.replica.lastUpdateId !== undefined);
  }

  books(): readonly BookView[] {
    return this.copies().map((c) => this.viewOf(c));
  }

  book(symbol: string): BookView | undefined {
    const copy = this.mirror?.copy(symbol) ?? this.mirror?.copy(symbol.toUpperCase());
    return copy === undefined ? undefined : this.viewOf(copy);
  }

  connections(): ConnectionCounts {
    const stats = this.mirror?.stats;
    return { total: 1, open: this.mirror === undefined ? 0 : 1, frames: stats?.messages ?? 0, malformed: stats?.unreadable ?? 0, reconnects: 0 };
  }

  /** Stops reading the bus. */
  async close(): Promise<void> {
    clearInterval(this.silenceCheck);
    await this.mirror?.close();
  }

  private copies(): BusBookCopy[] {
    return this.mirror?.copies() ?? [];
  }

  private viewOf(copy: BusBookCopy): BusBookView {
    let view = this.views.get(copy);
    if (view === undefined) {
      view = new BusBookView(copy);
      this.views.set(copy, view);
    }
    return view;
  }

  private onChange(copy: BusBookCopy, change: CopyChange, message: BookStreamMessage | undefined): void {
    const view = this.viewOf(copy);
    if (this.announcer.announce(view)) return;
    if (change === 'diff' && message?.type === 'diff') this.hooks.onUpdate(view, diffUpdate(message));
    else if (change === 'replaced' && view.state === 'live') {
      // Live all along, the copy started again from a snapshot: readers of its diffs need the whole book again.
      this.hooks.onEvent({ kind: 'snapshot', market: this.market, symbol: copy.symbol, outcome: 'refreshed', reason: 'a new snapshot from the bus', at: Date.now() });
    }
  }
}
