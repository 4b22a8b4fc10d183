import WebSocket from 'ws';

/** Listens to lob's `/stream` diff mode for some books and times each change: this machine's clock − the event's time. */
export class FreshnessProbe {
  private recording: number[] | undefined;
  private readonly socket: WebSocket;
  readonly opened: Promise<void>;

  constructor(url: string, market: string, symbols: readonly string[]) {
    const list = symbols.map((s) => `${market}:${s}`).join(',');
    this.socket = new WebSocket(`${url.replace(/^http/, 'ws')}/stream?symbols=${encodeURIComponent(list)}&mode=diff`);
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('message', (data) => {
      if (this.recording === undefined) return;
      const message = JSON.parse(String(data)) as { type: string; eventTime?: number | null };
      if (message.type === 'diff' && typeof message.eventTime === 'number') this.recording.push(Date.now() - message.eventTime);
    });
  }

  /** Starts a new recording of lags (ms). */
  start(): void {
    this.recording = [];
  }

  /** Ends the recording and returns it. */
  stop(): number[] {
    const lags = this.recording ?? [];
    this.recording = undefined;
    return lags;
  }

  close(): void {
    this.socket.terminate();
  }
}
