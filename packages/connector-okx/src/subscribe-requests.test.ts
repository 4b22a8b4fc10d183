import { describe, expect, it } from '@jest/globals';
import { subscribeRequests } from './subscribe-requests.js';

describe('subscribe requests', () => {
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
});
