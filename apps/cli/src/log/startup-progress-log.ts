import type { MarketSource } from '../feeds/market-source.js';
import { describeProgress, startupProgress } from '../feeds/startup-progress.js';

/** Where the progress lines go (a pino logger fits). */
export interface ProgressLogger {
  info(message: string): void;
}

/** How often a cold start is looked at and told. */
export interface StartupProgressLogOptions {
  /** How often to check whether every book is live (default 1 000 ms). */
  readonly checkEveryMs?: number;
  /** How often to tell the progress while books are not all live (default 10 000 ms). */
  readonly tellEveryMs?: number;
  readonly now?: () => number;
}

/**
 * Tells a cold start in the log, for runs whose output is piped (the terminal view shows it itself): every
 * `tellEveryMs` the books live out of total, the snapshots queued and the time they take at the budget, then once
 * "all N books live" with how long it took. It stops there: later resyncs are the feed event log's to tell.
 */
export class StartupProgressLog {
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private startedAt = 0;
  private lastToldAt = 0;

  constructor(
    private readonly sources: readonly MarketSource[],
    private readonly log: ProgressLogger,
    private readonly options: StartupProgressLogOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Starts watching. */
  start(): void {
    this.startedAt = this.lastToldAt = this.now();
    this.timer = setInterval(() => this.check(), this.options.checkEveryMs ?? 1_000);
    this.timer.unref();
  }

  /** Stops watching. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const progress = startupProgress(this.sources);
    const now = this.now();
    if (progress.total > 0 && progress.live === progress.total) {
      this.log.info(`all ${progress.total} books live after ${((now - this.startedAt) / 1000).toFixed(1)} s`);
      return this.stop();
    }
    if (now - this.lastToldAt < (this.options.tellEveryMs ?? 10_000)) return;
    this.lastToldAt = now;
    this.log.info(`starting: ${describeProgress(progress)}`);
  }
}
