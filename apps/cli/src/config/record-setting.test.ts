import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadSettings } from './settings.js';

describe('the recording directory (--record, config key record)', () => {
  it('resolves --record from where the command was run, and the config key from the config file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lob-record-setting-'));
    await mkdir(path.join(dir, 'conf'));
    await writeFile(path.join(dir, 'conf', 'lob.toml'), 'record = "rec"\n\n[[exchanges]]\nname = "binance"\nsymbols = ["BTCUSDT"]\n');
    expect((await loadSettings({}, dir)).record).toBeUndefined();
    expect((await loadSettings({ record: 'out' }, dir)).record).toBe(path.join(dir, 'out'));
    expect((await loadSettings({ config: 'conf/lob.toml' }, dir)).record).toBe(path.join(dir, 'conf', 'rec'));
    expect((await loadSettings({ config: 'conf/lob.toml', record: '/abs/rec' }, dir)).record).toBe('/abs/rec');
  });
});
