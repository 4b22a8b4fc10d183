import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { SnapshotError, type BookSnapshot, type Connector, type RestSnapshots, type SnapshotResponse, type StreamConnection, type StreamListener } from '@lob/core';
import { readPreparationLine } from './preparation-line.js';
import type { ReplayEntry } from './replay-timeline.js';

/** How fast a recording is replayed: a multiple of the recorded pace, or as fast as the books take it. */
export type ReplaySpeed = number | 'max';

/** What a replay needs besides the connector that decodes its frames. */
export interface ReplayOptions {
  /** The venue's merged timeline (loadReplayTimeline). */
  readonly entries: readonly ReplayEntry[];
  readonly speed: ReplaySpeed;
  /**
   * How long a recorded frame waits for a connection carrying its symbol, and a recorded snapshot for the book to
   * ask for it, before it is skipped (default 10 000 ms).
   */
  readonly waitMs?: number;
  /** At speed max, frames delivered between two yields to the event loop (default 256). */
  readonly batch?: number;
  readonly onWarning?: (message: string) => void;
}

/** How a replay ended. */
export interface ReplaySummary {
  /** Entries delivered: frames to a connection, snapshot bodies to a request. */
  readonly delivered: number;
  /** Entries skipped: nobody took them in time (see ReplayOptions.waitMs). */
  readonly skipped: number;
  /** True when it was stopped before its end. */
  readonly stopped: boolean;
}

/** A connector replaying a recording: the decorated one's decoding, the recording's frames and snapshots. */
export type ReplayingConnector<C extends Connector> = C & {
  /** Settles once every entry was delivered or skipped (or the replay was stopped). */
  readonly finished: Promise<ReplaySummary>;
};

/** One connection opened on the replay: the symbols it carries and where its frames go. */
interface Sink {
  readonly symbols: ReadonlySet<string>;
  readonly listener: StreamListener;
  open: boolean;
}

/** A snapshot asked for and not answered yet. */
interface Asked {
  readonly resolve: (response: SnapshotResponse) => void;
  readonly reject: (error: Error) => void;
  readonly signal: AbortSignal;
}

/**
 * Replays a recording through a venue's own connector: the same decode, MarketFeed and BookSync pipeline as live,
 * no network. Stream connections receive the recorded frames of their symbols paced by receive time ÷ speed; a REST
 * snapshot request is answered by that symbol's next recorded snapshot body once the replay has reached it, so
 * bridging sees the same frames before the snapshot as it did live. Resubscribing does nothing: the recording holds
 * whatever came after. Recorded preparation lines (preparation-line.ts) are not replayed: the connector takes them
 * back (Connector.restore) before any stream opens; a recording without them replays as before.
 */
export function replayConnector<C extends Connector>(connector: C, options: ReplayOptions): ReplayingConnector<C> {
  const { entries, preparations } = takePreparations(options.entries);
  // Before any stream opens: the connector's rules may need it from the first frame (Kraken v2's checksums).
  for (const text of preparations) {
    try {
      connector.restore?.(text);
    } catch (error) {
      options.onWarning?.(`replay: the recorded preparation cannot be restored (${(error as Error).message}); books may not go live`);
    }
  }
  const replay = new Replay(connector, entries === options.entries ? options : { ...options, entries });
  const overrides: Record<string | symbol, unknown> = {
    finished: replay.finished,
    openStream: (symbols: readonly string[], listener: StreamListener): StreamConnection => replay.open(symbols, listener),
    listSymbols: undefined,
    close: async (): Promise<void> => {
      replay.stop();
      await (connector as { close?: () => Promise<void> }).close?.();
    },
  };
  if (connector.snapshots.kind === 'rest') {
    const rest = connector.snapshots;
    overrides.snapshots = Object.assign(Object.create(rest) as RestSnapshots, {
      fetchSnapshot: (symbol: string, signal: AbortSignal): Promise<SnapshotResponse> => replay.ask(symbol, signal),
      probeUsedWeight: undefined,
    });
  }
  return new Proxy(connector, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    has(target, property) {
      return Object.hasOwn(overrides, property) ? overrides[property] !== undefined : Reflect.has(target, property);
    },
  }) as ReplayingConnector<C>;
}

/** The entries without their preparation lines, and the distinct preparation texts those carried, in order. */
function takePreparations(all: readonly ReplayEntry[]): { entries: readonly ReplayEntry[]; preparations: string[] } {
  const found = new Set<string>();
  let entries: ReplayEntry[] | undefined;
  for (const [index, entry] of all.entries()) {
    const text = readPreparationLine(entry.raw);
    if (text === undefined) {
      entries?.push(entry);
      continue;
    }
    found.add(text);
    entries ??= all.slice(0, index);
  }
  return { entries: entries ?? all, preparations: [...found] };
}

/** The replay's cursor, its open connections and the snapshots asked for. */
class Replay {
  readonly finished: Promise<ReplaySummary>;
  private finish!: (summary: ReplaySummary) => void;
  private readonly sinks = new Set<Sink>();
  private readonly asked = new Map<string, Asked[]>();
  /** Wakes the loop when a connection opens or a snapshot is asked for. */
  private wake: (() => void) | undefined;
  private started = false;
  private stopped = false;
  private delivered = 0;
  private skipped = 0;

  constructor(
    private readonly connector: Connector,
    private readonly options: ReplayOptions,
  ) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  /** A connection: open at once (asynchronously, as a socket would be), fed by the replay. */
  open(symbols: readonly string[], listener: StreamListener): StreamConnection {
    const sink: Sink = { symbols: new Set(symbols), listener, open: false };
    this.sinks.add(sink);
    setImmediate(() => {
      if (!this.sinks.has(sink)) return;
      sink.open = true;
      listener.onOpen();
      this.notify();
      if (!this.started) {
        this.started = true;
        void this.run();
      }
    });
    return {
      close: (reason = 'closed by client') => {
        if (!this.sinks.delete(sink)) return;
        queueMicrotask(() => listener.onClose(reason));
      },
      // The recording holds the snapshot the venue sent after the live resubscription, in its place.
      resubscribe: () => undefined,
    };
  }

  /** A REST snapshot request: answered when the replay reaches this symbol's next recorded snapshot. */
  ask(symbol: string, signal: AbortSignal): Promise<SnapshotResponse> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new SnapshotError('aborted', `snapshot of ${symbol} aborted`));
      const asked: Asked = { resolve, reject, signal };
      const queue = this.asked.get(symbol) ?? [];
      queue.push(asked);
      this.asked.set(symbol, queue);
      signal.addEventListener(
        'abort',
        () => {
          const list = this.asked.get(symbol);
          const at = list?.indexOf(asked) ?? -1;
          if (at >= 0) list!.splice(at, 1);
          reject(new SnapshotError('aborted', `snapshot of ${symbol} aborted`));
        },
        { once: true },
      );
      this.notify();
    });
  }

  /** Stops delivering; requests still waiting are rejected as aborted. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const [symbol, list] of this.asked) for (const a of list) a.reject(new SnapshotError('aborted', `replay stopped before a snapshot of ${symbol}`));
    this.asked.clear();
    this.notify();
    if (!this.started) this.finish({ delivered: 0, skipped: 0, stopped: true });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async run(): Promise<void> {
    const { entries, speed } = this.options;
    const batch = this.options.batch ?? 256;
    const rest = this.connector.snapshots.kind === 'rest' ? this.connector.snapshots : undefined;
    let base: { wall: number; ns: bigint } | undefined;
    let sinceYield = 0;
    for (const entry of entries) {
      if (this.stopped) break;
      if (speed === 'max') {
        if (++sinceYield >= batch) {
          sinceYield = 0;
          await yieldToLoop();
        }
      } else {
        base ??= { wall: performance.now(), ns: entry.ns };
        const wait = base.wall + Number(entry.ns - base.ns) / 1e6 / speed - performance.now();
        if (wait >= 1) await this.sleep(wait);
        else if (++sinceYield >= batch) {
          sinceYield = 0;
          await yieldToLoop();
        }
      }
      if (this.stopped) break;
      const snapshot = rest === undefined || entry.symbols.length !== 1 ? undefined : this.snapshotOf(rest, entry.raw, entry.symbols[0]!);
      const waitedFrom = performance.now();
      if (snapshot !== undefined) await this.answer(entry.symbols[0]!, snapshot);
      else await this.deliver(entry);
      // Waiting for a request or a connection pauses the clock: the rest keeps its recorded pace.
      if (base !== undefined && performance.now() - waitedFrom >= 1) base = { wall: performance.now(), ns: entry.ns };
    }
    this.finish({ delivered: this.delivered, skipped: this.skipped, stopped: this.stopped });
  }

  /** The recorded text as a snapshot of `symbol`: the snapshot, a malformed one's error, or undefined for a frame. */
  private snapshotOf(rest: RestSnapshots, raw: string, symbol: string): BookSnapshot | Error | undefined {
    if (rest.readSnapshotBody === undefined) return undefined;
    try {
      return rest.readSnapshotBody(raw, symbol);
    } catch (error) {
      return error instanceof Error ? error : new SnapshotError('malformed-body', String(error));
    }
  }

  /** Hands a recorded snapshot to the oldest request of its symbol, waiting for one if none is pending yet. */
  private async answer(symbol: string, snapshot: BookSnapshot | Error): Promise<void> {
    const asked = await this.waitFor(() => this.asked.get(symbol)?.shift());
    if (asked === undefined) return this.stopped ? undefined : this.skip(`a recorded snapshot of ${symbol} was never asked for`);
    this.delivered++;
    if (snapshot instanceof Error) asked.reject(snapshot);
    else asked.resolve({ snapshot });
    // The book takes its snapshot (a chain of promise reactions) before the next frame, as it would live.
    await yieldToLoop();
  }

  /** Hands a recorded frame to the open connection carrying its symbols, waiting for one if none is open. */
  private async deliver(entry: ReplayEntry): Promise<void> {
    const find = (): Sink | undefined => {
      for (const sink of this.sinks) if (sink.open && entry.symbols.some((s) => sink.symbols.has(s))) return sink;
      return undefined;
    };
    const sink = await this.waitFor(find);
    if (sink === undefined) return this.stopped ? undefined : this.skip(`a recorded frame of ${entry.symbols.join(', ')} found no connection carrying it`);
    this.delivered++;
    sink.listener.onFrame(entry.raw);
  }

  /** What `take` gives, as soon as it gives something, or undefined after waitMs (or once stopped). */
  private async waitFor<T>(take: () => T | undefined): Promise<T | undefined> {
    const deadline = performance.now() + (this.options.waitMs ?? 10_000);
    for (;;) {
      const taken = take();
      if (taken !== undefined || this.stopped) return taken;
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      const wake = (): void => {
        // Only a stop cuts a pacing wait short; anything else leaves it waiting (and listening).
        if (!this.stopped) {
          this.wake = wake;
          return;
        }
        clearTimeout(timer);
        resolve();
      };
      this.wake = wake;
    });
  }

  private skip(why: string): void {
    this.skipped++;
    this.options.onWarning?.(`replay: ${why}; skipped`);
  }
}
