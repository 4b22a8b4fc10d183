import { LobError, SnapshotError, type SnapshotErrorReason, type SnapshotGate, type WeightReport } from '@lob/core';
import type { FromWorker, PostedError, ToWorker } from './worker-protocol.js';

/** A permit asked by a worker: how to cancel it while queued, and how to end it once granted. */
interface Permit {
  readonly controller: AbortController;
  ended?: { resolve: (report: WeightReport) => void; reject: (error: Error) => void };
}

/** Why a permit ended without an answer from the exchange. */
export class PermitError extends LobError<'cancelled' | 'worker-gone' | 'unknown-market'> {}

/**
 * The main thread's side of one worker's permits: each request the worker asks for waits in the venue's one real
 * limiter, among every other worker's; when the limiter starts it, the worker is told to go, and the limiter's task
 * ends when the worker reports the answer (its used-weight figure, or the error that may pause the budget).
 */
export class PermitDesk {
  private readonly permits = new Map<number, Permit>();

  constructor(
    private readonly gates: ReadonlyMap<string, SnapshotGate>,
    private readonly post: (message: ToWorker) => void,
  ) {}

  /** Handles a worker's permit message; returns false for a message that is not one. */
  handle(message: FromWorker): boolean {
    switch (message.t) {
      case 'permit':
        this.ask(message.id, message.market, message.weight, message.priority);
        return true;
      case 'cancel':
        this.end(message.id, new PermitError('cancelled', 'the worker gave the request up'));
        return true;
      case 'answered':
        this.permits.get(message.id)?.ended?.resolve(message.report);
        return true;
      case 'failed':
        this.end(message.id, rebuilt(message.error));
        return true;
      default:
        return false;
    }
  }

  /** Requests waiting or running now. */
  get open(): number {
    return this.permits.size;
  }

  /** The worker is gone: its queued requests leave the queue and its running ones free their slots. */
  close(): void {
    for (const id of [...this.permits.keys()]) this.end(id, new PermitError('worker-gone', 'the worker thread ended'));
  }

  private ask(id: number, market: string, weight: number, priority: Parameters<SnapshotGate['run']>[3]): void {
    const gate = this.gates.get(market);
    if (gate === undefined) {
      this.post({ t: 'refused', id, error: { name: 'PermitError', reason: 'unknown-market', message: `no snapshot limiter for ${market}` } });
      return;
    }
    const permit: Permit = { controller: new AbortController() };
    this.permits.set(id, permit);
    const task = (): Promise<WeightReport> =>
      new Promise((resolve, reject) => {
        permit.ended = { resolve, reject };
        this.post({ t: 'grant', id });
      });
    gate.run(weight, permit.controller.signal, task, priority).then(
      () => this.permits.delete(id),
      (error: unknown) => {
        this.permits.delete(id);
        // Refused before it started (not cancelled by the worker): the worker's request must not wait forever.
        if (permit.ended === undefined && !permit.controller.signal.aborted) this.post({ t: 'refused', id, error: { name: 'PermitError', message: String(error) } });
      },
    );
  }

  private end(id: number, error: Error): void {
    const permit = this.permits.get(id);
    if (permit === undefined) return;
    if (permit.ended !== undefined) permit.ended.reject(error);
    else permit.controller.abort(error);
  }
}

/** The worker's error as the limiter must see it: a rate limit or a ban pauses the whole budget. */
function rebuilt(posted: PostedError): Error {
  if (posted.name === 'SnapshotError' && posted.reason !== undefined) {
    return new SnapshotError(posted.reason as SnapshotErrorReason, posted.message, posted.retryAfterMs, posted.status);
  }
  return new LobError(posted.reason ?? 'failed', posted.message);
}
