/** When the keepalive pings and when it gives up. */
export interface KeepaliveOptions {
  /** Silence before we send the text `ping` (OKX closes a connection idle for 30 s). */
  readonly idleBeforePingMs: number;
  /** Silence after our `ping` before the connection counts as dead. */
  readonly pongTimeoutMs: number;
}

/**
 * OKX's keepalive: after `idleBeforePingMs` with nothing received, send `ping`; if nothing at all arrives within
 * `pongTimeoutMs` after it, report the connection dead (OKX's docs: "raise an error or reconnect"). Anything heard
 * re-arms the idle wait, so a connection carrying frames never pings.
 */
export class Keepalive {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly options: KeepaliveOptions,
    private readonly sendPing: () => void,
    private readonly onDead: (reason: string) => void,
  ) {}

  /** Something arrived: wait the whole idle time again. */
  heard(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.ping(), this.options.idleBeforePingMs);
  }

  /** Stops for good. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private ping(): void {
    this.sendPing();
    this.timer = setTimeout(() => {
      this.stop();
      this.onDead(`nothing received within ${this.options.pongTimeoutMs} ms of our ping`);
    }, this.options.pongTimeoutMs);
  }
}
