import { DepthChart } from './chart.js';
import { subtractDecimals } from './decimal.js';
import { depthChartData, ladderSide, type LadderLevel } from './depth.js';
import { formatLatency, formatRate, latencyBetween } from './format.js';
import type { BookStatus, DepthMessage } from './types.js';
import { bookKey } from './types.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A status field: a label and a value element the card fills in; `wide` spans the whole row. */
function field(list: HTMLElement, name: string, label: string, wide = false): HTMLElement {
  const wrap = el('div', wide ? 'field wide' : 'field');
  wrap.append(el('dt', undefined, label));
  const value = el('dd');
  value.dataset.field = name;
  wrap.append(value);
  list.append(wrap);
  return value;
}

/**
 * One book on the page: its status, depth chart and ladder. The card's data attributes (`data-book`, `data-state`,
 * `data-update-id`, `data-resyncs`) and the ladder's cells change in the same synchronous step as the message they
 * show, so a reader of the DOM sees one state of the book.
 */
export class BookCard {
  readonly root: HTMLElement;
  private readonly chart: DepthChart;
  private readonly ladder: HTMLTableSectionElement;
  private readonly fields: Record<'state' | 'reason' | 'resyncs' | 'exact' | 'exchangeLatency' | 'localLatency' | 'rate' | 'id', HTMLElement>;
  /** The newest of stream and status wins for the state: both say it, at their own times. */
  private stateTime = 0;

  constructor(
    readonly market: string,
    readonly symbol: string,
    private readonly levels: number,
  ) {
    this.root = el('article', 'book');
    this.root.dataset.book = bookKey({ market, symbol });
    const header = el('header');
    const title = el('h2');
    title.append(el('span', 'symbol', symbol), el('span', 'venue', market));
    const state = el('span', 'state', 'connecting');
    state.dataset.field = 'state';
    header.append(title, state);
    const status = el('dl', 'status');
    const chartBox = el('div', 'chart');
    const table = el('table', 'ladder');
    const head = el('thead');
    const row = el('tr');
    for (const name of ['price', 'qty', 'total']) row.append(el('th', undefined, name));
    head.append(row);
    this.ladder = el('tbody');
    table.append(head, this.ladder);
    const note = el('p', 'note', 'chart: cumulative depth around the mid (dashed); grey: beyond the exact depth, not guaranteed');
    // Two columns (status and chart | ladder) when the card is wide, one when it is narrow: see styles.css.
    const body = el('div', 'body');
    const left = el('div', 'left');
    left.append(status, chartBox, note);
    body.append(left, table);
    this.root.append(header, body);
    this.fields = {
      state,
      reason: field(status, 'reason', 'reason', true),
      resyncs: field(status, 'resyncs', 'resyncs'),
      rate: field(status, 'rate', 'updates'),
      id: field(status, 'id', 'update id'),
      exact: field(status, 'exact-depth', 'exact depth'),
      exchangeLatency: field(status, 'exchange-latency', 'exch → apply'),
      localLatency: field(status, 'local-latency', 'recv → apply'),
    };
    this.fields.exact.title = 'levels per side guaranteed to be the exchange\'s: bids / asks';
    this.fields.exchangeLatency.title = 'the last applied event: exchange time to applied in lob';
    this.fields.localLatency.title = 'the last applied event: received by lob to applied';
    this.chart = new DepthChart(chartBox);
  }

  /** Shows a `/stream` depth message: ladder, chart, state, exact depth, latency and id. */
  showDepth(message: DepthMessage): void {
    const bids = ladderSide(message.bids, message.exactDepth.bids);
    const asks = ladderSide(message.asks, message.exactDepth.asks);
    this.renderLadder(bids.slice(0, this.levels), asks.slice(0, this.levels));
    this.chart.update(depthChartData(bids, asks, message.exactDepth));
    this.setState(message.state, message.time);
    this.fields.exact.textContent = `${message.exactDepth.bids} / ${message.exactDepth.asks}`;
    this.fields.exchangeLatency.textContent = formatLatency(latencyBetween(message.eventTime, message.appliedAt));
    this.fields.localLatency.textContent = formatLatency(latencyBetween(message.receivedAt, message.appliedAt));
    const id = message.lastUpdateId ?? message.checksum;
    this.fields.id.textContent = id === undefined ? '—' : String(id);
    this.fields.id.previousElementSibling!.textContent = message.lastUpdateId === undefined && message.checksum !== undefined ? 'checksum' : 'update id';
    if (message.lastUpdateId === undefined) delete this.root.dataset.updateId;
    else this.root.dataset.updateId = String(message.lastUpdateId);
  }

  /** Shows a `/status` row: state, reason, resyncs, and the update rate the page derived. */
  showStatus(status: BookStatus, time: number, rate: number | undefined): void {
    this.setState(status.state, time);
    this.fields.reason.textContent = status.reason;
    this.fields.reason.title = status.reason;
    this.fields.resyncs.textContent = String(status.resyncs);
    this.root.dataset.resyncs = String(status.resyncs);
    this.fields.rate.textContent = formatRate(rate);
  }

  private setState(state: string, time: number): void {
    if (time < this.stateTime) return;
    this.stateTime = time;
    this.fields.state.textContent = state;
    this.fields.state.dataset.state = state;
    this.root.dataset.state = state;
  }

  /** Asks on top (best at the bottom), the spread, bids below (best on top): one column, readable on a phone. */
  private renderLadder(bids: readonly LadderLevel[], asks: readonly LadderLevel[]): void {
    const rows: HTMLTableRowElement[] = [];
    const row = (side: 'bid' | 'ask', level: LadderLevel, index: number): HTMLTableRowElement => {
      const tr = el('tr', `${side}${level.exact ? '' : ' inexact'}`);
      tr.dataset.side = side;
      tr.dataset.level = String(index);
      const price = el('td', 'price', level.price);
      price.dataset.price = level.price;
      const qty = el('td', 'qty', level.qty);
      qty.dataset.qty = level.qty;
      tr.append(price, qty, el('td', 'total', level.total ?? '—'));
      return tr;
    };
    for (let i = asks.length - 1; i >= 0; i--) rows.push(row('ask', asks[i]!, i));
    const spread = el('tr', 'spread');
    const cell = el('td', undefined, spreadText(bids[0]?.price, asks[0]?.price));
    cell.colSpan = 3;
    spread.append(cell);
    rows.push(spread);
    bids.forEach((level, i) => rows.push(row('bid', level, i)));
    this.ladder.replaceChildren(...rows);
  }
}

/** The spread line between the sides: ask minus bid, exact. */
function spreadText(bid: string | undefined, ask: string | undefined): string {
  if (bid === undefined || ask === undefined) return 'one side empty';
  return `spread ${subtractDecimals(ask, bid) ?? '—'}`;
}
