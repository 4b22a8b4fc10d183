import { Worker } from 'node:worker_threads';
import { backoffDelay, type BackoffOptions, type BookView, type DepthUpdate, type FeedEvent, type SnapshotGate } from '@lob/core';
import { ReplicaError } from '@lob/book-stream';
import type { MarketSettings } from '../config/settings.js';
import { PermitDesk } from './permit-desk.js';
import type { WorkerBookSource } from './worker-book-source.js';
import { WorkerError } from './worker-error.js';
import type { BookItem, FromWorker, PostedThreadFigures, ToWorker, WorkerSetup } from './worker-protocol.js';

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

/** What every shard reports to, and what it shares with the others. */
export interface ShardContext {
  /** Each venue's one snapshot limiter, by venue name. */
  readonly gates: ReadonlyMap<string, SnapshotGate>;
  /** Each venue's books on the main thread, by venue name. */
  readonly sources: ReadonlyMap<string, WorkerBookSource>;
  readonly onEvent: (event: FeedEvent) => void;
  readonly onUpdate: (view: BookView, update: DepthUpdate) => void;
  /** A worker ended unexpectedly (it is being restarted), or one of its books' copies lost its way here. */
  readonly onProblem: (error: WorkerError | ReplicaError, restartInMs?: number) => void;
  readonly restart: BackoffOptions;
  /** A worker alive this long resets its restart back-off. */
  readonly healthyAfterMs: number;
  readonly statsIntervalMs: number;
}

/** One worker's figures as the metrics read them. */
export interface ShardFigures {
  readonly worker: number;
  readonly books: number;
  /** Updates applied on the main thread's copies of its books (counted here, so a restart does not reset it). */
  readonly updates: number;
  readonly restarts: number;
  readonly alive: boolean;
  /** The thread's last reported figures; undefined before its first report. */
  readonly thread: PostedThreadFigures | undefined;
  /** CPU seconds of the worker's earlier lives, so the total only grows. */
  readonly cpuSecondsBefore: number;
}

/**
 * One worker thread and its share of the books, kept alive: started, its messages applied to the main thread's
 * copies, restarted with back-off when it dies (its books told `resyncing`, "worker N restarted", then resynced by
 * its successor; no other worker's book notices), stopped on close.
 */
export class ShardWorker {
  private thread: Worker | undefined;
  private desk: PermitDesk | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private attempt = 0;
  private startedAt = 0;
  private updates = 0;
  private restarts = 0;
  private lives = 0;
  private figures: PostedThreadFigures | undefined;
  private cpuSecondsBefore = 0;
  readonly books: number;

  constructor(
    readonly worker: number,
    private readonly share: readonly MarketSettings[],
    private readonly context: ShardContext,
  ) {
    this.books = share.reduce((n, m) => n + m.symbols.length, 0);
  }

  /** Starts the thread. */
  start(): void {
    if (this.closing) return;
    const setup: WorkerSetup = { worker: this.worker, life: ++this.lives, markets: this.share, statsIntervalMs: this.context.statsIntervalMs };
    const thread = new Worker(BOOTSTRAP, { workerData: setup, name: `lob-worker-${this.worker}` });
    this.thread = thread;
    this.startedAt = Date.now();
    const post = (message: ToWorker): void => thread.postMessage(message);
    const desk = new PermitDesk(this.context.gates, post);
    this.desk = desk;
    let failure: Error | undefined;
    thread.on('message', (message: FromWorker) => {
      if (thread === this.thread) this.onMessage(message, desk);
    });
    thread.on('error', (error) => (failure = error));
    thread.on('exit', (code) => {
      if (thread !== this.thread) return;
      this.thread = undefined;
      desk.close();
      if (!this.closing) this.onDeath(code, failure);
    });
  }

  /** Test hook: makes the worker throw from its loop, as a bug would. */
  crash(message = 'crash requested'): void {
    this.thread?.postMessage({ t: 'crash', message } satisfies ToWorker);
  }

  /** Stops the worker: its feeds stop and its connectors close (bounded by `graceMs`), then the thread ends. */
  async close(graceMs = 2_000): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    const thread = this.thread;
    if (thread === undefined) return;
    const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    const stopped = new Promise<void>((resolve) => thread.on('message', (m: FromWorker) => m.t === 'stopped' && resolve()));
    thread.postMessage({ t: 'stop' } satisfies ToWorker);
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([stopped, exited, new Promise((resolve) => (grace = setTimeout(resolve, graceMs)))]);
    clearTimeout(grace);
    this.desk?.close();
    await thread.terminate();
    await exited;
  }

  /** The figures the metrics read. */
  read(): ShardFigures {
    return {
      worker: this.worker,
      books: this.books,
      updates: this.updates,
      restarts: this.restarts,
      alive: this.thread !== undefined,
      thread: this.figures,
      cpuSecondsBefore: this.cpuSecondsBefore,
    };
  }

  private onMessage(message: FromWorker, desk: PermitDesk): void {
    if (desk.handle(message)) return;
    switch (message.t) {
      case 'books':
        return this.applyBooks(message.items);
      case 'stats': {
        for (const b of message.books) this.context.sources.get(b.market)?.view(b.symbol)?.takeStats(b.stats);
        for (const [market, counts] of Object.entries(message.connections)) this.context.sources.get(market)?.setConnections(this.worker, counts);
        this.figures = message.thread;
        if (Date.now() - this.startedAt >= this.context.healthyAfterMs) this.attempt = 0;
        return;
      }
      default:
        return;
    }
  }

  /** Applies one turn's worth of the worker's book events and stream messages, in order. */
  private applyBooks(items: readonly BookItem[]): void {
    const { sources, onEvent, onUpdate } = this.context;
    for (const item of items) {
      if ('event' in item) {
        const { event } = item;
        if (event.kind === 'book') sources.get(event.market)?.view(event.symbol)?.onState(event);
        onEvent(event);
        continue;
      }
      const { message } = item;
      const view = sources.get(message.market)?.view(message.symbol);
      if (view === undefined) continue;
      try {
        const update = view.apply(message);
        if (update !== undefined) {
          this.updates++;
          onUpdate(view, update);
        }
      } catch (error) {
        if (!(error instanceof ReplicaError)) throw error;
        // A copy that lost a change is void; the worker resyncs the book, and the new snapshot rebuilds it.
        this.context.onProblem(error);
        this.thread?.postMessage({ t: 'resync', market: message.market, symbol: message.symbol, reason: `its copy on the main thread: ${error.message}` } satisfies ToWorker);
      }
    }
  }

  /** The worker died: its books are out of sync until its successor resyncs them. */
  private onDeath(code: number, failure: Error | undefined): void {
    this.restarts++;
    this.cpuSecondsBefore += this.figures?.cpuSeconds ?? 0;
    this.figures = undefined;
    const delay = backoffDelay(this.attempt++, this.context.restart);
    const error =
      failure !== undefined
        ? new WorkerError('crashed', `worker ${this.worker} crashed: ${failure.message}`, this.worker, { cause: failure })
        : new WorkerError('exited', `worker ${this.worker} exited with code ${code}`, this.worker);
    // Told first, so the books' resync notices that follow read as its consequence.
    this.context.onProblem(error, delay);
    const reason = `worker ${this.worker} restarted`;
    for (const market of this.share) {
      const source = this.context.sources.get(market.market);
      source?.setConnections(this.worker, undefined);
      for (const symbol of market.symbols) {
        const event = source?.view(symbol)?.orphan(reason);
        if (event !== undefined) this.context.onEvent(event);
      }
    }
    this.timer = setTimeout(() => this.start(), delay);
  }
}
