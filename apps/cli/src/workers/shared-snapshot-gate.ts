import type { LimiterStats, SnapshotGate, SnapshotPriority, WeightReport } from '@lob/core';
import { postedError, type FromWorker } from './worker-protocol.js';

/** A request waiting for its permit: how to start it, or to tell it no. */
interface Asked {
  readonly granted: () => void;
  readonly refused: (error: Error) => void;
}

/**
 * A worker thread's side of the permits: numbers its requests, posts them to the main thread and hands each answer
 * to the request that asked. One per worker, shared by its venues' gates.
 */
export class PermitClient {
  private nextId = 1;
  private readonly asked = new Map<number, Asked>();

  constructor(private readonly post: (message: FromWorker) => void) {}

  /** Asks for a permit; resolves when it is granted, rejects with the signal's reason if aborted first. */
  ask(market: string, weight: number, priority: SnapshotPriority, signal: AbortSignal): Promise<number> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const id = this.nextId++;
      const onAbort = (): void => {
        if (!this.asked.delete(id)) return;
        // The main thread may have granted it already: then it counts the request as failed, and frees its slot.
        this.post({ t: 'cancel', id });
        reject(signal.reason);
      };
      this.asked.set(id, {
        granted: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(id);
        },
        refused: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      signal.addEventListener('abort', onAbort, { once: true });
      this.post({ t: 'permit', id, market, weight, priority });
    });
  }

  /** The main thread granted permit `id` (one that was cancelled meanwhile is ignored). */
  granted(id: number): void {
    const asked = this.asked.get(id);
    this.asked.delete(id);
    asked?.granted();
  }

  /** The main thread will not grant permit `id`. */
  refused(id: number, error: Error): void {
    const asked = this.asked.get(id);
    this.asked.delete(id);
    asked?.refused(error);
  }

  /** Tells the main thread how a permitted request ended, so its limiter counts what the exchange said. */
  answered(id: number, report: WeightReport): void {
    const { usedWeight, serverTime } = report;
    this.post({ t: 'answered', id, report: { ...(usedWeight === undefined ? {} : { usedWeight }), ...(serverTime === undefined ? {} : { serverTime }) } });
  }

  failed(id: number, error: unknown): void {
    this.post({ t: 'failed', id, error: postedError(error) });
  }
}

/**
 * The snapshot gate of a venue in a worker thread: every request waits for a permit of the venue's one limiter on
 * the main thread, so N workers share one weight budget instead of spending N. The request itself runs here.
 * Its stats count this thread's requests only; the budget's figures are the main thread's limiter's.
 */
export class SharedSnapshotGate implements SnapshotGate {
  readonly stats: LimiterStats = { requests: 0, weightUsed: 0, rateLimited: 0, pausedUntil: 0, queued: 0, inFlight: 0, probes: 0 };

  constructor(
    private readonly market: string,
    private readonly permits: PermitClient,
  ) {}

  /** Waits for the main thread's permit, runs `task` here, and reports what the exchange said back. */
  async run<T extends WeightReport>(weight: number, signal: AbortSignal, task: () => Promise<T>, priority: SnapshotPriority = 'initial'): Promise<T> {
    this.stats.queued++;
    let id: number;
    try {
      id = await this.permits.ask(this.market, weight, priority, signal);
    } finally {
      this.stats.queued--;
    }
    this.stats.requests++;
    this.stats.weightUsed += weight;
    this.stats.inFlight++;
    try {
      const result = await task();
      this.permits.answered(id, result);
      return result;
    } catch (error) {
      this.permits.failed(id, error);
      throw error;
    } finally {
      this.stats.inFlight--;
    }
  }

  /** Not known in a worker: the main thread's limiter has the figure. */
  usedWeight(): number {
    return 0;
  }

  drainEstimateMs(): number {
    return 0;
  }
}
