const gcFunction = (globalThis as { gc?: () => void }).gc;

/** True when the process runs with --expose-gc (memory figures need it). */
export const canCollect = gcFunction !== undefined;

/** A full, blocking garbage collection when exposed; otherwise nothing. */
export function collect(): void {
  gcFunction?.();
}
