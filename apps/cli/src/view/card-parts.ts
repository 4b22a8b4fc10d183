import { idLabel } from '../feeds/book-top.js';
import type { PanelModel } from './frame-model.js';
import { formatAge, formatLatency, formatRate } from './format.js';
import { boxed, stateBadge, stateStyle, wrapText, type Line } from './segments.js';

/** Rows every card has besides its levels: top border, the two stats rows, latency, two status rows, bottom border. */
export const CARD_CHROME = 7;

/** Card lines that do not depend on the layout, around the part that does (levels, column header). */
export interface CardFrame {
  readonly top: Line;
  readonly bottom: Line[];
}

/** The top border (venue, symbol, state) and the rows under the levels, for a card `inner` columns wide. */
export function cardFrame(p: PanelModel, inner: number): CardFrame {
  const name = ` ${p.market} ${p.symbol} `;
  const badge = ` ${stateBadge(p.state)} `;
  const fill = Math.max(1, inner - 1 - name.length - badge.length - 1);
  const top: Line = [
    { text: '╭─', style: 'dim' },
    { text: name, style: 'title' },
    { text: '─'.repeat(fill), style: 'dim' },
    { text: badge, style: stateStyle(p.state) },
    { text: '─╮', style: 'dim' },
  ];
  const status = statusLines(p, inner - 1).map((line) => boxed(line, inner));
  return {
    top,
    bottom: [boxed(activityLine(p), inner), boxed(exactLine(p), inner), boxed(latencyLine(p), inner), ...status, [{ text: `╰${'─'.repeat(inner)}╯`, style: 'dim' }]],
  };
}

/** Updates per second, time since the last one, resyncs. */
function activityLine(p: PanelModel): Line {
  return [
    { text: ' ' },
    { text: formatRate(p.updatesPerSecond) },
    { text: ' upd/s  age ', style: 'dim' },
    { text: p.ageMs === undefined ? '—' : formatAge(p.ageMs) },
    { text: '  resyncs ', style: 'dim' },
    { text: String(p.resyncs), ...(p.resyncs > 0 ? { style: 'warn' as const } : {}) },
    { text: '  levels ', style: 'dim' },
    { text: `${p.bidLevels}/${p.askLevels}` },
  ];
}

/** How deep the book is exact, and the update id (or checksum) whole: it is what a reader checks against. */
function exactLine(p: PanelModel): Line {
  const id = idLabel(p);
  return [
    { text: ' exact ', style: 'dim' },
    { text: `${p.exactDepth.bids}/${p.exactDepth.asks}` },
    // "crc" rather than "checksum": the card is narrow, and the venues' checksums are CRC32s.
    ...(id === undefined ? [] : [{ text: `  ${id.label === 'checksum' ? 'crc' : id.label} `, style: 'dim' as const }, { text: id.value }]),
  ];
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

/**
 * Why the book is in its state, on two rows so a reason is read whole: for a live book how long it has been in
 * sync and what last went wrong; while it waits to try again, which attempt comes next and in how long.
 */
function statusLines(p: PanelModel, width: number): Line[] {
  let text: string;
  let style: Line[number]['style'];
  if (p.state === 'live') {
    const since = p.inStateMs === undefined ? 'in sync' : `in sync for ${formatAge(p.inStateMs)}`;
    const trouble = p.lastTrouble === undefined ? '' : ` · last resync ${formatAge(p.lastTrouble.agoMs)} ago: ${p.lastTrouble.reason}`;
    text = since + trouble;
    style = 'good';
  } else {
    const retry = p.retry === undefined ? '' : `attempt ${p.retry.attempt} ${p.retry.inMs > 0 ? `in ${(p.retry.inMs / 1000).toFixed(1)} s` : 'now'} · `;
    const since = p.inStateMs === undefined ? '' : ` (${formatAge(p.inStateMs)})`;
    text = `${retry}${p.reason}${since}`;
    style = stateStyle(p.state);
  }
  const rows = wrapText(text, width, 2);
  while (rows.length < 2) rows.push('');
  return rows.map((row, i) => [{ text: ' ' }, { text: row, ...(i === 0 || p.state !== 'live' ? { style } : { style: 'dim' as const }) }]);
}
