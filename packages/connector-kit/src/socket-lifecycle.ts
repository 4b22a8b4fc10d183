import { LobError, type StreamListener } from '@lob/core';
import WebSocket from 'ws';
import { retryAfterMsOf } from './retry-after.js';

/** How long a close handshake may take before the socket is cut (ws would wait 30 s for a peer that stopped reading). */
export const CLOSE_GRACE_MS = 2_000;

/** An error from the WebSocket handshake, carrying the server's status and Retry-After when it sent one. */
export class HandshakeError extends LobError<'handshake-refused'> {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super('handshake-refused', message);
  }
}

/** The end of one socket's life, as every connector's stream client needs it. */
export interface SocketLifecycle {
  /** True once the listener has been told the connection ended. */
  readonly ended: boolean;
  /** Closes from our side: a close frame, then a cut if the peer never answers; the listener hears of it once. */
  close(reason: string): void;
  /** Ends at once without a close frame (a peer that stopped answering would not answer one either). */
  cut(reason: string): void;
}

/** Who hears of a socket's life: a StreamListener, or a client that looks at signs of life on the way. */
export type SocketWatcher = Pick<StreamListener, 'onAlive' | 'onClose'>;

/**
 * Wires a socket's end and its signs of life to a StreamListener: `onClose` exactly once, whatever ends it (a refused
 * handshake as a HandshakeError with Retry-After, a socket error, the server's close, our close), and ws-level pings
 * and pongs as `onAlive` (ws answers the server's pings by itself). `onEnd` runs first, to stop the client's timers.
 */
export function watchSocket(socket: WebSocket, listener: SocketWatcher, onEnd: () => void): SocketLifecycle {
  let ended = false;
  let failure: Error | undefined;
  const end = (reason: string): void => {
    if (ended) return;
    ended = true;
    onEnd();
    listener.onClose(reason, failure);
  };
  socket.on('ping', () => {
    if (!ended) listener.onAlive?.();
  });
  socket.on('pong', () => {
    if (!ended) listener.onAlive?.();
  });
  socket.on('unexpected-response', (_request, response) => {
    const status = response.statusCode ?? 0;
    failure = new HandshakeError(`handshake refused with HTTP ${status}`, status, retryAfterMsOf(response.headers['retry-after']));
    response.resume();
    socket.terminate();
    end('handshake refused');
  });
  socket.on('error', (error: Error) => {
    failure ??= error;
    end('socket error');
  });
  socket.on('close', (code: number, reason: Buffer) => {
    end(`closed by server (code ${code}${reason.length > 0 ? `, ${reason.toString()}` : ''})`);
  });
  return {
    get ended() {
      return ended;
    },
    close(reason: string): void {
      if (ended) return;
      end(reason);
      if (socket.readyState === WebSocket.CONNECTING) return socket.terminate();
      socket.close(1000);
      // A server that stopped reading (the very case silence detection is for) never answers the close frame.
      const cut = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      cut.unref();
      socket.once('close', () => clearTimeout(cut));
    },
    cut(reason: string): void {
      end(reason);
      socket.terminate();
    },
  };
}
