/**
 * A small deterministic PRNG (mulberry32). Math.random cannot be seeded, and the traffic must be
 * reproducible from a seed on every platform, so every random choice of the simulator goes through this.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Number of failures before the first success of a Bernoulli(p) trial (mean (1-p)/p), capped at 10000. */
  geometric(p: number): number {
    const u = this.next();
    return Math.min(10_000, Math.floor(Math.log(1 - u) / Math.log(1 - p)));
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}

/** Derives an independent 32-bit seed from a seed and a label (FNV-1a), so each symbol gets its own stream. */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // One mulberry step spreads neighbouring seeds apart.
  return Math.floor(new Prng(h).next() * 4294967296) >>> 0;
}
