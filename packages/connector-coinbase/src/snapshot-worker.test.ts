import { afterEach, describe, expect, it } from '@jest/globals';
import { decodeCoinbaseFrame } from './frame-decoder.js';
import { isBookFrame, loadRecording } from './recordings.test-support.js';
import { OffThreadDecoder } from './snapshot-worker.js';

const decoders: OffThreadDecoder[] = [];
afterEach(() => {
  for (const decoder of decoders.splice(0)) decoder.close();
});
function started(): OffThreadDecoder {
  const decoder = new OffThreadDecoder();
  decoders.push(decoder);
  return decoder;
}
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('OffThreadDecoder', () => {
  it('decodes the recorded 2.5 MB snapshot on the worker into exactly the message the main-thread decoder gives', async () => {
    const snapshot = loadRecording().frames.find(isBookFrame)!;
    expect(snapshot.length).toBeGreaterThan(2_000_000);
    const result = await started().decode(bytes(snapshot));
    expect(result).toEqual({ message: decodeCoinbaseFrame(snapshot) });
    expect(result).toMatchObject({ message: { type: 'snapshot', symbol: 'ETH-USD', connectionSeq: 21 } });
  });

  it('builds a side of more levels than one turn of the event loop takes, in order', async () => {
    const updates = Array.from({ length: 10_000 }, (_, i) => ({ side: 'offer', price_level: `${i + 1}.5`, new_quantity: '1' }));
    const frame = JSON.stringify({ channel: 'l2_data', sequence_num: 2, events: [{ type: 'snapshot', product_id: 'BTC-USD', updates }] });
    expect(await started().decode(bytes(frame))).toEqual({ message: decodeCoinbaseFrame(frame) });
  });

  it('decodes an update and a side left empty', async () => {
    const frame = '{"channel":"l2_data","sequence_num":3,"events":[{"type":"update","product_id":"BTC-USD","updates":[{"side":"offer","price_level":"1","new_quantity":"0"}]}]}';
    expect(await started().decode(bytes(frame))).toEqual({ message: decodeCoinbaseFrame(frame) });
  });

  it.each([
    ['a heartbeat', '{"channel":"heartbeats","sequence_num":1,"events":[]}'],
    ['broken JSON', '{"channel":"l2_data","sequence_num":1,"events":['],
    ['a bad level', '{"channel":"l2_data","sequence_num":1,"events":[{"type":"update","product_id":"BTC-USD","updates":[{"side":"bid","price_level":"x","new_quantity":"1"}]}]}'],
  ])('hands %s back to the main thread as its bytes, for its decoder to report as for any frame', async (_what, frame) => {
    const result = await started().decode(bytes(frame));
    expect('bytes' in result && Buffer.from(result.bytes!).toString('utf8')).toBe(frame);
  });

  it('hands back what it was still decoding when closed, and decodes again afterwards on a new worker', async () => {
    const decoder = started();
    const frame = '{"channel":"l2_data","sequence_num":3,"events":[{"type":"snapshot","product_id":"BTC-USD","updates":[]}]}';
    const pending = decoder.decode(bytes(frame));
    decoder.close();
    expect(await pending).toEqual({ bytes: undefined });
    expect(await decoder.decode(bytes(frame))).toMatchObject({ message: { type: 'snapshot', symbol: 'BTC-USD', bids: [], asks: [] } });
  });
});
