import { describe, expect, it } from '@jest/globals';
import type { StreamListener, StreamMessage } from '@lob/core';
import { OpenStreams, type SubscribableStream } from './open-streams.js';

/** A fake connection that records the calls made on it and hands out the listener it was opened with. */
function fakeStream(calls: string[], closeSynchronously = false) {
  let heard: StreamListener | undefined;
  const connect = (listener: StreamListener): SubscribableStream => {
    heard = listener;
    if (closeSynchronously) listener.onClose('refused');
    return {
      close: (reason) => {
        calls.push(`close ${reason ?? ''}`);
        heard!.onClose(reason ?? 'closed');
      },
      subscribe: (symbols) => calls.push(`subscribe ${symbols.join(',')}`),
      unsubscribe: (symbols) => calls.push(`unsubscribe ${symbols.join(',')}`),
    };
  };
  return { connect, listener: () => heard! };
}

function recordingListener(heard: string[], withMessage = true): StreamListener {
  return {
    onOpen: () => heard.push('open'),
    onFrame: (frame) => heard.push(`frame ${frame}`),
    ...(withMessage ? { onMessage: (message: StreamMessage) => heard.push(`message ${message.type}`) } : {}),
    onAlive: () => heard.push('alive'),
    onClose: (reason) => heard.push(`close ${reason}`),
  };
}

describe('OpenStreams', () => {
  it('relays every event to the listener and forgets a connection once it closed', () => {
    const streams = new OpenStreams();
    const calls: string[] = [];
    const heard: string[] = [];
    const fake = fakeStream(calls);
    streams.open(recordingListener(heard), fake.connect);
    expect(streams.size).toBe(1);
    const inner = fake.listener();
    inner.onOpen();
    inner.onFrame('f1');
    inner.onMessage!({ type: 'control' } as StreamMessage);
    inner.onAlive!();
    inner.onClose('gone');
    expect(heard).toEqual(['open', 'frame f1', 'message control', 'alive', 'close gone']);
    expect(streams.size).toBe(0);
  });

  it('offers onMessage to the connection only when the listener takes messages', () => {
    const streams = new OpenStreams();
    const fake = fakeStream([]);
    streams.open(recordingListener([], false), fake.connect);
    expect(fake.listener().onMessage).toBeUndefined();
    expect(fake.listener().onAlive).toBeDefined();
  });

  it('resubscribes by unsubscribing, then subscribing, on that connection', () => {
    const calls: string[] = [];
    const connection = new OpenStreams().open(recordingListener([]), fakeStream(calls).connect);
    connection.resubscribe!(['A', 'B']);
    connection.close('done');
    expect(calls).toEqual(['unsubscribe A,B', 'subscribe A,B', 'close done']);
  });

  it('closeAll ends every connection still open, and only those', () => {
    const streams = new OpenStreams();
    const calls: string[] = [];
    const heard: string[] = [];
    const first = streams.open(recordingListener(heard), fakeStream(calls).connect);
    streams.open(recordingListener(heard), fakeStream(calls).connect);
    first.close('early');
    streams.closeAll();
    expect(calls).toEqual(['close early', 'close connector closed']);
    expect(heard).toEqual(['close early', 'close connector closed']);
    expect(streams.size).toBe(0);
  });

  it('does not keep a connection that closed while it was being opened', () => {
    const streams = new OpenStreams();
    const heard: string[] = [];
    streams.open(recordingListener(heard), fakeStream([], true).connect);
    expect(heard).toEqual(['close refused']);
    expect(streams.size).toBe(0);
  });
});
