import type { BookStreamMessage } from '@lob/book-stream';
import type { FeedEvent, SnapshotPriority, SyncStats, WeightReport } from '@lob/core';
import type { ConnectionCounts } from '../feeds/market-source.js';
import type { MarketSettings } from '../config/settings.js';

// The messages between the main thread and a worker thread. Everything here is plain data (structured clone).

/** What a worker is started with (its `workerData`). */
export interface WorkerSetup {
  /** 1-based, as logs and metrics name it. */
  readonly worker: number;
  /** 1 for its first thread, 2 after its first restart, ... */
  readonly life: number;
  /** Its share of each venue: the venue's settings with only its symbols. */
  readonly markets: readonly MarketSettings[];
  /** How often it sends its books' counters and its own figures (ms). */
  readonly statsIntervalMs: number;
}

/** A snapshot request's failure as the worker saw it, enough to rebuild the error for the limiter. */
export interface PostedError {
  readonly name: string;
  readonly reason?: string;
  readonly message: string;
  readonly retryAfterMs?: number;
  readonly status?: number;
}

/** One book's counters, as the worker's feed holds them. */
export interface PostedBookStats {
  readonly market: string;
  readonly symbol: string;
  readonly stats: SyncStats;
  readonly lastUpdateId: number;
}

/** The worker thread's own figures (see WorkerFigures). */
export interface PostedThreadFigures {
  /** Event-loop utilization since the worker started, 0..1, and busy ms in total. */
  readonly loopUtilization: number;
  readonly loopActiveMs: number;
  /** Event-loop delay p99 over the last interval, ms. */
  readonly loopLagP99Ms: number;
  /** The thread's CPU seconds where Node can tell them (Node ≥ 23.9), else the loop's busy seconds. */
  readonly cpuSeconds: number;
  readonly heapUsedBytes: number;
}

/** What a worker posts to the main thread. */
export type FromWorker =
  /** Its feeds are built and started. */
  | { readonly t: 'ready' }
  /** Its feeds are stopped and its connectors closed: it posts nothing more. */
  | { readonly t: 'stopped' }
  /** Asks the venue's one limiter for a permit. */
  | { readonly t: 'permit'; readonly id: number; readonly market: string; readonly weight: number; readonly priority: SnapshotPriority }
  /** Gives up a permit it asked for (the request was aborted). */
  | { readonly t: 'cancel'; readonly id: number }
  /** A permitted request ended: what the exchange said about the budget, or why it failed. */
  | { readonly t: 'answered'; readonly id: number; readonly report: WeightReport }
  | { readonly t: 'failed'; readonly id: number; readonly error: PostedError }
  /** Everything that happened to its books in one turn of its loop, in order. */
  | { readonly t: 'books'; readonly items: readonly BookItem[] }
  /** Periodic: every book's counters, each venue's connection counts, the thread's figures. */
  | {
      readonly t: 'stats';
      readonly books: readonly PostedBookStats[];
      readonly connections: Readonly<Record<string, ConnectionCounts>>;
      readonly thread: PostedThreadFigures;
    };

/** One thing that happened to a worker's books: a feed event, or a message of a book's diff stream. */
export type BookItem = { readonly event: FeedEvent } | { readonly message: BookStreamMessage };

/** What the main thread posts to a worker. */
export type ToWorker =
  /** The permit asked for: the request may start now. */
  | { readonly t: 'grant'; readonly id: number }
  /** The permit will not come (the limiter refused it, e.g. shutting down). */
  | { readonly t: 'refused'; readonly id: number; readonly error: PostedError }
  /** Resync one book (its copy on the main thread lost its way). */
  | { readonly t: 'resync'; readonly market: string; readonly symbol: string; readonly reason: string }
  /** Stop the feeds and close the connectors, then post nothing more. */
  | { readonly t: 'stop' }
  /** Test hook: throw this message out of the worker's loop, as a bug would. */
  | { readonly t: 'crash'; readonly message: string };

/** An error as plain data. */
export function postedError(error: unknown): PostedError {
  if (error instanceof Error) {
    const e = error as Error & { reason?: unknown; retryAfterMs?: unknown; status?: unknown };
    return {
      name: e.name,
      message: e.message,
      ...(typeof e.reason === 'string' ? { reason: e.reason } : {}),
      ...(typeof e.retryAfterMs === 'number' ? { retryAfterMs: e.retryAfterMs } : {}),
      ...(typeof e.status === 'number' ? { status: e.status } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}
