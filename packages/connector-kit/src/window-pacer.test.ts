import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { WindowPacer } from './window-pacer.js';

// Time is the subject here, so it is faked.
beforeEach(() => void jest.useFakeTimers({ now: 0 }));
afterEach(() => void jest.useRealTimers());

describe('WindowPacer', () => {
  it('sends up to the limit at once, then one as each earlier one leaves the window, in order', () => {
    const pacer = new WindowPacer({ limit: 3, windowMs: 1000 });
    const sent: [number, number][] = [];
    for (let i = 0; i < 7; i++) pacer.enqueue(() => void sent.push([i, Date.now()]));
    expect(sent).toEqual([[0, 0], [1, 0], [2, 0]]);
    jest.advanceTimersByTime(999);
    expect(sent).toHaveLength(3);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([[0, 0], [1, 0], [2, 0], [3, 1000], [4, 1000], [5, 1000]]);
    jest.advanceTimersByTime(1000);
    expect(sent.at(-1)).toEqual([6, 2000]);
  });

  it('made paused, sends nothing before start, then paces as usual', () => {
    const pacer = new WindowPacer({ limit: 2, windowMs: 1000 }, { paused: true });
    const sent: string[] = [];
    pacer.enqueue(...['a', 'b', 'c'].map((t) => () => void sent.push(t)));
    expect(sent).toEqual([]);
    expect(pacer.waiting).toBe(3);
    pacer.start();
    expect(sent).toEqual(['a', 'b']);
    jest.advanceTimersByTime(1000);
    expect(sent).toEqual(['a', 'b', 'c']);
  });

  it('drops what waits when stopped', () => {
    const pacer = new WindowPacer({ limit: 1, windowMs: 1000 });
    const sent: number[] = [];
    pacer.enqueue(() => void sent.push(1));
    pacer.enqueue(() => void sent.push(2));
    pacer.stop();
    jest.advanceTimersByTime(5000);
    expect(sent).toEqual([1]);
  });
});
