import type { StreamMessage } from '@lob/core';
import { assertReadsRecording, damaged, decimal, decoderOutcome, oddDecimal, rowList, scannerPropertyTests, stepsAsideOn, type DecodeFailure } from '@lob/connector-kit/testing';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { decodeCoinbaseFrame, toStreamMessage } from './frame-decoder.js';
import { scanCoinbaseL2Frame } from './frame-scanner.js';
import { loadRecording } from './recordings.test-support.js';

/** What the full decoder makes of a frame: its message, or its DecodeError's reason, product and number. */
const viaDecoder = (frame: string): StreamMessage | DecodeFailure => decoderOutcome(() => decodeCoinbaseFrame(frame));

/** The scanner's answer in the decoder's terms, or undefined where it steps aside. */
function scanMessage(frame: string): StreamMessage | undefined {
  const event = scanCoinbaseL2Frame(frame);
  return event === undefined ? undefined : toStreamMessage(event);
}

const oddNumber = fc.constantFrom('-0', '1.5', '1e3', '01', '"7"', 'null', '-1', '9007199254740993', '12345678901234567');
const seq = fc.oneof({ weight: 19, arbitrary: fc.maxSafeNat().map(String) }, { weight: 1, arbitrary: oddNumber });
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
const updates = rowList(update, oddUpdate);

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

// Damaged the shared ways, plus a field Coinbase does not send.
const damagedMessage = damaged(l2Frame, { extraField: (frame) => frame.replace('"updates":', '"x":1,"updates":') });

describe('scanCoinbaseL2Frame', () => {
  scannerPropertyTests(['Coinbase-shaped l2_data messages', 'damaged messages'], l2Frame, damagedMessage, scanMessage, viaDecoder);

  stepsAsideOn(scanCoinbaseL2Frame, [
    ['whitespace', '{"channel":"l2_data","timestamp":"t","sequence_num":1,"events":[{"type":"update","product_id":"ETH-USD","updates": []}]}'],
    ['a side other than bid or offer', '{"channel":"l2_data","timestamp":"t","sequence_num":1,"events":[{"type":"update","product_id":"ETH-USD","updates":[{"side":"ask","event_time":"t","price_level":"1","new_quantity":"2"}]}]}'],
    ['two events', '{"channel":"l2_data","timestamp":"t","sequence_num":1,"events":[{"type":"update","product_id":"ETH-USD","updates":[]},{}]}'],
    ['a truncated message', '{"channel":"l2_data","timestamp":"t","sequence_num":1,"events":[{"type":"update","product_id":"ETH-USD","updates":[]}]'],
  ]);

  it('reads every l2_data message of the recorded session itself, equal to the full decoder', () => {
    assertReadsRecording(
      loadRecording().frames,
      scanMessage,
      viaDecoder,
      (decoded) => 'type' in decoded && (decoded.type === 'depth' || decoded.type === 'snapshot'),
    );
  });
});
