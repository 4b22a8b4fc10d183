/** The bus benchmark's figures: lob → NATS JetStream → consumers, over one window. */
export interface BusReport {
  readonly books: number;
  /** Books live in lob when the window started (all, unless the snapshots took longer than allowed). */
  readonly live: number;
  readonly consumers: number;
  readonly windowSec: number;
  /** Messages and bytes each consumer read per second (their mean). */
  readonly messagesPerSec: number;
  readonly bytesPerSec: number;
  /** Exchange event time → the consumer's copy applied it, ms (the simulator and the consumers share a clock). */
  readonly endToEndP50Ms: number;
  readonly endToEndP99Ms: number;
  /** The bus's own leg: lob applied the event → the consumer's copy did, ms. */
  readonly busP99Ms: number;
  /** Consumer copies compared with lob's own book at the same update id, and how many were equal. */
  readonly checkpoints: { readonly compared: number; readonly equal: number };
  /** Messages the publisher dropped (NATS away or behind). */
  readonly dropped: number;
  /** Time the consumers took to read their backlog (from their oldest stored snapshot on) before the window. */
  readonly catchUpSec: number;
  /** Whether they caught up (90 % of changes within 100 ms of the event) before the window, or it started anyway. */
  readonly caughtUp: boolean;
  /** Set when the run was skipped (no nats-server on this machine). */
  readonly skipped?: string;
}

/** The title line of the bus section. */
export function busTitle(report: BusReport): string {
  if (report.skipped !== undefined) return `NATS bus: skipped (${report.skipped})`;
  return `NATS bus (lob serve --publish → nats-server JetStream → ${report.consumers} NatsBookMirror consumers; ${report.books} simulated Binance spot books, ${report.windowSec} s window)`;
}

/** The bus section as rows of cells, a header first. */
export function busCells(report: BusReport): string[][] {
  if (report.skipped !== undefined) return [];
  const { checkpoints } = report;
  return [
    ['books (live)', 'backlog read in s', 'msg/s per consumer', 'MB/s per consumer', 'e2e p50 ms', 'e2e p99 ms', 'lob→copy p99 ms', 'equal at checkpoints', 'dropped'],
    [
      report.live === report.books ? String(report.books) : `${report.books} (${report.live})`,
      `${report.catchUpSec.toFixed(0)}${report.caughtUp ? '' : ' (not caught up)'}`,
      report.messagesPerSec.toFixed(0),
      (report.bytesPerSec / 1e6).toFixed(2),
      report.endToEndP50Ms.toFixed(1),
      report.endToEndP99Ms.toFixed(1),
      report.busP99Ms.toFixed(1),
      `${checkpoints.equal}/${checkpoints.compared}`,
      String(report.dropped),
    ],
  ];
}
