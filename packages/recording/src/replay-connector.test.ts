import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RestSnapshots, StreamListener } from '@lob/core';
import { fakeConnector } from './fake-connector.test-support.js';
import { preparationLine } from './preparation-line.js';
import { replayConnector } from './replay-connector.js';
import { loadReplayTimeline, type ReplayEntry } from './replay-timeline.js';
import { tempDir, until } from './timeline-writer.test-support.js';

/** A listener that notes what it was given, in order. */
function noting(seen: string[]): StreamListener {
  return { onOpen: () => seen.push('open'), onFrame: (frame) => seen.push(frame), onClose: (reason) => seen.push(`closed: ${reason}`) };
}

const entry = (ns: number, raw: string, ...symbols: string[]): ReplayEntry => ({ ns: BigInt(ns), raw, symbols });

describe('loadReplayTimeline', () => {
  it("merges one venue's files by receive time and replays a frame written to several symbols' files once", async () => {
    const dir = await tempDir();
    const write = (name: string, lines: string[]): string => {
      const file = path.join(dir, name);
      writeFileSync(file, gzipSync(lines.map((l) => `${l}\n`).join('')));
      return file;
    };
    const a = write('fake_AAA_20261130T000000Z.timeline.txt.gz', ['1 {"ack":1}', '3 {"s":"AAA","u":1}', '5 {"s":"AAA","u":2}']);
    const b = write('fake_BBB_20261130T000000Z.timeline.txt.gz', ['1 {"ack":1}', '2 {"s":"BBB","u":1}', '5 {"s":"BBB","u":2}']);
    const entries = await loadReplayTimeline([
      { file: a, symbol: 'AAA' },
      { file: b, symbol: 'BBB' },
    ]);
    expect(entries).toEqual([
      entry(1, '{"ack":1}', 'AAA', 'BBB'),
      entry(2, '{"s":"BBB","u":1}', 'BBB'),
      entry(3, '{"s":"AAA","u":1}', 'AAA'),
      entry(5, '{"s":"AAA","u":2}', 'AAA'),
      entry(5, '{"s":"BBB","u":2}', 'BBB'),
    ]);
  });

  it('rejects a file that is not there, naming it', async () => {
    await expect(loadReplayTimeline([{ file: '/nonexistent/fake_AAA_x.timeline.txt.gz', symbol: 'AAA' }])).rejects.toThrow(
      'cannot read recording /nonexistent/fake_AAA_x.timeline.txt.gz: no such file',
    );
  });
});

describe('replayConnector', () => {
  it('gives recorded preparations back to the connector before streams open, and does not replay them as frames', async () => {
    const fake = fakeConnector();
    const restored: string[] = [];
    fake.restore = (text) => restored.push(text);
    const entries = [
      entry(1, preparationLine('precisions of AAA'), 'AAA'),
      entry(1, '{"s":"AAA","u":1}', 'AAA'),
      entry(2, preparationLine('precisions of BBB'), 'BBB'),
      entry(3, preparationLine('precisions of AAA'), 'AAA'),
      entry(4, '{"s":"BBB","u":1}', 'BBB'),
    ];
    const replay = replayConnector(fake, { entries, speed: 'max' });
    expect(restored).toEqual(['precisions of AAA', 'precisions of BBB']);
    const seen: string[] = [];
    replay.openStream(['AAA', 'BBB'], noting(seen));
    expect(await replay.finished).toEqual({ delivered: 2, skipped: 0, stopped: false });
    expect(seen).toEqual(['open', '{"s":"AAA","u":1}', '{"s":"BBB","u":1}']);
  });

  it('replays preparation lines to nobody, with a warning, when the connector cannot take them back', async () => {
    const fake = fakeConnector();
    fake.restore = () => {
      throw new Error('not mine');
    };
    const warnings: string[] = [];
    const replay = replayConnector(fake, { entries: [entry(1, preparationLine('x'), 'AAA'), entry(2, 'a1', 'AAA')], speed: 'max', onWarning: (m) => warnings.push(m) });
    const seen: string[] = [];
    replay.openStream(['AAA'], noting(seen));
    expect(await replay.finished).toEqual({ delivered: 1, skipped: 0, stopped: false });
    expect(seen).toEqual(['open', 'a1']);
    expect(warnings).toEqual(['replay: the recorded preparation cannot be restored (not mine); books may not go live']);
  });

  it('delivers each frame once to the connection carrying its symbols, in order, then says it finished', async () => {
    const entries = [entry(1, 'ack', 'AAA', 'BBB'), entry(2, 'a1', 'AAA'), entry(3, 'c1', 'CCC'), entry(4, 'b1', 'BBB')];
    const replay = replayConnector(fakeConnector(), { entries, speed: 'max' });
    const first: string[] = [];
    const second: string[] = [];
    replay.openStream(['AAA', 'BBB'], noting(first));
    replay.openStream(['CCC'], noting(second));
    expect(await replay.finished).toEqual({ delivered: 4, skipped: 0, stopped: false });
    expect(first).toEqual(['open', 'ack', 'a1', 'b1']);
    expect(second).toEqual(['open', 'c1']);
  });

  it('answers a snapshot request with the recorded body only once the frames recorded before it were delivered', async () => {
    const entries = [entry(1, 'a1', 'AAA'), entry(2, 'a2', 'AAA'), entry(3, '{"lastUpdateId":7}', 'AAA'), entry(4, 'a3', 'AAA')];
    const connector = fakeConnector();
    const replay = replayConnector(connector, { entries, speed: 'max' });
    const seen: string[] = [];
    replay.openStream(['AAA'], noting(seen));
    const answered = (replay.snapshots as RestSnapshots).fetchSnapshot('AAA', new AbortController().signal).then((r) => {
      seen.push(`snapshot ${r.snapshot.lastUpdateId}`);
    });
    await answered;
    expect(seen).toEqual(['open', 'a1', 'a2', 'snapshot 7']);
    await replay.finished;
    expect(seen).toEqual(['open', 'a1', 'a2', 'snapshot 7', 'a3']);
  });

  it('holds the replay at a recorded snapshot until the book asks for it, as it had live', async () => {
    const entries = [entry(1, 'a1', 'AAA'), entry(2, '{"lastUpdateId":9}', 'AAA'), entry(3, 'a2', 'AAA')];
    const replay = replayConnector(fakeConnector(), { entries, speed: 'max' });
    const seen: string[] = [];
    replay.openStream(['AAA'], noting(seen));
    await until(() => seen.includes('a1'), 'the first frame');
    // Several turns of the event loop: the replay must still be waiting.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['open', 'a1']);
    const response = await (replay.snapshots as RestSnapshots).fetchSnapshot('AAA', new AbortController().signal);
    expect(response.snapshot.lastUpdateId).toBe(9);
    expect(await replay.finished).toMatchObject({ delivered: 3, skipped: 0 });
    expect(seen).toEqual(['open', 'a1', 'a2']);
  });

  it('skips, with a warning, a snapshot nobody asks for and a frame no connection carries', async () => {
    const entries = [entry(1, '{"lastUpdateId":9}', 'AAA'), entry(2, 'z1', 'ZZZ'), entry(3, 'a1', 'AAA')];
    const warnings: string[] = [];
    const replay = replayConnector(fakeConnector(), { entries, speed: 'max', waitMs: 50, onWarning: (w) => warnings.push(w) });
    const seen: string[] = [];
    replay.openStream(['AAA'], noting(seen));
    expect(await replay.finished).toEqual({ delivered: 1, skipped: 2, stopped: false });
    expect(seen).toEqual(['open', 'a1']);
    expect(warnings).toEqual([
      'replay: a recorded snapshot of AAA was never asked for; skipped',
      'replay: a recorded frame of ZZZ found no connection carrying it; skipped',
    ]);
  });

  it('paces frames by their receive times divided by the speed', async () => {
    const entries = [entry(0, 'a1', 'AAA'), entry(200_000_000, 'a2', 'AAA'), entry(400_000_000, 'a3', 'AAA')];
    const replay = replayConnector(fakeConnector(), { entries, speed: 2 });
    const at: number[] = [];
    replay.openStream(['AAA'], { onOpen: () => undefined, onFrame: () => at.push(performance.now()), onClose: () => undefined });
    await replay.finished;
    // 400 ms of recording at twice the speed: 200 ms at least between the first frame and the last.
    expect(at).toHaveLength(3);
    expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(195);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(95);
  });

  it('ends a connection when it is closed, and stopping rejects the snapshots still asked for', async () => {
    const replay = replayConnector(fakeConnector(), { entries: [entry(1, 'a1', 'AAA')], speed: 'max' });
    const seen: string[] = [];
    const connection = replay.openStream(['AAA'], noting(seen));
    const asked = (replay.snapshots as RestSnapshots).fetchSnapshot('BBB', new AbortController().signal);
    await replay.finished;
    connection.close('bye');
    await until(() => seen.includes('closed: bye'), 'the close');
    await (replay as unknown as { close(): Promise<void> }).close();
    await expect(asked).rejects.toMatchObject({ reason: 'aborted' });
  });
});
