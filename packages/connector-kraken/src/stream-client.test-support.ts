import type { AddressInfo } from 'node:net';
import type { StreamListener } from '@lob/core';
import { WebSocketServer, type WebSocket } from 'ws';

/** Resolves once `check` holds, polling on setImmediate (so it works under fake timers); rejects after `tries` turns. */
export async function waitFor(check: () => boolean, what: string, tries = 20_000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A loopback Kraken stand-in: records the path and every message each client sends, and can push frames. */
export class FakeKraken {
  readonly paths: string[] = [];
  readonly received: unknown[] = [];
  socket: WebSocket | undefined;
  private constructor(
    readonly server: WebSocketServer,
    readonly baseUrl: string,
  ) {
    server.on('connection', (socket, request) => {
      this.socket = socket;
      this.paths.push(request.url ?? '');
      socket.on('message', (data) => this.received.push(JSON.parse(String(data))));
    });
  }

  /** Starts a server on 127.0.0.1, port 0; `refuse` answers every handshake with that status and headers. */
  static async start(refuse?: { status: number; headers: Record<string, string> }): Promise<FakeKraken> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      ...(refuse === undefined ? {} : { verifyClient: (_info, done) => done(false, refuse.status, 'refused', refuse.headers) }),
    });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    return new FakeKraken(server, `ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  /** Sends one frame (an object is serialised) to the connected client. */
  push(frame: unknown): void {
    this.socket!.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The messages received whose `method` (v2) or `event` (v1) is `kind`. */
  sent(kind: string): Record<string, unknown>[] {
    return (this.received as Record<string, unknown>[]).filter((m) => m.method === kind || m.event === kind);
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** A listener recording everything it is told. */
export class RecordingListener implements StreamListener {
  opened = 0;
  alive = 0;
  readonly frames: string[] = [];
  readonly closes: { reason: string; error: Error | undefined }[] = [];
  onOpen(): void {
    this.opened++;
  }
  onFrame(frame: string): void {
    this.frames.push(frame);
  }
  onAlive(): void {
    this.alive++;
  }
  onClose(reason: string, error?: Error): void {
    this.closes.push({ reason, error });
  }
}
