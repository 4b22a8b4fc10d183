import type { StreamConnection, StreamListener } from '@lob/core';

/**
 * A connection opened only once `ready` resolves (a v2 connection waits for the AssetPairs precisions its checksums
 * need). Until then it is a connection that has not opened yet: `close` ends it, `resubscribe` has nothing to do
 * (the subscribe at open brings every snapshot anyway). A failed `ready` ends it with that error, so the session
 * reconnects with its backoff. The listener hears `onClose` exactly once, whichever way it ends.
 */
export function openWhenReady(
  ready: (signal: AbortSignal) => Promise<unknown>,
  open: (listener: StreamListener) => StreamConnection,
  listener: StreamListener,
): StreamConnection {
  const controller = new AbortController();
  let inner: StreamConnection | undefined;
  let ended = false;
  const end = (reason: string, error?: Error): void => {
    if (ended) return;
    ended = true;
    listener.onClose(reason, error);
  };
  ready(controller.signal).then(
    () => {
      if (ended) return;
      try {
        inner = open({
          onOpen: () => listener.onOpen(),
          onFrame: (frame) => listener.onFrame(frame),
          onAlive: () => listener.onAlive?.(),
          onClose: (reason, error) => end(reason, error),
        });
      } catch (error) {
        end('cannot open the stream', error instanceof Error ? error : new Error(String(error)));
      }
    },
    (error: unknown) => end('not ready to open the stream', error instanceof Error ? error : new Error(String(error))),
  );
  return {
    close(reason = 'closed by client'): void {
      controller.abort();
      if (inner !== undefined) inner.close(reason);
      else end(reason);
    },
    resubscribe(symbols: readonly string[]): void {
      inner?.resubscribe?.(symbols);
    },
  };
}
