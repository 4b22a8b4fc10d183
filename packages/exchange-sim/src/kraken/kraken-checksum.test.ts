import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { krakenChecksum } from './kraken-checksum.js';

interface Fixture {
  bids: [string, string][];
  asks: [string, string][];
  checksum: number;
}

const recorded = JSON.parse(readFileSync(new URL('./kraken-checksum.fixture.json', import.meta.url), 'utf8')) as Fixture;

describe('krakenChecksum', () => {
  it('gives the checksum Kraken sent after a recorded update (prices below 1: leading zeros stripped)', () => {
    expect(krakenChecksum(recorded.asks, recorded.bids)).toBe(recorded.checksum);
  });

  it('covers the top 10 levels a side only, asks first', () => {
    expect(krakenChecksum([...recorded.asks, ['0.99999', '1.00000000']], recorded.bids)).toBe(recorded.checksum);
    expect(krakenChecksum(recorded.bids, recorded.asks)).not.toBe(recorded.checksum);
  });
});
