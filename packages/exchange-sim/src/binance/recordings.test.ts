import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { listRecordings, recordingsDir } from './recordings.js';

describe('recordings', () => {
  it('ships every recorded session inside the package, with its licences and README', () => {
    const dir = recordingsDir();
    expect(isAbsolute(dir)).toBe(true);
    expect(dir.endsWith(join('exchange-sim', 'recordings'))).toBe(true);
    const files = readdirSync(dir);
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE.hftbacktest.txt');
    expect(files).toContain('LICENSE.cryptofeed.txt');
    expect(files.filter((f) => f.endsWith('.timeline.txt.gz'))).toHaveLength(9);
  });

  it('lists each session with its market, symbol and three existing files', () => {
    const sessions = listRecordings();
    expect(sessions).toHaveLength(9);
    for (const s of sessions) {
      for (const path of [s.timeline, s.checkpoints, s.finalBook]) expect([path, existsSync(path)]).toEqual([path, true]);
    }
    const byName = Object.fromEntries(sessions.map((s) => [s.session, s]));
    expect(byName['binance-spot_BTCUSDT_2024-08-08']).toMatchObject({ market: 'spot', symbol: 'BTCUSDT' });
    expect(byName['binance-usdm_BTCUSDT_2024-08-08']).toMatchObject({ market: 'usdm', symbol: 'BTCUSDT' });
    expect(byName['binance-coinm_BCHUSD_PERP_cf2021-07-22']).toMatchObject({ market: 'coinm', symbol: 'BCHUSD_PERP' });
    expect(sessions.filter((s) => s.market === 'spot')).toHaveLength(5);
    expect(sessions.filter((s) => s.market === 'coinm')).toHaveLength(3);
  });
});
