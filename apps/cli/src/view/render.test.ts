import { describe, expect, it } from '@jest/globals';
import { BookHistory } from '../feeds/book-history.js';
import { FakeSource, fakeBook } from '../fake-source.test-support.js';
import { frameModel, type FrameModel } from './frame-model.js';
import { render } from './render.js';

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
    reason: 'gap: event U=1003 u=1004 does not follow 1000',
    lastUpdateId: 1000,
  });
  const perp = fakeBook('binance-usdm', 'BTCUSDT', { bids: [['65000.1', '12.345']], asks: [['65000.2', '0.001']], lastUpdateId: 99 });
  const history = new BookHistory();
  const at = (ms: number): number => NOW - ms;
  const event = (symbol: string, state: 'live' | 'resyncing', reason: string, ago: number) =>
    history.record({ kind: 'book', market: 'binance-spot', symbol, state, previous: 'live', reason, at: at(ago) });
  event('BTCUSDT', 'resyncing', 'gap: event U=10 u=12 does not follow 8', 35_000);
  event('BTCUSDT', 'live', 'snapshot 123400 bridged', 12_300);
  event('ETHUSDT', 'resyncing', 'gap: event U=1003 u=1004 does not follow 1000', 2_100);
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
    expect(text).toContain('spread 0.01  mid 65000.015  levels 3/2');
    expect(text).toContain('12.3 upd/s  age 35 ms  resyncs 3  id 123456');
    expect(text).toContain('spread 0.1  mid 65000.15  levels 1/1');
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
    expect(text).toContain('resyncs 0  crc 3456789012');
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
    expect(text).toContain('│ gap: event U=1003 u=1004 does not follow 1000 (2.1 s)');
    // A live book says how long it has been in sync and what went wrong last.
    expect(text).toContain('│ in sync for 12.3 s · last resync 35.0 s ago: gap: event U=10 u=12 does no…│');
    expect(text).toMatch(/│ in sync +│/);
    expect(text).toContain('spread —  mid —  levels 0/0');
    expect(text.split('\n')[0]).toMatch(/^lob {2}2\/3 live {2}22:13:20 UTC +ctrl-c to quit$/);
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
    expect(text.split('\n')[0]).toMatch(/^lob {2}2\/2 live, 1 invalid {2}22:13:20 UTC +ctrl-c to quit$/);
  });

  it('lays panels side by side when the terminal is wide and stacks them when it is not', () => {
    const wide = render(sampleFrame(), { width: 240, height: 60, color: false }).split('\n');
    expect(wide[1]).toMatch(/binance-spot BTCUSDT.*binance-spot ETHUSDT.*binance-usdm BTCUSDT/);
    const narrow = render(sampleFrame(), { width: 80, height: 60, color: false }).split('\n');
    expect(narrow.filter((l) => l.includes('╭─'))).toHaveLength(3);
    expect(narrow[1]).not.toContain('ETHUSDT');
  });

  it('never draws a line wider than the terminal nor more lines than fit, shrinking the depth first', () => {
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
    const short = render(sampleFrame(10), { width: 80, height: 26, color: false });
    // 3 stacked panels in 25 lines: one level each (1 + 3 × 8 = 25 lines).
    expect(short.split('\n')).toHaveLength(25);
    expect(short).toContain('65000.01000000');
    expect(short).not.toContain('64999.50000000');
    const tiny = render(sampleFrame(10), { width: 80, height: 12, color: false });
    expect(tiny).toContain('… 2 more books: enlarge the terminal to see them');
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
