import { createInbox, type Msg, type NatsConnection, type Subscription } from '@nats-io/nats-core';

const UTF8 = new TextDecoder();

/** What JetStream answers a publish with: the stream's sequence of the message, or why it was not stored. */
type PubAck = { readonly seq?: number; readonly error?: { readonly description?: string } };

interface Waiting {
  readonly sentAt: number;
  readonly onAck: (streamSeq: number) => void;
  readonly onFail: (why: string) => void;
}

/**
 * Publishes to a JetStream subject in exactly the order of the calls and hears each acknowledgement: a plain
 * publish with a reply subject of its own (JetStream answers there), so nothing awaits between two messages of a
 * book. An answer that does not come within `timeoutMs` counts as a failure. Messages are handed to the connection
 * once per event-loop turn: the client writes to its socket once per hand-over, and a busy feed delivers each
 * exchange frame in a turn of its own, so handing them over one by one cost a write per message (a tenth of a busy
 * instance's time).
 */
export class AckedPublisher {
  private readonly prefix = createInbox();
  private readonly waiting = new Map<number, Waiting>();
  private readonly replies: Subscription;
  private readonly sweeper: NodeJS.Timeout;
  private next = 0;
  /** Subject, data and id of each message waiting for the next hand-over, flat. */
  private queued: (string | Uint8Array | number)[] = [];
  private handOver: NodeJS.Immediate | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {
    this.replies = nc.subscribe(`${this.prefix}.*`, { callback: (error, msg) => (error === null ? this.onReply(msg) : undefined) });
    this.sweeper = setInterval(() => this.sweep(), Math.min(1_000, timeoutMs));
    this.sweeper.unref();
  }

  /** Messages sent and not yet answered. */
  get inFlight(): number {
    return this.waiting.size;
  }

  /** Sends `data` to `subject` now; calls back once JetStream stored it (with its sequence) or did not. */
  publish(subject: string, data: Uint8Array, onAck: (streamSeq: number) => void, onFail: (why: string) => void): void {
    const id = ++this.next;
    this.waiting.set(id, { sentAt: this.now(), onAck, onFail });
    this.queued.push(subject, data, id);
    this.handOver ??= setImmediate(() => this.sendQueued());
  }

  /** Hands every queued message to the connection now, in order. */
  sendQueued(): void {
    if (this.handOver !== undefined) clearImmediate(this.handOver);
    this.handOver = undefined;
    const queued = this.queued;
    this.queued = [];
    for (let i = 0; i < queued.length; i += 3) {
      const id = queued[i + 2] as number;
      try {
        this.nc.publish(queued[i] as string, queued[i + 1] as Uint8Array, { reply: `${this.prefix}.${id}` });
      } catch (error) {
        const w = this.waiting.get(id);
        this.waiting.delete(id);
        w?.onFail((error as Error).message);
      }
    }
  }

  /** Stops hearing answers; whatever waits fails. */
  close(): void {
    if (this.handOver !== undefined) clearImmediate(this.handOver);
    this.queued = [];
    clearInterval(this.sweeper);
    this.replies.unsubscribe();
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      w.onFail('closed');
    }
  }

  private onReply(msg: Msg): void {
    const id = Number(msg.subject.slice(this.prefix.length + 1));
    const w = this.waiting.get(id);
    if (w === undefined) return; // answered after its time ran out: counted as failed already
    this.waiting.delete(id);
    // No stream took the subject (JetStream not up yet after a restart): the server says so with a status.
    if (msg.headers?.hasError === true || msg.data.length === 0) return w.onFail(`no stream stored it (${msg.headers?.code ?? 'empty answer'})`);
    let ack: PubAck;
    try {
      ack = JSON.parse(UTF8.decode(msg.data)) as PubAck;
    } catch {
      return w.onFail('an unreadable acknowledgement');
    }
    if (typeof ack.seq === 'number' && ack.error === undefined) w.onAck(ack.seq);
    else w.onFail(ack.error?.description ?? 'not stored');
  }

  /** Fails what waited too long; ids grow with time, so the oldest come first. */
  private sweep(): void {
    const cutoff = this.now() - this.timeoutMs;
    for (const [id, w] of this.waiting) {
      if (w.sentAt > cutoff) break;
      this.waiting.delete(id);
      w.onFail(`no acknowledgement within ${this.timeoutMs} ms`);
    }
  }
}
