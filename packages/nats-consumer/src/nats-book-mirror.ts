import { createChunkedBook } from '@lob/book-chunked';
import type { BookStreamMessage } from '@lob/book-stream';
import type { OrderBookFactory } from '@lob/core';
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import type { KvEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/nats-core';
import { BusBookCopy, type CopyChange } from './bus-book-copy.js';
import { BusError } from './bus-error.js';
import { bookSubject, busToken, snapshotKey, venueSubjects, BOOKS_STREAM, type BusSnapshot } from './bus-names.js';
import { connectNats, openBus, type Bus } from './open-bus.js';

const UTF8 = new TextDecoder();

/** What a NatsBookMirror keeps and how it reports. */
export interface NatsMirrorOptions {
  /** `nats://host:port`, or several servers of a cluster. */
  readonly servers: string | readonly string[];
  /** The venue's name as lob publishes it (`binance-spot`, `okx`...). */
  readonly venue: string;
  /** The books to keep, in the venue's spelling; absent: every book of the venue in the bucket, and new ones. */
  readonly symbols?: readonly string[];
  /** The book structure of each copy (default: chunked: a copy is fed strings). */
  readonly createBook?: OrderBookFactory;
  /** Called after every message a copy took in, synchronously, with what it did and (from the stream) the message. */
  readonly onChange?: (copy: BusBookCopy, change: CopyChange, message?: BookStreamMessage) => void;
  /** Faults worth a log line (an unreadable message, NATS away); the mirror carries on. */
  readonly onWarning?: (message: string) => void;
  /** Waits this long for the publisher's stream and bucket before giving up (default 30 000 ms). */
  readonly readyTimeoutMs?: number;
}

/** Counters of a mirror: what it read from the stream and how often a copy had to start over. */
export interface NatsMirrorStats {
  messages: number;
  bytes: number;
  unreadable: number;
  /** Messages a copy held already (before its stored snapshot), passed over without being parsed. */
  held: number;
}

/**
 * Keeps exact copies of one venue's books from the NATS bus: each copy starts from its latest snapshot in the bucket
 * and follows its subject from the stream sequence that snapshot names; a missing change (seq) makes that copy wait
 * for a newer snapshot (the stream's, or the bucket's: it watches the bucket), while the others carry on.
 */
export class NatsBookMirror {
  readonly stats: NatsMirrorStats = { messages: 0, bytes: 0, unreadable: 0, held: 0 };
  private readonly bySubject = new Map<string, BusBookCopy>();
  private readonly byKey = new Map<string, BusBookCopy>();
  private readonly wanted: ReadonlySet<string> | undefined;
  private messages: ConsumerMessages | undefined;
  private watcher: QueuedIterator<KvEntry> | undefined;
  private closed = false;

  private constructor(
    private readonly bus: Bus,
    private readonly options: NatsMirrorOptions,
  ) {
    this.wanted = options.symbols === undefined ? undefined : new Set(options.symbols);
    for (const symbol of options.symbols ?? []) this.add(symbol);
  }

  /** Connects, waits for the bus, reads the stored snapshots and starts following the stream. */
  static async open(options: NatsMirrorOptions): Promise<NatsBookMirror> {
    const nc = await connectNats({ servers: options.servers, name: `lob mirror ${options.venue}` });
    try {
      const bus = await waitForBus(nc, options.readyTimeoutMs ?? 30_000);
      const mirror = new NatsBookMirror(bus, options);
      await mirror.start();
      return mirror;
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  /** Every copy, in the order the symbols were given (or found). */
  copies(): BusBookCopy[] {
    return [...this.byKey.values()];
  }

  /** One copy by the venue's spelling of its symbol. */
  copy(symbol: string): BusBookCopy | undefined {
    return this.byKey.get(snapshotKey(this.options.venue, symbol));
  }

  /** Stops following and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watcher?.stop();
    await this.messages?.close();
    await this.bus.nc.close();
  }

  private async start(): Promise<void> {
    const { venue } = this.options;
    // The watch first, then the reads: a snapshot stored in between is seen by one of them.
    this.watcher = await this.bus.snapshots.watch({ key: `${busToken(venue)}.>`, include: 'updates' });
    void this.follow(this.watcher, (entry) => this.onStored(entry));
    const keys: string[] = [];
    if (this.wanted === undefined) for await (const key of await this.bus.snapshots.keys(`${busToken(venue)}.>`)) keys.push(key);
    else keys.push(...this.byKey.keys());
    for (const key of keys) {
      const entry = await this.bus.snapshots.get(key);
      if (entry !== null) this.onStored(entry);
    }
    // From the oldest place any stored snapshot needs; copies skip what their snapshot already holds.
    const starts = this.copies().map((c) => c.startAfter).filter((s): s is number => s !== undefined);
    const consumer = await this.bus.js.consumers.get(BOOKS_STREAM, {
      filter_subjects: venueSubjects(venue),
      ...(starts.length === 0 ? { deliver_policy: DeliverPolicy.New } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.min(...starts) + 1 }),
    });
    this.messages = await consumer.consume({ max_messages: 2_000 });
    void this.follow(this.messages, (m) => this.onMessage(m.subject, m.data, m.seq));
  }

  private async follow<T>(iterator: AsyncIterable<T>, handle: (item: T) => void): Promise<void> {
    try {
      for await (const item of iterator) handle(item);
    } catch (error) {
      if (!this.closed) this.options.onWarning?.(`the bus stopped delivering: ${(error as Error).message}`);
    }
  }

  private onMessage(subject: string, data: Uint8Array, streamSeq: number): void {
    this.stats.messages++;
    this.stats.bytes += data.byteLength;
    const known = this.bySubject.get(subject);
    if (known === undefined && this.wanted !== undefined) return;
    if (known?.holds(streamSeq) === true) return void this.stats.held++;
    const message = this.read<BookStreamMessage>(data, subject);
    if (message === undefined) return;
    const copy = known ?? this.add(message.symbol);
    this.options.onChange?.(copy, copy.onStreamMessage(message), message);
  }

  private onStored(entry: KvEntry): void {
    if (entry.operation !== 'PUT') return;
    const snapshot = this.read<BusSnapshot>(entry.value, entry.key);
    if (snapshot === undefined || snapshot.type !== 'snapshot') return;
    const copy = this.byKey.get(entry.key) ?? (this.wanted === undefined ? this.add(snapshot.symbol) : undefined);
    if (copy === undefined) return;
    this.options.onChange?.(copy, copy.onStoredSnapshot(snapshot));
  }

  private read<T>(data: Uint8Array, where: string): T | undefined {
    try {
      return JSON.parse(UTF8.decode(data)) as T;
    } catch (error) {
      this.stats.unreadable++;
      this.options.onWarning?.(`unreadable message on ${where}: ${(error as Error).message}`);
      return undefined;
    }
  }

  private add(symbol: string): BusBookCopy {
    const { venue } = this.options;
    const key = snapshotKey(venue, symbol);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const copy = new BusBookCopy(venue, symbol, (this.options.createBook ?? createChunkedBook)());
    this.byKey.set(key, copy);
    this.bySubject.set(bookSubject(venue, symbol), copy);
    return copy;
  }
}

/** Opens the bus, retrying while the publisher has not made it yet (a mirror may start first). */
async function waitForBus(nc: Bus['nc'], timeoutMs: number): Promise<Bus> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await openBus(nc);
    } catch (error) {
      if (!(error instanceof BusError) || error.reason !== 'not-ready' || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
