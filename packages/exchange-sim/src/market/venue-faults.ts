import { ExchangeSimError } from './errors.js';
import { Prng } from './prng.js';

/**
 * The faults of a simulator whose snapshot arrives in the stream (OKX, Kraken, Bybit, Coinbase). Each can be scoped to a symbol,
 * to a connection (the id the venue gave it on the wire), or both; unscoped it hits every symbol or connection.
 */
export type VenueFaultKind =
  /** Every socket (or the one connection) is destroyed without a close frame (code 1006). */
  | 'disconnect'
  /** The next `count` book messages are applied to the true book but not sent: only ids and checksums show it. */
  | 'drop'
  /** The next `count` book messages carry one wrong quantity (the checksum stays the true book's). */
  | 'corrupt'
  /** The next `count` book messages are cut in half: not JSON. */
  | 'malformed'
  /** The next `count` subscribes are acknowledged twice and answered with two identical snapshots. */
  | 'duplicate-subscribe'
  /** The next `count` subscribes are refused with the venue's "service unavailable" error. */
  | 'subscription-error'
  /** Nothing at all is sent (book, answers, pongs, heartbeats) for `durationMs`; the market moves on. */
  | 'silence'
  /** Book messages are withheld for `durationMs` while pongs and heartbeats go on; the market moves on. */
  | 'stall'
  /** The market stands still for `durationMs`: no event, so nothing is missed. */
  | 'quiet'
  /** `count` frames naming no symbol on every connection (or the one): `not json`, then `{"foo":1}`. */
  | 'garbage'
  /** Bybit only: the service restarted, so every subscriber of the symbol (or of every symbol) gets a snapshot with `u: 1`. */
  | 'service-restart';

/** Every venue fault kind. */
export const VENUE_FAULT_KINDS: readonly VenueFaultKind[] = [
  'disconnect',
  'drop',
  'corrupt',
  'malformed',
  'duplicate-subscribe',
  'subscription-error',
  'silence',
  'stall',
  'quiet',
  'garbage',
];

/** Bybit's fault kinds: the shared ones plus its service restart. */
export const BYBIT_FAULT_KINDS: readonly VenueFaultKind[] = [...VENUE_FAULT_KINDS, 'service-restart'];

/** What a random schedule draws from unless told: the faults a client must heal from on its own. */
export const RANDOM_VENUE_FAULT_KINDS: readonly VenueFaultKind[] = ['disconnect', 'drop', 'corrupt', 'malformed', 'silence', 'stall'];

/** A fault to inject into an OKX, Kraken, Bybit or Coinbase simulator. */
export interface VenueFault {
  kind: VenueFaultKind;
  /** The venue's symbol (OKX instId, Kraken v2 symbol or v1 wsname); default every symbol. */
  symbol?: string;
  /** A connection id as the venue sent it (OKX connId, Kraken connectionID / connection_id); default every connection. */
  connection?: string;
  /** silence, stall and quiet length (default 2000). */
  durationMs?: number;
  /** Messages, subscribes or garbage frames affected (default 1). */
  count?: number;
}

/** Random venue faults: one every `everyTicks` rounds, drawn from `kinds`. */
export interface RandomVenueFaultOptions {
  seed?: number;
  everyTicks: number;
  kinds?: VenueFaultKind[];
}

const COUNTED: ReadonlySet<VenueFaultKind> = new Set(['drop', 'corrupt', 'malformed', 'duplicate-subscribe', 'subscription-error']);
const DEFAULT_DURATION_MS = 2000;

/** A fault with its defaults filled in and its symbol in the simulator's own spelling. */
export interface ArmedVenueFault {
  kind: VenueFaultKind;
  symbol: string | undefined;
  connection: string | undefined;
  durationMs: number;
  count: number;
}

/** Per-kind fault that counts down (messages or subscribes). */
interface Pending {
  kind: VenueFaultKind;
  symbol: string | undefined;
  connection: string | undefined;
  left: number;
}

/** Counted fault kinds (they act on the next messages or subscribes). */
export type CountedVenueFault = 'drop' | 'corrupt' | 'malformed' | 'duplicate-subscribe' | 'subscription-error';

/** Checks a fault and fills in its defaults; `canonical` maps any spelling of a symbol to the simulator's (undefined: unknown). */
export function normalizeVenueFault(
  fault: VenueFault,
  canonical: (symbol: string) => string | undefined,
  kinds: readonly VenueFaultKind[] = VENUE_FAULT_KINDS,
): ArmedVenueFault {
  if (!fault || !kinds.includes(fault.kind)) {
    throw new ExchangeSimError('invalid-fault', `unknown fault kind ${JSON.stringify(fault?.kind)}`);
  }
  let symbol: string | undefined;
  if (fault.symbol !== undefined) {
    symbol = canonical(fault.symbol);
    if (symbol === undefined) throw new ExchangeSimError('unknown-symbol', `fault for unknown symbol ${fault.symbol}`);
  }
  if (fault.connection !== undefined && typeof fault.connection !== 'string') {
    throw new ExchangeSimError('invalid-fault', 'connection must be the id string the venue sent');
  }
  const count = fault.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new ExchangeSimError('invalid-fault', 'count must be an integer >= 1');
  const durationMs = fault.durationMs ?? DEFAULT_DURATION_MS;
  if (!Number.isFinite(durationMs) || durationMs < 0) throw new ExchangeSimError('invalid-fault', 'durationMs must be a finite number >= 0');
  return { kind: fault.kind, symbol, connection: fault.connection, durationMs, count };
}

/** The armed faults of an OKX, Kraken, Bybit or Coinbase simulator, asked by the wire module before each frame. */
export class VenueFaultState {
  private readonly pending: Pending[] = [];
  private readonly until = new Map<string, number>();

  /** Arms a counted or timed fault (disconnect and garbage act at once and are not armed). */
  arm(fault: ArmedVenueFault, now: number): void {
    if (COUNTED.has(fault.kind)) {
      this.pending.push({ kind: fault.kind, symbol: fault.symbol, connection: fault.connection, left: fault.count });
    } else if (fault.kind === 'silence' || fault.kind === 'stall' || fault.kind === 'quiet') {
      const key = `${fault.kind} ${fault.symbol ?? '*'} ${fault.connection ?? '*'}`;
      this.until.set(key, Math.max(this.until.get(key) ?? 0, now + fault.durationMs));
    }
  }

  /**
   * Consumes one pending fault of `kind` for this symbol scoped exactly to `connection` (undefined: the faults
   * meant for every connection), so a message hit for everyone is decided once.
   */
  take(kind: CountedVenueFault, symbol: string, connection: string | undefined): boolean {
    const index = this.pending.findIndex(
      (p) => p.kind === kind && (p.symbol === undefined || p.symbol === symbol) && p.connection === connection,
    );
    if (index < 0) return false;
    const entry = this.pending[index] as Pending;
    entry.left -= 1;
    if (entry.left <= 0) this.pending.splice(index, 1);
    return true;
  }

  /** True while nothing at all may go out on the connection. */
  silent(connection: string, now: number): boolean {
    return this.active('silence', undefined, connection, now);
  }

  /** True while the symbol's book messages are withheld on the connection. */
  stalled(symbol: string, connection: string, now: number): boolean {
    return this.active('stall', symbol, connection, now);
  }

  /** True while the symbol's market stands still. */
  quiet(symbol: string, now: number): boolean {
    return this.active('quiet', symbol, undefined, now);
  }

  private active(kind: string, symbol: string | undefined, connection: string | undefined, now: number): boolean {
    for (const s of symbol === undefined ? ['*'] : ['*', symbol]) {
      for (const c of connection === undefined ? ['*'] : ['*', connection]) {
        if (now < (this.until.get(`${kind} ${s} ${c}`) ?? 0)) return true;
      }
    }
    return false;
  }
}

/** Seeded schedule of random venue faults: one every `everyTicks` rounds. */
export class RandomVenueFaults {
  private readonly rng: Prng;
  private readonly kinds: readonly VenueFaultKind[];

  constructor(
    private readonly options: RandomVenueFaultOptions,
    defaultSeed: number,
    private readonly symbols: readonly string[],
    allowed: readonly VenueFaultKind[] = VENUE_FAULT_KINDS,
  ) {
    if (!Number.isInteger(options.everyTicks) || options.everyTicks < 1) {
      throw new ExchangeSimError('invalid-option', 'randomFaults.everyTicks must be an integer >= 1');
    }
    const kinds = options.kinds ?? RANDOM_VENUE_FAULT_KINDS;
    if (kinds.length === 0 || kinds.some((k) => !allowed.includes(k))) {
      throw new ExchangeSimError('invalid-option', 'randomFaults.kinds must be a non-empty list of fault kinds');
    }
    this.kinds = kinds;
    this.rng = new Prng(options.seed ?? defaultSeed);
  }

  /** The fault due after round number `round` (1-based), if any. */
  onRound(round: number): VenueFault | undefined {
    if (round % this.options.everyTicks !== 0) return undefined;
    const kind = this.rng.pick(this.kinds);
    const fault: VenueFault = { kind };
    if (COUNTED.has(kind) || kind === 'stall' || kind === 'quiet' || kind === 'service-restart') fault.symbol = this.rng.pick(this.symbols);
    return fault;
  }
}
