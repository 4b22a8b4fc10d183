import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** What a relay reports, each with the 0-based index of the client connection it concerns. */
export interface RelayHooks {
  /** A client connected (before any of its frames). */
  onConnection?(connection: number): void;
  /** A text frame the client sent, before it is passed on. */
  fromClient?(text: string, connection: number): void;
  /** A text frame the exchange sent, before it is passed on. */
  fromExchange?(text: string, connection: number): void;
}

export interface RelayOptions {
  /** The largest frame accepted from the exchange (ws's default otherwise). */
  readonly maxPayload?: number;
}

/**
 * A loopback WebSocket relay between a client under test and an exchange simulator, so a test sees what really
 * crosses the wire: text relayed unchanged and in order both ways, frames the client sends before the exchange side
 * is open held until it is, and a socket one side drops (as the simulator does, without a close frame) terminated on
 * the other too, so the client sees the 1006 it would see on the venue.
 */
export class LoopbackRelay {
  private readonly clients: WebSocket[] = [];
  private readonly upstreams: WebSocket[] = [];

  private constructor(
    private readonly wss: WebSocketServer,
    private readonly upstreamUrl: (path: string) => string,
    private readonly hooks: RelayHooks,
    private readonly options: RelayOptions,
  ) {
    wss.on('connection', (client, request) => this.relay(client, request.url ?? '/'));
  }

  /**
   * Listens on a free loopback port. `upstreamUrl` is the exchange's URL, or maps the path the client asked for to
   * one (a simulator serving protocols by path).
   */
  static async start(upstreamUrl: string | ((path: string) => string), hooks: RelayHooks = {}, options: RelayOptions = {}): Promise<LoopbackRelay> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await once(wss, 'listening');
    return new LoopbackRelay(wss, typeof upstreamUrl === 'string' ? () => upstreamUrl : upstreamUrl, hooks, options);
  }

  /** The relay's URL with this path (default none). */
  url(path = ''): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}${path}`;
  }

  /** Client connections accepted so far. */
  get connections(): number {
    return this.clients.length;
  }

  /** Indexes of the connections open on both sides. */
  openConnections(): number[] {
    return this.upstreams.flatMap((u, i) => (u.readyState === WebSocket.OPEN && this.clients[i]!.readyState === WebSocket.OPEN ? [i] : []));
  }

  /** Sends a text frame to the exchange on one connection, as if the client had sent it (no hook hears it). */
  inject(connection: number, text: string): void {
    this.upstreams[connection]!.send(text);
  }

  /** Terminates every connection, both sides, and stops listening. */
  async close(): Promise<void> {
    for (const socket of [...this.clients, ...this.upstreams]) socket.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
  }

  private relay(client: WebSocket, path: string): void {
    const index = this.clients.length;
    this.clients.push(client);
    this.hooks.onConnection?.(index);
    const upstream = new WebSocket(this.upstreamUrl(path), {
      perMessageDeflate: false,
      ...(this.options.maxPayload === undefined ? {} : { maxPayload: this.options.maxPayload }),
    });
    this.upstreams.push(upstream);
    const pending: string[] = [];
    upstream.on('open', () => {
      for (const text of pending.splice(0)) upstream.send(text);
    });
    client.on('message', (data) => {
      const text = data.toString();
      this.hooks.fromClient?.(text, index);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    });
    upstream.on('message', (data) => {
      const text = data.toString();
      this.hooks.fromExchange?.(text, index);
      if (client.readyState === WebSocket.OPEN) client.send(text);
    });
    upstream.on('close', () => client.terminate());
    client.on('close', () => upstream.terminate());
    upstream.on('error', () => client.terminate());
    client.on('error', () => upstream.terminate());
  }
}
