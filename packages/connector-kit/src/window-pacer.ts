/** How many sends a WindowPacer lets through per window. */
export interface SendBudget {
  /** Sends per window (OKX: 480 subscribe requests an hour per connection; Coinbase: 8 messages a second per IP). */
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Sends in the order given, never more than `limit` within any `windowMs` (a window sliding over our own sends):
 * what is over the budget waits for the oldest send to age out instead of being refused by the venue. A pacer made
 * `paused` sends nothing before `start()` (the socket is not open yet); `stop()` drops what still waits.
 */
export class WindowPacer {
  private readonly queue: (() => void)[] = [];
  private readonly sentAt: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: boolean;

  constructor(
    private readonly budget: SendBudget,
    options: { readonly paused?: boolean; readonly now?: () => number } = {},
  ) {
    this.running = options.paused !== true;
    this.now = options.now ?? Date.now;
  }

  private readonly now: () => number;

  /** Runs each `send` now while the budget allows and nothing waits before it, else as soon as it does. */
  enqueue(...sends: (() => void)[]): void {
    this.queue.push(...sends);
    this.flush();
  }

  /** Starts sending (for a pacer made paused). */
  start(): void {
    this.running = true;
    this.flush();
  }

  /** Stops for good and drops what still waits. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  /** Sends waiting for budget or for `start()`. */
  get waiting(): number {
    return this.queue.length;
  }

  private flush(): void {
    if (!this.running || this.timer !== undefined) return;
    while (this.queue.length > 0) {
      const now = this.now();
      while (this.sentAt.length > 0 && this.sentAt[0]! <= now - this.budget.windowMs) this.sentAt.shift();
      if (this.sentAt.length >= this.budget.limit) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.flush();
        }, this.sentAt[0]! + this.budget.windowMs - now);
        // The connection it sends on keeps the process alive; a queue alone must not.
        this.timer.unref();
        return;
      }
      this.sentAt.push(now);
      this.queue.shift()!();
    }
  }
}
