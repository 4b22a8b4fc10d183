import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FAKE_ENVIRONMENT, FAKE_RUNS } from './fake-runs.test-support.js';
import { depthChartSpec } from './chart.js';
import { summarize } from './summarize.js';
import { markdownTable } from './markdown.js';
import { renderTable } from './table.js';
import { writeReport } from './write.js';

const report = summarize(FAKE_ENVIRONMENT, { quick: false, filter: undefined, json: false, rounds: 1 }, FAKE_RUNS);

describe('summarize', () => {
  it('ranks each group fastest first, relative to the fastest', () => {
    const group = report.groups.find((g) => g.workload === 'spot' && g.measure === 'replay+best');
    expect(group?.rows.map((r) => r.contender)).toEqual(['btree', 'rbtree', 'naive-btree']);
    expect(group?.rows.map((r) => r.relative)).toEqual([1, 1.5, 3]);
  });

  it('puts one JSON.parse floor row (the median over processes) beside the pipelines', () => {
    const group = report.groups.find((g) => g.workload === 'spot' && g.measure === 'pipeline');
    const floor = group?.rows.filter((r) => r.contender === 'JSON.parse floor');
    expect(floor).toHaveLength(1);
    expect(floor?.[0]?.nsPerChange).toBe(301.5);
  });

  it('sets each pipeline beside its JSON.parse floor and, for OKX and Kraken, the JSON.parse baseline', () => {
    const spot = report.pipelines.find((r) => r.workload === 'spot' && r.contender === 'btree');
    expect(spot?.floorRatio).toBeCloseTo(500 / 301);
    expect(spot?.baselineRatio).toBeUndefined();
    const okx = report.pipelines.find((r) => r.workload === 'okx' && r.contender === 'rbtree');
    expect(okx?.nsPerChange).toBe(900);
    expect(okx?.floorRatio).toBeCloseTo(4.5);
    expect(okx?.baselineRatio).toBeCloseTo(1.2);
    expect(okx?.nsPerMessage).toBeCloseTo(46 * 900);
    // The Binance target is not applied to the other venues' sessions.
    expect(report.targets.some((t) => t.workload === 'okx')).toBe(false);
  });

  it('chooses the book of ours with the fastest pipeline as default, on Binance and on the other venues apart', () => {
    expect(report.defaultBooks.map((c) => [c.venues, c.id])).toEqual([
      ['Binance', 'btree'],
      ['the other venues', 'rbtree'],
    ]);
    expect(report.defaultBooks[1]?.reason).toBe("the fastest pipeline over the other venues' 1 recorded session: 900 ns per level change (btree 1200)");
  });

  it("checks the targets for Binance's default first", () => {
    const first = report.targets[0];
    expect(first?.book).toBe('btree');
    const vsNaive = report.targets.find((t) => t.book === 'btree' && t.target.startsWith('replay + best'));
    expect(vsNaive?.value).toBeCloseTo(3);
    expect(vsNaive?.pass).toBe(true);
    const pipeline = report.targets.find((t) => t.book === 'btree' && t.target.startsWith('pipeline'));
    expect(pipeline?.value).toBeCloseTo(500 / 301);
    expect(pipeline?.pass).toBe(false);
    const growth = report.targets.find((t) => t.book === 'btree' && t.target === 'replay cost growth with depth');
    expect(growth?.value).toBeCloseTo(2);
    expect(growth?.limit).toBeCloseTo(2.5);
    expect(growth?.pass).toBe(true);
    const memory = report.targets.find((t) => t.book === 'rbtree' && t.target.startsWith('memory'));
    expect(memory?.pass).toBe(true);
  });
});

describe('report writers', () => {
  it('write valid JSON, Markdown tables and an SVG chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lob-bench-'));
    const written = await writeReport(report, dir);
    const json = JSON.parse(readFileSync(written.json, 'utf8')) as typeof report;
    expect(json.environment.node).toBe('v20.0.0');
    expect(json.groups.length).toBe(report.groups.length);

    const md = readFileSync(written.markdown, 'utf8');
    expect(md).toContain('# lob bench');
    expect(md).toContain('Test CPU × 2');
    expect(md).toContain('![cost per level change against book depth](cost-vs-depth.svg)');
    // Every table has a header rule with as many columns as its header, and pipes in cells are escaped.
    const tables = md.split('\n\n').filter((block) => block.startsWith('| '));
    expect(tables.length).toBeGreaterThan(3);
    for (const table of tables) {
      const [header, rule] = table.split('\n');
      const columns = (s: string) => s.split(/(?<!\\)\|/).length;
      expect(columns(rule!)).toBe(columns(header!));
    }

    const svg = readFileSync(written.chart!, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('Cost per level change against book depth');
    expect(svg).toContain('naive-btree');
  });

  it('escape pipes inside Markdown cells', () => {
    expect(markdownTable([['name', 'x'], ['a|b', '1']])).toBe('| name | x |\n| --- | ---: |\n| a\\|b | 1 |');
  });

  it('render a terminal table with aligned columns', () => {
    const text = renderTable(report);
    expect(text).toContain('spot · replay+best (one timed call = one event)');
    expect(text).toContain('default book on Binance: btree');
    expect(text).toContain('default book on the other venues: rbtree');
    expect(text).toContain('pipelines side by side');
    const block = text.split('\n\n').find((b) => b.startsWith('spot · replay+best'))!;
    const lines = block.split('\n').slice(1);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});

describe('a quick run', () => {
  it('says in its terminal output, first and last, and in its chart that it is a smoke run, not a result', () => {
    const quick = summarize(FAKE_ENVIRONMENT, { quick: true, filter: undefined, json: false, rounds: 1 }, FAKE_RUNS);
    const lines = renderTable(quick).trimEnd().split('\n');
    expect(lines[0]).toContain('SMOKE RUN');
    expect(lines.at(-1)).toContain('SMOKE RUN');
    expect(JSON.stringify(depthChartSpec(quick.depthCurve, true))).toContain('SMOKE RUN');
    expect(renderTable(report)).not.toContain('SMOKE RUN');
    expect(JSON.stringify(depthChartSpec(report.depthCurve))).not.toContain('SMOKE RUN');
  });
});

describe('a figure a contender could not measure', () => {
  it('is shown as "-", not a crash, when it arrived as null over IPC', () => {
    const report = summarize(FAKE_ENVIRONMENT, { quick: true, filter: undefined, json: false, rounds: 1 }, FAKE_RUNS);
    const [first, ...rest] = report.pipelines;
    if (first === undefined) throw new Error('the fake runs have no pipeline row');
    const broken = { ...report, pipelines: [{ ...first, floorNsPerChange: null as unknown as number, floorRatio: null as unknown as number }, ...rest] };
    expect(() => renderTable(broken)).not.toThrow();
    const [group, ...groups] = report.groups;
    if (group === undefined) throw new Error('the fake runs have no group');
    const rows = group.rows.map((r) => ({ ...r, nsPerChange: null as unknown as number, changesPerSec: null as unknown as number }));
    expect(() => renderTable({ ...report, groups: [{ ...group, rows }, ...groups] })).not.toThrow();
  });
});
