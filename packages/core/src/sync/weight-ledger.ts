import type { WeightReport } from './connector.js';

/** A server time may be truncated to this (an HTTP Date is): the true instant lies up to this much later. */
const SERVER_TIME_RESOLUTION_MS = 1_000;

/** How a WeightLedger counts. */
export interface WeightLedgerOptions {
  /** Length of the exchange's window. */
  readonly windowMs: number;
  /** How long after a server window's end (as told by its clock) the ledger still counts it (default 500 ms). */
  readonly clockMarginMs?: number;
  readonly now: () => number;
}

/** One request counted against the budget. */
export interface Charge {
  readonly seq: number;
  /** Local time it was started. */
  readonly at: number;
  readonly weight: number;
  /** Local time it stops counting. */
  expiresAt: number;
  /** The expiry comes from the server's clock, so a fresh figure from the exchange could not bring it closer. */
  exact: boolean;
  /** Still waiting for its answer. */
  open: boolean;
  /** The current report may not include it (it was in flight, or started later), so it is added to that figure. */
  outsideReport: boolean;
}

/** The exchange's latest figure and how long it holds. */
interface Report {
  used: number;
  /** Local time it was received. */
  readonly at: number;
  /** Local start of the request that carried it (what it can know about). */
  readonly askedAt: number;
  expiresAt: number;
  /** The server window it counts, when the answer told the server's time. */
  window: number | undefined;
}

/** When the counted weight will leave room for a request, and whether the exchange could tell us better sooner. */
export interface Room {
  /** Local time. */
  readonly at: number;
  /** Everything that must expire first expires by the server's clock: asking the exchange would not help. */
  readonly sure: boolean;
}

/**
 * What a limiter believes the exchange counts against our IP: every request it started, and the exchange's own
 * figure (which also counts other programs on the IP), the higher of the two.
 *
 * Without the server's time it counts a sliding window: a request or a figure counts for windowMs after it. With
 * the server's time it counts the exchange's fixed windows (aligned on multiples of windowMs of the server clock,
 * as Binance's minutes are): a figure, and a request once answered, count until the end of the server window they
 * were made in, known through the offset between the server's clock and ours at receipt. That offset is taken as a
 * lower bound (an answer is dated before we receive it, and a Date is truncated to the second), so the ledger is
 * never early: it is late by up to a second plus `clockMarginMs`, never by a whole window.
 */
export class WeightLedger {
  private charges: Charge[] = [];
  private report: Report | undefined;
  /** Server clock minus local clock (a lower bound), once an answer told it. */
  private offset: number | undefined;
  private seq = 0;
  private readonly windowMs: number;
  private readonly marginMs: number;
  private readonly now: () => number;
  /** Local time the last figure came in. */
  lastReportAt = -Infinity;

  constructor(options: WeightLedgerOptions) {
    this.windowMs = options.windowMs;
    this.marginMs = options.clockMarginMs ?? 500;
    this.now = options.now;
  }

  /** Counts a request of `weight` started now; hand the charge back to `answered` with what its answer said. */
  start(weight: number): Charge {
    const at = this.now();
    const charge: Charge = { seq: ++this.seq, at, weight, open: true, outsideReport: true, ...this.estimate(at) };
    this.charges.push(charge);
    return charge;
  }

  /** A request's answer came (or it failed: pass {}): its window becomes known and its figure is believed. */
  answered(charge: Charge, report: WeightReport): void {
    const now = this.now();
    charge.open = false;
    const serverTime = validTime(report.serverTime);
    if (serverTime !== undefined) {
      this.offset = serverTime - now;
      // It was counted when it arrived, before the answer was dated: in the answer's window or an earlier one.
      charge.expiresAt = this.localWindowEnd(serverTime, now);
      charge.exact = true;
      for (const c of this.charges) if (!c.exact) Object.assign(c, this.estimate(c.at));
    }
    if (report.usedWeight !== undefined && Number.isFinite(report.usedWeight)) this.observe(report.usedWeight, serverTime, charge, now);
  }

  /** Believes the exchange's figure for weight used in its current window (`reporter`: the request that carried it). */
  observe(used: number, serverTime?: number, reporter?: Charge, now = this.now()): void {
    const time = validTime(serverTime);
    const next: Report = {
      used,
      at: now,
      askedAt: reporter?.at ?? now,
      expiresAt: time === undefined ? now + this.windowMs : this.localWindowEnd(time, now),
      window: time === undefined ? undefined : Math.floor(time / this.windowMs),
    };
    const old = this.report;
    if (old !== undefined && old.expiresAt > now) {
      if (next.window !== undefined && old.window !== undefined) {
        if (next.window < old.window) return; // a late answer about a window already over
        if (next.window === old.window) this.merge(next, old);
      } else if (next.askedAt < old.at) {
        this.merge(next, old); // answers that crossed on the way: the later one may know less
      }
    }
    for (const c of this.charges) c.outsideReport = c !== reporter && (c.open || (reporter !== undefined && c.seq > reporter.seq));
    this.report = next;
    this.lastReportAt = now;
  }

  /** Weight believed used right now. */
  used(): number {
    const now = this.now();
    this.charges = this.charges.filter((c) => c.expiresAt > now);
    let own = 0;
    let outside = 0;
    for (const c of this.charges) {
      own += c.weight;
      if (c.outsideReport) outside += c.weight;
    }
    const report = this.report;
    return report !== undefined && report.expiresAt > now ? Math.max(own, report.used + outside) : own;
  }

  /** When `weight` more fits under `allowance` (a request heavier than the allowance fits once nothing is counted). */
  roomFor(weight: number, allowance: number): Room {
    const now = this.now();
    const fits = (used: number) => used + weight <= allowance || (weight > allowance && used === 0);
    let own = 0;
    let outside = 0;
    for (const c of this.charges) {
      if (c.expiresAt <= now) continue;
      own += c.weight;
      if (c.outsideReport) outside += c.weight;
    }
    const report = this.report !== undefined && this.report.expiresAt > now ? this.report : undefined;
    let reportAlive = report !== undefined;
    if (fits(reportAlive ? Math.max(own, (report as Report).used + outside) : own)) return { at: now, sure: true };
    const expiring = this.charges.filter((c) => c.expiresAt > now).sort((a, b) => a.expiresAt - b.expiresAt);
    let sure = true;
    let i = 0;
    while (i < expiring.length || reportAlive) {
      const nextCharge = expiring[i];
      const at = Math.min(nextCharge?.expiresAt ?? Infinity, reportAlive ? (report as Report).expiresAt : Infinity);
      for (; i < expiring.length && (expiring[i] as Charge).expiresAt === at; i++) {
        const c = expiring[i] as Charge;
        own -= c.weight;
        if (c.outsideReport) outside -= c.weight;
        sure &&= c.exact;
      }
      if (reportAlive && (report as Report).expiresAt === at) {
        reportAlive = false;
        sure &&= (report as Report).window !== undefined;
      }
      if (fits(reportAlive ? Math.max(own, (report as Report).used + outside) : own)) return { at, sure };
    }
    return { at: now + this.windowMs, sure: false }; // not reached: once everything expired, nothing is counted
  }

  /**
   * Keeps the higher of two figures about the same window. Its end is the newer reading of the server's clock when
   * both are of one server window (the freshest offset); otherwise the later of two guesses.
   */
  private merge(next: Report, old: Report): void {
    next.used = Math.max(next.used, old.used);
    if (next.window !== undefined && next.window === old.window) return;
    next.expiresAt = Math.max(next.expiresAt, old.expiresAt);
    next.window = undefined;
  }

  /** When a request started at `at` stops counting, before its answer tells. */
  private estimate(at: number): { expiresAt: number; exact: boolean } {
    const offset = this.offset;
    if (offset === undefined) return { expiresAt: at + this.windowMs, exact: false };
    // It arrives at the server at the latest a resolution step plus a margin after what the offset says: near a
    // boundary that can be the next window, so it counts to that window's end.
    const latestArrival = at + offset + SERVER_TIME_RESOLUTION_MS + this.marginMs;
    return { expiresAt: this.windowEnd(latestArrival) - offset + this.marginMs, exact: true };
  }

  /** Local time the server window of an answer dated `serverTime`, received at local `receivedAt`, is surely over. */
  private localWindowEnd(serverTime: number, receivedAt: number): number {
    // The server's clock read at least serverTime when we received the answer, so its window ends at the latest
    // this long after receipt.
    return receivedAt + (this.windowEnd(serverTime) - serverTime) + this.marginMs;
  }

  private windowEnd(serverTime: number): number {
    return (Math.floor(serverTime / this.windowMs) + 1) * this.windowMs;
  }
}

function validTime(ms: number | undefined): number | undefined {
  return ms !== undefined && Number.isFinite(ms) ? ms : undefined;
}
