import { apiLoadCells, apiLoadTitle } from '../api-load/load-cells.js';
import { allocCells } from '../alloc/allocations.js';
import { frameBytesCells } from '../frame-bytes/frame-bytes.js';
import { busCells, busTitle } from '../bus/bus-report.js';
import { failoverLine } from '../failover/failover-cells.js';
import { groupCells, groupTitle, memoryCells, pipelineCells, targetCells } from './cells.js';
import { workersLoadCells, workersLoadTitle } from '../workers-load/workers-cells.js';
import type { BenchReport } from './summarize.js';

function escapeCell(cell: string): string {
  return cell.replace(/\|/g, '\\|');
}

/** A Markdown table; columns after the first are right-aligned figures. */
export function markdownTable(cells: readonly string[][]): string {
  const [header, ...rows] = cells;
  if (header === undefined) return '';
  const line = (row: readonly string[]): string => `| ${row.map(escapeCell).join(' | ')} |`;
  const rule = `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The Markdown report: environment, every group, memory, default book, targets and the chart. */
export function renderMarkdown(report: BenchReport, chartFile: string | undefined): string {
  const env = report.environment;
  const out = [
    `# lob bench${report.options.quick ? ' (SMOKE RUN, --quick: figures from tiny time budgets, not results)' : ''}`,
    '',
    `- date: ${env.date}`,
    `- node ${env.node} (V8 ${env.v8}), ${env.platform}`,
    `- CPU: ${env.cpu} × ${env.cores}, ${env.memoryGiB} GiB`,
    `- commit: ${env.commit ?? 'unknown'}`,
    `- recordings: ${report.recordings ?? 'not used'}`,
    `- rounds: ${report.options.rounds} (each figure is the best round's)`,
    ...(report.options.filter === undefined ? [] : [`- filter: \`${report.options.filter}\``]),
    '',
    '## Contenders',
    '',
    ...report.contenders.map((c) => `- \`${c.id}\`: ${c.label} (${c.kind}, ${c.seconds.toFixed(0)} s)`),
  ];
  if (report.defaultBooks.length > 0) out.push('', '## Default books', '', ...report.defaultBooks.map((c) => `- ${c.venues}: \`${c.id}\`, ${c.reason}.`));
  if (report.targets.length > 0) out.push('', '## Targets', '', markdownTable(targetCells(report)));
  if (chartFile !== undefined) out.push('', '## Cost per level change against depth', '', `![cost per level change against book depth](${chartFile})`);
  if (report.pipelines.length > 0) {
    out.push(
      '',
      '## Pipelines side by side',
      '',
      'Raw frame to book, per recorded session and book. Binance: decode (the frame scanner; the fallback columns: the full ' +
        'decoder it steps aside to, JSON.parse and checks) → sequence check → apply. OKX, Kraken, Bybit and Coinbase: ' +
        'decode → apply (Kraken: trim to the subscribed depth) → checksum verify (Bybit: its `u` chain; Coinbase: `sequence_num`), ' +
        'against `JSON.parse` feeding the same apply and verify ' +
        '(JSON.parse+book). × columns: pipeline cost per level change over theirs.',
      '',
      markdownTable(pipelineCells(report)),
    );
  }
  if (report.allocations !== undefined) {
    out.push('', '## Allocations of the Binance pipelines', '', 'Heap bytes allocated and garbage collections per 100 000 frames, chunked book (batches of frames during which no collection ran give the bytes).', '', markdownTable(allocCells(report.allocations)));
  }
  if (report.frameBytes !== undefined) {
    out.push('', '## Scanning the Buffer or the string', '', "The book keeps each level's price and quantity as strings: reading the WebSocket's Buffer, a scanner must make them from bytes; reading the string, it decodes the frame once and cuts them from it.", '', markdownTable(frameBytesCells(report.frameBytes)));
  }
  if (report.apiLoad !== undefined) out.push('', '## HTTP API under load', '', `${apiLoadTitle(report.apiLoad)}.`, '', markdownTable(apiLoadCells(report.apiLoad)));
  if (report.workersLoad !== undefined) {
    out.push('', '## Worker threads (`lob serve --workers N`)', '', `${workersLoadTitle(report.workersLoad)}.`, '', markdownTable(workersLoadCells(report.workersLoad)));
  }
  if (report.bus !== undefined) out.push('', '## The NATS bus', '', `${busTitle(report.bus)}.`, ...(report.bus.skipped === undefined ? ['', markdownTable(busCells(report.bus))] : []));
  if (report.failover !== undefined) out.push('', '## Failover (`--shard auto`)', '', `${failoverLine(report.failover)}.`);
  out.push('', '## Results');
  for (const group of report.groups) out.push('', `### ${groupTitle(group)}`, '', markdownTable(groupCells(group)));
  if (report.memory.length > 0) out.push('', '## Retained memory per level (after a full GC)', '', markdownTable(memoryCells(report)));
  return `${out.join('\n')}\n`;
}
