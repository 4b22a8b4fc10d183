import type { VenueExchange } from './venue-exchange.js';
import type { VenueFault } from './venue-faults.js';
import type { VenueSimStats } from './wire-connection.js';

/**
 * What every venue simulator built on VenueExchange offers whatever its wire protocol: traffic on demand, faults,
 * counters and shutdown. A venue's class adds its URLs and its readers of the true book.
 */
export abstract class VenueSim {
  /** REST base, e.g. http://127.0.0.1:PORT. */
  readonly restUrl: string;

  protected constructor(protected readonly exchange: VenueExchange) {
    this.restUrl = `http://127.0.0.1:${exchange.port}`;
  }

  /** Generates `n` rounds synchronously (one update per symbol each), for tests started with autoTick false. */
  tick(n = 1): void {
    this.exchange.tick(n);
  }

  /** Stops the timer that generates traffic (tick() still works). */
  pause(): void {
    this.exchange.pause();
  }

  /** Starts the timer again (when started with autoTick). */
  resume(): void {
    this.exchange.resume();
  }

  /** Injects a fault (see VenueFaultKind). */
  inject(fault: VenueFault): void {
    this.exchange.inject(fault);
  }

  /** Registers a listener told of every fault as it is injected (commanded or random). */
  onFault(listener: (fault: VenueFault) => void): void {
    this.exchange.onFault(listener);
  }

  /** The ids of the open connections, as the venue names them on the wire. */
  connectionIds(): string[] {
    return this.exchange.connectionIds();
  }

  /** What the simulator counted so far. */
  stats(): VenueSimStats {
    const { stats } = this.exchange;
    return { ...stats, faultsInjected: { ...stats.faultsInjected } };
  }

  /** Closes sockets, server and timers. Safe to call twice. */
  close(): Promise<void> {
    return this.exchange.close();
  }
}
