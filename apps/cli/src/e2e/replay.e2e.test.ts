import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { CliProcess } from './cli-process.test-support.js';

/** A directory holding one small recording of Binance spot BTCUSDT: a snapshot and two events that bridge it. */
function recordingDir(): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lob-replay-e2e-'));
  const event = (U: number, u: number, price: string): string =>
    JSON.stringify({ stream: 'btcusdt@depth@100ms', data: { e: 'depthUpdate', E: 1, s: 'BTCUSDT', U, u, b: [[price, '1.00000000']], a: [] } });
  const lines = [
    `1764496798000000000 ${event(9, 10, '99.00000000')}`,
    `1764496798100000000 {"lastUpdateId":10,"bids":[["100.00000000","2.00000000"]],"asks":[["101.00000000","3.00000000"]]}`,
    `1764496798200000000 ${event(11, 12, '99.50000000')}`,
  ];
  const file = path.join(dir, 'binance-spot_BTCUSDT_20261130T095958Z.timeline.txt.gz');
  writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
  return { dir, file };
}

describe('lob replay, as a real process', () => {
  it('replays a recording through the books, writes them as JSON lines, says it finished and exits 0', async () => {
    const { file } = recordingDir();
    const run = CliProcess.start(['replay', file, '--speed', 'max', '--json']);
    const { code } = await run.exited;
    expect({ code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('"event":"replay-finished"') });
    expect(run.logs().find((r) => r.event === 'replay-finished')).toMatchObject({ delivered: 3, skipped: 0 });
    // The book the snapshot and the bridging event make, as live would show it.
    expect(run.stdout).toContain('"state":"live","reason":"in sync: first event bridged snapshot 10","lastUpdateId":12');
    expect(run.stdout).toContain('"bids":[["100.00000000","2.00000000"],["99.50000000","1.00000000"]],"asks":[["101.00000000","3.00000000"]]');
  }, 30_000);

  it('exits 2 with one line for a file it cannot use: missing, misnamed, of an unknown venue', async () => {
    const cases: [string[], string][] = [
      [['replay', '/nonexistent/binance-spot_BTCUSDT_20261130T095958Z.timeline.txt.gz'], 'lob: cannot read recording /nonexistent/binance-spot_BTCUSDT_20261130T095958Z.timeline.txt.gz: no such file'],
      [['replay', 'notes.txt'], 'lob: notes.txt: not a timeline recording (expected <venue>_<SYMBOL>_<time>.timeline.txt.gz)'],
      [['replay', 'ftx_BTCUSD_20261130T095958Z.timeline.txt.gz'], 'lob: ftx_BTCUSD_20261130T095958Z.timeline.txt.gz: "ftx" is not a venue name; say which with --venue'],
    ];
    const runs = cases.map(([args]) => CliProcess.start(args));
    const exits = await Promise.all(runs.map((r) => r.exited));
    cases.forEach(([, line], i) => expect({ code: exits[i]!.code, stderr: runs[i]!.stderr }).toEqual({ code: 2, stderr: `${line}\n` }));
  }, 30_000);

  it('exits 2 on a file that is not gzip, in one line', async () => {
    const { dir } = recordingDir();
    const file = path.join(dir, 'okx_BTC-USDT_20261130T095958Z.timeline.txt.gz');
    writeFileSync(file, 'plain text');
    const run = CliProcess.start(['replay', file]);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr).toMatch(/^lob: cannot read recording .*okx_BTC-USDT_20261130T095958Z\.timeline\.txt\.gz: .+\n$/);
  }, 15_000);

  it('refuses a --speed that is not a positive number or max, with exit 2', async () => {
    const { file } = recordingDir();
    const speeds = ['0', '-1', 'fast', '', '1e9'];
    const runs = speeds.map((speed) => CliProcess.start(['replay', file, '--speed', speed]));
    const exits = await Promise.all(runs.map((r) => r.exited));
    speeds.forEach((speed, i) => {
      expect({ speed, code: exits[i]!.code }).toEqual({ speed, code: 2 });
      expect(runs[i]!.stderr).toContain('speed must be a number above 0');
    });
  }, 30_000);

  it('lob serve --record exits 2 in one line when the directory cannot be made, before anything starts', async () => {
    const { file } = recordingDir();
    const run = CliProcess.start(['serve', '--demo', '--record', path.join(file, 'sub')]);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('lob: '))).toEqual([expect.stringMatching(/^lob: --record: cannot create the recording directory .*sub: ENOTDIR/)]);
  }, 15_000);
});
