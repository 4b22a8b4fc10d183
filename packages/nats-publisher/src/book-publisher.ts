import { BookDiffSource, type BookStreamMessage, type SnapshotMessage } from '@lob/book-stream';
import type { BookView, DepthUpdate, FeedEvent } from '@lob/core';
import { bookSubject, connectNats, snapshotKey, SNAPSHOT_EVERY_MS, type Bus, type BusSnapshot } from '@lob/nats-consumer';
import { AckedPublisher } from './acked-publisher.js';
import { DEFAULT_RETENTION, ensureBus, type BusRetention } from './ensure-bus.js';

/** What a BookPublisher needs: where NATS is, who it is, and its bounds. */
export interface BookPublisherOptions {
  /** `nats://host:port`, or several servers of a cluster. */
  readonly servers: string | readonly string[];
  /** This instance's name in every snapshot and diff it sends (readers tell producers apart by it). */
  readonly origin: string;
  readonly retention?: BusRetention;
  /** A book that changed is stored in the bucket again after this long (default 60 000 ms), spread over the period. */
  readonly snapshotEveryMs?: number;
  /** Most messages sent and not yet acknowledged; beyond it messages are dropped and counted (default 20 000). */
  readonly maxInFlight?: number;
  /** Connection changes and drops, for the log. */
  readonly onStatus?: (status: PublisherStatus) => void;
}

/** A change worth a log line: NATS lost or back, messages dropped or flowing again. */
export interface PublisherStatus {
  readonly kind: 'disconnected' | 'reconnected' | 'dropping' | 'resumed' | 'store-failed' | 'too-large';
  readonly message: string;
}

/** What a publisher did; every drop is counted (a reader sees the hole as a gap and starts again from a snapshot). */
export interface PublisherStats {
  published: number;
  bytes: number;
  dropped: number;
  inFlight: number;
  snapshotsStored: number;
  storeFailures: number;
  connected: boolean;
  /** The highest stream sequence NATS acknowledged. */
  lastStreamSeq: number;
}

interface PublishedBook {
  readonly source: BookDiffSource;
  readonly subject: string;
  readonly key: string;
  /** A message of this book was dropped: its readers have a hole until a snapshot is sent. */
  dirty: boolean;
  /** Its whole book is larger than NATS takes in one message: said once, not retried until it fits. */
  tooLarge: boolean;
}

/**
 * Publishes every tracked book's diff stream (the `/stream` format, with this instance as `origin`) to its subject in
 * the books stream, and its latest snapshot to the bucket: on every resync and every `snapshotEveryMs` (changed or
 * not: the entry's `time` says the publisher lives). While NATS is away or slow, at most `maxInFlight` messages wait; beyond that a book's messages
 * are dropped (counted) and, once NATS keeps up again, the book is sent whole as a snapshot.
 */
export class BookPublisher {
  readonly stats: PublisherStats = { published: 0, bytes: 0, dropped: 0, inFlight: 0, snapshotsStored: 0, storeFailures: 0, connected: true, lastStreamSeq: 0 };
  private readonly books = new Map<string, PublishedBook>();
  private readonly encoder = new TextEncoder();
  private readonly maxInFlight: number;
  private readonly snapshotEveryMs: number;
  private readonly timer: NodeJS.Timeout;
  private readonly acked: AckedPublisher;
  private refreshCursor = 0;
  private dropping = false;
  private closed = false;

  private constructor(
    private readonly bus: Bus,
    private readonly options: BookPublisherOptions,
  ) {
    this.maxInFlight = options.maxInFlight ?? 20_000;
    this.snapshotEveryMs = options.snapshotEveryMs ?? SNAPSHOT_EVERY_MS;
    this.acked = new AckedPublisher(bus.nc);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
    void this.watchConnection();
  }

  /** Connects (reconnecting forever after), makes the stream and bucket if missing. */
  static async connect(options: BookPublisherOptions): Promise<BookPublisher> {
    const nc = await connectNats({ servers: options.servers, name: `lob ${options.origin}` });
    try {
      return new BookPublisher(await ensureBus(nc, options.retention ?? DEFAULT_RETENTION), options);
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  /** Starts publishing a book (from its next snapshot: a live book is sent whole at once). */
  track(view: BookView, hasUpdateIds: boolean): void {
    const id = bookId(view.market, view.symbol);
    if (this.books.has(id)) return;
    const book: PublishedBook = {
      source: new BookDiffSource({ view, hasUpdateIds, origin: this.options.origin, emit: (m) => this.emit(book, m) }),
      subject: bookSubject(view.market, view.symbol),
      key: snapshotKey(view.market, view.symbol),
      dirty: view.state === 'live',
      tooLarge: false,
    };
    this.books.set(id, book);
  }

  /** Stops publishing a book (another instance took it over, or it is no longer kept). */
  untrack(market: string, symbol: string): void {
    const id = bookId(market, symbol);
    this.books.get(id)?.source.close();
    this.books.delete(id);
  }

  /** The feed's synchronous update callback. */
  onUpdate(view: BookView, update: DepthUpdate): void {
    this.books.get(bookId(view.market, view.symbol))?.source.onUpdate(update);
  }

  /** The feed's events. */
  onEvent(event: FeedEvent): void {
    if (event.kind !== 'book' && event.kind !== 'snapshot') return;
    this.books.get(bookId(event.market, event.symbol))?.source.onEvent(event);
  }

  /** Stops publishing and closes the connection after what was sent is flushed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const book of this.books.values()) book.source.close();
    this.acked.sendQueued();
    await this.bus.nc.flush().catch(() => undefined);
    this.acked.close();
    await this.bus.nc.drain().catch(() => this.bus.nc.close());
  }

  private emit(book: PublishedBook, message: BookStreamMessage): void {
    if (message.type === 'snapshot') {
      // A new start for the readers: a hole before it no longer matters.
      book.dirty = false;
      this.publish(book, message);
      this.store(book, message);
      return;
    }
    if (book.dirty) {
      this.stats.dropped++;
      return;
    }
    this.publish(book, message);
  }

  private publish(book: PublishedBook, message: BookStreamMessage): void {
    if (this.closed) return;
    if (!this.stats.connected || this.stats.inFlight >= this.maxInFlight) {
      this.stats.dropped++;
      book.dirty = true;
      if (!this.dropping) {
        this.dropping = true;
        this.options.onStatus?.({ kind: 'dropping', message: `NATS ${this.stats.connected ? 'is behind' : 'is away'}: dropping book messages (${this.stats.inFlight} unacknowledged); each book is sent whole once it keeps up` });
      }
      return;
    }
    const data = this.encoder.encode(JSON.stringify(message));
    if (!this.fits(book, data)) return;
    this.stats.inFlight++;
    this.acked.publish(
      book.subject,
      data,
      (streamSeq) => {
        this.stats.inFlight--;
        this.stats.published++;
        this.stats.bytes += data.byteLength;
        if (streamSeq > this.stats.lastStreamSeq) this.stats.lastStreamSeq = streamSeq;
      },
      () => {
        this.stats.inFlight--;
        this.stats.dropped++;
        book.dirty = true;
      },
    );
  }

  /** Puts a snapshot in the bucket with the stream sequence its changes come after. */
  private store(book: PublishedBook, snapshot: SnapshotMessage): void {
    if (this.closed || !this.stats.connected) return;
    // Every change after this snapshot is published from now on, so NATS gives it a sequence above any acknowledged.
    const stored: BusSnapshot = { ...snapshot, streamSeq: this.stats.lastStreamSeq };
    const data = this.encoder.encode(JSON.stringify(stored));
    if (!this.fits(book, data)) return;
    this.bus.snapshots.put(book.key, data).then(
      () => void this.stats.snapshotsStored++,
      (error: Error) => {
        this.stats.storeFailures++;
        this.options.onStatus?.({ kind: 'store-failed', message: `cannot store the snapshot of ${book.key}: ${error.message}` });
      },
    );
  }

  /**
   * Whether a message fits the server's `max_payload` (1 MiB by default; a whole Coinbase book can be 5 MB). One that
   * does not is dropped and counted, and the book is said once to be too large until a message of it fits again.
   */
  private fits(book: PublishedBook, data: Uint8Array): boolean {
    const max = this.bus.nc.info?.max_payload;
    if (max === undefined || data.byteLength <= max) {
      book.tooLarge = false;
      return true;
    }
    this.stats.dropped++;
    book.dirty = true;
    if (!book.tooLarge) {
      book.tooLarge = true;
      this.options.onStatus?.({ kind: 'too-large', message: `${book.key}: a message of ${data.byteLength} bytes is over NATS's max_payload of ${max}; raise max_payload in nats-server's configuration to publish this book whole` });
    }
    return false;
  }

  /** Sends whole the books that lost messages (once NATS keeps up), and stores a slice of the changed books. */
  private tick(): void {
    if (this.closed || !this.stats.connected) return;
    if (this.stats.inFlight < this.maxInFlight / 2) {
      for (const book of this.books.values()) {
        if (!book.dirty || book.tooLarge) continue;
        const snapshot = book.source.snapshot();
        if (snapshot === undefined) continue; // out of sync: its next snapshot will come by itself
        book.dirty = false;
        this.publish(book, snapshot);
        this.store(book, snapshot);
      }
      if (this.dropping && ![...this.books.values()].some((b) => b.dirty && !b.tooLarge)) {
        this.dropping = false;
        this.options.onStatus?.({ kind: 'resumed', message: 'NATS keeps up again: every book was sent whole' });
      }
    }
    const all = [...this.books.values()];
    const slice = Math.ceil((all.length * TICK_MS) / this.snapshotEveryMs);
    for (let i = 0; i < slice && all.length > 0; i++) {
      const book = all[this.refreshCursor++ % all.length]!;
      // Stored even when unchanged: a bucket entry is then never older than the period while its publisher lives,
      // which is how a reader tells a quiet book from a dead publisher.
      if (book.dirty) continue;
      const snapshot = book.source.snapshot();
      if (snapshot !== undefined) this.store(book, snapshot);
    }
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.bus.nc.status()) {
      if (status.type === 'disconnect') {
        this.stats.connected = false;
        this.options.onStatus?.({ kind: 'disconnected', message: `lost NATS (${String(status.server)}); reconnecting, book messages are dropped and counted meanwhile` });
      } else if (status.type === 'reconnect') {
        this.stats.connected = true;
        this.options.onStatus?.({ kind: 'reconnected', message: `NATS is back (${String(status.server)})` });
      }
    }
  }
}

/** How often the publisher repairs dropped books and stores a slice of the changed ones. */
const TICK_MS = 500;

function bookId(market: string, symbol: string): string {
  return `${market}\u0000${symbol}`;
}
