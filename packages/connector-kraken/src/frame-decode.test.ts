import { isDeepStrictEqual } from 'node:util';
import { decoderOutcome } from '@lob/connector-kit/testing';
import { describe, expect, it } from '@jest/globals';
import { createKrakenConnector } from './kraken-connector.js';
import { frameDecoderFor } from './frame-decode.js';
import type { KrakenMessage } from './kraken-message.js';
import { loadRecording, recordingIds } from './recordings.test-support.js';
import { toStreamMessage } from './stream-message.js';
import { decodeV1Frame } from './v1-decoder.js';
import { decodeV2Frame } from './v2-decoder.js';
import { toV2Session } from './v2-wire.test-support.js';

// Frames the scanners step aside from: acks, heartbeats, a refusal, a broken book. The connector's path must still
// answer each exactly as the full decoder does, DecodeErrors included.
const V1_OTHERS = ['{"event":"heartbeat"}', '{"event":"subscriptionStatus","pair":"XBT/USD","status":"error","errorMessage":"Currency pair not supported XBT/USD"}', '[1,{"a":[["1.0","2.0","1.5"]]},"book-10","XBT/USD"]'];
const V2_OTHERS = ['{"channel":"heartbeat"}', '{"method":"pong","req_id":1}', '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":-1,"qty":2}],"asks":[],"checksum":1}]}'];

/** Every frame gives the same outcome (message or DecodeError) through `path` as through `decode`. */
function expectSameOutcomes(frames: readonly string[], path: (frame: string) => KrakenMessage, decode: (frame: string) => KrakenMessage): void {
  const unequal = frames.filter((frame) => !isDeepStrictEqual(decoderOutcome(() => path(frame)), decoderOutcome(() => decode(frame))));
  expect(unequal).toEqual([]);
}

describe('frameDecoderFor', () => {
  it('v1: every frame of every recorded session, and frames the scanner steps aside from, as decodeV1Frame decodes them', () => {
    const frames = [...recordingIds().flatMap((id) => loadRecording(id).frames), ...V1_OTHERS];
    expectSameOutcomes(frames, frameDecoderFor('v1'), decodeV1Frame);
  });

  it('v2: every recorded session rewritten as v2, and frames the scanner steps aside from, as decodeV2Frame decodes them', () => {
    const frames = [...recordingIds().flatMap((id) => toV2Session(loadRecording(id)).frames), ...V2_OTHERS];
    expectSameOutcomes(frames, frameDecoderFor('v2'), decodeV2Frame);
  });

  it("is the connector's decode, for either protocol", () => {
    const v1 = '[0,{"a":[["0.05120","0.00000500","1582905486.493008"]]},{"b":[["0.04765","0.00000500","1582905486.493008","r"]],"c":"974947235"},"book-1000","XDG/USD"]';
    const v2 = '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":45283.5,"qty":0.1}],"asks":[],"checksum":3310070434,"timestamp":"2023-10-06T17:35:55.440295Z"}]}';
    expect(createKrakenConnector({ wsUrl: 'wss://ws.kraken.com' }).decode(v1)).toStrictEqual(toStreamMessage(decodeV1Frame(v1)));
    expect(createKrakenConnector({ wsUrl: 'wss://ws.kraken.com/v2' }).decode(v2)).toStrictEqual(toStreamMessage(decodeV2Frame(v2)));
  });
});
