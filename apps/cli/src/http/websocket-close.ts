import type { FastifyInstance } from 'fastify';

/** Milliseconds a WebSocket client has to answer the close handshake before its socket is destroyed. */
export const WS_CLOSE_GRACE_MS = 250;

/**
 * @fastify/websocket's `preClose` for a shutdown that ends whatever the clients do: each client gets a 1001 close
 * frame, and one that has not closed within the grace (it stopped reading, or its buffer is full) is terminated, so
 * `app.close()` resolves well within the 2 s the process promises (the default only sends the close frame and
 * leaves a deaf client's socket open for ws' 30 s close timeout).
 */
export function closeWebSocketClients(this: FastifyInstance, done: () => void): void {
  const clients = [...this.websocketServer.clients];
  for (const client of clients) client.close(1001, 'server shutting down');
  const left = () => clients.filter((c) => c.readyState !== c.CLOSED);
  if (left().length === 0) {
    this.websocketServer.close(() => done());
    return;
  }
  setTimeout(() => {
    for (const client of left()) client.terminate();
    this.websocketServer.close(() => done());
  }, WS_CLOSE_GRACE_MS);
}
