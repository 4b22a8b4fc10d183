import { assertReadsRecording, damaged, decimal, decoderOutcome, oddDecimal, rowList, scannerPropertyTests, stepsAsideOn, type DecodeFailure } from '@lob/connector-kit/testing';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { decodeOkxFrame } from './frame-decoder.js';
import { scanOkxBookFrame } from './frame-scanner.js';
import type { OkxMessage } from './okx-messages.js';
import { listRecordings } from './recordings.test-support.js';

/** What the full decoder makes of a frame: its message, or its DecodeError's reason and instId. */
const viaDecoder = (frame: string): OkxMessage | DecodeFailure => decoderOutcome(() => decodeOkxFrame(frame));

// Raw JSON number texts: mostly what OKX sends, sometimes what the scanner must hand to the decoder.
const oddNumber = fc.constantFrom('-0', '1.5', '1e3', '01', '"7"', 'null', '2147483648', '-2147483649', '9007199254740993', '-2', '12345678901234567');
const checksum = fc.oneof({ weight: 19, arbitrary: fc.integer({ min: -0x80000000, max: 0x7fffffff }).map(String) }, { weight: 1, arbitrary: oddNumber });
const seqId = fc.oneof({ weight: 19, arbitrary: fc.maxSafeNat().map(String) }, { weight: 1, arbitrary: oddNumber });
const prevSeqId = fc.oneof({ weight: 9, arbitrary: fc.maxSafeNat().map(String) }, { weight: 2, arbitrary: fc.constant('-1') }, { weight: 1, arbitrary: oddNumber });
const row = fc.tuple(decimal, decimal, fc.constantFrom('0', '1'), fc.nat(99).map(String)).map((r) => JSON.stringify(r));
const oddRow = fc.oneof(
  fc.tuple(oddDecimal, decimal).map(([p, s]) => JSON.stringify([p, s, '0', '1'])),
  fc.tuple(decimal, oddDecimal).map(([p, s]) => JSON.stringify([p, s, '0', '1'])),
  fc.constantFrom('["1","2"]', '["1","2","0"]', '["1","2",0,1]', '[1,"2","0","1"]', '["1","2","0","1","x"]', '{}', 'null', '[]'),
);
const rows = rowList(row, oddRow);
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

// Damaged the shared ways, plus a field OKX does not send and the sides swapped.
const damagedPush = damaged(pushFrame, {
  extraField: (frame) => frame.replace('"ts":', '"x":1,"ts":'),
  swap: (frame) => frame.replace(/"asks":(.*),"bids":(.*),"ts"/, '"bids":$2,"asks":$1,"ts"'),
});

describe('scanOkxBookFrame', () => {
  scannerPropertyTests(['OKX-shaped pushes', 'damaged pushes'], pushFrame, damagedPush, scanOkxBookFrame, viaDecoder);

  stepsAsideOn(scanOkxBookFrame, [
    ['whitespace', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[], "bids":[],"ts":"1","checksum":1}]}'],
    ['a price that is not a plain decimal', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[["1e3","1","0","1"]],"bids":[],"ts":"1","checksum":1}]}'],
    ['a checksum of -0', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1","checksum":-0}]}'],
    ['a checksum past 32 bits', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1","checksum":2147483648}]}'],
    ['two data elements', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1","checksum":1},{}]}'],
    ['a truncated push', '{"arg":{"channel":"books","instId":"X"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1","checksum":1}]'],
  ]);

  it('reads a push with seqId and a snapshot prevSeqId of -1 itself', () => {
    const frame = '{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot","data":[{"asks":[["8476.98","415","0","13"]],"bids":[],"ts":"1597026383085","checksum":-855196043,"seqId":123456,"prevSeqId":-1}]}';
    expect(scanOkxBookFrame(frame)).toStrictEqual(decodeOkxFrame(frame));
    expect(scanOkxBookFrame(frame)).toMatchObject({ seqId: 123456, prevSeqId: -1, checksum: -855196043 });
  });

  it.each(listRecordings().map((r) => [r.id, r] as const))('reads every book push of recorded session %s itself, equal to the full decoder', (_id, recording) => {
    assertReadsRecording(recording.frames, scanOkxBookFrame, viaDecoder, (decoded) => 'type' in decoded && decoded.type === 'book');
  });
});
