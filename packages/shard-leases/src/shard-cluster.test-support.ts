import { ShardLeases, type ShardLeasesOptions } from './shard-leases.js';
import { symbolId, type ShardSymbol } from './shard-symbol.js';

/** Polls a condition until it holds; throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Instances in one process, with a record of who holds what as their callbacks say: `doubles` lists every moment a
 * symbol was acquired while another instance still held it (must stay empty).
 */
export class ShardCluster {
  readonly instances = new Map<string, ShardLeases>();
  readonly holders = new Map<string, Set<string>>();
  readonly doubles: string[] = [];
  readonly errors: unknown[] = [];

  constructor(
    private readonly base: Omit<ShardLeasesOptions, 'instanceId' | 'acquired' | 'released'>,
  ) {}

  /** Starts an instance named `id`. */
  async add(id: string, symbols?: readonly ShardSymbol[]): Promise<ShardLeases> {
    const leases = new ShardLeases({
      ...this.base,
      ...(symbols === undefined ? {} : { symbols }),
      instanceId: id,
      acquired: (list) => {
        for (const s of list) {
          const set = this.holders.get(symbolId(s)) ?? new Set<string>();
          if (set.size > 0) this.doubles.push(`${symbolId(s)} acquired by ${id} while held by ${[...set].join(',')}`);
          set.add(id);
          this.holders.set(symbolId(s), set);
        }
      },
      released: (list) => {
        for (const s of list) this.holders.get(symbolId(s))?.delete(id);
      },
      onError: (error) => this.errors.push(error),
    });
    this.instances.set(id, leases);
    await leases.start();
    return leases;
  }

  /** Ends an instance as a crash would: its holdings vanish with it, nothing is released. */
  async crash(id: string): Promise<void> {
    await this.instances.get(id)?.abandon();
    this.instances.delete(id);
    for (const set of this.holders.values()) set.delete(id);
  }

  /** Stops an instance the orderly way. */
  async stop(id: string): Promise<void> {
    await this.instances.get(id)?.stop();
    this.instances.delete(id);
  }

  /** How many symbols each instance holds, by its own account. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.instances].map(([id, leases]) => [id, leases.heldSymbols().length]));
  }

  /** Whether each of `symbols` is held by exactly one running instance (by the callbacks and by the instances). */
  eachHeldOnce(symbols: readonly ShardSymbol[]): boolean {
    const byInstances = [...this.instances.values()].flatMap((l) => l.heldSymbols().map(symbolId));
    return symbols.every((s) => this.holders.get(symbolId(s))?.size === 1 && byInstances.filter((id) => id === symbolId(s)).length === 1);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.instances.keys()].map((id) => this.stop(id)));
  }
}
