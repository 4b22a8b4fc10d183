import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { BookView, DepthUpdate, FeedEvent } from '@lob/core';
import type { ServeIO, ServeObservers } from './run-serve.js';

/** Every book's whole state at every update id it applied, in order, and the resyncs seen. */
export class BookTimelines {
  /** `market/symbol` → [update id, digest of the whole book after it] in the order applied. */
  readonly books = new Map<string, [number, string][]>();
  /** Resyncs per `market/symbol`. */
  readonly resyncs = new Map<string, number>();

  /** The observers that fill it. */
  readonly observers: ServeObservers = {
    onUpdate: (view: BookView) => {
      const key = `${view.market}/${view.symbol}`;
      const list = this.books.get(key) ?? [];
      const state = JSON.stringify([[...view.book.levels('bid')], [...view.book.levels('ask')]]);
      list.push([view.lastUpdateId, createHash('sha1').update(state).digest('hex')]);
      this.books.set(key, list);
    },
    onEvent: (event: FeedEvent) => {
      if (event.kind === 'book' && event.state === 'resyncing') {
        const key = `${event.market}/${event.symbol}`;
        this.resyncs.set(key, (this.resyncs.get(key) ?? 0) + 1);
      }
    },
  };

  /** Updates applied to this book so far. */
  count(key: string): number {
    return this.books.get(key)?.length ?? 0;
  }
}

/** A ServeIO writing into the void (stdout not a terminal: line output; stderr: JSON logs). */
export function quietIO(cwd: string): ServeIO {
  const sink = (): NodeJS.WriteStream => {
    const stream = new PassThrough();
    stream.resume();
    return stream as unknown as NodeJS.WriteStream;
  };
  return { stdout: sink(), stderr: sink(), env: {}, cwd, version: 'test' };
}

/** Resolves once `test` holds, polling; rejects with `what` after `timeoutMs`. */
export async function until(test: () => boolean, what: () => string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
