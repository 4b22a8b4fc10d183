import { describe, expect, it } from '@jest/globals';
import { preparationLine, readPreparationLine } from './preparation-line.js';

describe('preparation lines', () => {
  it('read back the exact text they carry, line breaks and quotes included, on one line', () => {
    const text = '{"krakenPrecisions":{"BTC/USD":[1,8]}}\n"x"';
    const line = preparationLine(text);
    expect(line).not.toMatch(/[\r\n]/);
    expect(readPreparationLine(line)).toBe(text);
  });

  it('are never read from an exchange frame or snapshot body', () => {
    for (const raw of ['{"channel":"book","type":"snapshot"}', '{"lastUpdateId":1,"bids":[],"asks":[]}', '[0,{"as":[]}]', 'not json', '{"lob.preparation":1}', '{"lob.preparation":"x"']) {
      expect(readPreparationLine(raw)).toBeUndefined();
    }
  });
});
