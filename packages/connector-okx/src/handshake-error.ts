import { LobError } from '@lob/core';

/** OKX refused the WebSocket handshake with an HTTP answer; carries its status and Retry-After when sent. */
export class OkxHandshakeError extends LobError<'handshake-refused'> {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super('handshake-refused', message);
  }
}
