import type { Socket } from 'node:net';
import { apiError } from './errors.js';

/**
 * Answers a request Node's parser refused (malformed, headers too large, timed out) in the documented JSON shape
 * and closes the socket; a socket already answering or gone is just destroyed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'HPE_HEADERS_TIMEOUT' ? 408 : 400;
  const { body } = apiError(status, status === 431 ? 'the request headers are too large' : status === 408 ? 'the request took too long to arrive' : 'the request is malformed');
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
