import { Chalk, type ChalkInstance } from 'chalk';
import type { SyncState } from '@lob/core';
import { idLabel } from '../feeds/book-top.js';
import type { FrameModel, PanelModel } from './frame-model.js';
import { formatAge, formatLatency, formatRate } from './format.js';

/** The terminal the frame is drawn for. */
export interface RenderOptions {
  readonly width: number;
  readonly height: number;
  /** ANSI colours on or off (off in tests and on dumb terminals). */
  readonly color: boolean;
}

type Style = 'bid' | 'ask' | 'dim' | 'title' | 'good' | 'warn' | 'bad';
interface Segment {
  readonly text: string;
  readonly style?: Style;
}
type Line = Segment[];

/** Rows of a panel that are not book levels: top border, column header, spread, stats, latency, reason, bottom border. */
const PANEL_CHROME = 7;

/**
 * Renders a frame to a string, pure: same model and options, same text. Panels are laid out in a grid that fits
 * the width; when the terminal is too short the levels shown shrink before any panel is dropped. No line is wider
 * than `width`, and the frame is at most `height - 1` lines, so the terminal never scrolls under log-update.
 */
export function render(frame: FrameModel, options: RenderOptions): string {
  const width = Math.max(20, options.width);
  const maxLines = Math.max(2, options.height - 1);
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: Line[] = [titleLine(frame, width)];

  if (frame.panels.length === 0) {
    lines.push([{ text: 'no books configured', style: 'dim' }]);
    return finish(lines, width, chalk);
  }

  const columns = sizeColumns(frame.panels);
  const panelWidth = columns.inner + 2;
  const perRow = Math.max(1, Math.floor((width + 1) / (panelWidth + 1)));
  const rows = Math.ceil(frame.panels.length / perRow);
  const wanted = Math.max(1, ...frame.panels.map((p) => Math.max(p.bids.length, p.asks.length)));
  const fitting = Math.floor((maxLines - 1) / rows) - PANEL_CHROME;
  const depth = Math.max(1, Math.min(wanted, fitting));

  for (let r = 0; r < rows; r++) {
    const row = frame.panels.slice(r * perRow, (r + 1) * perRow).map((p) => panelLines(p, depth, columns));
    const height = (row[0] as Line[]).length;
    if (lines.length + height > maxLines) {
      const hidden = frame.panels.length - r * perRow;
      lines.push([{ text: `… ${hidden} more book${hidden === 1 ? '' : 's'}: enlarge the terminal to see them`, style: 'dim' }]);
      break;
    }
    for (let i = 0; i < height; i++) {
      const line: Line = [];
      row.forEach((panel, k) => {
        if (k > 0) line.push({ text: ' ' });
        line.push(...(panel[i] as Line));
      });
      lines.push(line);
    }
  }
  return finish(lines.slice(0, maxLines), width, chalk);
}

interface Columns {
  readonly qty: number;
  readonly price: number;
  readonly inner: number;
}

/** Column widths shared by every panel, so the grid lines up. */
function sizeColumns(panels: readonly PanelModel[]): Columns {
  let qty = 'bid qty'.length;
  let price = 'bid price'.length;
  for (const p of panels) {
    for (const [pr, q] of [...p.bids, ...p.asks]) {
      qty = Math.max(qty, q.length);
      price = Math.max(price, pr.length);
    }
  }
  const half = qty + 1 + price;
  // " half │ half " plus room for the stats line (an 11-character update id, or a signed 32-bit checksum).
  const inner = Math.max(1 + half + 3 + half + 1, 47);
  return { qty, price, inner };
}

function panelLines(p: PanelModel, depth: number, c: Columns): Line[] {
  const inner = c.inner;
  const half = c.qty + 1 + c.price;
  const gap = inner - 2 - 3 - 2 * half; // extra width when the stats line is wider than the columns
  const lines: Line[] = [];
  const id = idLabel(p);

  const name = ` ${p.market} ${p.symbol} `;
  const badge = ` ${stateBadge(p.state)} `;
  const fill = Math.max(1, inner - 1 - name.length - badge.length - 1);
  lines.push([
    { text: '╭─', style: 'dim' },
    { text: name, style: 'title' },
    { text: '─'.repeat(fill), style: 'dim' },
    { text: badge, style: stateStyle(p.state) },
    { text: '─╮', style: 'dim' },
  ]);

  lines.push(
    boxed(
      [
        { text: ' ' },
        { text: padStart('bid qty', c.qty) + ' ' + padStart('bid price', c.price), style: 'dim' },
        { text: ' '.repeat(gap) + ' │ ', style: 'dim' },
        { text: padStart('ask price', c.price) + ' ' + padStart('ask qty', c.qty), style: 'dim' },
        { text: ' ' },
      ],
      inner,
    ),
  );

  for (let i = 0; i < depth; i++) {
    const bid = p.bids[i];
    const ask = p.asks[i];
    lines.push(
      boxed(
        [
          { text: ' ' },
          { text: bid === undefined ? ' '.repeat(half) : padStart(bid[1], c.qty) + ' ' + padStart(bid[0], c.price), style: 'bid' },
          { text: ' '.repeat(gap) + ' │ ', style: 'dim' },
          { text: ask === undefined ? ' '.repeat(half) : padStart(ask[0], c.price) + ' ' + padStart(ask[1], c.qty), style: 'ask' },
          { text: ' ' },
        ],
        inner,
      ),
    );
  }

  lines.push(
    boxed(
      [
        { text: ' spread ', style: 'dim' },
        { text: p.spread ?? '—' },
        { text: '  mid ', style: 'dim' },
        { text: p.mid ?? '—' },
        { text: '  levels ', style: 'dim' },
        { text: `${p.bidLevels}/${p.askLevels}` },
      ],
      inner,
    ),
  );
  lines.push(
    boxed(
      [
        { text: ' ' },
        { text: formatRate(p.updatesPerSecond) },
        { text: ' upd/s  age ', style: 'dim' },
        { text: p.ageMs === undefined ? '—' : formatAge(p.ageMs) },
        { text: '  resyncs ', style: 'dim' },
        { text: String(p.resyncs), ...(p.resyncs > 0 ? { style: 'warn' as const } : {}) },
        // "crc" rather than "checksum": the panel is narrow, and the venues' checksums are CRC32s.
        ...(id === undefined ? [] : [{ text: `  ${id.label === 'checksum' ? 'crc' : id.label} `, style: 'dim' as const }, { text: id.value }]),
      ],
      inner,
    ),
  );
  lines.push(boxed(latencyLine(p), inner));
  lines.push(boxed(statusLine(p), inner));
  lines.push([{ text: `╰${'─'.repeat(inner)}╯`, style: 'dim' }]);
  return lines;
}

/** The last event's latency in two legs: exchange to lob's receipt, receipt to the book ("—" where unknown). */
function latencyLine(p: PanelModel): Line {
  const leg = (ms: number | undefined): string => (ms === undefined ? '—' : formatLatency(ms));
  return [
    { text: ' latency exch→recv ', style: 'dim' },
    { text: leg(p.exchangeToReceiveMs) },
    { text: '  recv→apply ', style: 'dim' },
    { text: leg(p.receiveToApplyMs) },
  ];
}

/** Why the book is in its state: for a live book how long it has been in sync and what last went wrong. */
function statusLine(p: PanelModel): Line {
  const trouble = p.lastTrouble === undefined ? undefined : `last resync ${formatAge(p.lastTrouble.agoMs)} ago: ${p.lastTrouble.reason}`;
  if (p.state === 'live') {
    const since = p.inStateMs === undefined ? 'in sync' : `in sync for ${formatAge(p.inStateMs)}`;
    return [{ text: ` ${since}`, style: 'good' }, ...(trouble === undefined ? [] : [{ text: ` · ${trouble}`, style: 'dim' as const }])];
  }
  const since = p.inStateMs === undefined ? '' : ` (${formatAge(p.inStateMs)})`;
  return [{ text: ` ${p.reason}${since}`, style: stateStyle(p.state) }];
}

/** Wraps a row in the panel's side borders, padding or cutting it to exactly `inner` columns. */
function boxed(content: Line, inner: number): Line {
  return [{ text: '│', style: 'dim' }, ...fit(content, inner), { text: '│', style: 'dim' }];
}

function titleLine(frame: FrameModel, width: number): Line {
  const clock = new Date(frame.now).toISOString().slice(11, 19);
  const live = frame.panels.filter((p) => p.state === 'live').length;
  // Books the exchange does not know never go live: counted apart, so "n/n live" still means all is well.
  const invalid = frame.panels.filter((p) => p.state === 'invalid').length;
  const counts = `${live}/${frame.panels.length - invalid} live${invalid === 0 ? '' : `, ${invalid} invalid`}`;
  const left = `${frame.title}  ${counts}  ${clock} UTC`;
  const right = 'ctrl-c to quit';
  const space = width - left.length - right.length;
  return space >= 2
    ? [{ text: left, style: 'title' }, { text: ' '.repeat(space) }, { text: right, style: 'dim' }]
    : [{ text: left, style: 'title' }];
}

function stateBadge(state: SyncState): string {
  return `${state === 'live' ? '●' : '○'} ${state}`;
}

function stateStyle(state: SyncState): Style {
  switch (state) {
    case 'live':
      return 'good';
    case 'connecting':
    case 'syncing':
    case 'resyncing':
      return 'warn';
    case 'backing-off':
    case 'invalid':
      return 'bad';
    default:
      return 'dim';
  }
}

/** Pads or cuts a line to exactly `width` visible columns. */
function fit(line: Line, width: number): Line {
  const out: Line = [];
  let used = 0;
  for (const segment of line) {
    if (used >= width) break;
    const text = segment.text.length > width - used ? segment.text.slice(0, Math.max(0, width - used - 1)) + '…' : segment.text;
    out.push({ ...segment, text });
    used += text.length;
  }
  if (used < width) out.push({ text: ' '.repeat(width - used) });
  return out;
}

function finish(lines: readonly Line[], width: number, chalk: ChalkInstance): string {
  return lines
    .map((line) => {
      let used = 0;
      let out = '';
      for (const segment of line) {
        if (used >= width) break;
        const text = segment.text.slice(0, width - used);
        used += text.length;
        out += paint(chalk, segment.style, text);
      }
      return out.trimEnd();
    })
    .join('\n');
}

function paint(chalk: ChalkInstance, style: Style | undefined, text: string): string {
  switch (style) {
    case 'bid':
      return chalk.green(text);
    case 'ask':
      return chalk.red(text);
    case 'dim':
      return chalk.gray(text);
    case 'title':
      return chalk.bold(text);
    case 'good':
      return chalk.green.bold(text);
    case 'warn':
      return chalk.yellow(text);
    case 'bad':
      return chalk.red.bold(text);
    default:
      return text;
  }
}

function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}
