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
// cannot read as l2_data comes back without a result, and the main thread decodes it as any other frame (so errors
// are reported exactly as the synchronous decoder reports them).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const readL2Event = ${readL2Event.toString()};
const text = new TextDecoder();
parentPort.on('message', ({ id, bytes }) => {
  let result;
  try {
    const message = JSON.parse(text.decode(bytes));
    if (message !== null && typeof message === 'object' && message.channel === 'l2_data') {
      const read = readL2Event(message);
      if (!('error' in read)) {
        result = { kind: read.kind, productId: read.productId, sequenceNum: read.sequenceNum, timestamp: read.timestamp,
          bids: read.bids.flat().join('\\n'), asks: read.asks.flat().join('\\n') };
      }
    }
  } catch {}
  parentPort.postMessage({ id, result });
});
`;

/**
 * Decodes large frames on one worker thread shared by a connector's connections, so JSON.parse of a multi-megabyte
 * snapshot does not stall every other book of the process. The main thread only turns the returned text into levels.
 */
export class OffThreadDecoder {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, (message: StreamMessage | undefined) => void>();

  /** The frame's message, or undefined when the main thread should decode the frame itself (not l2_data, malformed, worker gone). */
  decode(bytes: Uint8Array): Promise<StreamMessage | undefined> {
    const worker = this.started();
    if (worker === undefined) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      // Copied, not transferred: ws may hand out a view into a larger buffer; one memcpy of a few MB is cheap.
      worker.postMessage({ id, bytes });
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
    worker.on('message', ({ id, result }: { id: number; result: PackedL2 | undefined }) => {
      const resolve = this.pending.get(id);
      this.pending.delete(id);
      resolve?.(result === undefined ? undefined : unpack(result));
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
    for (const resolve of this.pending.values()) resolve(undefined);
    this.pending.clear();
  }
}

/** A packed message as core's snapshot or update. */
function unpack(packed: PackedL2): StreamMessage {
  return toStreamMessage({ ...packed, bids: pairs(packed.bids), asks: pairs(packed.asks) });
}

/** `p1\nq1\np2\nq2` → [[p1, q1], [p2, q2]]; the worker checked every one is a decimal, so none holds a newline. */
function pairs(text: string): Level[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const levels: Level[] = new Array(parts.length / 2);
  for (let i = 0, j = 0; i < parts.length; i += 2, j++) levels[j] = [parts[i]!, parts[i + 1]!];
  return levels;
}
