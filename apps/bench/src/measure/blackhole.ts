/** Where timed functions put what they read, so the JIT cannot drop the read as dead code. */
export const blackhole: { a: unknown; b: unknown } = { a: undefined, b: undefined };
