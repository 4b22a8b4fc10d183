import type { StreamListener, StreamMessage } from '@lob/core';

type Entry = { readonly text: string } | { ready: boolean; message: StreamMessage | undefined; readonly bytes: Uint8Array };

/**
 * Hands one connection's frames to core in arrival order while some of them are decoded asynchronously: a frame
 * behind one still being decoded waits for it (an update must never overtake its snapshot). A frame with nothing
 * ahead of it goes straight through. Waiting frames still prove the connection alive.
 */
export class OrderedDelivery {
  private readonly queue: Entry[] = [];
  private closed = false;

  constructor(private readonly listener: Pick<StreamListener, 'onFrame' | 'onMessage' | 'onAlive'>) {}

  /** A frame decoded by core (synchronously, in turn). */
  frame(text: string): void {
    if (this.closed) return;
    if (this.queue.length === 0) return this.listener.onFrame(text);
    this.queue.push({ text });
    this.listener.onAlive?.();
  }

  /** A frame being decoded elsewhere: delivered as its message when `decoding` settles, as text if it yields none. */
  decoded(bytes: Uint8Array, decoding: Promise<StreamMessage | undefined>): void {
    if (this.closed) return;
    const entry = { ready: false, message: undefined as StreamMessage | undefined, bytes };
    this.queue.push(entry);
    this.listener.onAlive?.();
    void decoding.then((message) => {
      entry.ready = true;
      entry.message = message;
      this.drain();
    });
  }

  /** Drops whatever waits: the connection is gone. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private drain(): void {
    while (!this.closed && this.queue.length > 0) {
      const head = this.queue[0]!;
      if ('ready' in head && !head.ready) return;
      this.queue.shift();
      if ('text' in head) this.listener.onFrame(head.text);
      else if (head.message !== undefined && this.listener.onMessage !== undefined) this.listener.onMessage(head.message);
      else this.listener.onFrame(Buffer.from(head.bytes.buffer, head.bytes.byteOffset, head.bytes.byteLength).toString('utf8'));
    }
  }
}
