import { createChunkedBook } from '@lob/book-chunked';
import type { OrderBook } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { applyBookMessage } from './book-applier.js';
import { applyMessage } from './book-replay.test-support.js';
import { orderBookChecksum } from './checksum.js';
import { createKrakenConnector } from './kraken-connector.js';
import { loadRecording, recordingIds } from './recordings.test-support.js';
import { decodeV1Frame } from './v1-decoder.js';

// The connector's own decode and rules, offline: a v1 URL on loopback (nothing is opened).
const connector = createKrakenConnector({ wsUrl: 'ws://127.0.0.1:1', restUrl: 'http://127.0.0.1:1' });

// Every session subscribed at depth 1000 (manifest.json: subscribed_depth; the acks say "book-1000").
const DEPTH = 1000;
const ids = recordingIds();

interface Replay {
  book: OrderBook;
  verified: number;
  trimmed: number;
  failures: string[];
}

/** Replays every timeline line through the connector's decode and rules as BookSync applies them; `tamper` may corrupt a frame first. */
function replay(id: string, tamper?: (line: number, frame: string) => string): Replay {
  const recording = loadRecording(id);
  const book = createChunkedBook();
  const result: Replay = { book, verified: 0, trimmed: 0, failures: [] };
  recording.frames.forEach((raw, line) => {
    const message = connector.decode(tamper === undefined ? raw : tamper(line, raw));
    const outcome = applyMessage(book, message, DEPTH, connector.rules);
    if (outcome === undefined) return;
    result.trimmed += outcome.trimmed;
    if (message.type !== 'depth') return; // v1 snapshots carry no checksum
    const computed = orderBookChecksum(book);
    const checkpoint = recording.checkpoints.get(line);
    if (checkpoint === undefined) {
      result.failures.push(`line ${line}: update without a checkpoint`);
    } else if (!outcome.matched || computed !== checkpoint || message.checksum !== checkpoint) {
      result.failures.push(`line ${line}: computed ${computed}, message ${String(message.checksum)}, checkpoint ${checkpoint}`);
    } else {
      result.verified++;
    }
  });
  return result;
}

describe("real Kraken v1 traffic replayed through the connector's decode and checksum rule", () => {
  it('ships all ten recorded sessions with the package', () => {
    expect(ids).toHaveLength(10);
  });

  // Replays shared by the per-session tests and the total, so the total holds under `-t` too.
  const replays = new Map<string, Replay>();
  const replayOnce = (id: string): Replay => replays.get(id) ?? replays.set(id, replay(id)).get(id)!;

  it.each(ids)('%s: every update checksum is Kraken\'s and the final book matches level for level', (id) => {
    const recording = loadRecording(id);
    const { book, verified, failures, trimmed } = replayOnce(id);
    expect(failures).toEqual([]);
    // Every checkpoint was met by exactly one verified update.
    expect(verified).toBe(recording.checkpoints.size);
    expect(verified).toBeGreaterThan(0);
    expect([...book.levels('bid')]).toEqual(recording.finalBook.bids);
    expect([...book.levels('ask')]).toEqual(recording.finalBook.asks);
    if (id.includes('DASH-EUR')) expect(trimmed).toBe(215); // manifest.json: levels_trimmed
  });

  it('verified every checkpoint of the ten sessions', () => {
    // manifest.json: 869 + 51 + 412 + 363 + 2715 + 335 + 20 + 317 + 148 + 289
    expect(ids.reduce((sum, id) => sum + replayOnce(id).verified, 0)).toBe(5519);
  });

  it.each(ids)("%s: the benchmark's applyBookMessage meets every checkpoint and ends on the same book", (id) => {
    const recording = loadRecording(id);
    const book = createChunkedBook();
    const misses: number[] = [];
    recording.frames.forEach((raw, line) => {
      const message = decodeV1Frame(raw);
      if (message.kind !== 'snapshot' && message.kind !== 'update') return;
      const outcome = applyBookMessage(book, message, DEPTH);
      if (message.kind === 'update' && (!outcome.matched || outcome.computed !== recording.checkpoints.get(line))) misses.push(line);
    });
    expect(misses).toEqual([]);
    expect([...book.levels('bid')]).toEqual(recording.finalBook.bids);
    expect([...book.levels('ask')]).toEqual(recording.finalBook.asks);
  });

  it('catches one corrupted level at the very message that carries it', () => {
    const id = ids.find((i) => i.includes('GRT-ETH')) as string;
    const recording = loadRecording(id);
    // Corrupt the first update's first volume digit: the checksum must fail there, and the next messages too.
    const target = [...recording.checkpoints.keys()].sort((a, b) => a - b)[0] as number;
    const tampered = replay(id, (line, frame) => (line === target ? frame.replace(/(\[\[")([0-9.]+)(",")(\d)/, (_m, a: string, p: string, b: string, d: string) => `${a}${p}${b}${d === '9' ? '1' : String(Number(d) + 1)}`) : frame));
    expect(tampered.failures[0]).toMatch(new RegExp(`^line ${target}: `));
  });

  it('keeps stale levels in DASH-EUR without the depth trim', () => {
    const id = ids.find((i) => i.includes('DASH-EUR')) as string;
    const recording = loadRecording(id);
    const book = createChunkedBook();
    for (const raw of recording.frames) applyMessage(book, connector.decode(raw), Number.MAX_SAFE_INTEGER, connector.rules);
    // Without the trim stale levels beyond the window survive (they sit too deep to reach this session's checksums,
    // manifest.json: checksum_bad_if_not_truncated = 0), and the final book holds more than Kraken's
    // (final_levels_differ_if_not_trimmed = 2).
    const held = [...book.levels('ask')].length + [...book.levels('bid')].length;
    expect(held).toBeGreaterThan(recording.finalBook.asks.length + recording.finalBook.bids.length);
  });
});
