import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { RequestPacer } from './request-pacer.js';
import { subscribeRequests } from './subscribe-requests.js';

afterEach(() => {
  jest.useRealTimers();
});

describe('subscribe requests and their pacing', () => {
  it('fills each request up to the byte limit and no further', () => {
    const instIds = Array.from({ length: 50 }, (_, i) => `C${i}-USDT`);
    const requests = subscribeRequests('subscribe', 'books', instIds, 300);
    expect(requests.length).toBeGreaterThan(1);
    for (const [i, text] of requests.entries()) {
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(300);
      // Not one more argument would have fitted: the next request's first one.
      const next = requests[i + 1];
      if (next !== undefined) expect(Buffer.byteLength(text) + 1 + Buffer.byteLength(JSON.stringify((JSON.parse(next) as { args: unknown[] }).args[0]))).toBeGreaterThan(300);
    }
    expect(requests.flatMap((text) => (JSON.parse(text) as { args: { instId: string }[] }).args.map((a) => a.instId))).toEqual(instIds);
    expect(subscribeRequests('unsubscribe', 'books', [], 300)).toEqual([]);
  });

  it('sends nothing before start, then no more than the budget per window, in order', () => {
    jest.useFakeTimers();
    const sent: string[] = [];
    const pacer = new RequestPacer((text) => sent.push(text), { limit: 2, windowMs: 1_000 }, () => Date.now());
    pacer.enqueue(['a', 'b', 'c']);
    expect(sent).toEqual([]);
    pacer.start();
    expect(sent).toEqual(['a', 'b']);
    jest.advanceTimersByTime(999);
    expect(sent).toEqual(['a', 'b']);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual(['a', 'b', 'c']);
    pacer.enqueue(['d', 'e']);
    expect(sent).toEqual(['a', 'b', 'c', 'd']);
    pacer.stop();
    jest.advanceTimersByTime(5_000);
    expect(sent).toEqual(['a', 'b', 'c', 'd']);
  });
});
