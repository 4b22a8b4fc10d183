import { describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { loadRecording } from './recordings.test-support.js';
import { OffThreadDecoder } from './snapshot-worker.js';
import { openCoinbaseStream } from './stream-client.js';

describe('openCoinbaseStream for a listener that wants frame text (a recorder)', () => {
  it('hands a large frame sent to the worker over with the exact text it came from, decoded there or given back', async () => {
    const snapshot = loadRecording().frames.find((f) => f.includes('"type":"snapshot"'))!;
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    server.on('connection', (socket) => socket.send(snapshot));
    const decoder = new OffThreadDecoder();
    const texts: (string | undefined)[] = [];
    const connection = openCoinbaseStream(
      { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, productIds: ['ETH-USD'], offThreadFrameBytes: 1024, decoder },
      {
        wantsFrameText: true,
        onOpen: () => undefined,
        // Where the worker reads it: a message with the text kept for it; where it gives the bytes back: the text.
        onFrame: (frame) => texts.push(frame),
        onMessage: (_message, frame) => texts.push(frame),
        onClose: () => undefined,
      },
    );
    try {
      const end = Date.now() + 20_000;
      while (texts.length === 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(texts).toEqual([snapshot]);
    } finally {
      connection.close();
      decoder.close();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 30_000);
});
