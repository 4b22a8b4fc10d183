import { isDeepStrictEqual } from 'node:util';
import { DecodeError, type StreamMessage } from '@lob/core';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { decodeCoinbaseFrame, toStreamMessage } from './frame-decoder.js';
import { scanCoinbaseL2Frame } from './frame-scanner.js';
import { loadRecording } from './recordings.test-support.js';

const FRAMES_PER_PROPERTY = 10_000;

/** What the full decoder makes of a frame: its message, or its DecodeError's reason, product and number. */
function viaDecoder(frame: string): StreamMessage | { error: string; symbol: string | undefined; seq: number | undefined } {
  try {
    return decodeCoinbaseFrame(frame);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { error: error.reason, symbol: error.symbol, seq: error.connectionSeq };
  }
}

/** The connector's path (scanner, else the full decoder), in the same terms. */
function viaScanner(frame: string): ReturnType<typeof viaDecoder> {
  const event = scanCoinbaseL2Frame(frame);
  return event === undefined ? viaDecoder(frame) : toStreamMessage(event);
}

const oddNumber = fc.constantFrom('-0', '1.5', '1e3', '01', '"7"', 'null', '-1', '9007199254740993', '12345678901234567');
const seq = fc.oneof({ weight: 19, arbitrary: fc.maxSafeNat().map(String) }, { weight: 1, arbitrary: oddNumber });
const decimal = fc.tuple(fc.nat(), fc.nat(99_999_999), fc.integer({ min: 0, max: 8 })).map(([i, f, d]) => (d === 0 ? `${i}` : `${i}.${String(f).padStart(8, '0').slice(0, d)}`));
const oddDecimal = fc.oneof(fc.constantFrom('', '.5', '5.', '1e3', '-1', ' 1', '1.2.3'), fc.string(), fc.string({ unit: 'binary' }));
const timestamp = fc.oneof(
  { weight: 9, arbitrary: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '123456Z')) },
  { weight: 1, arbitrary: fc.string() },
);
const side = fc.oneof({ weight: 19, arbitrary: fc.constantFrom('bid', 'offer') }, { weight: 1, arbitrary: fc.constantFrom('ask', 'buy', '') });
const update = fc
  .tuple(side, timestamp, decimal, decimal)
  .map(([s, t, p, q]) => `{"side":${JSON.stringify(s)},"event_time":${JSON.stringify(t)},"price_level":${JSON.stringify(p)},"new_quantity":${JSON.stringify(q)}}`);
const oddUpdate = fc.oneof(
  fc.tuple(oddDecimal, decimal).map(([p, q]) => `{"side":"bid","event_time":"","price_level":${JSON.stringify(p)},"new_quantity":${JSON.stringify(q)}}`),
  fc.constantFrom('{"side":"bid","price_level":"1","new_quantity":"2"}', '{"side":"bid","event_time":"","price_level":1,"new_quantity":"2"}', 'null', '{}', '[]'),
);
const updates = fc
  .oneof({ weight: 4, arbitrary: fc.array(update, { maxLength: 30 }) }, { weight: 1, arbitrary: fc.array(fc.oneof(update, oddUpdate), { maxLength: 30 }) })
  .map((items) => `[${items.join(',')}]`);

/** An l2_data message written the way Coinbase writes one (field order, no whitespace; client_id where sent). */
const l2Frame = fc
  .record({
    clientId: fc.option(fc.constantFrom('', 'abc')),
    timestamp,
    seq,
    type: fc.oneof({ weight: 19, arbitrary: fc.constantFrom('snapshot', 'update') }, { weight: 1, arbitrary: fc.string() }),
    product: fc.oneof({ weight: 19, arbitrary: fc.constantFrom('ETH-USD', 'BTC-USD') }, { weight: 1, arbitrary: fc.string() }),
    updates,
  })
  .map(
    (f) =>
      '{"channel":"l2_data",' +
      (f.clientId === null ? '' : `"client_id":${JSON.stringify(f.clientId)},`) +
      `"timestamp":${JSON.stringify(f.timestamp)},"sequence_num":${f.seq},` +
      `"events":[{"type":${JSON.stringify(f.type)},"product_id":${JSON.stringify(f.product)},"updates":${f.updates}}]}`,
  );

// Damage a message the way a broken or unusual sender might: cut it, change or insert a character, add whitespace or a field.
const damaged = fc
  .tuple(l2Frame, fc.nat(), fc.constantFrom('cut', 'replace', 'insert', 'space', 'extra-field'), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }))
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
        return frame.replace('"updates":', '"x":1,"updates":');
    }
    return frame;
  });

describe('scanCoinbaseL2Frame', () => {
  it('equals the full decoder field for field on 10 000 Coinbase-shaped l2_data messages', () => {
    let scanned = 0;
    fc.assert(
      fc.property(l2Frame, (frame) => {
        if (scanCoinbaseL2Frame(frame) !== undefined) scanned++;
        expect(viaScanner(frame)).toStrictEqual(viaDecoder(frame));
      }),
      { numRuns: FRAMES_PER_PROPERTY },
    );
    // The property is about the scanner's own answers: most generated messages must be ones it reads.
    expect(scanned).toBeGreaterThan(FRAMES_PER_PROPERTY / 4);
  });

  it('equals the full decoder on 10 000 damaged messages, and never throws itself', () => {
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
        expect(viaScanner(frame)).toStrictEqual(viaDecoder(frame));
      }),
      { numRuns: FRAMES_PER_PROPERTY },
    );
  });

  it.each([
    ['whitespace', '{"channel":"l2_data","timestamp":"t","sequence_num":1,"events":[{"type":"update","product_id":"ETH-USD","updates": []}]}'],
    ['a side other than bid or offer', '{"channel":"l2_data","timestamp":"t","sequence_num":1,"events":[{"type":"update","product_id":"ETH-USD","updates":[{"side":"ask","event_time":"t","price_level":"1","new_quantity":"2"}]}]}'],
    ['two events', '{"channel":"l2_data","timestamp":"t","sequence_num":1,"events":[{"type":"update","product_id":"ETH-USD","updates":[]},{}]}'],
    ['a truncated message', '{"channel":"l2_data","timestamp":"t","sequence_num":1,"events":[{"type":"update","product_id":"ETH-USD","updates":[]}]'],
  ])('steps aside on %s', (_what, frame) => {
    expect(scanCoinbaseL2Frame(frame)).toBeUndefined();
  });

  it('reads every l2_data message of the recorded session itself, equal to the full decoder', () => {
    let books = 0;
    let scanned = 0;
    const unequal: string[] = [];
    for (const frame of loadRecording().frames) {
      const decoded = viaDecoder(frame);
      if ('type' in decoded && (decoded.type === 'depth' || decoded.type === 'snapshot')) books++;
      const event = scanCoinbaseL2Frame(frame);
      if (event === undefined) continue;
      scanned++;
      if (!isDeepStrictEqual(toStreamMessage(event), decoded)) unequal.push(frame.slice(0, 200));
    }
    expect(unequal).toEqual([]);
    expect(books).toBeGreaterThan(0);
    expect(scanned).toBe(books);
  });
});
