// The load generator, in a process of its own so it does not share the server's event loop: runs autocannon on
// one URL for a bounded time and sends its figures (reduced to CannonFigures) back over IPC.
import autocannon from 'autocannon';
import type { CannonFigures } from './load-stats.js';

const { url, paths, connections, durationSec, rate } = JSON.parse(process.argv[2] as string) as { url: string; paths: string[]; connections: number; durationSec: number; rate?: number };
process.send?.({ type: 'started' });
// Each connection goes through the paths in turn (every book, not one cached answer), over and over.
const requests = paths.map((path) => ({ method: 'GET' as const, path }));
// With a rate, the load is sustained at that many requests a second over all connections; without, a flood.
const result = await autocannon({ url, requests, connections, duration: durationSec, pipelining: 1, ...(rate === undefined ? {} : { overallRate: rate }) });
const statusCodes: Record<string, number> = {};
for (const [code, stats] of Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})) {
  statusCodes[code] = stats.count;
}
const figures: CannonFigures = {
  requests: result.requests.total,
  durationSec: result.duration,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  statusCodes,
  errors: result.errors + result.timeouts,
};
process.send?.({ type: 'done', figures }, () => process.exit(0));
