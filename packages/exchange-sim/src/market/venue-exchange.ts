import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ExchangeSimError } from './errors.js';
import { deriveSeed } from './prng.js';
import type { SimulatedMarket } from './simulated-market.js';
import type { DepthEvent } from './traffic-generator.js';
import {
  normalizeVenueFault,
  RandomVenueFaults,
  VENUE_FAULT_KINDS,
  type ArmedVenueFault,
  type VenueFaultKind,
  VenueFaultState,
  type RandomVenueFaultOptions,
  type VenueFault,
} from './venue-faults.js';
import { WireConnection, type VenueSimStats } from './wire-connection.js';

/** One venue's WebSocket protocol, mounted on the shared server by path. */
export interface WireProtocol<State> {
  /** True when this protocol serves WebSockets on `path`. */
  accepts(path: string): boolean;
  /** The protocol's per-connection state, made when a socket opens on `path`. */
  newState(path: string): State;
  /** A socket opened (send the greeting, if the venue has one). */
  onOpen(conn: WireConnection<State>): void;
  /** A text message arrived. */
  onMessage(conn: WireConnection<State>, text: string): void;
  /** A socket closed. */
  onClose(conn: WireConnection<State>): void;
  /** One event of a symbol's true book happened: send it to the subscribers, as the venue writes it. */
  publish(symbol: string, event: DepthEvent): void;
  /** Called every `timerMs` (heartbeats, idle timeouts). */
  onTimer(now: number): void;
  /** A fault only this venue knows (Bybit's service restart) acts now; true when the protocol handled it. */
  act?(fault: ArmedVenueFault): boolean;
}

/** Options every generated venue simulator shares. */
export interface VenueExchangeOptions {
  host?: '127.0.0.1';
  port?: number;
  seed?: number;
  autoTick?: boolean;
  tickIntervalMs?: number;
  randomFaults?: RandomVenueFaultOptions | false;
}

interface Parts {
  readonly market: SimulatedMarket;
  readonly faults: VenueFaultState;
  // Protocols keep their own state type; the exchange only routes to them.
  readonly protocols: readonly WireProtocol<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly rest: (req: IncomingMessage, res: ServerResponse, url: URL) => void;
  /** The venue's spelling of a connection id. */
  readonly connectionId: (n: number) => string;
  /** Any spelling of a symbol to the simulator's, or undefined. */
  readonly canonical: (symbol: string) => string | undefined;
  readonly timerMs: number;
  /** The fault kinds this venue accepts (default VENUE_FAULT_KINDS). */
  readonly faultKinds?: readonly VenueFaultKind[];
}

const DEFAULT_TICK_MS = 100;

function invalid(message: string): ExchangeSimError {
  return new ExchangeSimError('invalid-option', message);
}

/** Checks the options every venue shares; returns the seed. */
export function checkVenueOptions(options: VenueExchangeOptions): { port: number; seed: number; tickIntervalMs: number } {
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object');
  const host: string = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new ExchangeSimError('non-loopback-host', `the simulator binds to 127.0.0.1 only (got ${String(host)})`);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw invalid('port must be an integer in 0..65535');
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) throw invalid('seed must be a finite number');
  const tickIntervalMs = options.tickIntervalMs ?? DEFAULT_TICK_MS;
  if (!Number.isFinite(tickIntervalMs) || tickIntervalMs <= 0) throw invalid('tickIntervalMs must be a positive number');
  return { port, seed, tickIntervalMs };
}

/**
 * The machinery a generated venue simulator shares whatever its wire protocol: the loopback HTTP server (REST and
 * WebSocket upgrades), the connections, the tick loop over the true books, fault injection and the random fault
 * schedule. The venue's protocols turn each true-book event into their frames.
 */
export class VenueExchange {
  readonly stats: VenueSimStats = { connections: 0, framesSent: 0, messagesReceived: 0, restRequests: 0, faultsInjected: {} };
  readonly connections = new Set<WireConnection>();
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly listeners: ((fault: VenueFault) => void)[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private ticker: NodeJS.Timeout | undefined;
  private schedule: RandomVenueFaults | undefined;
  private rounds = 0;
  private autoTick = true;
  private tickIntervalMs = 100;
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private server: Server | undefined;
  port = 0;

  constructor(private readonly parts: Parts) {}

  /** Listens on 127.0.0.1 and starts the tick loop and the protocol timer. */
  async start(options: VenueExchangeOptions): Promise<void> {
    const { port, seed, tickIntervalMs } = checkVenueOptions(options);
    if (options.randomFaults) {
      this.schedule = new RandomVenueFaults(
        options.randomFaults,
        deriveSeed(seed, 'faults'),
        this.parts.market.symbols(),
        this.parts.faultKinds ?? VENUE_FAULT_KINDS,
      );
    }
    const server = createServer((req, res) => this.onRequest(req, res));
    server.on('upgrade', (req, socket, head: Buffer) => this.onUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (cause) => reject(new ExchangeSimError('listen-failed', `cannot listen on 127.0.0.1:${port}`, { cause })));
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    const timer = setInterval(() => {
      const now = Date.now();
      for (const protocol of this.parts.protocols) protocol.onTimer(now);
    }, this.parts.timerMs);
    timer.unref();
    this.timers.push(timer);
    this.autoTick = options.autoTick ?? true;
    this.tickIntervalMs = tickIntervalMs;
    this.resume();
  }

  /** Generates `n` rounds synchronously: one event per symbol that is not quiet, published by every protocol. */
  tick(n = 1): void {
    if (this.closing) throw new ExchangeSimError('closed', 'the simulator is closed');
    if (!Number.isInteger(n) || n < 0) throw invalid('tick(n) needs an integer n >= 0');
    const { market, faults, protocols } = this.parts;
    for (let i = 0; i < n; i++) {
      const now = Date.now();
      for (const symbol of market.symbols()) {
        if (faults.quiet(symbol, now)) continue;
        const event = market.next(symbol);
        for (const protocol of protocols) protocol.publish(symbol, event);
      }
      this.rounds += 1;
      const fault = this.schedule?.onRound(this.rounds);
      if (fault) this.inject(fault);
    }
  }

  /** Stops generating on the timer (tick() still works). */
  pause(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /** Generates on the timer again (when started with autoTick). */
  resume(): void {
    if (!this.autoTick || this.ticker || this.closing) return;
    this.ticker = setInterval(() => this.tick(1), this.tickIntervalMs);
    this.ticker.unref();
  }

  /** Injects a fault: disconnect and garbage act now, the others arm for the next messages, subscribes or a while. */
  inject(fault: VenueFault): void {
    if (this.closing) throw new ExchangeSimError('closed', 'the simulator is closed');
    const armed = normalizeVenueFault(fault, this.parts.canonical, this.parts.faultKinds ?? VENUE_FAULT_KINDS);
    this.stats.faultsInjected[armed.kind] = (this.stats.faultsInjected[armed.kind] ?? 0) + 1;
    const targets = [...this.connections].filter((c) => armed.connection === undefined || c.id === armed.connection);
    if (armed.kind === 'disconnect') {
      for (const conn of targets) conn.socket.terminate();
    } else if (armed.kind === 'garbage') {
      for (const conn of targets) for (let i = 0; i < armed.count; i++) conn.send(i % 2 === 0 ? 'not json' : '{"foo":1}');
    } else if (!this.parts.protocols.some((p) => p.act?.(armed) === true)) {
      this.parts.faults.arm(armed, Date.now());
    }
    const told: VenueFault = { kind: armed.kind, durationMs: armed.durationMs, count: armed.count };
    if (armed.symbol !== undefined) told.symbol = armed.symbol;
    if (armed.connection !== undefined) told.connection = armed.connection;
    for (const listener of this.listeners) listener(told);
  }

  /** Registers a listener told of every fault as it is injected. */
  onFault(listener: (fault: VenueFault) => void): void {
    this.listeners.push(listener);
  }

  /** Ids of the open connections, as the venue told them to their clients. */
  connectionIds(): string[] {
    return [...this.connections].filter((c) => c.open).map((c) => c.id);
  }

  /** Closes sockets, server and timers. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.pause();
    for (const timer of this.timers) clearInterval(timer);
    for (const conn of this.connections) conn.socket.terminate();
    this.wss.close();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.stats.restRequests += 1;
    this.parts.rest(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'));
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const protocol = this.parts.protocols.find((p) => p.accepts(path));
    if (!protocol || this.closing) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, protocol, path));
  }

  private accept<State>(ws: WebSocket, protocol: WireProtocol<State>, path: string): void {
    const conn = new WireConnection<State>(this.parts.connectionId(this.nextId++), ws, protocol.newState(path), this.parts.faults, this.stats);
    this.connections.add(conn as WireConnection);
    this.stats.connections += 1;
    ws.on('error', () => undefined);
    ws.on('close', () => {
      this.connections.delete(conn as WireConnection);
      protocol.onClose(conn);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      this.stats.messagesReceived += 1;
      protocol.onMessage(conn, isBinary ? '' : rawText(data));
    });
    protocol.onOpen(conn);
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
