/** How many messages a pacer lets through per window. */
export interface MessageBudget {
  /** Messages per window (Coinbase: 8 unauthenticated messages a second per IP). */
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Sends messages in the order given, never more than `limit` within any `windowMs`: one pacer is shared by every
 * connection of a connector, since Coinbase counts a client's messages per IP, not per connection.
 */
export class MessagePacer {
  private readonly queue: (() => void)[] = [];
  private readonly sentAt: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly budget: MessageBudget,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `send` now if the budget allows and nothing waits before it, else as soon as it does. */
  enqueue(send: () => void): void {
    this.queue.push(send);
    this.flush();
  }

  /** Drops whatever waits (the connector is closing). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private flush(): void {
    if (this.timer !== undefined) return;
    while (this.queue.length > 0) {
      const now = this.now();
      while (this.sentAt.length > 0 && this.sentAt[0]! <= now - this.budget.windowMs) this.sentAt.shift();
      if (this.sentAt.length >= this.budget.limit) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.flush();
        }, this.sentAt[0]! + this.budget.windowMs - now);
        this.timer.unref();
        return;
      }
      this.sentAt.push(now);
      this.queue.shift()!();
    }
  }
}
