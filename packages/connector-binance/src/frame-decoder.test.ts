import { DecodeError } from '@lob/core';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { decodeFrame, symbolHint } from './frame-decoder.js';

const spotEvent = '{"e":"depthUpdate","E":1672515782136,"s":"BNBBTC","U":157,"u":160,"b":[["0.0024","10"]],"a":[["0.0026","100"]]}';

describe('decodeFrame', () => {
  it('decodes a bare spot event with the exchange strings untouched', () => {
    expect(decodeFrame(spotEvent, false)).toEqual({
      type: 'depth', symbol: 'BNBBTC', firstId: 157, lastId: 160, prevLastId: undefined, eventTime: 1672515782136,
      bids: [['0.0024', '10']], asks: [['0.0026', '100']],
    });
  });

  it('unwraps a combined-stream frame and keeps the futures pu', () => {
    const frame = '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":5,"u":9,"pu":4,"b":[],"a":[["65000.10","92233720368.54775807"]]}}';
    const decoded = decodeFrame(frame, true);
    expect(decoded).toMatchObject({ type: 'depth', symbol: 'BTCUSDT', firstId: 5, lastId: 9, prevLastId: 4 });
    expect(decoded.type === 'depth' && decoded.asks[0]).toEqual(['65000.10', '92233720368.54775807']);
  });

  it('reads serverShutdown, bare or combined, as a shutdown notice and not as an error', () => {
    expect(decodeFrame('{"e":"serverShutdown","E":1}', false)).toEqual({ type: 'shutdown' });
    expect(decodeFrame('{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}}', true)).toEqual({ type: 'shutdown' });
  });

  it('reads subscription replies as control frames', () => {
    expect(decodeFrame('{"result":null,"id":1}', false)).toEqual({ type: 'control' });
    // A refusal the stream client could not tie to one stream (it splits and asks again) carries nothing either.
    expect(decodeFrame('{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":3}', false)).toEqual({ type: 'control' });
  });

  it('reads a refused SUBSCRIBE that the stream client tied to its stream as a rejection naming that symbol', () => {
    const frame = '{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":4,"lobRefusedStreams":["nopeusdt@depth@100ms"]}';
    expect(decodeFrame(frame, false)).toEqual({ type: 'rejected', symbols: ['NOPEUSDT'], reason: 'error 2: Invalid request: invalid stream' });
  });

  it.each([
    ['not JSON', '{"e":"depthUpdate","s":"BTCUSDT",', 'malformed-json', 'BTCUSDT'],
    ['bids not an array', '{"e":"depthUpdate","E":1,"s":"ETHUSDT","U":1,"u":2,"b":"oops","a":[]}', 'malformed-frame', 'ETHUSDT'],
    ['a level of numbers', '{"e":"depthUpdate","E":1,"s":"ETHUSDT","U":1,"u":2,"b":[[1,2]],"a":[]}', 'malformed-frame', 'ETHUSDT'],
    ['U after u', '{"e":"depthUpdate","E":1,"s":"ETHUSDT","U":3,"u":2,"b":[],"a":[]}', 'malformed-frame', 'ETHUSDT'],
    ['missing ids', '{"e":"depthUpdate","E":1,"s":"ETHUSDT","b":[],"a":[]}', 'malformed-frame', 'ETHUSDT'],
    ['a number', '42', 'malformed-frame', undefined],
    ['no event and no reply', '{"stream":"xrpusdt@depth","data":{"foo":1}}', 'malformed-frame', 'XRPUSDT'],
  ])('rejects %s with a DecodeError naming the symbol', (_name, frame, reason, symbol) => {
    let error: unknown;
    try {
      decodeFrame(frame, false);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).reason).toBe(reason);
    expect((error as DecodeError).symbol).toBe(symbol);
  });

  it('requires pu on futures', () => {
    expect(() => decodeFrame(spotEvent, true)).toThrow(DecodeError);
  });

  it('never throws anything but DecodeError, whatever the frame', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.constantFrom(spotEvent.slice(0, 40), spotEvent.replace('"10"', '10'))), (frame) => {
        try {
          decodeFrame(frame, false);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the symbol of a broken frame from its stream name', () => {
    expect(symbolHint('{"stream":"solusdt@depth@100ms","data":{"e":')).toBe('SOLUSDT');
  });
});
