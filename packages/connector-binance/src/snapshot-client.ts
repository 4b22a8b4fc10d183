import { SnapshotError, type BookSnapshot, type Level, type SnapshotResponse } from '@lob/core';
import { Pool } from 'undici';
import { numberHeader, statusError, transportError } from './rest-errors.js';

/** How the snapshot client reaches the REST API. */
export interface SnapshotClientOptions {
  /** REST base URL: scheme, host and port. */
  readonly baseUrl: string;
  /** Path of the depth endpoint, e.g. /api/v3/depth. */
  readonly depthPath: string;
  /** Levels per side to ask for. */
  readonly limit: number;
  /** Header and body timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Kept-alive connections to the REST host (default 4). */
  readonly connections?: number;
}

/** Fetches depth snapshots over a kept-alive undici pool and turns every failure into a typed SnapshotError. */
export class SnapshotClient {
  private readonly pool: Pool;

  constructor(private readonly options: SnapshotClientOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.pool = new Pool(options.baseUrl, {
      connections: options.connections ?? 4,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      keepAliveTimeout: 30_000,
    });
  }

  /** GETs the snapshot of one symbol. */
  async fetch(symbol: string, signal: AbortSignal): Promise<SnapshotResponse> {
    const path = `${this.options.depthPath}?symbol=${encodeURIComponent(symbol)}&limit=${this.options.limit}`;
    let response;
    try {
      response = await this.pool.request({ path, method: 'GET', signal, headers: { accept: 'application/json' } });
    } catch (error) {
      throw transportError(error, `${this.options.baseUrl}${path}`);
    }
    const { statusCode, headers } = response;
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw transportError(error, `${this.options.baseUrl}${path}`);
    }
    const usedWeight = numberHeader(headers['x-mbx-used-weight-1m']);
    if (statusCode !== 200) throw statusError(statusCode, headers['retry-after'], text, `snapshot of ${symbol}`);
    const snapshot = parseSnapshot(text, symbol);
    return usedWeight === undefined ? { snapshot } : { snapshot, usedWeight };
  }

  /** Closes the pool's connections. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}

function parseSnapshot(text: string, symbol: string): BookSnapshot {
  let body: { lastUpdateId?: unknown; bids?: unknown; asks?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new SnapshotError('malformed-body', `snapshot of ${symbol} is not JSON`);
  }
  if (!Number.isSafeInteger(body.lastUpdateId)) throw new SnapshotError('malformed-body', `snapshot of ${symbol} has no lastUpdateId`);
  return { lastUpdateId: body.lastUpdateId as number, bids: levels(body.bids, symbol), asks: levels(body.asks, symbol) };
}

function levels(value: unknown, symbol: string): Level[] {
  if (!Array.isArray(value) || !value.every((l) => Array.isArray(l) && typeof l[0] === 'string' && typeof l[1] === 'string')) {
    throw new SnapshotError('malformed-body', `snapshot of ${symbol} has malformed levels`);
  }
  return value as Level[];
}
