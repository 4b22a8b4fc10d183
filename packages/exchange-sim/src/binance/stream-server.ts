import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { MarketRules } from './market-rules.js';
import { formatGarbage, formatServerShutdown, wrapCombined } from './wire-format.js';

/** One subscribed stream: its name as the client wrote it and the symbol it carries. */
export interface StreamRef {
  readonly stream: string;
  readonly symbol: string;
}

/** What the stream server asks of the simulator around it. */
export interface StreamServerHooks {
  /** A connection started listening to a symbol's depth stream. */
  onSubscribe(conn: StreamConnection, ref: StreamRef): void;
  /** A connection stopped listening to a stream. */
  onUnsubscribe(conn: StreamConnection, ref: StreamRef): void;
  /** A connection is gone. */
  onClose(conn: StreamConnection): void;
  /** True while a silence fault holds every frame back. */
  silent(): boolean;
  /** True while a shutdown-loop fault greets every new connection with serverShutdown. */
  shutdownLoop(): boolean;
  countFrame(): void;
  countPing(): void;
  countPingReceived(): void;
  countConnection(): void;
}

export interface StreamServerOptions {
  rules: MarketRules;
  /** Uppercase symbols the server knows. */
  symbols: readonly string[];
  pingIntervalMs: number;
  hooks: StreamServerHooks;
}

/** Pongs may be missed this many ping intervals in a row before the client is dropped (Binance: 1 min at 20 s). */
const MISSED_PINGS = 3;

/** In a shutdown loop, how long after its notice a new connection is closed (its client should have left already). */
export const SHUTDOWN_LOOP_CLOSE_MS = 100;

/** One client WebSocket and its subscriptions. */
export class StreamConnection {
  /** Subscribed streams by name, in subscription order. */
  readonly subscriptions = new Map<string, StreamRef>();
  /** Per symbol, the U of the first event this connection received (to resend only what it has seen). */
  readonly firstDelivered = new Map<string, number>();
  /** When the oldest ping still without a pong was sent (undefined: all answered). */
  unansweredPingSince: number | undefined;
  /** A zombie fault hit it: open, but the server neither reads (so no pong) nor writes (no frame, no ping) on it. */
  zombie = false;
  private readonly incoming: number[] = [];

  constructor(
    readonly id: number,
    readonly socket: WebSocket,
    /** /stream framing ({"stream","data"}) rather than bare /ws events. */
    public combined: boolean,
    private readonly server: StreamServer,
  ) {}

  /** True while the socket can take frames. */
  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** A data text framed for this connection. */
  frame(stream: string, data: string): string {
    return this.combined ? wrapCombined(stream, data) : data;
  }

  /** Sends one text frame unless silenced or closed; the callback fires once it is written. */
  send(text: string, done?: (err?: Error) => void): boolean {
    return this.server.sendFrame(this, text, done);
  }

  /** The streams of one symbol this connection listens to. */
  streamsOf(symbol: string): StreamRef[] {
    const out: StreamRef[] = [];
    for (const ref of this.subscriptions.values()) if (ref.symbol === symbol) out.push(ref);
    return out;
  }

  /** Records an incoming message; false when the connection exceeded Binance's messages-per-second limit. */
  countIncoming(now: number, perSecond: number): boolean {
    this.incoming.push(now);
    while (this.incoming.length > 0 && (this.incoming[0] as number) <= now - 1000) this.incoming.shift();
    return this.incoming.length <= perSecond;
  }
}

type Route = { combined: boolean; streams: string[] } | undefined;

/** Binance's WebSocket market streams: routes, SUBSCRIBE & co, framing, pings. */
export class StreamServer {
  readonly connections = new Set<StreamConnection>();
  // Pongs are sent by hand, so that silence and zombie faults can withhold them like every other frame.
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, autoPong: false });
  private readonly symbolsByLower = new Map<string, string>();
  private readonly pingTimer: NodeJS.Timeout;
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextId = 1;

  constructor(private readonly options: StreamServerOptions) {
    for (const symbol of options.symbols) this.symbolsByLower.set(symbol.toLowerCase(), symbol);
    this.pingTimer = setInterval(() => this.pingAll(), options.pingIntervalMs);
    this.pingTimer.unref();
  }

  /** Parses a stream name (`btcusdt@depth@100ms`); undefined when the market has no such stream. */
  parseStream(name: string): StreamRef | undefined {
    const at = name.indexOf('@');
    if (at <= 0) return undefined;
    // Stream names are lowercase on Binance; an uppercase name is a client bug worth surfacing.
    const symbol = this.symbolsByLower.get(name.slice(0, at));
    const rest = name.slice(at);
    if (symbol === undefined || !rest.startsWith('@depth')) return undefined;
    if (!this.options.rules.depthSpeeds.includes(rest.slice('@depth'.length))) return undefined;
    return { stream: name, symbol };
  }

  /** Takes over an HTTP upgrade request: routes it, or answers 404/400 and closes. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const route = this.route(req.url ?? '/');
    if (!route) {
      rejectUpgrade(socket, 404, 'Not Found', '{"code":-1,"msg":"Not found."}');
      return;
    }
    const refs: StreamRef[] = [];
    for (const name of route.streams) {
      const ref = this.parseStream(name);
      if (!ref) {
        rejectUpgrade(socket, 400, 'Bad Request', JSON.stringify({ code: -1121, msg: `Invalid stream: ${name}` }));
        return;
      }
      refs.push(ref);
    }
    if (refs.length > this.options.rules.maxStreamsPerConnection) {
      rejectUpgrade(socket, 400, 'Bad Request', '{"code":-1,"msg":"Too many streams."}');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, route.combined, refs));
  }

  /** Sends a frame on a connection (used by StreamConnection.send). */
  sendFrame(conn: StreamConnection, text: string, done?: (err?: Error) => void): boolean {
    if (!conn.open || conn.zombie || this.options.hooks.silent()) return false;
    this.options.hooks.countFrame();
    if (done) conn.socket.send(text, done);
    else conn.socket.send(text);
    return true;
  }

  /** Every (connection, stream) pair listening to a symbol. */
  subscribers(symbol: string): { conn: StreamConnection; ref: StreamRef }[] {
    const out: { conn: StreamConnection; ref: StreamRef }[] = [];
    for (const conn of this.connections) {
      if (!conn.open) continue;
      for (const ref of conn.subscriptions.values()) if (ref.symbol === symbol) out.push({ conn, ref });
    }
    return out;
  }

  /** Closes every client socket abruptly, without a close frame (a network cut). */
  terminateAll(): void {
    for (const conn of this.connections) conn.socket.terminate();
  }

  /** Sends serverShutdown on every connection, then closes each one `closeAfterMs` later. */
  shutdownAll(closeAfterMs: number): void {
    const notice = formatServerShutdown(Date.now());
    for (const conn of this.connections) if (conn.open) this.shutdown(conn, notice, closeAfterMs);
  }

  /**
   * Turns every open connection into a zombie: the socket stays open, but the server stops reading it (so the
   * client's pings get no pong and its close frame is never seen) and sends nothing on it, not even pings.
   */
  zombifyAll(): void {
    for (const conn of this.connections) {
      if (!conn.open || conn.zombie) continue;
      conn.zombie = true;
      conn.socket.pause();
    }
  }

  /** Sends `count` garbage frames (naming no symbol) on every connection. */
  sendGarbageAll(count: number): void {
    for (const conn of this.connections) for (let i = 0; i < count; i++) conn.send(formatGarbage(i));
  }

  /** Stops timers and closes every socket. */
  close(): void {
    clearInterval(this.pingTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const conn of this.connections) conn.socket.terminate();
    this.wss.close();
  }

  private route(rawUrl: string): Route {
    const url = new URL(rawUrl, 'http://127.0.0.1');
    let path = url.pathname;
    for (const prefix of this.options.rules.wsPrefixes) {
      if (prefix !== '' && path.startsWith(`${prefix}/`)) {
        path = path.slice(prefix.length);
        break;
      }
    }
    if (path === '/ws' || path === '/ws/') return { combined: false, streams: [] };
    if (path.startsWith('/ws/')) {
      return { combined: false, streams: path.slice(4).split('/').filter(Boolean).map(decodeURIComponent) };
    }
    if (path === '/stream' || path === '/stream/') {
      return { combined: true, streams: (url.searchParams.get('streams') ?? '').split('/').filter(Boolean) };
    }
    return undefined;
  }

  private accept(ws: WebSocket, combined: boolean, refs: StreamRef[]): void {
    const conn = new StreamConnection(this.nextId++, ws, combined, this);
    const { hooks } = this.options;
    this.connections.add(conn);
    hooks.countConnection();
    ws.on('error', () => undefined);
    ws.on('pong', () => {
      conn.unansweredPingSince = undefined;
    });
    ws.on('ping', (data) => {
      hooks.countPingReceived();
      if (conn.open && !conn.zombie && !hooks.silent()) ws.pong(data);
    });
    ws.on('close', () => {
      this.connections.delete(conn);
      hooks.onClose(conn);
    });
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    for (const ref of refs) {
      if (conn.subscriptions.has(ref.stream)) continue;
      conn.subscriptions.set(ref.stream, ref);
      hooks.onSubscribe(conn, ref);
    }
    if (hooks.shutdownLoop()) this.shutdown(conn, formatServerShutdown(Date.now()), SHUTDOWN_LOOP_CLOSE_MS);
  }

  /** Sends the serverShutdown notice on one connection and closes it `closeAfterMs` later. */
  private shutdown(conn: StreamConnection, notice: string, closeAfterMs: number): void {
    conn.send(conn.combined ? wrapCombined('!serverShutdown', notice) : notice);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      conn.socket.close(1001, 'server shutdown');
    }, closeAfterMs);
    this.timers.add(timer);
  }

  private onMessage(conn: StreamConnection, data: RawData, isBinary: boolean): void {
    if (!conn.countIncoming(Date.now(), this.options.rules.maxIncomingPerSecond)) {
      // Binance drops a connection that sends more than its incoming-message limit.
      conn.socket.close(1008, 'Too many messages');
      return;
    }
    const text = isBinary ? '' : rawText(data);
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.replyError(conn, null, 3, 'Invalid JSON: expected value at line 1 column 1');
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.replyError(conn, null, 2, 'Invalid request: request must be a JSON object');
      return;
    }
    const { method, params, id } = message as { method?: unknown; params?: unknown; id?: unknown };
    if (id !== undefined && id !== null && typeof id !== 'string' && !Number.isInteger(id)) {
      this.replyError(conn, null, 2, "Invalid request: 'id' must be an integer, a string or null");
      return;
    }
    const replyId = (id ?? null) as number | string | null;
    switch (method) {
      case 'SUBSCRIBE':
        this.subscribe(conn, params, replyId);
        return;
      case 'UNSUBSCRIBE':
        this.unsubscribe(conn, params, replyId);
        return;
      case 'LIST_SUBSCRIPTIONS':
        this.reply(conn, replyId, JSON.stringify([...conn.subscriptions.keys()]));
        return;
      case 'SET_PROPERTY':
        if (Array.isArray(params) && params[0] === 'combined' && typeof params[1] === 'boolean') {
          conn.combined = params[1];
          this.reply(conn, replyId, 'null');
        } else {
          this.replyError(conn, replyId, 2, 'Invalid request: unknown property');
        }
        return;
      case 'GET_PROPERTY':
        if (Array.isArray(params) && params[0] === 'combined') this.reply(conn, replyId, String(conn.combined));
        else this.replyError(conn, replyId, 2, 'Invalid request: unknown property');
        return;
      default:
        this.replyError(conn, replyId, 2, `Invalid request: unknown method ${JSON.stringify(method ?? null)}`);
    }
  }

  private subscribe(conn: StreamConnection, params: unknown, id: number | string | null): void {
    if (!isStringArray(params)) {
      this.replyError(conn, id, 1, "Invalid value type: 'params' must be an array of stream names");
      return;
    }
    const refs: StreamRef[] = [];
    for (const name of params) {
      const ref = this.parseStream(name);
      if (!ref) {
        this.replyError(conn, id, 2, `Invalid request: unknown stream '${name}'`);
        return;
      }
      refs.push(ref);
    }
    const fresh = refs.filter((ref) => !conn.subscriptions.has(ref.stream));
    if (conn.subscriptions.size + fresh.length > this.options.rules.maxStreamsPerConnection) {
      this.replyError(conn, id, 2, 'Invalid request: too many streams on this connection');
      return;
    }
    this.reply(conn, id, 'null');
    for (const ref of fresh) {
      if (conn.subscriptions.has(ref.stream)) continue;
      conn.subscriptions.set(ref.stream, ref);
      this.options.hooks.onSubscribe(conn, ref);
    }
  }

  private unsubscribe(conn: StreamConnection, params: unknown, id: number | string | null): void {
    if (!isStringArray(params)) {
      this.replyError(conn, id, 1, "Invalid value type: 'params' must be an array of stream names");
      return;
    }
    for (const name of params) {
      const ref = conn.subscriptions.get(name);
      if (!ref) continue;
      conn.subscriptions.delete(name);
      if (conn.streamsOf(ref.symbol).length === 0) conn.firstDelivered.delete(ref.symbol);
      this.options.hooks.onUnsubscribe(conn, ref);
    }
    this.reply(conn, id, 'null');
  }

  private reply(conn: StreamConnection, id: number | string | null, resultJson: string): void {
    conn.send(`{"result":${resultJson},"id":${JSON.stringify(id)}}`);
  }

  private replyError(conn: StreamConnection, id: number | string | null, code: number, msg: string): void {
    conn.send(`{"error":{"code":${code},"msg":${JSON.stringify(msg)}},"id":${JSON.stringify(id)}}`);
  }

  private pingAll(): void {
    // A silence fault holds back pings as well (nothing at all goes out), and nobody is dropped for
    // missing pongs to pings that were never sent.
    if (this.options.hooks.silent()) return;
    const now = Date.now();
    for (const conn of this.connections) {
      if (!conn.open || conn.zombie) continue;
      const since = conn.unansweredPingSince;
      if (since !== undefined && now - since >= this.options.pingIntervalMs * MISSED_PINGS) {
        conn.socket.terminate();
        continue;
      }
      conn.unansweredPingSince ??= now;
      conn.socket.ping();
      this.options.hooks.countPing();
    }
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function rejectUpgrade(socket: Duplex, status: number, statusText: string, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: application/json;charset=UTF-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
