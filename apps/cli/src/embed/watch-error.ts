import { LobError } from '@lob/core';

/**
 * Why `watchBooks` refused to start: a venue the registry does not know, a symbol the venue does not trade (or cannot
 * spell), another option out of range, or a signal aborted before the books were up.
 */
export type WatchErrorReason = 'unknown-venue' | 'unknown-symbol' | 'invalid-option' | 'aborted';

/** `watchBooks` refused its options or was aborted while starting; `key` names the option at fault. */
export class WatchError extends LobError<WatchErrorReason> {
  constructor(
    reason: WatchErrorReason,
    message: string,
    readonly key?: string,
    options?: { cause?: unknown },
  ) {
    super(reason, message, options);
  }
}
