import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExchangeSimError } from './errors.js';
import { SimulatedMarket } from './simulated-market.js';
import type { TimelineLine } from './timeline-file.js';
import { VenueExchange, type WireProtocol } from './venue-exchange.js';
import { VenueFaultState, type VenueFault, type VenueFaultKind } from './venue-faults.js';
import type { VenueSimStats, WireConnection } from './wire-connection.js';

/** What a client's message asks of a replay: answers to send now, recorded streams to start or stop. */
export interface ReplayRequest {
  /** Frames to send at once (acknowledgements, pongs, errors), in order, before any recorded frame. */
  replies?: string[];
  /** Recorded streams (the venue's names, e.g. a topic) whose frames this connection now gets from the first. */
  subscribe?: string[];
  unsubscribe?: string[];
}

/**
 * How one venue's recordings are served: the only venue-specific part of a replay. It recognises a subscription
 * to the recorded symbol among the client's messages and names the recorded frames each stream sends.
 */
export interface ReplayVenue {
  /** The recorded symbol, as the venue spells it. */
  readonly symbol: string;
  /** The WebSocket path the venue serves its stream on (`/ws/v5/public`, `/`, `/v5/public/linear`). */
  readonly path: string;
  /** Frames a socket gets on opening (Kraken's systemStatus), given the connection id. */
  greeting?(connId: string): string[];
  /** Reads one client message. */
  read(text: string, connId: string): ReplayRequest;
  /** The recorded frames of a stream, verbatim, in recorded order. */
  frames(stream: string): readonly string[];
  /** Rewrites a frame for one connection as it goes out (default: none). */
  rewrite?(frame: string, connId: string): string;
  /** A connection closed (forget what rewrite kept for it). */
  forget?(connId: string): void;
  /** REST answers, if the venue's recording can back any (default 404). */
  rest?(req: IncomingMessage, res: ServerResponse, url: URL): void;
}

/** Above this many buffered bytes a pump waits for the socket to drain before sending more. */
const HIGH_WATER_BYTES = 1 << 20;
/** Frames sent in one go before the pump yields to the event loop. */
const BATCH = 256;
/** The faults a recording can take: it cannot lose or change frames, only be cut off, delayed or mixed with junk. */
export const REPLAY_FAULT_KINDS: readonly VenueFaultKind[] = ['disconnect', 'silence', 'garbage'];

interface Pump {
  readonly stream: string;
  readonly frames: readonly string[];
  next: number;
  stopped: boolean;
  busy: boolean;
}

/** Per connection: a pump per recorded stream. */
export interface ReplayConnState {
  readonly pumps: Map<string, Pump>;
}

type Conn = WireConnection<ReplayConnState>;

/** Mounts a venue's replay on the shared server: each subscriber gets the recorded frames as fast as its socket drains. */
class ReplayProtocol implements WireProtocol<ReplayConnState> {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private finished = false;
  private resolveDone!: () => void;
  private rejectDone!: (err: Error) => void;
  /** Resolves once one connection got every frame of a stream. */
  readonly done: Promise<void>;

  constructor(
    private readonly venue: ReplayVenue,
    private readonly faults: VenueFaultState,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // Nobody may be awaiting done: a rejection on close must not become an unhandled one.
    this.done.catch(() => undefined);
  }

  accepts(path: string): boolean {
    return path === this.venue.path;
  }

  newState(): ReplayConnState {
    return { pumps: new Map() };
  }

  onOpen(conn: Conn): void {
    for (const frame of this.venue.greeting?.(conn.id) ?? []) this.send(conn, frame);
  }

  onClose(conn: Conn): void {
    for (const pump of conn.state.pumps.values()) pump.stopped = true;
    conn.state.pumps.clear();
    this.venue.forget?.(conn.id);
  }

  onMessage(conn: Conn, text: string): void {
    const request = this.venue.read(text, conn.id);
    for (const frame of request.replies ?? []) this.send(conn, frame);
    for (const stream of request.unsubscribe ?? []) {
      const pump = conn.state.pumps.get(stream);
      if (pump) pump.stopped = true;
      conn.state.pumps.delete(stream);
    }
    for (const stream of request.subscribe ?? []) {
      if (conn.state.pumps.has(stream)) continue;
      const pump: Pump = { stream, frames: this.venue.frames(stream), next: 0, stopped: false, busy: false };
      conn.state.pumps.set(stream, pump);
      this.run(conn, pump);
    }
  }

  publish(): void {
    // A replay has no generated market: every frame comes from the recording.
  }

  onTimer(): void {
    // Nothing periodic: the recording carries whatever heartbeats it had.
  }

  /** Stops every pump; `done` rejects if no stream had finished. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (!this.finished) this.rejectDone(new ExchangeSimError('closed', 'the simulator closed before the replay finished'));
  }

  private send(conn: Conn, frame: string): void {
    conn.send(this.venue.rewrite ? this.venue.rewrite(frame, conn.id) : frame);
  }

  private later(conn: Conn, pump: Pump, ms: number): void {
    pump.busy = true;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      pump.busy = false;
      this.run(conn, pump);
    }, ms);
    this.timers.add(timer);
  }

  private run(conn: Conn, pump: Pump): void {
    if (pump.stopped || pump.busy || this.closed || !conn.open) return;
    for (let sent = 0; pump.next < pump.frames.length; sent++) {
      // A recording cannot lose frames: a silence only delays them, a full socket waits for the drain.
      if (this.faults.silent(conn.id, Date.now())) return this.later(conn, pump, 20);
      if (conn.socket.bufferedAmount > HIGH_WATER_BYTES || sent >= BATCH) return this.later(conn, pump, sent >= BATCH ? 0 : 5);
      this.send(conn, pump.frames[pump.next] as string);
      pump.next += 1;
    }
    if (!this.finished) {
      this.finished = true;
      this.resolveDone();
    }
  }
}

/**
 * A replay of one recorded session on a loopback port, whatever the venue: the venue module says how a subscription
 * is recognised and which frames it gets; the engine serves every subscribing connection from the first frame.
 */
export class ReplayExchange {
  private constructor(
    private readonly exchange: VenueExchange,
    private readonly protocol: ReplayProtocol,
    readonly venue: ReplayVenue,
  ) {}

  /** The port it listens on (127.0.0.1). */
  get port(): number {
    return this.exchange.port;
  }

  /** Starts serving a venue's recording on 127.0.0.1 (a free port unless `port` is given). */
  static async start(venue: ReplayVenue, options: { port?: number } = {}): Promise<ReplayExchange> {
    const faults = new VenueFaultState();
    const protocol = new ReplayProtocol(venue, faults);
    const exchange = new VenueExchange({
      market: new SimulatedMarket([]),
      faults,
      protocols: [protocol],
      rest: venue.rest?.bind(venue) ?? notFound,
      connectionId: (n) => String(n),
      canonical: (symbol) => (symbol === venue.symbol ? symbol : undefined),
      timerMs: 1000,
      faultKinds: REPLAY_FAULT_KINDS,
    });
    await exchange.start({ port: options.port ?? 0, autoTick: false });
    return new ReplayExchange(exchange, protocol, venue);
  }

  /** Resolves once a connection received every recorded frame of a stream it subscribed to. */
  replayDone(): Promise<void> {
    return this.protocol.done;
  }

  /** Injects disconnect, silence (frames are delayed, never lost) or garbage; other kinds throw. */
  inject(fault: VenueFault): void {
    this.exchange.inject(fault);
  }

  /** Ids of the open connections. */
  connectionIds(): string[] {
    return this.exchange.connectionIds();
  }

  /** What the replay counted so far. */
  stats(): VenueSimStats {
    const { stats } = this.exchange;
    return { ...stats, faultsInjected: { ...stats.faultsInjected } };
  }

  /** Closes sockets, server and pumps. Safe to call twice. */
  close(): Promise<void> {
    this.protocol.close();
    return this.exchange.close();
  }
}

function notFound(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { 'Content-Length': 0 });
  res.end();
}

/** The JSON object of a recorded line, or undefined when it is not one (arrays, broken text). */
export function recordedObject(line: TimelineLine): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(line.raw);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
