import type { BookView } from '@lob/core';

/** Resolves once `ready()` holds, polling; the ceiling only keeps a broken test from hanging on a loaded machine. */
export async function until(ready: () => boolean, what: string, ceilingMs = 15_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`never reached: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Total resyncs of a book, any cause. */
export function resyncCount(view: BookView): number {
  return Object.values(view.stats.resyncs).reduce((sum, n) => sum + (n ?? 0), 0);
}

/**
 * Ticks a simulator (one round of traffic) until `ready()` holds: for states that need traffic to show, such as the
 * end of a stall, which only the next push after it reveals. A round every 20 ms keeps the books small.
 */
export async function tickUntil(sim: { tick(rounds: number): void }, ready: () => boolean, what: string, ceilingMs = 15_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  let lastTick = 0;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`never reached: ${what}`);
    if (Date.now() - lastTick >= 20) {
      sim.tick(1);
      lastTick = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
