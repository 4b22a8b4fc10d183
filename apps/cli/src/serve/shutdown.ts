/** How the process ends on a signal. */
export interface ShutdownOptions {
  /** Closes everything; the process exits 0 when it resolves. */
  readonly close: (why: string) => Promise<void>;
  /** Exit anyway after this long, so a stuck socket cannot hold the process (default 1800 ms, under the 2 s promise). */
  readonly graceMs?: number;
  readonly onSlow?: () => void;
  readonly exit?: (code: number) => void;
}

/**
 * SIGINT/SIGTERM close everything and exit 0; a second signal exits at once (130 for SIGINT, 143 for SIGTERM).
 * Returns the function that starts the same shutdown for other reasons (e.g. stdout closed by `| head`).
 */
export function installShutdown(options: ShutdownOptions): (why: string) => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => {
      options.onSlow?.();
      exit(0);
    }, options.graceMs ?? 1800);
    options.close(why).then(
      () => {
        clearTimeout(timer);
        exit(0);
      },
      () => {
        clearTimeout(timer);
        exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return exit(signal === 'SIGINT' ? 130 : 143);
      stop(signal);
    });
  }
  return stop;
}
