import { afterEach, describe, expect, it, vi } from 'vitest';
import { installShutdown } from './shutdown.js';

afterEach(() => {
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  vi.useRealTimers();
});

describe('shutdown on signals', () => {
  it('closes everything once and exits 0 when closing is done', async () => {
    const exit = vi.fn();
    const close = vi.fn(async () => undefined);
    installShutdown({ close, exit });
    process.emit('SIGTERM');
    process.emit('SIGTERM' as never); // a repeat while closing exits at once
    expect(close).toHaveBeenCalledTimes(1);
    expect(close).toHaveBeenCalledWith('SIGTERM');
    expect(exit).toHaveBeenNthCalledWith(1, 143);
  });

  it('exits 0 once close resolves, and exits at once with 130 on a second SIGINT', async () => {
    const exit = vi.fn();
    let finish = (): void => undefined;
    installShutdown({ close: () => new Promise<void>((resolve) => (finish = resolve)), exit });
    process.emit('SIGINT');
    expect(exit).not.toHaveBeenCalled();
    finish();
    await new Promise((r) => setImmediate(r));
    expect(exit).toHaveBeenCalledWith(0);
    exit.mockClear();
    process.emit('SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
  });

  it('exits 0 anyway when closing hangs past the grace period', () => {
    vi.useFakeTimers();
    const exit = vi.fn();
    const onSlow = vi.fn();
    installShutdown({ close: () => new Promise<void>(() => undefined), exit, onSlow, graceMs: 1800 });
    process.emit('SIGINT');
    vi.advanceTimersByTime(1799);
    expect(exit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onSlow).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
  });
});
