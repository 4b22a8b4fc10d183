import { BinanceSimError } from '../market/errors.js';
import { Prng } from '../market/prng.js';
import type { Fault, FaultKind, RandomFaultOptions } from './types.js';

/** The kinds a random schedule draws from when it is not told which (the order is part of what a seed fixes). */
export const RANDOM_FAULT_KINDS: readonly FaultKind[] = [
  'disconnect',
  'gap',
  'malformed',
  'stale-snapshot',
  'slow-snapshot',
  'rate-limit',
  'ban',
  'server-error',
  'silence',
  'server-shutdown',
  'resend-old',
];

/**
 * Every fault kind. The liveness faults come last and are left out of random schedules by default: a zombie
 * connection or a shutdown loop stalls a demo for the whole silence timeout, so they are asked for by name.
 */
export const FAULT_KINDS: readonly FaultKind[] = [...RANDOM_FAULT_KINDS, 'quiet', 'zombie', 'shutdown-loop', 'garbage'];

/** Faults that act on the next event(s) of a symbol's stream. */
export type StreamFaultKind = 'gap' | 'malformed' | 'resend-old';
/** Faults that act on the next snapshot request(s). */
export type RestFaultKind = 'stale-snapshot' | 'slow-snapshot' | 'rate-limit' | 'ban' | 'server-error';

const STREAM_KINDS: ReadonlySet<FaultKind> = new Set(['gap', 'malformed', 'resend-old']);
const REST_KINDS: ReadonlySet<FaultKind> = new Set([
  'stale-snapshot',
  'slow-snapshot',
  'rate-limit',
  'ban',
  'server-error',
]);
/** Kinds that make sense on a recording (its frames cannot be altered and its snapshot is fixed). */
export const REPLAY_FAULT_KINDS: ReadonlySet<FaultKind> = new Set([
  'disconnect',
  'slow-snapshot',
  'rate-limit',
  'ban',
  'server-error',
  'silence',
  'server-shutdown',
]);

/** Default durationMs per kind: short enough for tests and demos, long enough to be seen. */
export const DEFAULT_DURATION_MS: Readonly<Record<FaultKind, number>> = {
  disconnect: 0,
  gap: 0,
  malformed: 0,
  'stale-snapshot': 0,
  'slow-snapshot': 1500,
  'rate-limit': 2000,
  ban: 5000,
  'server-error': 0,
  silence: 2000,
  'server-shutdown': 200,
  'resend-old': 0,
  quiet: 2000,
  zombie: 0,
  'shutdown-loop': 3000,
  garbage: 0,
};

/** A fault with every field settled. */
export interface ArmedFault {
  kind: FaultKind;
  symbol: string | undefined;
  durationMs: number;
  count: number;
}

/** Checks a fault against the sim's symbols and fills in the defaults. */
export function normalizeFault(fault: Fault, symbols: readonly string[], replay: boolean): ArmedFault {
  if (!fault || !FAULT_KINDS.includes(fault.kind)) {
    throw new BinanceSimError('invalid-fault', `unknown fault kind ${JSON.stringify(fault?.kind)}`);
  }
  if (replay && !REPLAY_FAULT_KINDS.has(fault.kind)) {
    throw new BinanceSimError('fault-not-supported', `fault ${fault.kind} cannot alter a recording`);
  }
  if (fault.symbol !== undefined && !symbols.includes(fault.symbol)) {
    throw new BinanceSimError('unknown-symbol', `fault for unknown symbol ${fault.symbol}`);
  }
  const count = fault.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new BinanceSimError('invalid-fault', 'count must be an integer >= 1');
  const durationMs = fault.durationMs ?? DEFAULT_DURATION_MS[fault.kind];
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new BinanceSimError('invalid-fault', 'durationMs must be a finite number >= 0');
  }
  return { kind: fault.kind, symbol: fault.symbol, durationMs, count };
}

/** The faults that are armed and waiting for the event or request they act on. */
export class FaultState {
  private readonly streamPending = new Map<string, number>();
  private readonly restPending: ArmedFault[] = [];
  private silenceUntil = 0;
  private shutdownLoopUntil = 0;
  private readonly quietUntil = new Map<string, number>();

  constructor(private readonly symbols: readonly string[]) {}

  /**
   * Arms a stream, snapshot, silence, quiet or shutdown-loop fault (disconnect, server-shutdown, zombie and
   * garbage act at once on the connections and are not armed).
   */
  arm(fault: ArmedFault, now: number): void {
    if (STREAM_KINDS.has(fault.kind)) {
      // No symbol means every symbol's next event(s).
      for (const symbol of fault.symbol === undefined ? this.symbols : [fault.symbol]) {
        const key = `${fault.kind} ${symbol}`;
        this.streamPending.set(key, (this.streamPending.get(key) ?? 0) + fault.count);
      }
    } else if (REST_KINDS.has(fault.kind)) {
      // Only stale-snapshot is scoped to a symbol; the others hit the next request whatever its symbol.
      const symbol = fault.kind === 'stale-snapshot' ? fault.symbol : undefined;
      this.restPending.push({ ...fault, symbol });
    } else if (fault.kind === 'silence') {
      this.silenceUntil = Math.max(this.silenceUntil, now + fault.durationMs);
    } else if (fault.kind === 'quiet') {
      for (const symbol of fault.symbol === undefined ? this.symbols : [fault.symbol]) {
        this.quietUntil.set(symbol, Math.max(this.quietUntil.get(symbol) ?? 0, now + fault.durationMs));
      }
    } else if (fault.kind === 'shutdown-loop') {
      this.shutdownLoopUntil = Math.max(this.shutdownLoopUntil, now + fault.durationMs);
    }
  }

  /** Consumes one pending stream fault of `kind` for the symbol's event being sent. */
  takeStream(kind: StreamFaultKind, symbol: string): boolean {
    const key = `${kind} ${symbol}`;
    const left = this.streamPending.get(key) ?? 0;
    if (left <= 0) return false;
    if (left === 1) this.streamPending.delete(key);
    else this.streamPending.set(key, left - 1);
    return true;
  }

  /** Consumes one pending snapshot fault of `kind` that applies to a request for `symbol`. */
  takeRest(kind: RestFaultKind, symbol: string): ArmedFault | undefined {
    const index = this.restPending.findIndex((f) => f.kind === kind && (f.symbol === undefined || f.symbol === symbol));
    if (index < 0) return undefined;
    const fault = this.restPending[index] as ArmedFault;
    fault.count -= 1;
    if (fault.count <= 0) this.restPending.splice(index, 1);
    return fault;
  }

  /** True while a silence fault holds every frame back. */
  silent(now: number): boolean {
    return now < this.silenceUntil;
  }

  /** True while a quiet fault keeps the symbol's market still: no event is generated (pings go on). */
  quiet(symbol: string, now: number): boolean {
    return now < (this.quietUntil.get(symbol) ?? 0);
  }

  /** True while a shutdown-loop fault greets every new connection with serverShutdown. */
  shutdownLoop(now: number): boolean {
    return now < this.shutdownLoopUntil;
  }

  /** Milliseconds of silence left. */
  silenceRemaining(now: number): number {
    return Math.max(0, this.silenceUntil - now);
  }
}

/** Seeded schedule of random faults: one every `everyTicks` rounds. */
export class RandomFaultSchedule {
  private readonly rng: Prng;
  private readonly kinds: readonly FaultKind[];
  private readonly everyTicks: number;

  constructor(
    options: RandomFaultOptions,
    defaultSeed: number,
    private readonly symbols: readonly string[],
  ) {
    if (!Number.isInteger(options.everyTicks) || options.everyTicks < 1) {
      throw new BinanceSimError('invalid-option', 'randomFaults.everyTicks must be an integer >= 1');
    }
    const kinds = options.kinds ?? RANDOM_FAULT_KINDS;
    if (kinds.length === 0 || kinds.some((k) => !FAULT_KINDS.includes(k))) {
      throw new BinanceSimError('invalid-option', 'randomFaults.kinds must be a non-empty list of fault kinds');
    }
    this.kinds = kinds;
    this.everyTicks = options.everyTicks;
    this.rng = new Prng(options.seed ?? defaultSeed);
  }

  /** The fault due after round number `round` (1-based), if any. */
  onRound(round: number): Fault | undefined {
    if (round % this.everyTicks !== 0) return undefined;
    const kind = this.rng.pick(this.kinds);
    const fault: Fault = { kind };
    if (STREAM_KINDS.has(kind) || kind === 'stale-snapshot' || kind === 'quiet') fault.symbol = this.rng.pick(this.symbols);
    return fault;
  }
}
