/** How SUBSCRIBE requests are paced. */
export interface StreamSubscriberOptions {
  /** Streams per SUBSCRIBE message (default 200). */
  readonly streamsPerSubscribe?: number;
  /** Gap between SUBSCRIBE messages, under Binance's incoming message rate (5/s spot) (default 250 ms). */
  readonly intervalMs?: number;
}

/** The field a refused reply gets, naming the streams its request carried; Binance itself never sends it. */
export const REFUSED_STREAMS_FIELD = 'lobRefusedStreams';

/**
 * Subscribes one connection's streams with paced SUBSCRIBE messages and ties each reply to the streams its request
 * carried. Binance answers a refused SUBSCRIBE with `{"error":{...},"id":N}`: the reply names the request, not the
 * stream, and a whole request is refused for one bad stream. So a refused request of several streams is split in
 * halves and sent again, until a refusal names one stream alone; that reply is handed on with the stream added
 * (`lobRefusedStreams`), so the decoder can reject exactly that symbol and the others stay subscribed.
 */
export class StreamSubscriber {
  /** Requests sent and not yet answered, by id. */
  private readonly pending = new Map<number, readonly string[]>();
  /** Requests waiting for their turn; a split request goes first. */
  private readonly queue: (readonly string[])[] = [];
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly send: (text: string) => void,
    private readonly options: StreamSubscriberOptions = {},
  ) {}

  /** Queues these streams and starts sending (the first message goes at once). */
  subscribe(streams: readonly string[]): void {
    const size = Math.max(1, this.options.streamsPerSubscribe ?? 200);
    for (let i = 0; i < streams.length; i += size) this.queue.push(streams.slice(i, i + size));
    if (this.timer === undefined) this.pump();
  }

  /** Stops sending; replies that still come are handed on unchanged. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.pending.clear();
  }

  /**
   * Looks at one incoming frame and returns what to hand on: the frame itself, or a refused single-stream reply
   * with the stream added. Costs nothing once every request is answered, and data frames (`{"stream":...`) are
   * never parsed here.
   */
  onFrame(frame: string): string {
    if (this.pending.size === 0 || frame.startsWith('{"stream"')) return frame;
    let reply: { id?: unknown; error?: unknown };
    try {
      reply = JSON.parse(frame) as typeof reply;
    } catch {
      return frame;
    }
    if (typeof reply !== 'object' || reply === null || typeof reply.id !== 'number') return frame;
    const streams = this.pending.get(reply.id);
    if (streams === undefined) return frame;
    this.pending.delete(reply.id);
    if (reply.error === undefined || this.stopped) return frame;
    if (streams.length === 1) return JSON.stringify({ ...reply, [REFUSED_STREAMS_FIELD]: streams });
    const half = Math.ceil(streams.length / 2);
    this.queue.unshift(streams.slice(0, half), streams.slice(half));
    if (this.timer === undefined) this.pump();
    return frame;
  }

  private pump(): void {
    this.timer = undefined;
    const streams = this.queue.shift();
    if (streams === undefined || this.stopped) return;
    const id = this.nextId++;
    this.pending.set(id, streams);
    this.send(JSON.stringify({ method: 'SUBSCRIBE', params: streams, id }));
    this.timer = setTimeout(() => this.pump(), this.options.intervalMs ?? 250);
  }
}
