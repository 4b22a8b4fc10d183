import { describe, expect, it } from '@jest/globals';
import { alignColumns } from '../report/table.js';
import { apiLoadCells, apiLoadTitle } from './load-cells.js';
import { FRESHNESS_LIMIT, bestOfRounds, freshnessRatio, loadPasses, percentile, targetResult, type ApiLoadReport, type CannonFigures } from './load-stats.js';

const cannon = (statusCodes: Record<string, number>, errors = 0): CannonFigures => ({ requests: 1000, durationSec: 4, p50Ms: 1, p99Ms: 9, statusCodes, errors });

describe('API load figures', () => {
  it('takes percentiles by nearest rank, whatever the order of the samples', () => {
    const values = Array.from({ length: 200 }, (_, i) => 200 - i); // 200 … 1
    expect(percentile(values, 99)).toBe(198);
    expect(percentile(values, 50)).toBe(100);
    expect(percentile(values, 100)).toBe(200);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 99)).toBeNaN();
  });

  it('floors the idle freshness at the clock resolution before dividing by it', () => {
    expect(freshnessRatio(30, 10)).toBe(3);
    expect(freshnessRatio(3, 0)).toBe(1.5);
    expect(freshnessRatio(3, 1)).toBe(1.5);
  });

  it('counts only 2xx answers as served: 429s, shed 503s and other errors apart', () => {
    const idle = Array.from({ length: 100 }, () => 10);
    const loaded = [...Array.from({ length: 98 }, () => 12), 25, 40];
    const row = targetResult('GET /metrics', '/metrics', cannon({ '200': 600, '429': 380, '503': 20 }, 3), loaded, idle);
    expect(row).toMatchObject({ ok: 600, rateLimited: 380, shed: 20, otherErrors: 3, requestsPerSec: 150, freshnessP99Ms: 25, idleFreshnessP99Ms: 10, ratio: 2.5 });
  });

  it('passes only when every target was served and kept freshness within the limit', () => {
    const idle = [10];
    const fine = targetResult('a', '/a', cannon({ '200': 10 }), [20], idle);
    const slow = targetResult('b', '/b', cannon({ '200': 10 }), [21], idle);
    const refused = targetResult('c', '/c', cannon({ '429': 10 }), [10], idle);
    expect(loadPasses([fine])).toBe(true);
    expect(loadPasses([fine, slow])).toBe(false);
    expect(loadPasses([fine, refused])).toBe(false);
    // A flood is reported, not judged: the verdict is the sustained loads'.
    expect(loadPasses([fine, { ...slow, flood: true }])).toBe(true);
    expect(loadPasses([{ ...fine, flood: true }])).toBe(false);
    expect(loadPasses([])).toBe(false);
  });

  it('renders idle and each load side by side, marking a ratio over the limit', () => {
    const idle = [10];
    const targets = [
      { ...targetResult('GET /books/…?depth=20', '/x', cannon({ '200': 4000 }), [12], idle), idleLoopBusy: 0.2, loopBusy: 0.954 },
      targetResult('GET /metrics', '/metrics', cannon({ '200': 400 }), [35], idle),
    ];
    const report: ApiLoadReport = {
      books: 200,
      updatesPerSec: 2000,
      windowSec: 4,
      connections: 10,
      rounds: 1,
      idle: { freshnessP99Ms: 10, freshnessP50Ms: 2, samples: 8000 },
      targets,
      limit: FRESHNESS_LIMIT,
      pass: loadPasses(targets),
    };
    expect(alignColumns(apiLoadCells(report)).split('\n')).toEqual([
      'load                                 req/s  p50 ms  p99 ms   2xx  429  503 shed  errors  loop busy idle/loaded  freshness p99 idle ms  loaded ms  × idle',
      'idle (books streaming), all windows      -       -       -     -    -         -       -                      -                     10          -       -',
      'GET /books/…?depth=20                 1000     1.0     9.0  4000    0         0       0              20% / 95%                     10         12    1.20',
      'GET /metrics                           100     1.0     9.0   400    0         0       0                      -                     10         35  3.50 !',
    ]);
    expect(apiLoadTitle(report)).toMatch(/^API under load \(200 books, 2000 updates\/s, 10 connections, 4 s per window.*: FAIL, target freshness p99 ≤ 2× idle under the sustained loads \(floods shown beside\)$/);
  });

  it('keeps the round with the lowest loaded p99, against the lowest idle p99 of all rounds', () => {
    const round = (idle: number, loaded: number) => targetResult('t', '/t', cannon({ '200': 10 }), [loaded], [idle]);
    const best = bestOfRounds([round(10, 50), round(30, 40), round(20, 90)]);
    expect([best.freshnessP99Ms, best.idleFreshnessP99Ms, best.ratio]).toEqual([40, 10, 4]);
  });
});
