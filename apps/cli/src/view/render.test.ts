import { describe, expect, it } from '@jest/globals';
import { BookHistory } from '../feeds/book-history.js';
import { FakeSource, fakeBook } from '../fake-source.test-support.js';
import { frameModel, type FrameModel } from './frame-model.js';
import { render, renderFrame } from './render.js';

const NOW = 1_700_000_000_000;

function sampleFrame(depth = 5): FrameModel {
  const btc = fakeBook('binance-spot', 'BTCUSDT', {
    bids: [
      ['65000.01000000', '0.50000000'],
      ['65000.00000000', '92233720368.54775807'],
      ['64999.50000000', '1.20000000'],
    ],
    asks: [
      ['65000.02000000', '0.25000000'],
      ['65001.00000000', '3.00000000'],
    ],
    lastUpdateId: 123456,
  });
  // The last event: stamped by the exchange 47.3 ms ago, received 12.3 ms later, applied 18 µs after that.
  btc.stats.lastEventTime = NOW - 47.3;
  btc.stats.lastReceivedAt = NOW - 35.018;
  btc.stats.lastAppliedAt = NOW - 35;
  btc.stats.resyncs = { gap: 2, disconnect: 1 };
  const eth = fakeBook('binance-spot', 'ETHUSDT', {
    bids: [],
    asks: [],
    state: 'resyncing',
    reason: 'gap: update 1003..1004 does not follow 1000',
    lastUpdateId: 1000,
  });
  const perp = fakeBook('binance-usdm', 'BTCUSDT', { bids: [['65000.1', '12.345']], asks: [['65000.2', '0.001']], lastUpdateId: 99 });
  const history = new BookHistory();
  const at = (ms: number): number => NOW - ms;
  const event = (symbol: string, state: 'live' | 'resyncing', reason: string, ago: number) =>
    history.record({ kind: 'book', market: 'binance-spot', symbol, state, previous: 'live', reason, at: at(ago) });
  event('BTCUSDT', 'resyncing', 'gap: update 10..12 does not follow 8', 35_000);
  event('BTCUSDT', 'live', 'snapshot 123400 bridged', 12_300);
  event('ETHUSDT', 'resyncing', 'gap: update 1003..1004 does not follow 1000', 2_100);
  return frameModel({
    title: 'lob',
    sources: [new FakeSource('binance-spot', [btc, eth]), new FakeSource('binance-usdm', [perp])],
    depthOf: () => depth,
    rates: new Map([['binance-spot/BTCUSDT', 12.34]]),
    now: NOW,
    history,
  });
}

function visibleWidth(line: string): number {
  return line.replace(/\x1b\[[0-9;]*m/g, '').length;
}

describe('terminal frame', () => {
  it('shows each book with its exact prices and quantities, best first', () => {
    const text = render(sampleFrame(), { width: 200, height: 60, color: false });
    const lines = text.split('\n');
    const row1 = lines.findIndex((l) => l.includes('65000.01000000'));
    expect(lines[row1]).toMatch(/0\.50000000 65000\.01000000 │ 65000\.02000000\s+0\.25000000 │/);
    // The quantity cap has more digits than a double holds: it must come out exactly as sent.
    expect(lines[row1 + 1]).toContain('92233720368.54775807 65000.00000000');
    expect(lines[row1 + 2]).toContain('1.20000000 64999.50000000');
    expect(text).toContain('12.345        65000.1');
  });

  it('shows spread and mid computed exactly, levels held, rate, age, resyncs and the update id', () => {
    const text = render(sampleFrame(), { width: 200, height: 60, color: false });
    expect(text).toContain('spread 0.01  mid 65000.015');
    expect(text).toContain('12.3 upd/s  age 35 ms  resyncs 3  levels 3/2');
    expect(text).toContain('exact 3/2  id 123456');
    expect(text).toContain('spread 0.1  mid 65000.15');
  });

  it('shows the latency of the last event: exchange to receipt, and receipt to apply', () => {
    const text = render(sampleFrame(), { width: 200, height: 60, color: false });
    expect(text).toContain('│ latency exch→recv 12 ms  recv→apply 18 µs');
    // A book that took nothing in yet has no times to tell.
    expect(text).toContain('│ latency exch→recv —  recv→apply —');
  });

  it('shows no exchange leg where the venue stamps no time on its messages', () => {
    const pair = fakeBook('kraken', 'BTC/USD', { bids: [['65000.1', '0.5']], asks: [['65000.2', '1.25']], lastUpdateId: 0 });
    pair.stats.lastReceivedAt = NOW - 10;
    pair.stats.lastAppliedAt = NOW - 7.5;
    const frame = frameModel({ title: 'lob', sources: [new FakeSource('kraken', [pair], { exchange: 'kraken', hasUpdateIds: false })], depthOf: () => 1, rates: new Map(), now: NOW });
    expect(render(frame, { width: 200, height: 60, color: false })).toContain('│ latency exch→recv —  recv→apply 2.5 ms');
  });

  it('names a venue without update ids by its checksum instead of an id', () => {
    const pair = fakeBook('kraken', 'BTC/USD', { bids: [['65000.1', '0.5']], asks: [['65000.2', '1.25']], lastUpdateId: 0, checksum: 3_456_789_012 });
    const plain = fakeBook('kraken', 'ETH/USD', { bids: [['3000.1', '2']], asks: [['3000.2', '3']], lastUpdateId: 0 });
    const frame = frameModel({
      title: 'lob',
      sources: [new FakeSource('kraken', [pair, plain], { exchange: 'kraken', hasUpdateIds: false, restSnapshots: false })],
      depthOf: () => 3,
      rates: new Map(),
      now: NOW,
    });
    const text = render(frame, { width: 200, height: 60, color: false });
    expect(text).toMatch(/kraken BTC\/USD ─+ ● live ─╮/);
    expect(text).toContain('exact 1/1  crc 3456789012');
    expect(text).not.toMatch(/ id \d/);
    expect(frame.panels.map((p) => [p.lastUpdateId, p.checksum])).toEqual([
      [undefined, 3_456_789_012],
      [undefined, undefined],
    ]);
  });

  it('shows the state of every book and why a book is not live', () => {
    const text = render(sampleFrame(), { width: 200, height: 60, color: false });
    expect(text).toMatch(/binance-spot BTCUSDT ─+ ● live ─╮/);
    expect(text).toMatch(/binance-spot ETHUSDT ─+ ○ resyncing ─╮/);
    expect(text).toContain('│ gap: update 1003..1004 does not follow 1000 (2.1 s)');
    // A live book says how long it has been in sync and what went wrong last, the reason whole over two rows.
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.includes('│ in sync for 12.3 s · last resync 35.0 s ago:'));
    const status = `${lines[first]} ${lines[first + 1]}`.replace(/[│ ]+/g, ' ');
    expect(status).toContain('in sync for 12.3 s · last resync 35.0 s ago: gap: update 10..12 does not follow 8');
    expect(text).toMatch(/│ in sync +│/);
    expect(text).toContain('spread —  mid —');
    expect(text).toContain('levels 0/0');
    expect(lines[0]).toMatch(/^lob {2}2\/3 live {2}22:13:20 UTC +v view · q quit$/);
  });

  it('shows a book the exchange does not know as invalid with its reason, and counts it apart from the live ones', () => {
    const frame = sampleFrame();
    const eth = frame.panels.find((p) => p.symbol === 'ETHUSDT')!;
    const invalid: FrameModel = {
      ...frame,
      panels: frame.panels.map((p) => (p === eth ? { ...p, state: 'invalid', reason: 'subscription refused: error 2: invalid stream' } : p)),
    };
    const text = render(invalid, { width: 200, height: 60, color: false });
    expect(text).toMatch(/binance-spot ETHUSDT ─+ ○ invalid ─╮/);
    expect(text).toContain('│ subscription refused: error 2: invalid stream');
    expect(text.split('\n')[0]).toMatch(/^lob {2}2\/2 live, 1 invalid {2}22:13:20 UTC +v view · q quit$/);
  });

  it('lays panels side by side when the terminal is wide and stacks them when it is not', () => {
    const wide = render(sampleFrame(), { width: 240, height: 60, color: false }).split('\n');
    expect(wide[1]).toMatch(/binance-spot BTCUSDT.*binance-spot ETHUSDT.*binance-usdm BTCUSDT/);
    const narrow = render(sampleFrame(), { width: 80, height: 60, color: false }).split('\n');
    expect(narrow.filter((l) => l.includes('╭─'))).toHaveLength(3);
    expect(narrow[1]).not.toContain('ETHUSDT');
  });

  it('never draws a line wider than the terminal nor more lines than fit, shrinking the depth, then paging', () => {
    for (const [width, height] of [
      [60, 12],
      [80, 24],
      [120, 40],
      [30, 5],
    ] as const) {
      const text = render(sampleFrame(10), { width, height, color: true });
      const lines = text.split('\n');
      expect(lines.length).toBeLessThanOrEqual(height - 1);
      for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
    }
    // 3 stacked panels do not fit 25 lines with their 3 levels: two per page, every level kept.
    const first = renderFrame(sampleFrame(10), { width: 80, height: 26, color: false });
    expect(first).toMatchObject({ pages: 2, page: 0 });
    expect(first.text).toContain('64999.50000000');
    expect(first.text).toMatch(/binance-spot ETHUSDT/);
    expect(first.text).not.toMatch(/binance-usdm BTCUSDT/);
    expect(first.text.split('\n')[0]).toMatch(/page 1\/2 +v view · ←\/→ page · q quit$/);
    const second = renderFrame(sampleFrame(10), { width: 80, height: 26, color: false, page: 1 });
    expect(second.text).toMatch(/binance-usdm BTCUSDT/);
    expect(second.text).not.toMatch(/binance-spot BTCUSDT/);
    // A page past the last shows the last.
    expect(renderFrame(sampleFrame(10), { width: 80, height: 26, color: false, page: 7 }).page).toBe(1);
    const tiny = renderFrame(sampleFrame(10), { width: 80, height: 12, color: false });
    expect(tiny.pages).toBe(3);
    expect(tiny.text).toContain('65000.01000000');
  });

  it('sizes cards from the terminal, not their content: a row of cards spans the width, columns aligned across venues', () => {
    for (const width of [160, 200, 240]) {
      const lines = render(sampleFrame(), { width, height: 60, color: false }).split('\n');
      expect(lines[1]!.length).toBeGreaterThanOrEqual(width - 2);
      expect(lines[1]!.length).toBeLessThanOrEqual(width);
    }
    const lines = render(sampleFrame(), { width: 160, height: 80, color: false }).split('\n');
    const spotRow = lines.find((l) => l.includes('65000.01000000'))!;
    const perpRow = lines.find((l) => l.includes('65000.1 '))!;
    expect(perpRow.indexOf('│ ', 2)).toBe(spotRow.indexOf('│ ', 2));
  });

  it('counts down to the next attempt of a book waiting to reconnect', () => {
    const frame = sampleFrame();
    const eth = frame.panels.find((p) => p.symbol === 'ETHUSDT')!;
    const waiting: FrameModel = {
      ...frame,
      panels: frame.panels.map((p) => (p === eth ? { ...p, state: 'backing-off', reason: 'closed by server (code 1006)', retry: { attempt: 3, inMs: 2_140 } } : p)),
    };
    expect(render(waiting, { width: 200, height: 60, color: false })).toContain('│ attempt 3 in 2.1 s · closed by server (code 1006)');
    expect(render(waiting, { width: 200, height: 60, color: false, layout: 'lines' })).toContain('backing-off #3 2.1s');
  });

  it('shows a cold start: snapshots queued and the time they take at the budget', () => {
    const frame: FrameModel = { ...sampleFrame(), progress: { live: 2, total: 3, snapshotsQueued: 280, etaMs: 170_000 } };
    expect(render(frame, { width: 200, height: 60, color: false }).split('\n')[0]).toMatch(/^lob {2}2\/3 live {2}280 snapshots queued, ~3 min left {2}22:13:20 UTC/);
  });

  it('draws a ladder: asks above the spread with the best ask lowest, bids below with the best highest, bars by quantity', () => {
    const lines = render(sampleFrame(), { width: 120, height: 80, color: false, layout: 'ladder' }).split('\n');
    const best = lines.findIndex((l) => l.includes('65000.02000000'));
    expect(lines[best - 1]).toContain('65001.00000000');
    expect(lines[best + 1]).toMatch(/─ spread 0\.01 · mid 65000\.015 ─/);
    expect(lines[best + 2]).toContain('65000.01000000');
    expect(lines[best + 3]).toContain('65000.00000000');
    expect(lines[best + 4]).toContain('64999.50000000');
    // The largest quantity shown gets the longest bar; every other a shorter one, never none.
    const bar = (line: string | undefined): number => (line?.match(/[█▏▎▍▌▋▊▉]+/)?.[0] ?? '').length;
    expect(bar(lines[best + 3])).toBeGreaterThan(bar(lines[best + 2]));
    expect(bar(lines[best + 2])).toBeGreaterThanOrEqual(1);
    expect(lines[best + 3]).toContain('92233720368.54775807');
  });

  it('lists one row per book in the lines layout, with best bid and ask, latency, exact depth and id', () => {
    const lines = render(sampleFrame(), { width: 200, height: 60, color: false, layout: 'lines' }).split('\n');
    expect(lines[1]).toMatch(/^venue +symbol +state +bid qty +bid +ask +ask qty +spread +upd\/s +exch→recv +recv→apply +exact +resyncs +id/);
    expect(lines[2]).toMatch(/^binance-spot +BTCUSDT +live +0\.50000000 +65000\.01000000 +65000\.02000000 +0\.25000000 +0\.01 +12\.3 +12 ms +18 µs +3\/2 +3 +123456$/);
    expect(lines[3]).toMatch(/^binance-spot +ETHUSDT +resyncing +— +— +— +— +— /);
    expect(lines[4]).toMatch(/^binance-usdm +BTCUSDT +live +12\.345 +65000\.1 /);
    // A narrow terminal drops whole columns from the right instead of cutting one.
    const narrow = render(sampleFrame(), { width: 100, height: 60, color: false, layout: 'lines' }).split('\n');
    expect(narrow[1]).toMatch(/ spread$/);
    for (const line of narrow.slice(1)) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('colours bids and asks only when asked to', () => {
    expect(render(sampleFrame(), { width: 200, height: 60, color: false })).not.toMatch(/\x1b\[/);
    const coloured = render(sampleFrame(), { width: 200, height: 60, color: true });
    expect(coloured).toContain('\x1b[32m');
    expect(coloured).toContain('\x1b[31m');
  });

  it('is pure: the same model renders the same text', () => {
    const frame = sampleFrame();
    expect(render(frame, { width: 100, height: 40, color: true })).toBe(render(frame, { width: 100, height: 40, color: true }));
  });
});
