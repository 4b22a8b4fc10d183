import { SnapshotError, type BookSnapshot, type Level, type SnapshotResponse, type WeightReport } from '@lob/core';
import { Pool } from 'undici';
import { transportError } from '@lob/connector-kit';
import { statusError } from './rest-errors.js';
import type { Headers } from '@lob/connector-kit';
import { weightReportOf } from './rest-headers.js';

/** How the snapshot client reaches the REST API. */
export interface SnapshotClientOptions {
  /** REST base URL: scheme, host and port. */
  readonly baseUrl: string;
  /** Path of the depth endpoint, e.g. /api/v3/depth. */
  readonly depthPath: string;
  /** Levels per side to ask for. */
  readonly limit: number;
  /** Path of the weight-1 endpoint probeUsedWeight asks, e.g. /api/v3/ping. */
  readonly pingPath?: string;
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

  /** GETs the snapshot of one symbol, with what the answer said about the budget. */
  async fetch(symbol: string, signal: AbortSignal): Promise<SnapshotResponse> {
    const path = `${this.options.depthPath}?symbol=${encodeURIComponent(symbol)}&limit=${this.options.limit}`;
    const { statusCode, headers, text } = await this.get(path, signal);
    if (statusCode !== 200) throw statusError(statusCode, headers['retry-after'], text, `snapshot of ${symbol}`);
    return { snapshot: parseSnapshot(text, symbol), body: text, ...weightReportOf(headers) };
  }

  /** GETs the ping endpoint (weight 1) for the exchange's used-weight figure and clock. */
  async probeUsedWeight(signal: AbortSignal): Promise<WeightReport> {
    const path = this.options.pingPath;
    if (path === undefined) throw new SnapshotError('client-error', 'no ping path configured to probe the used weight');
    const { statusCode, headers, text } = await this.get(path, signal);
    if (statusCode !== 200) throw statusError(statusCode, headers['retry-after'], text, 'ping');
    return weightReportOf(headers);
  }

  private async get(path: string, signal: AbortSignal): Promise<{ statusCode: number; headers: Headers; text: string }> {
    const url = `${this.options.baseUrl}${path}`;
    try {
      const response = await this.pool.request({ path, method: 'GET', signal, headers: { accept: 'application/json' } });
      return { statusCode: response.statusCode, headers: response.headers, text: await response.body.text() };
    } catch (error) {
      throw transportError(error, url);
    }
  }

  /** Closes the pool's connections. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}

/**
 * Reads a depth snapshot body as the REST API sends it (recorded ones included); undefined when the text is not one
 * (a combined-stream frame starts with `{"stream"`, a snapshot with `{"lastUpdateId"`); SnapshotError when malformed.
 */
export function readSnapshotBody(text: string, symbol: string): BookSnapshot | undefined {
  return /^\s*\{\s*"lastUpdateId"/.test(text) ? parseSnapshot(text, symbol) : undefined;
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
