import type { Contender } from '../contenders.js';
import type { MemoryResult } from '../report/types.js';
import { cycleOf, type Workload } from '../workloads/catalog.js';
import type { Budget } from './budget.js';
import { collect } from './gc.js';
import { replayStepper, warmUp } from './hot-loops.js';

// Enough levels in total that the heap difference dwarfs the noise of a few stray allocations.
const TARGET_LEVELS = 200_000;
const MAX_COPIES = 100;

/** The heap in use plus typed arrays' backing stores, which V8 keeps outside the heap (heapUsed does not count them). */
function weight(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * Retained heap per level: books loaded from the workload's start and aged by a replay, weighed after a full
 * GC against the heap before them. The levels' strings and arrays belong to the workload, which exists on
 * both sides of the difference, so the figure is what the structure itself costs.
 */
export function measureMemory(name: string, contender: Contender, workload: Workload, budget: Budget): MemoryResult {
  const { start, events } = cycleOf(workload);
  const perBook = start.bids.length + start.asks.length;
  const copies = Math.max(1, Math.min(MAX_COPIES, Math.round(TARGET_LEVELS / perBook)));
  collect();
  collect();
  const before = weight();
  const books = [];
  for (let k = 0; k < copies; k++) {
    const book = contender.create();
    book.reset(start.bids, start.asks);
    warmUp(replayStepper(book, events, false), budget.memoryReplayMs / copies);
    books.push(book);
  }
  collect();
  collect();
  const after = weight();
  // Counted after weighing, which also keeps every book alive through the GC above.
  let levels = 0;
  for (const book of books) levels += book.size('bid') + book.size('ask');
  return {
    name,
    workload: workload.name,
    contender: contender.id,
    depth: workload.depth,
    copies,
    levels,
    bytesPerLevel: (after - before) / levels,
  };
}
