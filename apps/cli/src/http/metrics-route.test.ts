import { describe, expect, it } from '@jest/globals';
import { FakeSource, fakeBook } from '../fake-source.test-support.js';
import { createMetrics } from '../metrics/metrics.js';
import { renderInSlices } from './metrics-route.js';

describe('/metrics rendering', () => {
  const books = Array.from({ length: 5000 }, (_, i) => fakeBook('binance-spot', `S${i}USDT`, { bids: [['1.5', '2']], asks: [['2.5', '1']], lastUpdateId: i }));
  const metrics = createMetrics([new FakeSource('binance-spot', books)], { processMetrics: false, now: () => 1_000 });

  it('writes what prom-client writes', async () => {
    expect(await renderInSlices(metrics.registry)).toBe(await metrics.registry.metrics());
  });

  it('lets the event loop run while it walks the books, so the feeds are not held back', async () => {
    const order: string[] = [];
    const rendering = renderInSlices(metrics.registry).then(() => order.push('rendered'));
    // Work that arrives as the scrape starts (a frame, an update) runs before the scrape of 5 000 books is over.
    setImmediate(() => order.push('feed'));
    await rendering;
    expect(order).toEqual(['feed', 'rendered']);
  });
});

describe("Node's own metrics", () => {
  it('carry one lob_ prefix: lob_process_cpu_seconds_total, not lob_process_process_...', async () => {
    const metrics = createMetrics([new FakeSource('binance-spot', [])]);
    const names = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toContain('lob_process_cpu_seconds_total');
    expect(names).toContain('lob_nodejs_heap_size_used_bytes');
    expect(names.filter((n) => n.startsWith('lob_process_process_'))).toEqual([]);
  });
});
