// Test-only (excluded from the build): a raw WebSocket client every venue's tests use.
import WebSocket from 'ws';

/** A WebSocket client that keeps every text frame it receives. */
export class RecordingClient {
  readonly frames: string[] = [];
  pings = 0;
  closed: { code: number; reason: string } | undefined;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(data.toString());
      this.wake();
    });
    socket.on('ping', () => {
      this.pings += 1;
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  /** Connects and resolves once open. */
  static open(url: string): Promise<RecordingClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const client = new RecordingClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  /** Frames parsed as JSON (throws on a broken frame). */
  json(): unknown[] {
    return this.frames.map((f) => JSON.parse(f) as unknown);
  }

  /** Sends a text frame as is. */
  sendText(text: string): void {
    this.socket.send(text);
  }

  /** Sends a JSON message. */
  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Waits until a condition holds (checked on every frame, ping or close). */
  async until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`condition not met within ${timeoutMs} ms (${this.frames.length} frames)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for at least n frames. */
  async frameCount(n: number, timeoutMs = 3000): Promise<string[]> {
    await this.until(() => this.frames.length >= n, timeoutMs);
    return this.frames;
  }

  /** Waits until the server closed the socket. */
  async waitClosed(timeoutMs = 3000): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closed !== undefined, timeoutMs);
    return this.closed as { code: number; reason: string };
  }

  /** Closes from our side and waits for the close. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.socket.close();
    await this.waitClosed();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
