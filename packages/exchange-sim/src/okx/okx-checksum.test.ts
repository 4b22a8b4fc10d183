import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { okxChecksum } from './okx-checksum.js';

interface Fixture {
  bids: [string, string][];
  asks: [string, string][];
  checksum: number;
}

const recorded = JSON.parse(readFileSync(new URL('./okx-checksum.fixture.json', import.meta.url), 'utf8')) as Fixture;

describe('okxChecksum', () => {
  it('gives the checksum OKX sent with a recorded snapshot (fewer bids than asks, sizes without trailing zeros)', () => {
    expect(okxChecksum(recorded.bids, recorded.asks)).toBe(recorded.checksum);
  });

  it('reads the CRC as a signed 32-bit integer and depends on the exact strings', () => {
    const values = [okxChecksum([['1', '1']], [['2', '1']]), okxChecksum([['1', '1']], [['2', '1.0']])];
    expect(values[0]).not.toBe(values[1]);
    for (const v of values) expect(v).toBe(v | 0);
  });

  it('counts only the top 25 levels a side', () => {
    const extra: [string, string] = ['0.01', '5'];
    expect(okxChecksum([...recorded.bids, extra], recorded.asks)).toBe(recorded.checksum);
  });
});
