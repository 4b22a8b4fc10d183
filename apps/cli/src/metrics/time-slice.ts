/** Longest a scrape runs before it lets the event loop (the feeds' frames and updates) have a turn. */
export const SLICE_MS = 4;

let sliceStart = performance.now();

/**
 * Lets the event loop have a turn when the current slice of work has run SLICE_MS or more, else returns at once: a
 * long walk (a scrape of every book) calls it often and costs a few turns, not one per call, and never holds the
 * loop much past SLICE_MS.
 */
export async function yieldSlice(): Promise<void> {
  if (performance.now() - sliceStart < SLICE_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
  sliceStart = performance.now();
}
