import { isDeepStrictEqual } from 'node:util';
import { DecodeError } from '@lob/core';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { decodeOkxFrame } from './frame-decoder.js';
import { scanOkxBookFrame } from './frame-scanner.js';
import type { OkxMessage } from './okx-messages.js';
import { listRecordings } from './recordings.test-support.js';

const FRAMES_PER_PROPERTY = 10_000;

/** What the full decoder makes of a frame: its message, or its DecodeError's reason and instId. */
function viaDecoder(frame: string): OkxMessage | { error: string; symbol: string | undefined } {
  try {
    return decodeOkxFrame(frame);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { error: error.reason, symbol: error.symbol };
  }
}

/** The connector's path (scanner, else the full decoder), in the same terms. */
const viaScanner = (frame: string) => scanOkxBookFrame(frame) ?? viaDecoder(frame);

// Raw JSON number texts: mostly what OKX sends, sometimes what the scanner must hand to the decoder.
const oddNumber = fc.constantFrom('-0', '1.5', '1e3', '01', '"7"', 'null', '2147483648', '-2147483649', '9007199254740993', '-2', '12345678901234567');
const checksum = fc.oneof({ weight: 19, arbitrary: fc.integer({ min: -0x80000000, max: 0x7fffffff }).map(String) }, { weight: 1, arbitrary: oddNumber });
const seqId = fc.oneof({ weight: 19, arbitrary: fc.maxSafeNat().map(String) }, { weight: 1, arbitrary: oddNumber });
const prevSeqId = fc.oneof({ weight: 9, arbitrary: fc.maxSafeNat().map(String) }, { weight: 2, arbitrary: fc.constant('-1') }, { weight: 1, arbitrary: oddNumber });
const decimal = fc.tuple(fc.nat(), fc.nat(99_999_999), fc.integer({ min: 0, max: 8 })).map(([i, f, d]) => (d === 0 ? `${i}` : `${i}.${String(f).padStart(8, '0').slice(0, d)}`));
const oddDecimal = fc.oneof(fc.constantFrom('', '.5', '5.', '1e3', '-1', '0x1', ' 1', '1.2.3'), fc.string(), fc.string({ unit: 'binary' }));
const row = fc.tuple(decimal, decimal, fc.constantFrom('0', '1'), fc.nat(99).map(String)).map((r) => JSON.stringify(r));
const oddRow = fc.oneof(
  fc.tuple(oddDecimal, decimal).map(([p, s]) => JSON.stringify([p, s, '0', '1'])),
  fc.tuple(decimal, oddDecimal).map(([p, s]) => JSON.stringify([p, s, '0', '1'])),
  fc.constantFrom('["1","2"]', '["1","2","0"]', '["1","2",0,1]', '[1,"2","0","1"]', '["1","2","0","1","x"]', '{}', 'null', '[]'),
);
const rows = fc
  .oneof({ weight: 4, arbitrary: fc.array(row, { maxLength: 30 }) }, { weight: 1, arbitrary: fc.array(fc.oneof(row, oddRow), { maxLength: 30 }) })
  .map((items) => `[${items.join(',')}]`);
const text = fc.oneof({ weight: 9, arbitrary: fc.constantFrom('books', 'books-l2-tbt', 'BTC-USDT', 'ETH-USD-220624-12000-P') }, { weight: 1, arbitrary: fc.string() });

/** A book push written the way OKX writes one (field order, no whitespace). */
const pushFrame = fc
  .record({
    channel: text,
    instId: text,
    action: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('snapshot', 'update') }, { weight: 1, arbitrary: fc.string() }),
    asks: rows,
    bids: rows,
    ts: fc.oneof({ weight: 9, arbitrary: fc.nat().map(String) }, { weight: 1, arbitrary: fc.constantFrom('', '1.5', '-1', 'x') }),
    checksum,
    seqId: fc.option(seqId),
    prevSeqId: fc.option(prevSeqId),
  })
  .map(
    (f) =>
      `{"arg":{"channel":${JSON.stringify(f.channel)},"instId":${JSON.stringify(f.instId)}},"action":${JSON.stringify(f.action)},` +
      `"data":[{"asks":${f.asks},"bids":${f.bids},"ts":${JSON.stringify(f.ts)},"checksum":${f.checksum}` +
      (f.seqId === null ? '' : `,"seqId":${f.seqId}`) +
      (f.prevSeqId === null ? '' : `,"prevSeqId":${f.prevSeqId}`) +
      '}]}',
  );

// Damage a push the way a broken or unusual sender might: cut it, change or insert a character, add whitespace or a field.
const damaged = fc
  .tuple(pushFrame, fc.nat(), fc.constantFrom('cut', 'replace', 'insert', 'space', 'extra-field', 'swap'), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }))
  .map(([frame, at, how, chars]) => {
    const p = at % (frame.length + 1);
    switch (how) {
      case 'cut':
        return frame.slice(0, p);
      case 'replace':
        return frame.slice(0, p) + chars + frame.slice(p + 1);
      case 'insert':
        return frame.slice(0, p) + chars + frame.slice(p);
      case 'space':
        return frame.slice(0, p) + ' ' + frame.slice(p);
      case 'extra-field':
        return frame.replace('"ts":', '"x":1,"ts":');
      case 'swap':
        return frame.replace(/"asks":(.*),"bids":(.*),"ts"/, '"bids":$2,"asks":$1,"ts"');
    }
    return frame;
  });

describe('scanOkxBookFrame', () => {
  it('equals the full decoder field for field on 10 000 OKX-shaped pushes', () => {
    let scanned = 0;
    fc.assert(
      fc.property(pushFrame, (frame) => {
        if (scanOkxBookFrame(frame) !== undefined) scanned++;
        expect(viaScanner(frame)).toStrictEqual(viaDecoder(frame));
      }),
      { numRuns: FRAMES_PER_PROPERTY },
    );
    // The property is about the scanner's own answers: most generated pushes must be ones it reads.
    expect(scanned).toBeGreaterThan(FRAMES_PER_PROPERTY / 4);
  });

  it('equals the full decoder on 10 000 damaged pushes, and never throws itself', () => {
    fc.assert(
      fc.property(damaged, (frame) => {
        expect(viaScanner(frame)).toStrictEqual(viaDecoder(frame));
      }),
      { numRuns: FRAMES_PER_PROPERTY },
    );
  });

  it('steps aside (undefined) or agrees on 10 000 frames of any text, never throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()), (frame) => {
        const scanned = scanOkxBookFrame(frame);
        if (scanned !== undefined) expect(scanned).toStrictEqual(decodeOkxFrame(frame));
      }),
      { numRuns: FRAMES_PER_PROPERTY },
    );
  });

  it.each([
    ['whitespace', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[], "bids":[],"ts":"1","checksum":1}]}'],
    ['a price that is not a plain decimal', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[["1e3","1","0","1"]],"bids":[],"ts":"1","checksum":1}]}'],
    ['a checksum of -0', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1","checksum":-0}]}'],
    ['a checksum past 32 bits', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1","checksum":2147483648}]}'],
    ['two data elements', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1","checksum":1},{}]}'],
    ['a truncated push', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1","checksum":1}]'],
  ])('steps aside on %s', (_what, frame) => {
    expect(scanOkxBookFrame(frame)).toBeUndefined();
  });

  it('reads a push with seqId and a snapshot prevSeqId of -1 itself', () => {
    const frame = '{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot","data":[{"asks":[["8476.98","415","0","13"]],"bids":[],"ts":"1597026383085","checksum":-855196043,"seqId":123456,"prevSeqId":-1}]}';
    expect(scanOkxBookFrame(frame)).toStrictEqual(decodeOkxFrame(frame));
    expect(scanOkxBookFrame(frame)).toMatchObject({ seqId: 123456, prevSeqId: -1, checksum: -855196043 });
  });

  it.each(listRecordings().map((r) => [r.id, r] as const))('reads every book push of recorded session %s itself, equal to the full decoder', (_id, recording) => {
    let pushes = 0;
    let scanned = 0;
    const unequal: string[] = [];
    for (const frame of recording.frames) {
      const decoded = viaDecoder(frame);
      const fast = scanOkxBookFrame(frame);
      if ('type' in decoded && decoded.type === 'book') pushes++;
      if (fast === undefined) continue;
      scanned++;
      if (!isDeepStrictEqual(fast, decoded)) unequal.push(frame);
    }
    expect(unequal).toEqual([]);
    expect(pushes).toBeGreaterThan(0);
    expect(scanned).toBe(pushes);
  });
});
