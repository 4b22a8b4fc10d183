import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gunzipSync } from 'node:zlib';
import { readTimelineLines } from '@lob/exchange-sim';
import { readTimelineFile } from './timeline-reader.js';
import { TimelineWriter, type RecordingEvent } from './timeline-writer.js';
import { filesIn, tempDir, until } from './timeline-writer.test-support.js';

const T0 = Date.UTC(2026, 10, 30, 9, 59, 58);

describe('TimelineWriter', () => {
  it('writes lines the project reader reads back exactly, in a file named by venue, symbol and UTC time', async () => {
    const dir = await tempDir();
    const writer = new TimelineWriter({ dir, venue: 'kraken', symbol: 'BTC/USD', now: () => T0 });
    writer.write('1764496798000000001', '{"channel":"book","data":[{"symbol":"BTC/USD"}]}');
    writer.write('1764496798000000002', '{"lastUpdateId":5,"bids":[],"asks":[]}');
    await until(() => filesIn(dir).length > 0, 'the file to be created');
    expect(filesIn(dir)).toEqual(['kraken_BTC-USD_20261130T095958Z.timeline.txt.gz.part']);
    await writer.close();
    expect(filesIn(dir)).toEqual(['kraken_BTC-USD_20261130T095958Z.timeline.txt.gz']);
    expect(readTimelineLines(path.join(dir, 'kraken_BTC-USD_20261130T095958Z.timeline.txt.gz'))).toEqual([
      { receivedNs: '1764496798000000001', raw: '{"channel":"book","data":[{"symbol":"BTC/USD"}]}' },
      { receivedNs: '1764496798000000002', raw: '{"lastUpdateId":5,"bids":[],"asks":[]}' },
    ]);
  });

  it('starts a new file once the size limit would be passed, numbering files opened in the same second in order', async () => {
    const dir = await tempDir();
    const writer = new TimelineWriter({ dir, venue: 'okx', symbol: 'BTC-USDT', now: () => T0, maxFileBytes: 100 });
    const raw = 'x'.repeat(30);
    for (let i = 1; i <= 34; i++) writer.write(String(i), raw); // 33 characters a line: 3 lines in the first file
    await writer.close();
    const files = filesIn(dir);
    expect(files.slice(0, 3)).toEqual([
      'okx_BTC-USDT_20261130T095958Z.timeline.txt.gz',
      'okx_BTC-USDT_20261130T095958Z_0001.timeline.txt.gz',
      'okx_BTC-USDT_20261130T095958Z_0002.timeline.txt.gz',
    ]);
    expect(files.length).toBeGreaterThan(10);
    expect(readTimelineLines(path.join(dir, files[0]!))).toHaveLength(3);
    // Sorted by name, the files hold the lines in the order they were written (past the tenth file too).
    const order = files.flatMap((f) => readTimelineLines(path.join(dir, f)).map((l) => Number(l.receivedNs)));
    expect(order).toEqual(Array.from({ length: 34 }, (_, i) => i + 1));
  });

  it('starts every file with the preamble once it is set, the file already open before its next line', async () => {
    const dir = await tempDir();
    let now = T0;
    const writer = new TimelineWriter({ dir, venue: 'okx', symbol: 'BTC-USDT', now: () => now });
    writer.write('1', 'a');
    writer.setPreamble('P');
    writer.write('2', 'b');
    writer.write('3', 'c');
    now = T0 + 2_000; // 10:00:00: a new file
    writer.write('4', 'd');
    await writer.close();
    const [first, second] = filesIn(dir).map((f) => readTimelineLines(path.join(dir, f)).map((l) => `${l.receivedNs} ${l.raw}`));
    expect(first).toEqual(['1 a', '2 P', '2 b', '3 c']);
    expect(second).toEqual(['4 P', '4 d']);
  });

  it('starts a new file at every UTC hour', async () => {
    const dir = await tempDir();
    let now = T0;
    const writer = new TimelineWriter({ dir, venue: 'okx', symbol: 'BTC-USDT', now: () => now });
    writer.write('1', 'a');
    now = T0 + 1_000; // 09:59:59: same hour
    writer.write('2', 'b');
    now = T0 + 2_000; // 10:00:00
    writer.write('3', 'c');
    await writer.close();
    expect(filesIn(dir)).toEqual(['okx_BTC-USDT_20261130T095958Z.timeline.txt.gz', 'okx_BTC-USDT_20261130T100000Z.timeline.txt.gz']);
    expect(readTimelineLines(path.join(dir, 'okx_BTC-USDT_20261130T100000Z.timeline.txt.gz'))).toEqual([{ receivedNs: '3', raw: 'c' }]);
  });

  it('keeps one frame to one line: line breaks inside a frame become spaces', async () => {
    const dir = await tempDir();
    const writer = new TimelineWriter({ dir, venue: 'okx', symbol: 'BTC-USDT', now: () => T0 });
    writer.write('1', '{\n"a":1\r\n}');
    await writer.close();
    expect(await readTimelineFile(path.join(dir, filesIn(dir)[0]!))).toEqual([{ receivedNs: '1', raw: '{ "a":1  }' }]);
  });

  it('reports a directory it cannot write to as an event, and never throws to the caller', async () => {
    const dir = path.join(await tempDir(), 'missing', 'nested');
    const events: RecordingEvent[] = [];
    const writer = new TimelineWriter({ dir, venue: 'okx', symbol: 'BTC-USDT', onEvent: (e) => events.push(e) });
    expect(() => writer.write('1', 'a')).not.toThrow();
    await until(() => events.some((e) => e.kind === 'write-failed'), 'the write failure');
    expect(() => writer.write('2', 'b')).not.toThrow();
    await writer.close();
  });

  it('drops lines, saying so, rather than buffer more than its bound while the disk is behind', async () => {
    const dir = await tempDir();
    const events: RecordingEvent[] = [];
    const writer = new TimelineWriter({ dir, venue: 'okx', symbol: 'BTC-USDT', maxPendingBytes: 10_000, onEvent: (e) => events.push(e) });
    // All written in one turn: nothing can reach the disk meanwhile.
    for (let i = 0; i < 2_000; i++) writer.write(String(i), 'y'.repeat(100));
    expect(events.filter((e) => e.kind === 'dropping')).toHaveLength(1);
    expect(writer.pendingBytes()).toBeLessThan(20_000);
    await until(() => writer.pendingBytes() === 0, 'the disk to catch up');
    writer.write('2000', 'z');
    expect(events.at(-1)).toMatchObject({ kind: 'resumed' });
    await writer.close();
  });

  it('leaves every closed file gunzip-clean and the .part readable to its last flush when the process is killed', async () => {
    const dir = await tempDir();
    const script = fileURLToPath(new URL('./crash-child.test-support.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let written = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const last = /wrote (\d+)\n$/.exec(chunk);
      if (last !== null) written = Number(last[1]);
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Several files closed, then some flush periods (20 ms each) into the current one.
    await until(() => written >= 230, 'the child to write 230 lines', 20_000);
    const flushedAtLeast = written;
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGKILL');
    await exited;

    const files = filesIn(dir);
    const closed = files.filter((f) => f.endsWith('.timeline.txt.gz'));
    const parts = files.filter((f) => f.endsWith('.part'));
    expect(closed.length).toBeGreaterThanOrEqual(4);
    expect(parts).toHaveLength(1);
    for (const f of closed) expect(() => gunzipSync(readFileSync(path.join(dir, f)))).not.toThrow();
    // Lines 1.. in order with none missing, through the closed files and then the .part.
    const ns: bigint[] = [];
    for (const f of [...closed, ...parts]) for (const line of await readTimelineFile(path.join(dir, f))) ns.push(BigInt(line.receivedNs));
    expect(ns.length).toBeGreaterThanOrEqual(flushedAtLeast);
    ns.forEach((n, i) => expect(n).toBe(1_700_000_000_000_000_000n + BigInt(i + 1)));
    // A truncated gzip: a strict reader fails on it, a flush-tolerant one reads it.
    expect(() => gunzipSync(readFileSync(path.join(dir, parts[0]!)), { finishFlush: constants.Z_SYNC_FLUSH })).not.toThrow();
  }, 40_000);
});
