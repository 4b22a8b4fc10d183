import type { Level, StreamMessage } from '@lob/core';
import { Worker } from 'node:worker_threads';
import { toStreamMessage } from './frame-decoder.js';
import { readL2Event } from './l2-event.js';

/** An `l2_data` message read on the worker: its levels as `price\nquantity\n...` text, one string a side. */
interface PackedL2 {
  readonly kind: 'snapshot' | 'update';
  readonly productId: string;
  readonly sequenceNum: number | undefined;
  readonly timestamp: string | undefined;
  readonly bids: string;
  readonly asks: string;
}

// The worker's whole program. It runs readL2Event from its source text (that function is self-contained for this),
// and sends each side back as one string: copying two strings between threads is a memcpy, while an array of tens
// of thousands of [price, quantity] pairs would cost the main thread about as much to receive as to parse. A frame it
// cannot read as l2_data goes back as it came (its bytes transferred back), and the main thread decodes it as any
// other frame, so errors are reported exactly as the synchronous decoder reports them.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const readL2Event = ${readL2Event.toString()};
const text = new TextDecoder();
parentPort.on('message', ({ id, bytes }) => {
  try {
    const message = JSON.parse(text.decode(bytes));
    if (message !== null && typeof message === 'object' && message.channel === 'l2_data') {
      const read = readL2Event(message);
      if (!('error' in read)) {
        const result = { kind: read.kind, productId: read.productId, sequenceNum: read.sequenceNum, timestamp: read.timestamp,
          bids: read.bids.flat().join('\\n'), asks: read.asks.flat().join('\\n') };
        return parentPort.postMessage({ id, result });
      }
    }
  } catch {}
  parentPort.postMessage({ id, bytes }, [bytes.buffer]);
});
`;

/** What a decode gives back: the message, or the frame's bytes for the main thread to decode itself. */
export type OffThreadResult = { readonly message: StreamMessage } | { readonly bytes: Uint8Array | undefined };

/**
 * Decodes large frames on one worker thread shared by a connector's connections, so JSON.parse of a multi-megabyte
 * snapshot does not stall every other book of the process. The main thread only turns the returned text into levels.
 */
export class OffThreadDecoder {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, (result: OffThreadResult) => void>();

  /**
   * Decodes a frame on the worker. Its bytes are moved there (the caller must not touch `bytes` again): the result is
   * the message, or, for a frame the worker does not read (not l2_data, malformed), the bytes back for the main
   * thread to decode; `bytes: undefined` only when the worker died with them.
   */
  decode(bytes: Uint8Array): Promise<OffThreadResult> {
    const worker = this.started();
    if (worker === undefined) return Promise.resolve({ bytes });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      // Moved when the bytes fill their buffer (a large ws message has one of its own), copied otherwise.
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
      worker.postMessage({ id, bytes }, whole ? [bytes.buffer as ArrayBuffer] : []);
    });
  }

  /** Stops the worker; frames still being decoded are handed back to the main thread. */
  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.settleAll();
    void worker?.terminate();
  }

  private started(): Worker | undefined {
    if (this.worker !== undefined) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true });
    } catch {
      return undefined;
    }
    // The sockets keep the process alive while anything is being decoded; an idle worker must not.
    worker.unref();
    worker.on('message', ({ id, result, bytes }: { id: number; result?: PackedL2; bytes?: Uint8Array }) => {
      const resolve = this.pending.get(id);
      this.pending.delete(id);
      if (resolve === undefined) return;
      if (result === undefined) return resolve({ bytes });
      void unpack(result).then((message) => resolve({ message }));
    });
    const gone = (): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.settleAll();
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    this.worker = worker;
    return worker;
  }

  private settleAll(): void {
    for (const resolve of this.pending.values()) resolve({ bytes: undefined });
    this.pending.clear();
  }
}

/** Levels turned into arrays per turn of the event loop: a few ms each, so other books are served in between. */
const LEVELS_PER_TURN = 4096;

/** A packed message as core's snapshot or update, built over several turns of the event loop. */
async function unpack(packed: PackedL2): Promise<StreamMessage> {
  const bids = await pairs(packed.bids);
  const asks = await pairs(packed.asks);
  return toStreamMessage({ ...packed, bids, asks });
}

/** `p1\nq1\np2\nq2` → [[p1, q1], [p2, q2]]; the worker checked every one is a decimal, so none holds a newline. */
async function pairs(text: string): Promise<Level[]> {
  if (text === '') return [];
  const parts = text.split('\n');
  const levels: Level[] = new Array(parts.length / 2);
  for (let i = 0, j = 0; i < parts.length; i += 2, j++) {
    if (j > 0 && j % LEVELS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    levels[j] = [parts[i]!, parts[i + 1]!];
  }
  return levels;
}
