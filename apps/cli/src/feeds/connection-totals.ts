import type { ConnectionCounts } from './market-source.js';

/**
 * A market source's connection counters over the feeds it holds now and those it held before: a feed that is gone
 * (released symbols, a dead worker) no longer has connections, but what it received still counts.
 */
export class ConnectionTotals {
  private frames = 0;
  private malformed = 0;
  private reconnects = 0;

  /** Keeps what a feed that is gone received. */
  retire(counts: ConnectionCounts): void {
    this.frames += counts.frames;
    this.malformed += counts.malformed;
    this.reconnects += counts.reconnects;
  }

  /** The current feeds' counts added up, plus what the retired ones received. */
  sum(current: Iterable<ConnectionCounts>): ConnectionCounts {
    const out = { total: 0, open: 0, frames: this.frames, malformed: this.malformed, reconnects: this.reconnects };
    for (const c of current) {
      out.total += c.total;
      out.open += c.open;
      out.frames += c.frames;
      out.malformed += c.malformed;
      out.reconnects += c.reconnects;
    }
    return out;
  }
}
