import { isDeepStrictEqual } from 'node:util';
import { DecodeError } from '@lob/core';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import type { BybitMessage } from './bybit-messages.js';
import { decodeBybitFrame } from './frame-decoder.js';
import { scanBybitBookFrame } from './frame-scanner.js';
import { listRecordings } from './recordings.test-support.js';

const FRAMES_PER_PROPERTY = 10_000;

/** What the full decoder makes of a frame: its message, or its DecodeError's reason and symbol. */
function viaDecoder(frame: string): BybitMessage | { error: string; symbol: string | undefined } {
  try {
    return decodeBybitFrame(frame);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { error: error.reason, symbol: error.symbol };
  }
}

/** The connector's path (scanner, else the full decoder), in the same terms. */
const viaScanner = (frame: string) => scanBybitBookFrame(frame) ?? viaDecoder(frame);

// Raw JSON number texts: mostly what Bybit sends, sometimes what the scanner must hand to the decoder.
const oddNumber = fc.constantFrom('-0', '0', '1.5', '1e3', '01', '"7"', 'null', '-1', '9007199254740993', '12345678901234567');
const safe = fc.oneof({ weight: 19, arbitrary: fc.maxSafeNat().map((n) => String(n + (n === 0 ? 1 : 0))) }, { weight: 1, arbitrary: oddNumber });
const decimal = fc.tuple(fc.nat(), fc.nat(99_999_999), fc.integer({ min: 0, max: 8 })).map(([i, f, d]) => (d === 0 ? `${i}` : `${i}.${String(f).padStart(8, '0').slice(0, d)}`));
const oddDecimal = fc.oneof(fc.constantFrom('', '.5', '5.', '1e3', '-1', ' 1', '1.2.3'), fc.string(), fc.string({ unit: 'binary' }));
const row = fc.tuple(decimal, decimal).map((r) => JSON.stringify(r));
const oddRow = fc.oneof(
  fc.tuple(oddDecimal, decimal).map((r) => JSON.stringify(r)),
  fc.tuple(decimal, oddDecimal).map((r) => JSON.stringify(r)),
  fc.constantFrom('["1"]', '["1","2","3"]', '[1,"2"]', '["1",2]', '{}', 'null', '[]'),
);
const rows = fc
  .oneof({ weight: 4, arbitrary: fc.array(row, { maxLength: 30 }) }, { weight: 1, arbitrary: fc.array(fc.oneof(row, oddRow), { maxLength: 30 }) })
  .map((items) => `[${items.join(',')}]`);
const symbol = fc.oneof({ weight: 19, arbitrary: fc.constantFrom('SOLUSDT', 'DOGEUSDT', 'BTC-26DEC25') }, { weight: 1, arbitrary: fc.string() });

/** An order-book push written the way Bybit writes one (field order: type or ts first, as linear and spot do; no whitespace). */
const pushFrame = fc
  .record({
    tsFirst: fc.boolean(),
    depth: fc.oneof({ weight: 19, arbitrary: fc.constantFrom('1', '50', '200', '500') }, { weight: 1, arbitrary: fc.constantFrom('', 'x', '050', '1.5') }),
    topicSymbol: symbol,
    otherSymbol: fc.oneof({ weight: 19, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: symbol }),
    type: fc.oneof({ weight: 19, arbitrary: fc.constantFrom('snapshot', 'delta') }, { weight: 1, arbitrary: fc.string() }),
    ts: safe,
    b: rows,
    a: rows,
    u: safe,
    seq: fc.option(safe),
    cts: fc.option(safe),
  })
  .map(
    (f) =>
      `{"topic":${JSON.stringify(`orderbook.${f.depth}.${f.topicSymbol}`)},` +
      (f.tsFirst ? `"ts":${f.ts},"type":${JSON.stringify(f.type)},` : `"type":${JSON.stringify(f.type)},"ts":${f.ts},`) +
      `"data":{"s":${JSON.stringify(f.otherSymbol ?? f.topicSymbol)},"b":${f.b},"a":${f.a},"u":${f.u}` +
      (f.seq === null ? '' : `,"seq":${f.seq}`) +
      '}' +
      (f.cts === null ? '' : `,"cts":${f.cts}`) +
      '}',
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
        return frame.replace('"u":', '"x":1,"u":');
      case 'swap':
        return frame.replace(/"b":(.*),"a":(.*),"u"/, '"a":$2,"b":$1,"u"');
    }
    return frame;
  });

describe('scanBybitBookFrame', () => {
  it('equals the full decoder field for field on 10 000 Bybit-shaped pushes', () => {
    let scanned = 0;
    fc.assert(
      fc.property(pushFrame, (frame) => {
        if (scanBybitBookFrame(frame) !== undefined) scanned++;
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
        const scanned = scanBybitBookFrame(frame);
        if (scanned !== undefined) expect(scanned).toStrictEqual(decodeBybitFrame(frame));
      }),
      { numRuns: FRAMES_PER_PROPERTY },
    );
  });

  it.each([
    ['whitespace', '{"topic":"orderbook.50.X","type":"delta","ts":1,"data":{"s":"X","b":[], "a":[],"u":1}}'],
    ['a data.s other than the topic symbol', '{"topic":"orderbook.50.X","type":"delta","ts":1,"data":{"s":"Y","b":[],"a":[],"u":1}}'],
    ['u of 0', '{"topic":"orderbook.50.X","type":"delta","ts":1,"data":{"s":"X","b":[],"a":[],"u":0}}'],
    ['a three-element row', '{"topic":"orderbook.50.X","type":"delta","ts":1,"data":{"s":"X","b":[["1","2","3"]],"a":[],"u":1}}'],
    ['a truncated push', '{"topic":"orderbook.50.X","type":"delta","ts":1,"data":{"s":"X","b":[],"a":[],"u":1}'],
  ])('steps aside on %s', (_what, frame) => {
    expect(scanBybitBookFrame(frame)).toBeUndefined();
  });

  it.each(listRecordings().map((r) => [r.id, r] as const))('reads every book push of recorded session %s itself, equal to the full decoder', (_id, recording) => {
    let pushes = 0;
    let scanned = 0;
    const unequal: string[] = [];
    for (const frame of recording.frames) {
      const decoded = viaDecoder(frame);
      const fast = scanBybitBookFrame(frame);
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
