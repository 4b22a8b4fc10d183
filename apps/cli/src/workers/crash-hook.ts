/** A crash a test asks of a worker: which one, and how long after its first thread starts. */
export interface CrashHook {
  readonly worker: number;
  readonly afterMs: number;
}

/**
 * Reads the test hook `LOB_TEST_CRASH_WORKER=<worker>:<ms>` (e.g. `1:5000`): worker 1's first thread throws 5 s
 * after it starts, so an end-to-end test can see a real process restart it. Anything else: no hook.
 */
export function crashHook(text: string | undefined): CrashHook | undefined {
  const match = /^(\d+):(\d+)$/.exec(text ?? '');
  if (match === null) return undefined;
  return { worker: Number(match[1]), afterMs: Number(match[2]) };
}
