import { DecodeError } from '@lob/core';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { decodeOkxFrame, instIdInMessage } from './frame-decoder.js';

const ARG = { channel: 'books', instId: 'BTC-USDT' };
const DATA = { asks: [['8476.98', '415', '0', '13']], bids: [['8476.97', '256', '0', '12']], ts: '1597026383085', checksum: -855196043 };
const push = (over: Record<string, unknown> = {}, data: Record<string, unknown> = {}): string =>
  JSON.stringify({ arg: ARG, action: 'update', data: [{ ...DATA, ...data }], ...over });

/** The DecodeError a frame throws (fails the test when it decodes or throws anything else). */
function decodeError(frame: string): DecodeError {
  try {
    decodeOkxFrame(frame);
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
  throw new Error(`decoded without error: ${frame}`);
}

describe('decodeOkxFrame: what OKX sends', () => {
  it('decodes a snapshot with sequence ids, dropping the deprecated and order-count fields', () => {
    expect(decodeOkxFrame(push({ action: 'snapshot' }, { prevSeqId: -1, seqId: 123456 }))).toEqual({
      type: 'book',
      kind: 'snapshot',
      channel: 'books',
      instId: 'BTC-USDT',
      bids: [['8476.97', '256']],
      asks: [['8476.98', '415']],
      checksum: -855196043,
      seqId: 123456,
      prevSeqId: -1,
      ts: '1597026383085',
    });
  });

  it('decodes an update without sequence ids (captures before OKX added them)', () => {
    expect(decodeOkxFrame(push())).toMatchObject({ type: 'book', kind: 'update', seqId: undefined, prevSeqId: undefined });
  });

  it('keeps prices and sizes exactly as written', () => {
    const message = decodeOkxFrame(push({}, { bids: [['0.00001000', '1.50', '0', '1']], asks: [] }));
    expect(message).toMatchObject({ bids: [['0.00001000', '1.50']], asks: [] });
  });

  it('decodes subscribe and unsubscribe acks', () => {
    expect(decodeOkxFrame('{"event":"subscribe","arg":{"channel":"books-l2-tbt","instId":"BTC-USDT"},"connId":"a4d3ae55"}')).toEqual({
      type: 'subscribed',
      channel: 'books-l2-tbt',
      instId: 'BTC-USDT',
    });
    expect(decodeOkxFrame('{"event":"unsubscribe","arg":{"channel":"books","instId":"ETH-USDT"}}')).toMatchObject({ type: 'unsubscribed', instId: 'ETH-USDT' });
  });

  it('decodes an error and reads the instId out of its message', () => {
    const frame = JSON.stringify({
      event: 'error',
      code: '60012',
      msg: 'Invalid request: {"op": "subscribe", "argss":[{ "channel" : "books", "instId" : "BTC-USD-191227"}]}',
      connId: 'a4d3ae55',
    });
    expect(decodeOkxFrame(frame)).toEqual({ type: 'error', code: '60012', message: expect.any(String), instId: 'BTC-USD-191227' });
    expect(decodeOkxFrame('{"event":"error","code":"60018","msg":"Wrong URL or channel:books,instId:BTC-USDT-X doesn\'t exist."}')).toMatchObject({
      code: '60018',
      instId: 'BTC-USDT-X',
    });
    expect(decodeOkxFrame('{"event":"error","code":"60004","msg":"Invalid timestamp"}')).toMatchObject({ instId: undefined });
  });

  it('decodes pong, notices and other events', () => {
    expect(decodeOkxFrame('pong')).toEqual({ type: 'pong' });
    expect(decodeOkxFrame('{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade.","connId":"a4d3ae55"}')).toMatchObject({
      type: 'notice',
      code: '64008',
    });
    expect(decodeOkxFrame('{"event":"channel-conn-count","channel":"books","connCount":"2","connId":"abc"}')).toEqual({ type: 'control', event: 'channel-conn-count' });
  });
});

describe('decodeOkxFrame: hostile frames', () => {
  it.each([
    ['malformed JSON', '{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"upd', 'malformed-json', 'BTC-USDT'],
    ['malformed JSON naming nothing', '{not json', 'malformed-json', undefined],
    ['a JSON string', '"pong"', 'malformed-frame', undefined],
    ['a JSON array', '[1,2]', 'malformed-frame', undefined],
    ['null', 'null', 'malformed-frame', undefined],
    ['neither event nor arg', '{"data":[]}', 'malformed-frame', undefined],
    ['arg without instId', JSON.stringify({ arg: { channel: 'books' }, action: 'update', data: [DATA] }), 'malformed-frame', undefined],
    ['a numeric instId', JSON.stringify({ arg: { channel: 'books', instId: 7 }, action: 'update', data: [DATA] }), 'malformed-frame', undefined],
    ['no channel', JSON.stringify({ arg: { instId: 'BTC-USDT' }, action: 'update', data: [DATA] }), 'malformed-frame', 'BTC-USDT'],
    ['no action', push({ action: undefined }), 'malformed-frame', 'BTC-USDT'],
    ['an unknown action', push({ action: 'partial' }), 'malformed-frame', 'BTC-USDT'],
    ['data not an array', push({ data: DATA }), 'malformed-frame', 'BTC-USDT'],
    ['empty data', push({ data: [] }), 'malformed-frame', 'BTC-USDT'],
    ['two book states', push({ data: [DATA, DATA] }), 'malformed-frame', 'BTC-USDT'],
    ['data[0] not an object', push({ data: ['x'] }), 'malformed-frame', 'BTC-USDT'],
    ['bids missing', push({}, { bids: undefined }), 'malformed-frame', 'BTC-USDT'],
    ['asks an object', push({}, { asks: {} }), 'malformed-frame', 'BTC-USDT'],
    ['a numeric price', push({}, { bids: [[8476.97, '256', '0', '12']] }), 'malformed-frame', 'BTC-USDT'],
    ['a numeric size', push({}, { asks: [['8476.98', 415, '0', '13']] }), 'malformed-frame', 'BTC-USDT'],
    ['a level of one field', push({}, { asks: [['8476.98']] }), 'malformed-frame', 'BTC-USDT'],
    ['a level that is a string', push({}, { asks: ['8476.98'] }), 'malformed-frame', 'BTC-USDT'],
    ['a negative size', push({}, { asks: [['8476.98', '-1', '0', '1']] }), 'malformed-frame', 'BTC-USDT'],
    ['an exponent price', push({}, { asks: [['1e3', '1', '0', '1']] }), 'malformed-frame', 'BTC-USDT'],
    ['an empty price', push({}, { bids: [['', '1', '0', '1']] }), 'malformed-frame', 'BTC-USDT'],
    ['no checksum', push({}, { checksum: undefined }), 'malformed-frame', 'BTC-USDT'],
    ['a string checksum', push({}, { checksum: '-855196043' }), 'malformed-frame', 'BTC-USDT'],
    ['a checksum beyond 32 bits', push({}, { checksum: 2 ** 31 }), 'malformed-frame', 'BTC-USDT'],
    ['a fractional checksum', push({}, { checksum: 1.5 }), 'malformed-frame', 'BTC-USDT'],
    ['a numeric ts', push({}, { ts: 1597026383085 }), 'malformed-frame', 'BTC-USDT'],
    ['no ts', push({}, { ts: undefined }), 'malformed-frame', 'BTC-USDT'],
    ['a string seqId', push({}, { seqId: '5' }), 'malformed-frame', 'BTC-USDT'],
    ['a negative seqId', push({}, { seqId: -1 }), 'malformed-frame', 'BTC-USDT'],
    ['a prevSeqId below -1', push({}, { prevSeqId: -2 }), 'malformed-frame', 'BTC-USDT'],
    ['an unsafe seqId', push({}, { seqId: 2 ** 60 }), 'malformed-frame', 'BTC-USDT'],
    ['a numeric event', '{"event":1}', 'malformed-frame', undefined],
    ['a subscribe ack without arg', '{"event":"subscribe"}', 'malformed-frame', undefined],
    ['a subscribe ack with a numeric instId', '{"event":"subscribe","arg":{"channel":"books","instId":5}}', 'malformed-frame', undefined],
    ['an error without code', '{"event":"error","msg":"instId:ETH-USDT bad"}', 'malformed-frame', 'ETH-USDT'],
    ['an error with an object msg', '{"event":"error","code":"1","msg":{}}', 'malformed-frame', undefined],
  ])('%s → DecodeError %s naming %s', (_label, frame, reason, symbol) => {
    const error = decodeError(frame);
    expect(error.reason).toBe(reason);
    expect(error.symbol).toBe(symbol);
  });

  it('never throws anything but DecodeError, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (frame) => {
        try {
          decodeOkxFrame(frame);
        } catch (error) {
          return error instanceof DecodeError;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but DecodeError on book pushes with any field replaced by any JSON value', () => {
    const fields = ['arg', 'action', 'data'] as const;
    const inner = ['asks', 'bids', 'ts', 'checksum', 'seqId', 'prevSeqId'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields, ...inner), fc.jsonValue(), (field, value) => {
        const frame = (inner as readonly string[]).includes(field) ? push({}, { [field]: value }) : push({ [field]: value });
        try {
          const message = decodeOkxFrame(frame);
          return message.type === 'book';
        } catch (error) {
          // Once arg.instId is read, every refusal names it.
          return error instanceof DecodeError && (field === 'arg' || error.symbol === 'BTC-USDT');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('instIdInMessage', () => {
  it('finds nothing where no instId is named', () => {
    expect(instIdInMessage('Invalid sign')).toBeUndefined();
  });
});
