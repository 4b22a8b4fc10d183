import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDepthChart } from './chart.js';
import { renderMarkdown } from './markdown.js';
import type { BenchReport } from './summarize.js';

/** Paths of the files a run wrote. */
export interface WrittenReport {
  readonly json: string;
  readonly markdown: string;
  readonly chart: string | undefined;
}

/** File name of the depth chart, beside the reports. */
export const CHART_FILE = 'cost-vs-depth.svg';

/** Writes report.json, report.md and (when the run has depth figures) the chart into `dir`. */
export async function writeReport(report: BenchReport, dir: string): Promise<WrittenReport> {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const markdown = join(dir, 'report.md');
  const chart = report.depthCurve.length > 0 ? join(dir, CHART_FILE) : undefined;
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  if (chart !== undefined) writeFileSync(chart, await renderDepthChart(report.depthCurve, report.options.quick));
  writeFileSync(markdown, renderMarkdown(report, chart === undefined ? undefined : CHART_FILE));
  return { json, markdown, chart };
}
