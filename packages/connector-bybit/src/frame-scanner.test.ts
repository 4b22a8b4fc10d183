import { assertReadsRecording, damaged, decimal, decoderOutcome, oddDecimal, rowList, scannerPropertyTests, stepsAsideOn, type DecodeFailure } from '@lob/connector-kit/testing';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import type { BybitMessage } from './bybit-messages.js';
import { decodeBybitFrame } from './frame-decoder.js';
import { scanBybitBookFrame } from './frame-scanner.js';
import { listRecordings } from './recordings.test-support.js';

/** What the full decoder makes of a frame: its message, or its DecodeError's reason and symbol. */
const viaDecoder = (frame: string): BybitMessage | DecodeFailure => decoderOutcome(() => decodeBybitFrame(frame));

// Raw JSON number texts: mostly what Bybit sends, sometimes what the scanner must hand to the decoder.
const oddNumber = fc.constantFrom('-0', '0', '1.5', '1e3', '01', '"7"', 'null', '-1', '9007199254740993', '12345678901234567');
const safe = fc.oneof({ weight: 19, arbitrary: fc.maxSafeNat().map((n) => String(n + (n === 0 ? 1 : 0))) }, { weight: 1, arbitrary: oddNumber });
const row = fc.tuple(decimal, decimal).map((r) => JSON.stringify(r));
const oddRow = fc.oneof(
  fc.tuple(oddDecimal, decimal).map((r) => JSON.stringify(r)),
  fc.tuple(decimal, oddDecimal).map((r) => JSON.stringify(r)),
  fc.constantFrom('["1"]', '["1","2","3"]', '[1,"2"]', '["1",2]', '{}', 'null', '[]'),
);
const rows = rowList(row, oddRow);
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

// Damaged the shared ways, plus a field Bybit does not send and the sides swapped.
const damagedPush = damaged(pushFrame, {
  extraField: (frame) => frame.replace('"u":', '"x":1,"u":'),
  swap: (frame) => frame.replace(/"b":(.*),"a":(.*),"u"/, '"a":$2,"b":$1,"u"'),
});

describe('scanBybitBookFrame', () => {
  scannerPropertyTests(['Bybit-shaped pushes', 'damaged pushes'], pushFrame, damagedPush, scanBybitBookFrame, viaDecoder);

  stepsAsideOn(scanBybitBookFrame, [
    ['whitespace', '{"topic":"orderbook.50.X","type":"delta","ts":1,"data":{"s":"X","b":[], "a":[],"u":1}}'],
    ['a data.s other than the topic symbol', '{"topic":"orderbook.50.X","type":"delta","ts":1,"data":{"s":"Y","b":[],"a":[],"u":1}}'],
    ['u of 0', '{"topic":"orderbook.50.X","type":"delta","ts":1,"data":{"s":"X","b":[],"a":[],"u":0}}'],
    ['a three-element row', '{"topic":"orderbook.50.X","type":"delta","ts":1,"data":{"s":"X","b":[["1","2","3"]],"a":[],"u":1}}'],
    ['a truncated push', '{"topic":"orderbook.50.X","type":"delta","ts":1,"data":{"s":"X","b":[],"a":[],"u":1}'],
  ]);

  it.each(listRecordings().map((r) => [r.id, r] as const))('reads every book push of recorded session %s itself, equal to the full decoder', (_id, recording) => {
    assertReadsRecording(recording.frames, scanBybitBookFrame, viaDecoder, (decoded) => 'type' in decoded && decoded.type === 'book');
  });
});
