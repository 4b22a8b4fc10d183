import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BinanceSimError } from '../market/errors.js';
import { FaultState, normalizeFault, RandomFaultSchedule } from './faults.js';
import { GeneratedMarket } from './generated-market.js';
import { isSimMarket, marketRules, type MarketRules } from './market-rules.js';
import { deriveSeed } from '../market/prng.js';
import { ReplayMarket } from './replay.js';
import { RestServer, type RestCounters } from './rest-server.js';
import { SimClock } from '../market/sim-clock.js';
import { SHUTDOWN_LOOP_CLOSE_MS, StreamServer } from './stream-server.js';
import { buildSymbolSpec } from '../market/symbol-spec.js';
import { readTimeline } from './timeline.js';
import type { BinanceSimOptions, BinanceSimStats, Fault, SimMarket, SimSymbolOptions, TrueBook } from './types.js';
import { WeightLimiter } from './weight-limiter.js';

interface Counters extends RestCounters {
  connections: number;
  framesSent: number;
  pingsSent: number;
  pingsReceived: number;
  faultsInjected: Record<string, number>;
}

interface Parts {
  market: SimMarket;
  server: Server;
  source: GeneratedMarket | ReplayMarket;
  streams: StreamServer;
  rest: RestServer;
  faults: FaultState;
  limiter: WeightLimiter;
  clock: SimClock;
  counters: Counters;
  symbols: readonly string[];
  autoTick: boolean;
  tickIntervalMs: number;
  schedule: RandomFaultSchedule | undefined;
}

const DEFAULT_TICK_MS = 100;
const DEFAULT_PING_MS = 20_000;
const DEFAULT_SEED = 1;

function invalid(message: string): BinanceSimError {
  return new BinanceSimError('invalid-option', message);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw invalid(`${name} must be a positive number`);
  return v;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (cause: Error) => reject(new BinanceSimError('listen-failed', `cannot listen on ${host}:${port}`, { cause }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** What exchangeInfo lists: the served symbols, then the merely listed ones not among them. */
function listing(served: readonly string[], listed: readonly string[] | undefined): string[] {
  if (listed !== undefined && (!Array.isArray(listed) || !listed.every((s) => typeof s === 'string' && /^[A-Z0-9_]{2,30}$/.test(s)))) {
    throw invalid('listedSymbols must be a list of uppercase symbols');
  }
  return [...new Set([...served, ...(listed ?? [])])];
}

/** Chooses the replay market: the option if given (it must agree with the file's name), else the file's name. */
function replayMarket(option: SimMarket | undefined, fromName: SimMarket | undefined): SimMarket {
  if (option !== undefined && fromName !== undefined && option !== fromName) {
    throw invalid(`the recording is a ${fromName} session, not ${option}`);
  }
  return option ?? fromName ?? 'spot';
}

/**
 * A local Binance market-data exchange: REST depth snapshots and WebSocket diff streams over one loopback
 * port, backed by a seeded true book (or a real recording), with faults on command or on a seeded schedule.
 */
export class BinanceSim {
  /** Base REST URL, e.g. http://127.0.0.1:PORT (clients append /api/v3/depth...). */
  readonly restUrl: string;
  /** Base WebSocket URL, e.g. ws://127.0.0.1:PORT (clients append /ws/..., /stream?streams=...). */
  readonly wsUrl: string;
  readonly market: SimMarket;
  private readonly parts: Parts;
  private readonly listeners: ((fault: Fault) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private rounds = 0;
  private closing: Promise<void> | undefined;

  private constructor(parts: Parts) {
    this.parts = parts;
    this.market = parts.market;
    const { port } = parts.server.address() as AddressInfo;
    this.restUrl = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}`;
    this.startTimer();
  }

  /** Starts a simulator listening on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: BinanceSimOptions = {}): Promise<BinanceSim> {
    if (typeof options !== 'object' || options === null) throw invalid('options must be an object');
    const host: string = options.host ?? '127.0.0.1';
    if (host !== '127.0.0.1') {
      throw new BinanceSimError('non-loopback-host', `the simulator binds to 127.0.0.1 only (got ${String(host)})`);
    }
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw invalid('port must be an integer in 0..65535');
    if (options.market !== undefined && !isSimMarket(options.market)) throw invalid(`unknown market ${String(options.market)}`);
    const seed = options.seed ?? DEFAULT_SEED;
    if (!Number.isFinite(seed)) throw invalid('seed must be a finite number');
    const tickIntervalMs = positive(options.tickIntervalMs, DEFAULT_TICK_MS, 'tickIntervalMs');
    const pingIntervalMs = positive(options.pingIntervalMs, DEFAULT_PING_MS, 'pingIntervalMs');

    let market: SimMarket;
    let rules: MarketRules;
    let symbols: string[];
    let source: GeneratedMarket | ReplayMarket;
    let faultState: FaultState;
    if (options.replay) {
      if (options.symbols) throw invalid('replay and symbols cannot be combined');
      if (options.randomFaults) throw invalid('randomFaults need generated traffic, not a replay');
      const timeline = readTimeline(options.replay.timeline);
      market = replayMarket(options.market, timeline.marketFromName);
      rules = marketRules(market);
      symbols = [timeline.symbol];
      faultState = new FaultState(symbols);
      source = new ReplayMarket(timeline, rules.futures, faultState);
    } else {
      market = options.market ?? 'spot';
      rules = marketRules(market);
      const symbolOptions: SimSymbolOptions[] = options.symbols ?? rules.defaultSymbols.map((symbol) => ({ symbol }));
      if (!Array.isArray(symbolOptions) || symbolOptions.length === 0) throw invalid('symbols must be a non-empty list');
      const specs = symbolOptions.map((s) => ({
        spec: buildSymbolSpec(s, rules),
        seed: s.seed ?? deriveSeed(seed, s.symbol),
      }));
      symbols = specs.map((s) => s.spec.symbol);
      if (new Set(symbols).size !== symbols.length) throw invalid('symbols must be distinct');
      faultState = new FaultState(symbols);
      source = new GeneratedMarket(rules, specs, faultState);
    }
    const weightLimit = positive(options.weightLimitPerMinute, rules.defaultWeightLimit, 'weightLimitPerMinute');
    const listedSymbols = listing(symbols, options.listedSymbols);
    const schedule = options.randomFaults
      ? new RandomFaultSchedule(options.randomFaults, deriveSeed(seed, 'faults'), symbols)
      : undefined;

    const counters: Counters = {
      snapshotRequests: 0,
      snapshotRequestsBySymbol: {},
      requestsInRetryAfterWindow: 0,
      rateLimited429: 0,
      banned418: 0,
      connections: 0,
      framesSent: 0,
      pingsSent: 0,
      pingsReceived: 0,
      faultsInjected: {},
    };
    const clockOffsetMs = options.clockOffsetMs ?? 0;
    if (typeof clockOffsetMs !== 'number' || !Number.isFinite(clockOffsetMs)) throw invalid('clockOffsetMs must be a finite number');
    const clock = new SimClock(clockOffsetMs);
    const limiter = new WeightLimiter(weightLimit);
    const streams = new StreamServer({
      rules,
      symbols,
      pingIntervalMs,
      hooks: {
        onSubscribe: (conn, ref) => source.onSubscribe(conn, ref),
        onUnsubscribe: (conn) => {
          if (source instanceof ReplayMarket) source.onUnsubscribe(conn);
        },
        onClose: (conn) => {
          if (source instanceof ReplayMarket) source.onClose(conn);
        },
        silent: () => faultState.silent(Date.now()),
        shutdownLoop: () => faultState.shutdownLoop(Date.now()),
        countFrame: () => {
          counters.framesSent += 1;
        },
        countPing: () => {
          counters.pingsSent += 1;
        },
        countPingReceived: () => {
          counters.pingsReceived += 1;
        },
        countConnection: () => {
          counters.connections += 1;
        },
      },
    });
    if (source instanceof GeneratedMarket) source.attach(streams);
    const rest = new RestServer({ rules, limiter, faults: faultState, source, counters, listedSymbols, now: () => clock.now() });
    const server = createServer((req, res) => rest.handle(req, res));
    server.on('upgrade', (req, socket, head: Buffer) => streams.handleUpgrade(req, socket, head));
    try {
      await listen(server, port, host);
    } catch (err) {
      streams.close();
      throw err;
    }
    return new BinanceSim({
      market,
      server,
      source,
      streams,
      rest,
      faults: faultState,
      limiter,
      clock,
      counters,
      symbols,
      autoTick: options.autoTick ?? true,
      tickIntervalMs,
      schedule,
    });
  }

  /** The symbols served, uppercase. */
  symbols(): string[] {
    return [...this.parts.symbols];
  }

  /** The true book right now, every level (replay: the book after the whole recording). */
  book(symbol: string): TrueBook {
    return this.parts.source.book(symbol);
  }

  /** Final update id of the true book (replay: of the recording). */
  lastUpdateId(symbol: string): number {
    return this.parts.source.lastUpdateId(symbol);
  }

  /** Generates and sends `n` rounds synchronously, one event per symbol per round. */
  tick(n = 1): void {
    const { source, schedule } = this.parts;
    if (this.closing) throw new BinanceSimError('closed', 'the simulator is closed');
    if (!(source instanceof GeneratedMarket)) throw new BinanceSimError('replay-mode', 'tick() needs generated traffic');
    if (!Number.isInteger(n) || n < 0) throw invalid('tick(n) needs an integer n >= 0');
    for (let i = 0; i < n; i++) {
      source.round();
      this.rounds += 1;
      const fault = schedule?.onRound(this.rounds);
      if (fault) this.inject(fault);
    }
  }

  /** Stops the auto-tick timer (replay: holds the frames). */
  pause(): void {
    this.paused = true;
    this.stopTimer();
    if (this.parts.source instanceof ReplayMarket) this.parts.source.pause();
  }

  /** Restarts the auto-tick timer (replay: lets the frames go on). */
  resume(): void {
    this.paused = false;
    this.startTimer();
    if (this.parts.source instanceof ReplayMarket) this.parts.source.resume();
  }

  /**
   * Fires a fault now: disconnect, server-shutdown, zombie and garbage act at once on the open connections, a
   * shutdown-loop starts with every open connection and goes on with each new one, the others arm for the next
   * event or request (or, for silence and quiet, for a while).
   */
  inject(fault: Fault): void {
    if (this.closing) throw new BinanceSimError('closed', 'the simulator is closed');
    const { parts } = this;
    const armed = normalizeFault(fault, parts.symbols, parts.source instanceof ReplayMarket);
    parts.counters.faultsInjected[armed.kind] = (parts.counters.faultsInjected[armed.kind] ?? 0) + 1;
    if (armed.kind === 'disconnect') parts.streams.terminateAll();
    else if (armed.kind === 'server-shutdown') parts.streams.shutdownAll(armed.durationMs);
    else if (armed.kind === 'zombie') parts.streams.zombifyAll();
    else if (armed.kind === 'garbage') parts.streams.sendGarbageAll(armed.count);
    else {
      parts.faults.arm(armed, Date.now());
      if (armed.kind === 'shutdown-loop') parts.streams.shutdownAll(SHUTDOWN_LOOP_CLOSE_MS);
    }
    const told: Fault = { kind: armed.kind, durationMs: armed.durationMs, count: armed.count };
    if (armed.symbol !== undefined) told.symbol = armed.symbol;
    for (const listener of this.listeners) listener(told);
  }

  /** The simulator's clock (ms since the epoch): what dates REST answers and decides their weight minute. */
  now(): number {
    return this.parts.clock.now();
  }

  /** Sets how far the simulator's clock runs ahead of the machine's (ms; negative: behind). */
  setClockOffset(ms: number): void {
    if (!Number.isFinite(ms)) throw invalid('the clock offset must be a finite number');
    this.parts.clock.setOffset(ms);
  }

  /** Moves the simulator's clock so its current weight minute ends `ms` from now (0 < ms <= 60 000); returns the offset. */
  moveClockToMinuteEnd(ms: number): number {
    if (!(ms > 0 && ms <= 60_000)) throw invalid('moveClockToMinuteEnd(ms) needs 0 < ms <= 60000');
    return this.parts.clock.moveToMinuteEnd(ms);
  }

  /** Counts `weight` in the current minute as another client on the same IP would, without a request. */
  useWeight(weight: number): void {
    if (!Number.isInteger(weight) || weight < 0) throw invalid('useWeight(weight) needs an integer >= 0');
    this.parts.limiter.add(weight, this.parts.clock.now());
  }

  /** What the simulator counted so far. */
  stats(): BinanceSimStats {
    const { counters, limiter, clock } = this.parts;
    return {
      snapshotRequests: counters.snapshotRequests,
      snapshotRequestsBySymbol: { ...counters.snapshotRequestsBySymbol },
      usedWeight: limiter.used(clock.now()),
      maxUsedWeightInWindow: limiter.maxUsed,
      requestsInRetryAfterWindow: counters.requestsInRetryAfterWindow,
      rateLimited429: counters.rateLimited429,
      banned418: counters.banned418,
      connections: counters.connections,
      framesSent: counters.framesSent,
      pingsSent: counters.pingsSent,
      pingsReceived: counters.pingsReceived,
      faultsInjected: { ...counters.faultsInjected },
    };
  }

  /** Registers a listener told of every fault as it is injected (commanded or random). */
  onFault(listener: (f: Fault) => void): void {
    this.listeners.push(listener);
  }

  /** Replay mode: resolves once every recorded frame went out to a client (rejects if closed first). */
  replayDone(): Promise<void> {
    const { source } = this.parts;
    if (!(source instanceof ReplayMarket)) {
      return Promise.reject(new BinanceSimError('not-replay-mode', 'replayDone() needs replay mode'));
    }
    return source.done;
  }

  /** Closes sockets, server and timers so the process can exit. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const { server, streams, rest, source } = this.parts;
    this.stopTimer();
    if (source instanceof ReplayMarket) source.close();
    streams.close();
    rest.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private startTimer(): void {
    const { autoTick, source, tickIntervalMs } = this.parts;
    if (!autoTick || this.paused || this.timer || this.closing || !(source instanceof GeneratedMarket)) return;
    this.timer = setInterval(() => this.tick(1), tickIntervalMs);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
