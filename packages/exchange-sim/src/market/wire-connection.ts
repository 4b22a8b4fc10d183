import { WebSocket } from 'ws';
import type { VenueFaultState } from './venue-faults.js';

/** What every venue simulator counts. */
export interface VenueSimStats {
  /** WebSocket connections accepted since start. */
  connections: number;
  /** Text frames sent (book messages, answers, heartbeats, pongs, garbage). */
  framesSent: number;
  /** Messages received from clients. */
  messagesReceived: number;
  /** REST requests received. */
  restRequests: number;
  /** Faults injected (commanded or random), by kind. */
  faultsInjected: Record<string, number>;
}

/** One client WebSocket of a venue simulator (OKX, Kraken, Bybit, Coinbase, replay); `state` belongs to the wire protocol that accepted it. */
export class WireConnection<State = unknown> {
  /** When a frame last went out (for heartbeats and idle timeouts). */
  lastSentAt = Date.now();

  constructor(
    /** The id the venue tells the client (OKX connId, Kraken connectionID). */
    readonly id: string,
    readonly socket: WebSocket,
    readonly state: State,
    private readonly faults: VenueFaultState,
    private readonly stats: VenueSimStats,
  ) {}

  /** True while the socket can take frames. */
  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends one text frame unless the socket is closed or a silence fault holds it; true when it went out. */
  send(text: string): boolean {
    const now = Date.now();
    if (!this.open || this.faults.silent(this.id, now)) return false;
    this.socket.send(text);
    this.lastSentAt = now;
    this.stats.framesSent += 1;
    return true;
  }
}
