import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { installShutdown } from './shutdown.js';

afterEach(() => {
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  jest.useRealTimers();
});

describe('shutdown on signals', () => {
  it('closes everything once and exits 0 when closing is done', async () => {
    const exit = jest.fn();
    const close = jest.fn(async (_signal: string) => undefined);
    installShutdown({ close, exit });
    process.emit('SIGTERM');
    process.emit('SIGTERM' as never); // a repeat while closing exits at once
    expect(close).toHaveBeenCalledTimes(1);
    expect(close).toHaveBeenCalledWith('SIGTERM');
    expect(exit).toHaveBeenNthCalledWith(1, 143);
  });

  it('exits 0 once close resolves, and exits at once with 130 on a second SIGINT', async () => {
    const exit = jest.fn();
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
    jest.useFakeTimers();
    const exit = jest.fn();
    const onSlow = jest.fn();
    installShutdown({ close: () => new Promise<void>(() => undefined), exit, onSlow, graceMs: 1800 });
    process.emit('SIGINT');
    jest.advanceTimersByTime(1799);
    expect(exit).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(onSlow).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
  });
});
