import { LobError } from '@lob/core';

/** Why a worker thread stopped keeping its books: it threw, it exited on its own, or it could not be started. */
export type WorkerErrorReason = 'crashed' | 'exited' | 'start-failed';

/** A worker thread ended unexpectedly; it is restarted and only its books resync. */
export class WorkerError extends LobError<WorkerErrorReason> {
  constructor(
    reason: WorkerErrorReason,
    message: string,
    readonly worker: number,
    options?: { cause?: unknown },
  ) {
    super(reason, message, options);
  }
}
