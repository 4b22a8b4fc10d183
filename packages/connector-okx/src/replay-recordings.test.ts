import { createChunkedBook } from '@lob/book-chunked';
import { describe, expect, it } from '@jest/globals';
import { listRecordings, replay, type Recording } from './recordings.test-support.js';
import type { OkxBookMessage } from './okx-messages.js';

const recordings = listRecordings();
const byId = (fragment: string): Recording => recordings.find((r) => r.id.includes(fragment))!;

/** The frame with its first bid's size changed (a digit appended: still a valid decimal, now a wrong one). */
function corruptFirstBid(frame: string): string {
  const parsed = JSON.parse(frame) as { data: [{ bids: string[][] }] };
  const bid = parsed.data[0].bids[0]!;
  bid[1] = `${bid[1]}1`;
  return JSON.stringify(parsed);
}

describe('real OKX and OKCoin traffic replayed through decoder, sequencing, applier and checksum', () => {
  it('ships every recorded session with the package', () => {
    expect(recordings.filter((r) => r.exchange === 'okx')).toHaveLength(11);
    expect(recordings.filter((r) => r.exchange === 'okcoin')).toHaveLength(2);
  });

  it.each(recordings.map((r) => [r.id, r] as const))('%s: every checksum verifies and the final book is exact', (_id, recording) => {
    const book = createChunkedBook();
    const result = replay(recording.frames, recording.checkpoints, book);

    expect(result.failures).toEqual([]);
    // Every message is either the subscription ack for this instrument or a book message; every book message was checked.
    for (const message of result.messages) {
      if (message.type === 'subscribed') expect([message.channel, message.instId]).toEqual([recording.channel, recording.instId]);
      else expect(message).toMatchObject({ type: 'book', channel: recording.channel, instId: recording.instId });
    }
    expect(result.verified).toBe(recording.checkpoints.size);
    expect([...book.levels('bid')]).toEqual(recording.finalBook.bids);
    expect([...book.levels('ask')]).toEqual(recording.finalBook.asks);
    // OKX maintains the 400-level window itself: the rebuilt book never needs trimming.
    expect(book.size('bid')).toBeLessThanOrEqual(400);
    expect(book.size('ask')).toBeLessThanOrEqual(400);
  });

  it('verifies all 707 recorded checksums in all', () => {
    const total = recordings.reduce((sum, r) => sum + replay(r.frames, r.checkpoints, createChunkedBook()).verified, 0);
    expect(total).toBe(707);
  });

  it('2022-02-27: a duplicate subscribe brings two acks and two identical snapshots; the second simply resets', () => {
    const recording = byId('ZEN-USDT_2022-02-27');
    const { messages, failures } = replay(recording.frames, recording.checkpoints, createChunkedBook());
    expect(failures).toEqual([]);
    expect(messages.slice(0, 4).map((m) => (m.type === 'book' ? m.kind : m.type))).toEqual(['subscribed', 'subscribed', 'snapshot', 'snapshot']);
    expect(recording.frames[3]).toBe(recording.frames[2]);
  });

  it('a corrupted snapshot level fails the checksum at that very message', () => {
    const recording = byId('UNI-USD-SWAP');
    const snapshotLine = 1;
    const frames = recording.frames.map((frame, line) => (line === snapshotLine ? corruptFirstBid(frame) : frame));
    const { failures } = replay(frames, recording.checkpoints, createChunkedBook());
    expect(failures[0]).toMatchObject({ line: snapshotLine });
    expect(failures[0]!.why).toMatch(/message says/);
  });

  it('a corrupted update level at the best bid fails the checksum at that very message', () => {
    const recording = byId('ZEN-USDT_2022-02-27');
    // Find an update that sets the best bid (the level every checksum covers), replaying the clean session.
    let target: number | undefined;
    const clean = replay(recording.frames, recording.checkpoints, createChunkedBook());
    expect(clean.failures).toEqual([]);
    const replayed = createChunkedBook();
    clean.messages.forEach((message, line) => {
      if (message.type !== 'book') return;
      const first = (message as OkxBookMessage).bids[0];
      const bestBefore = replayed.best('bid');
      if (target === undefined && message.kind === 'update' && first !== undefined && first[1] !== '0' && first[0] === bestBefore?.[0]) target = line;
      if (message.kind === 'snapshot') replayed.reset(message.bids, message.asks);
      else {
        replayed.apply('bid', message.bids);
        replayed.apply('ask', message.asks);
      }
    });
    expect(target).toBeDefined();
    const frames = recording.frames.map((frame, line) => (line === target ? corruptFirstBid(frame) : frame));
    const { failures } = replay(frames, recording.checkpoints, createChunkedBook());
    expect(failures[0]).toMatchObject({ line: target });
  });

  it('a lost update that changed the top 25 shows as a checksum mismatch at the very next message', () => {
    const recording = byId('UNI-USD-SWAP');
    const lost = 2;
    const frames = recording.frames.filter((_frame, line) => line !== lost);
    // Lines after the lost one shift down by one: checkpoints keyed by the new numbering.
    const checkpoints = new Map([...recording.checkpoints].filter(([line]) => line !== lost).map(([line, c]) => [line > lost ? line - 1 : line, c]));
    const { failures } = replay(frames, checkpoints, createChunkedBook());
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]!.line).toBe(lost);
  });
});
