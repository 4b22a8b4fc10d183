import { DecodeError } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeV1Frame } from './v1-decoder.js';
import { decodeV2Frame } from './v2-decoder.js';

const decodeError = (decode: (frame: string) => unknown, frame: string): DecodeError => {
  try {
    decode(frame);
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return error as DecodeError;
  }
  throw new Error(`decoded without error: ${frame}`);
};

describe('v1 decoder', () => {
  it('reads snapshots, updates with one or two payloads, republished levels, checksums and the newest level time', () => {
    expect(decodeV1Frame('[1,{"as":[["5541.30000","2.50700000","1534614248.123678"]],"bs":[]},"book-10","XBT/USD"]')).toEqual({
      kind: 'snapshot', pair: 'BTC/USD', asks: [['5541.30000', '2.50700000']], bids: [], checksum: undefined, time: 1534614248123,
    });
    expect(decodeV1Frame('[0,{"a":[["0.05120","0.00000500","1582905486.493008"]]},{"b":[["0.04765","0.00000500","1582905486.493008","r"]],"c":"974947235"},"book-1000","XDG/USD"]')).toEqual({
      kind: 'update', pair: 'DOGE/USD', asks: [['0.05120', '0.00000500']], bids: [['0.04765', '0.00000500']], checksum: 974947235, time: 1582905486493,
    });
    // The message's time is its newest level's, whichever side and payload carries it.
    expect(decodeV1Frame('[0,{"a":[["1.0","1.0","1600000000.100000"]]},{"b":[["0.5","1.0","1600000001.999999"]],"c":"1"},"book-10","XBT/USD"]')).toMatchObject({ time: 1600000001999 });
  });

  it('reads events: subscription status, errors naming the pair, heartbeat, pong, system status', () => {
    expect(decodeV1Frame('{"channelID":4528,"channelName":"book-1000","event":"subscriptionStatus","pair":"XBT/EUR","status":"subscribed","subscription":{"depth":1000,"name":"book"}}')).toEqual({ kind: 'subscribed', pair: 'BTC/EUR' });
    expect(decodeV1Frame('{"event":"subscriptionStatus","pair":"XBT/USD","status":"error","errorMessage":"Already subscribed","subscription":{"name":"book"}}')).toEqual({ kind: 'rejected', pair: 'BTC/USD', reason: 'Already subscribed' });
    expect(decodeV1Frame('{"event":"heartbeat"}')).toEqual({ kind: 'heartbeat' });
    expect(decodeV1Frame('{"event":"pong","reqid":7}')).toEqual({ kind: 'pong' });
    expect(decodeV1Frame('{"event":"systemStatus","status":"online","version":"1.9.2"}')).toEqual({ kind: 'status' });
  });

  it.each([
    ['not JSON', '[1,{"a":[', 'malformed-json', undefined],
    ['a bare number', '42', 'malformed-frame', undefined],
    ['a float volume', '[1,{"a":[["1.0",2.5,"1.0"]],"c":"1"},"book-10","XBT/USD"]', 'malformed-frame', 'BTC/USD'],
    ['a negative price', '[1,{"a":[["-1.0","2.5","1.0"]],"c":"1"},"book-10","XBT/USD"]', 'malformed-frame', 'BTC/USD'],
    ['a 4th field other than "r"', '[1,{"b":[["1.0","2.5","1.0","x"]],"c":"1"},"book-10","ETH/USD"]', 'malformed-frame', 'ETH/USD'],
    ['an update without checksum', '[1,{"a":[["1.0","2.5","1.0"]]},"book-10","XBT/USD"]', 'malformed-frame', 'BTC/USD'],
    ['a checksum over 32 bits', '[1,{"a":[["1.0","2.5","1.0"]],"c":"4294967296"},"book-10","XBT/USD"]', 'malformed-frame', 'BTC/USD'],
    ['a checksum in the first of two payloads', '[1,{"a":[["1.0","2.5","1.0"]],"c":"1"},{"b":[]},"book-10","XBT/USD"]', 'malformed-frame', 'BTC/USD'],
    ['another channel', '[1,{"a":[]},"trade","XBT/USD"]', 'malformed-frame', 'BTC/USD'],
    ['an unknown book field', '[1,{"as":[],"bs":[],"x":1},"book-10","XBT/USD"]', 'malformed-frame', 'BTC/USD'],
    ['a truncated frame naming its pair', '{"event":"subscriptionStatus","pair":"XBT/USD","status":', 'malformed-json', 'BTC/USD'],
    ['a subscription error without message', '{"event":"subscriptionStatus","pair":"LTC/USD","status":"error"}', 'malformed-frame', 'LTC/USD'],
  ])('refuses %s with DecodeError naming the pair', (_what, frame, reason, pair) => {
    const error = decodeError(decodeV1Frame, frame);
    expect(error.reason).toBe(reason);
    expect(error.symbol).toBe(pair);
  });
});

describe('v2 decoder', () => {
  it('keeps the digits of JSON numbers exactly, exponents spelled out, and reads the timestamp in ms', () => {
    const message = decodeV2Frame('{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":0.1000000000000000055511151231257827,"qty":1.5e-7}],"asks":[],"checksum":3310070434,"timestamp":"2023-10-06T17:35:55.440295Z"}]}');
    expect(message).toEqual({ kind: 'update', pair: 'BTC/USD', bids: [['0.1000000000000000055511151231257827', '0.00000015']], asks: [], checksum: 3310070434, time: 1696613755440 });
  });

  it('reads subscribe answers, refusals naming the pair, heartbeat, status and pong', () => {
    expect(decodeV2Frame('{"method":"subscribe","result":{"channel":"book","depth":10,"snapshot":true,"symbol":"BTC/USD"},"success":true,"time_in":"x","time_out":"y"}')).toEqual({ kind: 'subscribed', pair: 'BTC/USD' });
    expect(decodeV2Frame('{"error":"Already subscribed","method":"subscribe","success":false,"symbol":"BTC/USD","time_in":"x","time_out":"y"}')).toEqual({ kind: 'rejected', pair: 'BTC/USD', reason: 'Already subscribed' });
    expect(decodeV2Frame('{"method":"unsubscribe","result":{"channel":"book","depth":10,"symbol":"ETH/USD"},"success":true}')).toEqual({ kind: 'unsubscribed', pair: 'ETH/USD' });
    expect(decodeV2Frame('{"channel":"heartbeat"}')).toEqual({ kind: 'heartbeat' });
    expect(decodeV2Frame('{"channel":"status","type":"update","data":[{"system":"online"}]}')).toEqual({ kind: 'status' });
    expect(decodeV2Frame('{"method":"pong","req_id":1,"time_in":"x","time_out":"y"}')).toEqual({ kind: 'pong' });
  });

  const entry = (fields: string) => `{"channel":"book","type":"snapshot","data":[{"symbol":"ETH/EUR",${fields}}]}`;
  it.each([
    ['not JSON', '{"channel":"book",', 'malformed-json', undefined],
    ['a duplicate key', '{"channel":"book","channel":"x","symbol":"ETH/EUR"}', 'malformed-json', 'ETH/EUR'],
    ['a price as a string', entry('"bids":[{"price":"1.5","qty":1}],"asks":[],"checksum":1'), 'malformed-frame', 'ETH/EUR'],
    ['a negative quantity', entry('"bids":[{"price":1.5,"qty":-1}],"asks":[],"checksum":1'), 'malformed-frame', 'ETH/EUR'],
    ['an absurd exponent', entry('"bids":[{"price":1e999999,"qty":1}],"asks":[],"checksum":1'), 'malformed-frame', 'ETH/EUR'],
    ['no checksum', entry('"bids":[],"asks":[]'), 'malformed-frame', 'ETH/EUR'],
    ['a snapshot without asks', entry('"bids":[],"checksum":1'), 'malformed-frame', 'ETH/EUR'],
    ['a fractional checksum', entry('"bids":[],"asks":[],"checksum":1.5'), 'malformed-frame', 'ETH/EUR'],
    ['two books in one frame', '{"channel":"book","type":"update","data":[{"symbol":"ETH/EUR"},{"symbol":"BTC/USD"}]}', 'malformed-frame', 'ETH/EUR'],
    ['an unknown type', '{"channel":"book","type":"delta","data":[{"symbol":"ETH/EUR","bids":[],"asks":[],"checksum":1}]}', 'malformed-frame', 'ETH/EUR'],
    ['an array', '[1,2]', 'malformed-frame', undefined],
  ])('refuses %s with DecodeError naming the pair', (_what, frame, reason, pair) => {
    const error = decodeError(decodeV2Frame, frame);
    expect(error.reason).toBe(reason);
    expect(error.symbol).toBe(pair);
  });
});

describe.each([
  ['v1', decodeV1Frame, '[1,{"a":[["1.0","2.5","1.0"]],"c":"12"},"book-10","XBT/USD"]'],
  ['v2', decodeV2Frame, '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":1.5,"qty":2}],"asks":[],"checksum":12}]}'],
] as const)('%s decoder, on any input', (_v, decode, valid) => {
  const onlyDecodeErrors = (frame: string) => {
    try {
      decode(frame);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
    }
  };

  it('throws nothing but DecodeError on arbitrary text and JSON', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), onlyDecodeErrors), { numRuns: 2000 });
  });

  it('throws nothing but DecodeError on mutations of a valid frame', () => {
    const mutated = fc.tuple(fc.nat(valid.length), fc.nat(valid.length), fc.string({ maxLength: 8 })).map(([a, b, insert]) => valid.slice(0, Math.min(a, b)) + insert + valid.slice(Math.max(a, b)));
    fc.assert(fc.property(mutated, onlyDecodeErrors), { numRuns: 3000 });
  });
});
