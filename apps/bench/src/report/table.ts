import { apiLoadCells, apiLoadTitle } from '../api-load/load-cells.js';
import { allocCells } from '../alloc/allocations.js';
import { frameBytesCells } from '../frame-bytes/frame-bytes.js';
import { busCells, busTitle } from '../bus/bus-report.js';
import { failoverLine } from '../failover/failover-cells.js';
import { groupCells, groupTitle, memoryCells, pipelineCells, targetCells } from './cells.js';
import { SMOKE_RUN_NOTE } from './chart.js';
import { workersLoadCells, workersLoadTitle } from '../workers-load/workers-cells.js';
import type { BenchReport } from './summarize.js';

/** Pads cells into aligned columns: text left, figures right. */
export function alignColumns(cells: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of cells) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return cells
    .map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '))
    .join('\n');
}

/** The readable terminal report: every group, memory, the default book and the targets. */
export function renderTable(report: BenchReport): string {
  const env = report.environment;
  const parts = [
    ...(report.options.quick ? [`*** ${SMOKE_RUN_NOTE} ***`] : []),
    `lob bench ${report.options.quick ? '(quick) ' : ''}· ${env.date} · node ${env.node} · ${env.cpu} × ${env.cores}`,
    ...report.groups.map((g) => `\n${groupTitle(g)}\n${alignColumns(groupCells(g))}`),
  ];
  if (report.pipelines.length > 0) parts.push(`\npipelines side by side (ns; × = pipeline over it, per level change)\n${alignColumns(pipelineCells(report))}`);
  if (report.memory.length > 0) parts.push(`\nretained memory per level (after a full GC)\n${alignColumns(memoryCells(report))}`);
  for (const choice of report.defaultBooks) parts.push(`\ndefault book on ${choice.venues}: ${choice.id}: ${choice.reason}`);
  if (report.targets.length > 0) parts.push(`\ntargets\n${alignColumns(targetCells(report))}`);
  if (report.allocations !== undefined) parts.push(`\nallocations per 100 000 frames (chunked)\n${alignColumns(allocCells(report.allocations))}`);
  if (report.frameBytes !== undefined) parts.push(`\nscanning the Buffer or the string (ns per level change)\n${alignColumns(frameBytesCells(report.frameBytes))}`);
  if (report.apiLoad !== undefined) parts.push(`\n${apiLoadTitle(report.apiLoad)}\n${alignColumns(apiLoadCells(report.apiLoad))}`);
  if (report.workersLoad !== undefined) parts.push(`\n${workersLoadTitle(report.workersLoad)}\n${alignColumns(workersLoadCells(report.workersLoad))}`);
  if (report.bus !== undefined) parts.push(`\n${busTitle(report.bus)}\n${alignColumns(busCells(report.bus))}`);
  if (report.failover !== undefined) parts.push(`\n${failoverLine(report.failover)}`);
  // Said again at the end, where a reader of a long run's output looks first.
  if (report.options.quick) parts.push(`\n*** ${SMOKE_RUN_NOTE} ***`);
  return `${parts.join('\n')}\n`;
}
