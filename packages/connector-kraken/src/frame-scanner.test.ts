import { assertReadsRecording, damaged, decimal, decoderOutcome, oddDecimal, rowList, scannerPropertyTests, stepsAsideOn, type DecodeFailure } from '@lob/connector-kit/testing';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { scanV1BookFrame } from './frame-scanner.js';
import type { KrakenMessage } from './kraken-message.js';
import { loadRecording, recordingIds } from './recordings.test-support.js';
import { decodeV1Frame } from './v1-decoder.js';

/** What the full decoder makes of a frame: its message, or its DecodeError's reason and pair. */
const viaDecoder = (frame: string): KrakenMessage | DecodeFailure => decoderOutcome(() => decodeV1Frame(frame));

/** A raw JSON value where Kraken writes a string: mostly the string, sometimes a number, null or nothing at all. */
const oddJson = fc.constantFrom('1', '1.5', 'null', '[]', '{}', '"\\u0031"', '"é"');

// Level timestamps: mostly Kraken's seconds with six decimals, sometimes what the scanner must hand to the decoder
// (past exact integer ms, an exponent, no digits) or edge cases it must read the same (zero, no fraction, leading zeros).
const timestamp = fc.oneof(
  { weight: 18, arbitrary: fc.tuple(fc.integer({ min: 1_500_000_000, max: 1_700_000_000 }), fc.nat(999_999)).map(([s, us]) => `${s}.${String(us).padStart(6, '0')}`) },
  { weight: 1, arbitrary: fc.oneof(fc.nat().map(String), fc.tuple(fc.nat(), fc.nat(99)).map(([s, f]) => `${s}.${f}`), fc.constantFrom('0', '0.000', '0.0009', '00012.5', '1.', '.5', '', '1e9', '-1', '8999999999999.9999', '9000000000000.999', '9000000000001', '99999999999999999999.5')) },
);
const row = fc
  .tuple(decimal, decimal, timestamp, fc.oneof({ weight: 9, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.constant(['r']) }))
  .map(([p, v, t, r]) => JSON.stringify([p, v, t, ...r]));
const oddRow = fc.oneof(
  fc.tuple(oddDecimal, decimal).map(([p, v]) => JSON.stringify([p, v, '1617666423.758524'])),
  fc.tuple(decimal, oddDecimal).map(([p, v]) => JSON.stringify([p, v, '1617666423.758524'])),
  oddJson.map((j) => `["1.0","2.0",${j}]`),
  fc.constantFrom('["1","2"]', '["1","2","3","x"]', '["1","2","3","r","r"]', '[1,"2","3"]', '["1",2,"3"]', '{}', 'null', '[]'),
);
const rows = rowList(row, oddRow);
const checksum = fc.oneof(
  { weight: 18, arbitrary: fc.nat({ max: 0xffffffff }).map((c) => `"${c}"`) },
  { weight: 1, arbitrary: fc.oneof(oddJson, fc.constantFrom('""', '"4294967296"', '"0004294967295"', '"0000000001"', '"00000000001"', '"-1"', '"1.5"', '"1e3"', '12')) },
);
const pair = fc.oneof({ weight: 9, arbitrary: fc.constantFrom('XBT/USD', 'DASH/EUR', 'XDG/XBT', 'ETH2.S/ETH', 'USDC/GBP') }, { weight: 1, arbitrary: fc.string() });
const channel = fc.oneof({ weight: 9, arbitrary: fc.constantFrom('book-10', 'book-1000', 'book-25') }, { weight: 1, arbitrary: fc.constantFrom('book-', 'book-01', 'book-1a', 'books-10', 'book--1', 'BOOK-10', '') });
const channelId = fc.oneof({ weight: 19, arbitrary: fc.nat().map(String) }, { weight: 1, arbitrary: fc.constantFrom('-1', '-0', '1.0', '1e3', '01', '"7"', 'null', '9007199254740993') });

// The payloads of a book array: a snapshot, or an update's asks and/or bids with "c" last, in one payload or two.
const payloads = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(rows, rows).map(([as, bs]) => `{"as":${as},"bs":${bs}}`) },
  {
    weight: 8,
    arbitrary: fc.tuple(fc.constantFrom('a', 'b', 'ab', 'a|b'), rows, rows, fc.option(checksum, { freq: 19 })).map(([sides, a, b, c]) => {
      const tail = c === null ? '}' : `,"c":${c}}`;
      if (sides === 'a') return `{"a":${a}${tail}`;
      if (sides === 'b') return `{"b":${b}${tail}`;
      if (sides === 'ab') return `{"a":${a},"b":${b}${tail}`;
      return `{"a":${a}},{"b":${b}${tail}`;
    }),
  },
);

/** A book array written the way Kraken writes one (element and field order, no whitespace). */
const bookFrame = fc.record({ channelId, payloads, channel, pair }).map((f) => `[${f.channelId},${f.payloads},${JSON.stringify(f.channel)},${JSON.stringify(f.pair)}]`);

// Damaged the shared ways, plus a field Kraken does not send and the payload's sides swapped.
const damagedBook = damaged(bookFrame, {
  extraField: (frame) => frame.replace(/"(as|a|b)":/, '"x":1,"$1":'),
  swap: (frame) => frame.replace(/\{"as":(.*),"bs":(.*)\},"book/, '{"bs":$2,"as":$1},"book').replace(/\{"a":(.*)\},\{"b":(.*),"c"/, '{"b":$2},{"a":$1,"c"'),
});

describe('scanV1BookFrame', () => {
  scannerPropertyTests(['Kraken-shaped book arrays', 'damaged book arrays'], bookFrame, damagedBook, scanV1BookFrame, viaDecoder);

  stepsAsideOn(scanV1BookFrame, [
    ['whitespace', '[1,{"a":[["1.0","2.0","1.5"]], "c":"1"},"book-10","XBT/USD"]'],
    ['an escape in the pair', '[1,{"a":[["1.0","2.0","1.5"]],"c":"1"},"book-10","XBT\\/USD"]'],
    ['non-ASCII', '[1,{"a":[["1.0","2.0","1.5"]],"c":"1"},"book-10","XBT/€"]'],
    ['a number where a string belongs', '[1,{"a":[[1.0,"2.0","1.5"]],"c":"1"},"book-10","XBT/USD"]'],
    ['a checksum as a number', '[1,{"a":[["1.0","2.0","1.5"]],"c":1},"book-10","XBT/USD"]'],
    ['a checksum past 32 bits', '[1,{"a":[["1.0","2.0","1.5"]],"c":"4294967296"},"book-10","XBT/USD"]'],
    ['a checksum of 11 digits', '[1,{"a":[["1.0","2.0","1.5"]],"c":"00000000001"},"book-10","XBT/USD"]'],
    ['an update without a checksum', '[1,{"a":[["1.0","2.0","1.5"]]},"book-10","XBT/USD"]'],
    ['a snapshot with a checksum', '[1,{"as":[],"bs":[],"c":"1"},"book-10","XBT/USD"]'],
    ['bids before asks', '[1,{"bs":[],"as":[]},"book-10","XBT/USD"]'],
    ['a fourth row string other than "r"', '[1,{"a":[["1.0","2.0","1.5","x"]],"c":"1"},"book-10","XBT/USD"]'],
    ['a timestamp in exponent form', '[1,{"a":[["1.0","2.0","1e9"]],"c":"1"},"book-10","XBT/USD"]'],
    ['a timestamp past exact integer ms', '[1,{"a":[["1.0","2.0","9000000000001"]],"c":"1"},"book-10","XBT/USD"]'],
    ['a negative channel id', '[-1,{"a":[["1.0","2.0","1.5"]],"c":"1"},"book-10","XBT/USD"]'],
    ['an empty pair', '[1,{"a":[["1.0","2.0","1.5"]],"c":"1"},"book-10",""]'],
    ['a truncated array', '[1,{"a":[["1.0","2.0","1.5"]],"c":"1"},"book-10","XBT/USD"'],
  ]);

  it.each([
    ['a snapshot', '[1,{"as":[["5541.30000","2.50700000","1534614248.123678"]],"bs":[["5541.20000","1.52900000","1534614248.765567","r"]]},"book-10","XBT/USD"]'],
    ['an update in two payloads, asks apart', '[0,{"a":[["0.05120","0.00000500","1582905486.493008"]]},{"b":[["0.04765","0.00000500","1582905486.493008","r"]],"c":"974947235"},"book-1000","XDG/USD"]'],
    ['an update of both sides in one payload', '[0,{"a":[["1.0","1.0","1600000000.100000"]],"b":[["0.5","1.0","1600000001.999999"]],"c":"0012"},"book-25","ETH2.S/ETH"]'],
    ['an update whose levels say no time', '[7,{"b":[["0.5","0.0","0.000"]],"c":"4294967295"},"book-10","DASH/EUR"]'],
  ])('reads %s itself, equal to the full decoder', (_what, frame) => {
    const scanned = scanV1BookFrame(frame);
    expect(scanned).toBeDefined();
    expect(scanned).toStrictEqual(decodeV1Frame(frame));
    // Same keys in the same order: one hidden class downstream whichever path read the frame.
    expect(Object.keys(scanned ?? {})).toEqual(Object.keys(decodeV1Frame(frame)));
  });

  it.each(recordingIds())('reads every book array of recorded session %s itself, equal to the full decoder', (id) => {
    const { frames } = loadRecording(id);
    assertReadsRecording(frames, scanV1BookFrame, viaDecoder, (decoded) => 'kind' in decoded && (decoded.kind === 'snapshot' || decoded.kind === 'update'));
  });
});
