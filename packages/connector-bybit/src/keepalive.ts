/**
 * Bybit's heartbeat: `{"op":"ping"}` every `intervalMs` while the connection is open, as Bybit's docs recommend
 * (every 20 s), whether or not data flows. Its answer is heard as life by the stream client; a connection that
 * answers nothing at all is caught by the feed's silence watchdog, which a ping more often than its timeout never
 * trips on a healthy but quiet connection.
 */
export class Keepalive {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly sendPing: () => void,
  ) {}

  /** Starts pinging (the connection is open). */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.sendPing(), this.intervalMs);
  }

  /** Stops for good. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
