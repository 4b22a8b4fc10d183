import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection, QueuedIterator } from '@nats-io/transport-node';
import { assignSymbols, type LiveInstance } from './assignment.js';
import { ShardError } from './errors.js';
import { instanceKey, leaseKey, parseSymbolId, symbolId, type ShardSymbol } from './shard-symbol.js';
import { DEFAULT_CHECK_INTERVAL_MS, DEFAULT_TTL_MS, failoverBoundMs, fenceAfterMs, validateTiming, type LeaseTiming } from './timing.js';

/** Why symbols were given up: another instance should hold them now, a renewal failed or came too late, or stop(). */
export type ReleaseReason = 'rebalanced' | 'lost' | 'stopped';

/** How an instance takes part in sharing symbols. */
export interface ShardLeasesOptions {
  /** `nats://host:port` URL(s): the leases get a connection of their own (closed by stop()). */
  servers?: string | readonly string[];
  /** Or an open connection to share (left open by stop()). */
  connection?: NatsConnection;
  /** Every symbol this instance can serve (all instances usually list the same). */
  symbols: readonly ShardSymbol[];
  /** This instance's id; default `<hostname>-<pid>-<random>`. */
  instanceId?: string;
  /** The key-value bucket; default `lob-shards`. */
  bucket?: string;
  /** Lease time to live (the bucket's max age); default 12 s. An existing bucket keeps its own. */
  ttlMs?: number;
  /** How often to heartbeat, renew and rebalance; default 3 s; at most a third of the ttl. */
  checkIntervalMs?: number;
  /** Symbols this instance now holds: start their books. */
  acquired?: (symbols: ShardSymbol[]) => void | Promise<void>;
  /** Symbols this instance gave up: stop their books (awaited before the leases are deleted). */
  released?: (symbols: ShardSymbol[], reason: ReleaseReason) => void | Promise<void>;
  /** A NATS operation failed (the leases retry on their own; this is for the log). */
  onError?: (error: unknown) => void;
}

interface HeldLease {
  readonly symbol: ShardSymbol;
  readonly key: string;
  revision: number;
  /** When the last renewal (or the claim) that succeeded was sent: the lease counts from there. */
  renewSentAt: number;
}

const now = (): number => performance.now();

async function collect(iterator: QueuedIterator<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

function entryJson(entry: KvEntry | null): Record<string, unknown> | undefined {
  if (entry === null || entry.operation !== 'PUT') return undefined;
  try {
    const parsed: unknown = JSON.parse(entry.string());
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Shares symbols between instances through leases in a JetStream key-value bucket. Each instance heartbeats
 * `instances.<id>`, reads the live set, computes who holds what (rendezvous hashing with bounded loads, the same
 * everywhere), claims its symbols' leases `leases.<venue>.<symbol>` with `create` (fails while another holds one),
 * renews them with `update` on their revision, and releases (stops, then deletes) those the live set now gives to
 * another. Keys expire after the ttl, so a dead instance's symbols are claimed elsewhere within
 * `ttl + checkInterval` (failoverBoundMs); an instance that cannot renew stops serving after `ttl - checkInterval`
 * (fenceAfterMs), before its leases can expire, so no symbol is held twice.
 */
export class ShardLeases {
  readonly instanceId: string;
  private readonly options: ShardLeasesOptions;
  private readonly bucket: string;
  private timing: LeaseTiming;
  private connection: NatsConnection | undefined;
  private kv: KV | undefined;
  private readonly held = new Map<string, HeldLease>();
  private live: string[] = [];
  private stopped = false;
  private started = false;
  private tickTimer: NodeJS.Timeout | undefined;
  private fenceTimer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private tickAgain = false;
  private events: Promise<void> = Promise.resolve();
  private readonly watchers: QueuedIterator<unknown>[] = [];
  /** Settles once both watches are open (or failed): the connection must not close under one being opened. */
  private watchesOpening: Promise<void> = Promise.resolve();

  constructor(options: ShardLeasesOptions) {
    if ((options.servers === undefined) === (options.connection === undefined)) {
      throw new ShardError('bad-options', 'shard leases need either a NATS URL (servers) or a connection, not both');
    }
    this.options = options;
    this.instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.bucket = options.bucket ?? 'lob-shards';
    this.timing = validateTiming({ ttlMs: options.ttlMs ?? DEFAULT_TTL_MS, checkIntervalMs: options.checkIntervalMs ?? DEFAULT_CHECK_INTERVAL_MS });
  }

  /** The time to live and check interval in force (an existing bucket's ttl wins over the option). */
  get leaseTiming(): LeaseTiming {
    return this.timing;
  }

  /** How long after an instance dies its symbols are claimed elsewhere, at most (resync not included). */
  get failoverBoundMs(): number {
    return failoverBoundMs(this.timing);
  }

  /** The symbols this instance holds now. */
  heldSymbols(): ShardSymbol[] {
    return [...this.held.values()].map((h) => h.symbol);
  }

  /** The instance ids seen alive at the last check (this one included). */
  liveInstances(): string[] {
    return [...this.live];
  }

  /** Connects, opens (or creates) the bucket, takes part once (heartbeat, claims), then keeps doing so every check interval. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const timeoutMs = Math.max(1_000, Math.min(this.timing.checkIntervalMs, 5_000));
    if (this.options.connection !== undefined) {
      this.connection = this.options.connection;
    } else {
      try {
        this.connection = await connect({
          servers: typeof this.options.servers === 'string' ? this.options.servers : [...(this.options.servers ?? [])],
          name: `lob-shards-${this.instanceId}`,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 250,
          timeout: timeoutMs,
        });
      } catch (error) {
        throw new ShardError('nats-unreachable', `cannot connect to NATS at ${String(this.options.servers)}: ${String(error)}`, { cause: error });
      }
    }
    try {
      this.kv = await new Kvm(jetstream(this.connection, { timeout: timeoutMs })).create(this.bucket, { ttl: this.timing.ttlMs, history: 1 });
      const ttlMs = (await this.kv.status()).ttl;
      if (ttlMs > 0 && ttlMs !== this.timing.ttlMs) {
        this.timing = { ttlMs, checkIntervalMs: Math.min(this.timing.checkIntervalMs, Math.floor(ttlMs / 3)) };
      }
    } catch (error) {
      if (this.options.connection === undefined) await this.connection.close().catch(() => undefined);
      throw new ShardError('bucket-unavailable', `cannot open the JetStream key-value bucket ${this.bucket} (is JetStream on? nats-server -js): ${String(error)}`, { cause: error });
    }
    await this.runTick();
    this.fenceTimer = setInterval(() => this.fence(), Math.max(25, Math.min(500, this.timing.checkIntervalMs / 4)));
    this.fenceTimer.unref();
    this.watchesOpening = Promise.allSettled([this.watch('instances.>'), this.watch('leases.>')]).then(() => undefined);
  }

  /** Stops taking part: gives up every lease (the released callback first, then deletes), removes the heartbeat. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.watchesOpening;
    this.stopTimers();
    await this.ticking;
    const all = [...this.held.values()];
    this.held.clear();
    if (all.length > 0) await this.emit(() => this.options.released?.(all.map((h) => h.symbol), 'stopped'));
    const kv = this.kv;
    if (kv !== undefined) {
      await Promise.allSettled(all.map((h) => kv.delete(h.key, { previousSeq: h.revision })));
      await kv.delete(instanceKey(this.instanceId)).catch(() => undefined);
    }
    if (this.options.connection === undefined) await this.connection?.close().catch(() => undefined);
  }

  /** Goes away without a word, as a crash would: no release, no delete, connection closed (for tests). */
  async abandon(): Promise<void> {
    this.stopped = true;
    await this.watchesOpening;
    this.stopTimers();
    if (this.options.connection === undefined) await this.connection?.close().catch(() => undefined);
    await this.ticking?.catch(() => undefined);
  }

  private stopTimers(): void {
    clearTimeout(this.tickTimer);
    clearInterval(this.fenceTimer);
    for (const watcher of this.watchers) watcher.stop();
  }

  /** Runs callbacks one after another, in the order the events happened. */
  private emit(callback: () => void | Promise<void>): Promise<void> {
    this.events = this.events.then(callback).catch((error: unknown) => this.options.onError?.(error));
    return this.events;
  }

  private report(error: unknown): void {
    if (!this.stopped) this.options.onError?.(error);
  }

  /** A join, a leave or a released lease shows up here at once, so the next check need not wait its interval. */
  private async watch(prefix: string): Promise<void> {
    const kv = this.kv;
    if (kv === undefined || this.stopped) return;
    let watcher: Awaited<ReturnType<KV['watch']>>;
    try {
      watcher = await kv.watch({ key: prefix, include: 'updates' });
    } catch (error) {
      return this.report(error);
    }
    if (this.stopped) return watcher.stop(); // stopped while the watch was being opened
    this.watchers.push(watcher);
    void (async () => {
      try {
        for await (const entry of watcher) {
          const joined = entry.operation === 'PUT' && entry.key.startsWith('instances.') && !this.live.some((id) => instanceKey(id) === entry.key);
          if (entry.operation !== 'PUT' || joined) this.requestTick();
        }
      } catch (error) {
        this.report(error);
      }
    })();
  }

  private requestTick(): void {
    if (this.stopped) return;
    if (this.ticking !== undefined) {
      this.tickAgain = true;
      return;
    }
    clearTimeout(this.tickTimer);
    this.tickTimer = setTimeout(() => void this.runTick(), 20);
  }

  private async runTick(): Promise<void> {
    if (this.stopped || this.ticking !== undefined) return;
    const startedAt = now();
    this.ticking = this.tick().catch((error: unknown) => this.report(error));
    await this.ticking;
    this.ticking = undefined;
    if (this.stopped) return;
    const delay = this.tickAgain ? 20 : Math.max(0, this.timing.checkIntervalMs - (now() - startedAt));
    this.tickAgain = false;
    clearTimeout(this.tickTimer);
    this.tickTimer = setTimeout(() => void this.runTick(), delay);
  }

  /** Leases not renewed in time are given up here, whatever the check is waiting for. */
  private fence(): void {
    const deadline = now() - fenceAfterMs(this.timing);
    const lost = [...this.held.values()].filter((h) => h.renewSentAt < deadline);
    if (lost.length === 0 || this.stopped) return;
    for (const h of lost) this.held.delete(symbolId(h.symbol));
    void this.emit(() => this.options.released?.(lost.map((h) => h.symbol), 'lost'));
  }

  private leaseValue(): string {
    return JSON.stringify({ instance: this.instanceId });
  }

  /** One check: renew, heartbeat, read the live set, release what is no longer ours, claim what is. */
  private async tick(): Promise<void> {
    const kv = this.kv;
    if (kv === undefined) return;
    await this.renew(kv);
    if (this.stopped) return;
    // The heartbeat goes after the renewals: it then expires last, so when others see this instance gone its
    // leases have expired too and they claim them in the same check.
    await kv.put(instanceKey(this.instanceId), JSON.stringify({ id: this.instanceId, symbols: this.options.symbols.map(symbolId) }));
    const live = await this.readLive(kv);
    if (this.stopped) return;
    this.live = live.map((i) => i.id).sort();
    const mine = new Set(assignSymbols(live).get(this.instanceId) ?? []);
    await this.release(kv, [...this.held.values()].filter((h) => !mine.has(symbolId(h.symbol))));
    await this.claim(kv, [...mine].filter((id) => !this.held.has(id)));
  }

  private async renew(kv: KV): Promise<void> {
    const lost: HeldLease[] = [];
    const value = this.leaseValue();
    await Promise.all(
      [...this.held.values()].map(async (h) => {
        const sentAt = now();
        try {
          const revision = await kv.update(h.key, value, h.revision);
          if (this.held.get(symbolId(h.symbol)) === h) {
            h.revision = revision;
            h.renewSentAt = sentAt;
          }
        } catch (error) {
          const current = await kv.get(h.key).catch(() => undefined);
          if (current === undefined) return this.report(error); // NATS unreachable: the fence decides
          if (this.held.get(symbolId(h.symbol)) !== h) return;
          if (entryJson(current)?.['instance'] === this.instanceId && current !== null) h.revision = current.revision;
          else lost.push(h);
        }
      }),
    );
    if (lost.length === 0) return;
    for (const h of lost) this.held.delete(symbolId(h.symbol));
    await this.emit(() => this.options.released?.(lost.map((h) => h.symbol), 'lost'));
  }

  private async readLive(kv: KV): Promise<LiveInstance[]> {
    const keys = await collect(await kv.keys('instances.>'));
    const entries = await Promise.all(keys.map((key) => kv.get(key)));
    const live: LiveInstance[] = [];
    for (const entry of entries) {
      const value = entryJson(entry);
      const id = value?.['id'];
      const symbols = value?.['symbols'];
      if (typeof id === 'string' && Array.isArray(symbols)) live.push({ id, symbols: symbols.filter((s): s is string => typeof s === 'string') });
    }
    return live;
  }

  private async release(kv: KV, leases: HeldLease[]): Promise<void> {
    if (leases.length === 0) return;
    for (const h of leases) this.held.delete(symbolId(h.symbol));
    // Stop serving first, then free the lease: the next owner cannot claim it before this instance let go.
    await this.emit(() => this.options.released?.(leases.map((h) => h.symbol), 'rebalanced'));
    await Promise.all(leases.map((h) => kv.delete(h.key, { previousSeq: h.revision }).catch((error: unknown) => this.report(error))));
  }

  private async claim(kv: KV, ids: string[]): Promise<void> {
    const value = this.leaseValue();
    const claimed: HeldLease[] = [];
    await Promise.all(
      ids.map(async (id) => {
        const symbol = parseSymbolId(id);
        const key = leaseKey(symbol);
        const sentAt = now();
        try {
          claimed.push({ symbol, key, revision: await kv.create(key, value), renewSentAt: sentAt });
        } catch {
          // Held by another (it lets go, or its lease expires) or not reachable: try again at the next check. A lease
          // already ours (a claim whose answer was lost) is taken back as it is.
          const current = await kv.get(key).catch(() => null);
          if (current !== null && entryJson(current)?.['instance'] === this.instanceId) {
            claimed.push({ symbol, key, revision: current.revision, renewSentAt: sentAt });
          }
        }
      }),
    );
    if (this.stopped) {
      await Promise.allSettled(claimed.map((h) => kv.delete(h.key, { previousSeq: h.revision })));
      return;
    }
    for (const h of claimed) this.held.set(symbolId(h.symbol), h);
    if (claimed.length > 0) void this.emit(() => this.options.acquired?.(claimed.map((h) => h.symbol)));
  }
}
