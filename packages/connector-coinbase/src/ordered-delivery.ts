import type { StreamListener } from '@lob/core';
import type { OffThreadResult } from './snapshot-worker.js';

type Entry = { readonly text: string } | { result: OffThreadResult | undefined; readonly frame?: string };

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

  /**
   * A frame being decoded elsewhere: delivered in its place as the message it gave, or as text when it gave its bytes
   * back; a frame whose bytes were lost with a dead worker is delivered as an empty frame, which core counts as
   * malformed (and the connection sequence then shows the loss). `frame`: its text, kept for a listener that wants
   * it (a recorder), passed along with the message.
   */
  decoded(decoding: Promise<OffThreadResult>, frame?: string): void {
    if (this.closed) return;
    const entry: Entry = { result: undefined, ...(frame === undefined ? {} : { frame }) };
    this.queue.push(entry);
    this.listener.onAlive?.();
    void decoding.then((result) => {
      entry.result = result;
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
      if ('result' in head && head.result === undefined) return;
      this.queue.shift();
      if ('text' in head) this.listener.onFrame(head.text);
      else if ('message' in head.result! && this.listener.onMessage !== undefined) this.listener.onMessage(head.result.message, head.frame);
      else this.listener.onFrame(textOf(head.result!));
    }
  }
}

/** The text of a frame given back undecoded. */
function textOf(result: OffThreadResult): string {
  if ('bytes' in result && result.bytes !== undefined) return Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength).toString('utf8');
  return '';
}
