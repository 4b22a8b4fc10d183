import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import type { RestSnapshots, StreamListener } from '@lob/core';
import { fakeConnector } from './fake-connector.test-support.js';
import { recordingConnector } from './recording-connector.js';
import { TimelineRecorder } from './timeline-recorder.js';
import { readTimelineFile } from './timeline-reader.js';
import { filesIn, tempDir } from './timeline-writer.test-support.js';

/** Every line recorded in `dir`, by the symbol its file names. */
async function recorded(dir: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const file of filesIn(dir)) {
    const symbol = file.split('_')[1]!;
    out[symbol] = (await readTimelineFile(path.join(dir, file))).map((l) => `${l.receivedNs} ${l.raw}`);
  }
  return out;
}

/** A listener like core's StreamSession: decodes each frame synchronously through the connector it was given. */
function decodingListener(decode: (frame: string) => unknown, decoded: unknown[]): StreamListener {
  return {
    onOpen: () => undefined,
    onFrame: (frame) => {
      try {
        decoded.push(decode(frame));
      } catch (error) {
        decoded.push(error);
      }
    },
    onMessage: (message) => decoded.push(message),
    onClose: () => undefined,
  };
}

describe('recordingConnector', () => {
  it("starts each symbol's file with the connector's preparation, once, from the first line written after it is known", async () => {
    const dir = await tempDir();
    const recorder = new TimelineRecorder({ dir });
    let ns = 100;
    const fake = fakeConnector();
    let known = false;
    const asked: string[] = [];
    fake.preparation = (symbol) => {
      asked.push(symbol);
      return known ? `precisions of ${symbol}` : undefined;
    };
    const connector = recordingConnector(fake, { recorder, clock: () => String(ns++) });
    connector.openStream(['AAA', 'BBB'], decodingListener((f) => connector.decode(f), []));
    const feed = fake.listener!;
    feed.onFrame('{"s":"AAA","u":1}');
    known = true;
    feed.onFrame('{"s":"AAA","u":2}');
    feed.onFrame('{"s":"AAA","u":3}');
    feed.onFrame('{"ack":1}');
    await recorder.close();
    expect(await recorded(dir)).toEqual({
      AAA: ['100 {"s":"AAA","u":1}', '101 {"lob.preparation":"precisions of AAA"}', '101 {"s":"AAA","u":2}', '102 {"s":"AAA","u":3}', '103 {"ack":1}'],
      BBB: ['103 {"lob.preparation":"precisions of BBB"}', '103 {"ack":1}'],
    });
    // Asked until it answers, then never again for that symbol.
    expect(asked).toEqual(['AAA', 'AAA', 'BBB']);
  });

  it('writes no preparation line for a connector that has none', async () => {
    const dir = await tempDir();
    const recorder = new TimelineRecorder({ dir });
    const fake = fakeConnector();
    const connector = recordingConnector(fake, { recorder, clock: () => '5' });
    connector.openStream(['AAA'], decodingListener((f) => connector.decode(f), []));
    fake.listener!.onFrame('{"s":"AAA","u":1}');
    await recorder.close();
    expect(await recorded(dir)).toEqual({ AAA: ['5 {"s":"AAA","u":1}'] });
  });

  it('writes each frame to its symbol file, and frames naming no symbol of the connection to every one of its files', async () => {
    const dir = await tempDir();
    const recorder = new TimelineRecorder({ dir });
    let ns = 100;
    const fake = fakeConnector();
    const connector = recordingConnector(fake, { recorder, clock: () => String(ns++) });
    const decoded: unknown[] = [];
    connector.openStream(['AAA', 'BBB'], decodingListener((f) => connector.decode(f), decoded));
    const feed = fake.listener!;
    feed.onFrame('{"ack":1}');
    feed.onFrame('{"s":"AAA","u":1}');
    feed.onFrame('{"s":"BBB","u":7}');
    feed.onFrame('{"bad":"BBB"}');
    feed.onFrame('not json');
    feed.onFrame('{"s":"ZZZ","u":3}');
    await recorder.close();
    expect(decoded).toHaveLength(6);
    expect(await recorded(dir)).toEqual({
      AAA: ['100 {"ack":1}', '101 {"s":"AAA","u":1}', '104 not json', '105 {"s":"ZZZ","u":3}'],
      BBB: ['100 {"ack":1}', '102 {"s":"BBB","u":7}', '103 {"bad":"BBB"}', '104 not json', '105 {"s":"ZZZ","u":3}'],
    });
    expect(filesIn(dir).every((f) => f.startsWith('fake_'))).toBe(true);
  });

  it('records a frame that core never decoded (a connection it has left) to every file of the connection', async () => {
    const dir = await tempDir();
    const recorder = new TimelineRecorder({ dir });
    const fake = fakeConnector();
    const connector = recordingConnector(fake, { recorder, clock: () => '7' });
    connector.openStream(['AAA', 'BBB'], { onOpen: () => undefined, onFrame: () => undefined, onClose: () => undefined });
    fake.listener!.onFrame('{"s":"AAA","u":1}');
    await recorder.close();
    expect(await recorded(dir)).toEqual({ AAA: ['7 {"s":"AAA","u":1}'], BBB: ['7 {"s":"AAA","u":1}'] });
  });

  it('records messages decoded off the main thread with the text the connector kept, and asks connectors for it', async () => {
    const dir = await tempDir();
    const recorder = new TimelineRecorder({ dir });
    const fake = fakeConnector();
    const connector = recordingConnector(fake, { recorder, clock: () => '9' });
    const decoded: unknown[] = [];
    connector.openStream(['AAA'], decodingListener((f) => connector.decode(f), decoded));
    expect(fake.listener!.wantsFrameText).toBe(true);
    fake.listener!.onMessage!({ type: 'snapshot', symbol: 'AAA', lastUpdateId: 5, eventTime: 0, bids: [], asks: [] }, '{"big":"snapshot"}');
    await recorder.close();
    expect(decoded).toHaveLength(1);
    expect(await recorded(dir)).toEqual({ AAA: ['9 {"big":"snapshot"}'] });
  });

  it('records REST snapshot bodies at their receive time in their symbol file', async () => {
    const dir = await tempDir();
    const recorder = new TimelineRecorder({ dir });
    const fake = fakeConnector();
    fake.bodies.set('AAA', '{"lastUpdateId":42,"bids":[["1","2"]],"asks":[]}');
    const connector = recordingConnector(fake, { recorder, clock: () => '11' });
    const response = await (connector.snapshots as RestSnapshots).fetchSnapshot('AAA', new AbortController().signal);
    expect(response.snapshot.lastUpdateId).toBe(42);
    expect((connector.snapshots as RestSnapshots).weightBudget).toEqual({ limit: 100, windowMs: 1000 });
    await recorder.close();
    expect(await recorded(dir)).toEqual({ AAA: ['11 {"lastUpdateId":42,"bids":[["1","2"]],"asks":[]}'] });
  });
});
