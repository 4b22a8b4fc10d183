import { LobError } from '@lob/core';

/** Why a recording could not be read or written. */
export type RecordingErrorReason = 'unreadable-file' | 'bad-line' | 'bad-file-name' | 'cannot-write';

/** A recording could not be read (a file missing, not gzip, a line without its time) or its directory written. */
export class RecordingError extends LobError<RecordingErrorReason> {}
