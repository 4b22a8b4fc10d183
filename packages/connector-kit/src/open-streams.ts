import type { StreamConnection, StreamListener } from '@lob/core';

/** A stream connection whose subscriptions can change while it runs (a stream-snapshot venue's client). */
export interface SubscribableStream {
  close(reason?: string): void;
  subscribe(symbols: readonly string[]): void;
  unsubscribe(symbols: readonly string[]): void;
}

/** The stream connections a connector opened and that are still open, so its `close()` can end them. */
export class OpenStreams<C extends SubscribableStream = SubscribableStream> {
  private readonly connections = new Set<C>();

  /** How many are open. */
  get size(): number {
    return this.connections.size;
  }

  /**
   * Opens one connection through `connect`, relaying its events to `listener` and forgetting it once closed. Returns
   * core's StreamConnection, whose `resubscribe` unsubscribes and then subscribes the symbols on that connection.
   */
  open(listener: StreamListener, connect: (listener: StreamListener) => C): StreamConnection {
    let closed = false;
    let connection: C | undefined;
    connection = connect({
      onOpen: () => listener.onOpen(),
      onFrame: (frame) => listener.onFrame(frame),
      ...(listener.onMessage === undefined ? {} : { onMessage: (message, frame) => listener.onMessage!(message, frame) }),
      ...(listener.wantsFrameText === undefined ? {} : { wantsFrameText: listener.wantsFrameText }),
      onAlive: () => listener.onAlive?.(),
      onClose: (reason, error) => {
        closed = true;
        if (connection !== undefined) this.connections.delete(connection);
        listener.onClose(reason, error);
      },
    });
    if (!closed) this.connections.add(connection);
    const opened = connection;
    return {
      close: (reason?: string) => opened.close(reason),
      resubscribe: (symbols: readonly string[]) => {
        opened.unsubscribe(symbols);
        opened.subscribe(symbols);
      },
    };
  }

  /** Closes every connection still open with this reason (their listeners hear onClose as usual). */
  closeAll(reason = 'connector closed'): void {
    for (const connection of [...this.connections]) connection.close(reason);
    this.connections.clear();
  }
}
