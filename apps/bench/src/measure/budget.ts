/** How long each part of a run may take. */
export interface Budget {
  /** tinybench time per task (ms). */
  readonly timeMs: number;
  /** tinybench minimum samples per task, even when one sample exceeds `timeMs`. */
  readonly minIterations: number;
  /** Longest warm-up replay before a task (it stops earlier after one whole cycle). */
  readonly warmupMs: number;
  /** How long memory books replay before they are weighed, so they are weighed aged. */
  readonly memoryReplayMs: number;
}

/** The full run: about a second per task, warm-ups of a whole cycle where that fits in three seconds. */
export const FULL_BUDGET: Budget = { timeMs: 1000, minIterations: 10, warmupMs: 3000, memoryReplayMs: 500 };

/** The CI smoke run: every task runs, briefly. */
export const QUICK_BUDGET: Budget = { timeMs: 20, minIterations: 2, warmupMs: 20, memoryReplayMs: 20 };
