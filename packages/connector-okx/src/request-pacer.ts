/** How many requests one connection may send per window. */
export interface RequestBudgetOptions {
  /** Requests per window (OKX: 480 subscribe/unsubscribe/login per connection per hour). */
  readonly limit: number;
  /** Window length in ms (OKX: one hour). */
  readonly windowMs: number;
}

/**
 * Sends text requests in order, never more than `limit` within any `windowMs` (a window sliding over our own sends):
 * requests beyond the budget wait for the oldest send to age out instead of being refused by OKX, which would close
 * or ignore them. Nothing is sent before `start()`; `stop()` drops what is still queued.
 */
export class RequestPacer {
  private readonly queue: string[] = [];
  private readonly sentAt: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly send: (text: string) => void,
    private readonly budget: RequestBudgetOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Queues requests; they go at once while the budget allows. */
  enqueue(requests: readonly string[]): void {
    this.queue.push(...requests);
    this.pump();
  }

  /** Starts sending (the connection is open). */
  start(): void {
    this.running = true;
    this.pump();
  }

  /** Stops for good and drops the queue. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  /** Requests waiting for budget or for the connection to open. */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    if (!this.running || this.timer !== undefined) return;
    while (this.queue.length > 0) {
      const now = this.now();
      while (this.sentAt.length > 0 && now - this.sentAt[0]! >= this.budget.windowMs) this.sentAt.shift();
      if (this.sentAt.length >= this.budget.limit) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, this.sentAt[0]! + this.budget.windowMs - now);
        return;
      }
      this.sentAt.push(now);
      this.send(this.queue.shift()!);
    }
  }
}
