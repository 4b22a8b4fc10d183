import { BinanceSimError } from '../market/errors.js';
import type { FaultState } from './faults.js';
import type { SnapshotSource } from './rest-server.js';
import { replayFinalBook } from './replay-book.js';
import type { StreamConnection, StreamRef } from './stream-server.js';
import type { Timeline } from './timeline.js';
import type { TrueBook } from './types.js';

/** Above this many buffered bytes a pump waits for the socket to drain before sending more. */
const HIGH_WATER_BYTES = 1 << 20;

/** One connection's progress through the recording. */
interface Pump {
  readonly conn: StreamConnection;
  next: number;
  /** Snapshots served when this pump started: the gate opens once one more was served. */
  readonly servedAtStart: number;
  stopped: boolean;
  /** Waiting for a write callback (backpressure) or a timer: do not start a second loop. */
  busy: boolean;
}

/**
 * Serves a recording through the protocol: each subscribing connection gets the depth frames in recorded
 * order up to the snapshot's place, then nothing until a snapshot was served, then the rest as fast as the
 * socket takes it. Frames go out byte for byte as recorded.
 */
export class ReplayMarket implements SnapshotSource {
  private readonly pumps = new Map<StreamConnection, Pump>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private served = 0;
  private paused = false;
  private closed = false;
  private finalBook: TrueBook | undefined;
  private resolveDone!: () => void;
  private rejectDone!: (err: Error) => void;
  private finished = false;
  /** Resolves when one connection received every recorded frame. */
  readonly done: Promise<void>;
  /** Index of the first frame held back until a snapshot was served (at least one frame goes first). */
  private readonly gate: number;

  constructor(
    private readonly timeline: Timeline,
    private readonly futures: boolean,
    private readonly faults: FaultState,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // Nobody may be awaiting replayDone(): a rejection on close must not become an unhandled one.
    this.done.catch(() => undefined);
    this.gate = Math.max(1, timeline.snapshotIndex);
  }

  /** The recorded symbol. */
  symbols(): string[] {
    return [this.timeline.symbol];
  }

  /** True for the recorded symbol. */
  hasSymbol(symbol: string): boolean {
    return symbol === this.timeline.symbol;
  }

  /** The book a correct client ends with: recorded snapshot plus every later recorded diff. */
  book(symbol: string): TrueBook {
    this.check(symbol);
    this.finalBook ??= replayFinalBook(this.timeline, this.futures);
    return structuredClone(this.finalBook);
  }

  /** Final update id of the recording. */
  lastUpdateId(symbol: string): number {
    return this.book(symbol).lastUpdateId;
  }

  /** The recorded body, verbatim, whatever limit was asked. */
  snapshotBody(symbol: string): string {
    this.check(symbol);
    return this.timeline.snapshotBody;
  }

  /** A snapshot reached a client: release the connections held at the snapshot's place. */
  onSnapshotServed(): void {
    this.served += 1;
    for (const pump of this.pumps.values()) this.run(pump);
  }

  /** A connection subscribed to the recorded symbol (any speed): start its replay from the first frame. */
  onSubscribe(conn: StreamConnection, ref: StreamRef): void {
    if (ref.symbol !== this.timeline.symbol || this.pumps.has(conn)) return;
    const pump: Pump = { conn, next: 0, servedAtStart: this.served, stopped: false, busy: false };
    this.pumps.set(conn, pump);
    this.run(pump);
  }

  /** A connection dropped its last stream of the symbol, or closed: stop its replay. */
  onUnsubscribe(conn: StreamConnection): void {
    if (conn.streamsOf(this.timeline.symbol).length > 0) return;
    this.stop(conn);
  }

  /** A connection is gone. */
  onClose(conn: StreamConnection): void {
    this.stop(conn);
  }

  /** Holds every pump. */
  pause(): void {
    this.paused = true;
  }

  /** Lets the pumps go on. */
  resume(): void {
    this.paused = false;
    for (const pump of this.pumps.values()) this.run(pump);
  }

  /** Stops the pumps; replayDone() rejects if the replay had not finished. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const pump of this.pumps.values()) pump.stopped = true;
    this.pumps.clear();
    if (!this.finished) this.rejectDone(new BinanceSimError('closed', 'the simulator closed before the replay finished'));
  }

  private stop(conn: StreamConnection): void {
    const pump = this.pumps.get(conn);
    if (!pump) return;
    pump.stopped = true;
    this.pumps.delete(conn);
  }

  private run(pump: Pump): void {
    if (pump.stopped || pump.busy || this.paused || this.closed) return;
    const { conn } = pump;
    if (!conn.open) return;
    const silence = this.faults.silenceRemaining(Date.now());
    if (silence > 0) {
      // The recording cannot lose frames, so silence only delays them.
      pump.busy = true;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        pump.busy = false;
        this.run(pump);
      }, silence);
      this.timers.add(timer);
      return;
    }
    const { frames, datas } = this.timeline;
    while (pump.next < frames.length) {
      if (pump.next >= this.gate && this.served <= pump.servedAtStart) return; // held until a snapshot is served
      const index = pump.next;
      const text = (conn.combined ? frames[index] : datas[index]) as string;
      const last = index === frames.length - 1;
      if (last) {
        const sent = conn.send(text, (err) => {
          if (err || this.finished) return;
          this.finished = true;
          this.resolveDone();
        });
        if (sent) pump.next += 1;
        return;
      }
      if (conn.socket.bufferedAmount > HIGH_WATER_BYTES) {
        // Backpressure: this frame's write callback means everything before it left; go on from there.
        pump.busy = true;
        const sent = conn.send(text, () => {
          pump.busy = false;
          this.run(pump);
        });
        if (sent) pump.next += 1;
        else pump.busy = false;
        return;
      }
      if (!conn.send(text)) return;
      pump.next += 1;
    }
  }

  private check(symbol: string): void {
    if (!this.hasSymbol(symbol)) throw new BinanceSimError('unknown-symbol', `unknown symbol ${symbol}`);
  }
}
